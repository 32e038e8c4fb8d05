import { CreationOptional, DataTypes, Model, Strata, describeChange, diffModels, fn } from '@strata/core';
import { describeEachDialect } from '../../../../test-support/dialects';

class Stamp extends Model {
  declare id: CreationOptional<number>;
  declare token: CreationOptional<string>;
  declare name: string;
}

describeEachDialect('Function defaults read back after create', (ctx) => {
  let db: Strata;
  beforeAll(() => {
    db = ctx.connect();
  });

  // An argument-less function each database has, returning text.
  const FUNCTION = { sqlite: 'random', postgres: 'gen_random_uuid', mysql: 'uuid' }[ctx.dialect];

  it(`defaultValue: fn('${FUNCTION}') is the column's DEFAULT; create() and bulkCreate() hold the stored value`, async () => {
    Stamp.init(
      {
        token: { type: DataTypes.STRING(64), allowNull: false, defaultValue: fn(FUNCTION) },
        name: DataTypes.STRING,
      },
      { strata: db, timestamps: false },
    );
    await Stamp.sync({ force: true });
    expect((await diffModels(db)).map(describeChange)).toEqual([]);
    const first = await Stamp.create({ name: 'a' });
    const second = await Stamp.create({ name: 'b' });
    expect(typeof first.token).toBe('string');
    expect(first.token).not.toBe(second.token);
    expect((await Stamp.findByPk(first.id))?.token).toBe(first.token);
    const [third, fourth] = await Stamp.bulkCreate([{ name: 'c' }, { name: 'd' }]);
    expect((await Stamp.findByPk(third!.id))?.token).toBe(third!.token);
    expect((await Stamp.findByPk(fourth!.id))?.token).toBe(fourth!.token);
    expect(third!.token).not.toBe(fourth!.token);
    // A value given by the caller wins over the default.
    expect((await Stamp.create({ name: 'e', token: 'mine' })).token).toBe('mine');
  });

  // SQLite and PostgreSQL read a computed key back with RETURNING.
  if (ctx.dialect !== 'mysql') return;

  it('refuses a primary key the database computes where create() could not read it back, naming the dialect', () => {
    class Key extends Model {}
    expect(() =>
      Key.init({ id: { type: DataTypes.STRING(64), primaryKey: true, defaultValue: fn(FUNCTION) } }, { strata: db }),
    ).toThrow(
      `Key.id: a primary key the database computes (fn('${FUNCTION}')) cannot be read back after create on ${ctx.dialect}, ` +
        'which has no RETURNING; use DataTypes.UUIDV4 (computed by Strata)',
    );
  });
});
