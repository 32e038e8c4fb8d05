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
});
