import { DataTypes, InvalidQueryError, Model, Op, Strata, type CreationOptional } from '@strata/core';
import { describeEachDialect } from '../../../../test-support/dialects';

class Member extends Model {
  declare id: CreationOptional<number>;
  declare name: string;
  declare age: number;
  declare active: boolean;
  declare secret: string | null;
}

describeEachDialect('scopes', (ctx) => {
  let db: Strata;

  beforeAll(async () => {
    db = ctx.connect();
    Member.init(
      {
        name: { type: DataTypes.STRING, allowNull: false },
        age: { type: DataTypes.INTEGER, allowNull: false },
        active: { type: DataTypes.BOOLEAN, allowNull: false },
        secret: DataTypes.STRING,
      },
      {
        strata: db,
        tableName: 'members',
        timestamps: false,
        defaultScope: { where: { active: true }, attributes: { exclude: ['secret'] } },
        scopes: {
          adults: { where: { age: { [Op.gte]: 18 } } },
          byName: { order: [['name', 'ASC']] },
          olderThan: (age: number) => ({ where: { age: { [Op.gt]: age } } }),
          named: (...names: string[]) => ({ where: { name: names } }),
        },
      },
    );
    await db.sync({ force: true });
    await Member.bulkCreate([
      { name: 'kid', age: 10, active: true, secret: 's1' },
      { name: 'ann', age: 30, active: true, secret: 's2' },
      { name: 'old', age: 70, active: false, secret: 's3' },
      { name: 'bob', age: 40, active: true, secret: 's4' },
    ]);
  });

  const names = (members: Member[]): string[] => members.map((m) => m.name).sort();

  it('applies the default scope to finders and counts; unscoped() removes it', async () => {
    const members = await Member.findAll();
    expect(names(members)).toEqual(['ann', 'bob', 'kid']);
    expect(members[0].get('secret')).toBeUndefined();
    expect(await Member.count()).toBe(3);
    expect(await Member.unscoped().count()).toBe(4);
    const all = await Member.unscoped().findAll();
    expect(all.find((m) => m.name === 'old')?.secret).toBe('s3');
  });

  it('combines named scopes, function scopes with arguments, and the finder options (where ANDed)', async () => {
    expect(names(await Member.scope('adults').findAll())).toEqual(['ann', 'bob', 'old']);
    const ordered = await Member.scope('defaultScope', 'adults', 'byName').findAll();
    expect(ordered.map((m) => m.name)).toEqual(['ann', 'bob']);
    expect(names(await Member.scope({ method: ['olderThan', 35] }).findAll())).toEqual(['bob', 'old']);
    expect(names(await Member.scope(['adults', { method: ['named', 'ann', 'kid'] }]).findAll())).toEqual(['ann']);
    // The finder's where narrows the scope's where; it never replaces it.
    expect(names(await Member.scope('adults').findAll({ where: { age: { [Op.lt]: 50 } } }))).toEqual(['ann', 'bob']);
    expect(names(await Member.findAll({ where: { active: false } }))).toEqual([]);
    expect(await Member.scope('adults').max('age')).toBe(70);
  });

  it('returns instances of the model itself', async () => {
    const [member] = await Member.scope('adults').findAll({ limit: 1 });
    expect(member).toBeInstanceOf(Member);
    expect(member.constructor).toBe(Member);
    const same = await Member.findByPk(member.id);
    expect(same && member.equals(same)).toBe(true);
  });

  it('applies scopes to update and destroy', async () => {
    await db.transaction(async (t) => {
      const [affected] = await Member.update({ secret: 'x' }, { all: true, transaction: t });
      expect(affected).toBe(3);
      expect(await Member.scope('adults').destroy({ where: { name: ['kid', 'ann'] }, transaction: t })).toBe(1);
      await t.rollback();
    });
    expect(await Member.unscoped().count()).toBe(4);
  });

  it('adds scopes at runtime and names the defined scopes when one is unknown', async () => {
    Member.addScope('young', { where: { age: { [Op.lt]: 18 } } });
    expect(names(await Member.scope('young').findAll())).toEqual(['kid']);
    expect(() => Member.addScope('young', {})).toThrow(/already has a scope named young/);
    Member.addScope('young', { where: { age: { [Op.lt]: 35 } } }, { override: true });
    expect(names(await Member.scope('young').findAll())).toEqual(['ann', 'kid']);
    expect(() => Member.scope('nope')).toThrow(InvalidQueryError);
    expect(() => Member.scope('nope')).toThrow(
      /Member has no scope named "nope"; defined scopes: defaultScope, adults, byName, olderThan, named, young/,
    );
    expect(() => Member.scope({ method: ['adults', 1] })).toThrow(/takes no arguments/);
  });
});
