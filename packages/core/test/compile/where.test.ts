import {
  DataTypes,
  InvalidQueryError,
  Model,
  Op,
  Strata,
  col,
  fn,
  literal,
  where,
  type CreationOptional,
} from '@strata/core';
import { describeEachDialect } from '../../../../test-support/dialects';

class Person extends Model {
  declare id: CreationOptional<number>;
  declare name: string;
  declare age: number | null;
  declare city: string | null;
  declare active: boolean;
}

const PEOPLE = [
  { name: 'Ann', age: 30, city: 'Oslo', active: true },
  { name: 'bob', age: 40, city: 'Bergen', active: false },
  { name: 'Cid', age: 50, city: null, active: true },
  { name: 'Dee_1', age: null, city: 'Oslo', active: true },
  { name: 'Eve%', age: 25, city: 'oslo', active: false },
];

describeEachDialect('where: every operator', (ctx) => {
  let db: Strata;

  beforeAll(async () => {
    db = ctx.connect();
    Person.init(
      {
        name: { type: DataTypes.STRING, allowNull: false },
        age: DataTypes.INTEGER,
        // field differs from the attribute name: every condition must use the column name.
        city: { type: DataTypes.STRING, field: 'home_city' },
        active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
      },
      { strata: db, tableName: 'people', timestamps: false },
    );
    await db.sync({ force: true });
    await Person.bulkCreate(PEOPLE);
  });

  // Sorted in JS: MySQL's default collation orders 'bob' among the capitals.
  const names = async (condition: object): Promise<string[]> =>
    (await Person.findAll({ where: condition as never })).map((p) => p.name).sort();

  it('matches equality, arrays (IN) and null (IS NULL)', async () => {
    expect(await names({ name: 'Ann' })).toEqual(['Ann']);
    expect(await names({ age: [30, 50] })).toEqual(['Ann', 'Cid']);
    expect(await names({ city: null })).toEqual(['Cid']);
    expect(await names({ age: [30, null] })).toEqual(['Ann', 'Dee_1']);
  });

  it('compares with eq, ne, gt, gte, lt, lte', async () => {
    expect(await names({ age: { [Op.eq]: 40 } })).toEqual(['bob']);
    expect(await names({ age: { [Op.ne]: 40 } })).toEqual(['Ann', 'Cid', 'Eve%']);
    expect(await names({ age: { [Op.ne]: null } })).toEqual(['Ann', 'Cid', 'Eve%', 'bob']);
    expect(await names({ age: { [Op.gt]: 40 } })).toEqual(['Cid']);
    expect(await names({ age: { [Op.gte]: 40 } })).toEqual(['Cid', 'bob']);
    expect(await names({ age: { [Op.lt]: 30 } })).toEqual(['Eve%']);
    expect(await names({ age: { [Op.lte]: 30 } })).toEqual(['Ann', 'Eve%']);
    expect(await names({ age: { [Op.gt]: 20, [Op.lt]: 35 } })).toEqual(['Ann', 'Eve%']);
  });

  it('handles between, notBetween, in and notIn (empty lists mean nothing and everything)', async () => {
    expect(await names({ age: { [Op.between]: [30, 40] } })).toEqual(['Ann', 'bob']);
    expect(await names({ age: { [Op.notBetween]: [30, 40] } })).toEqual(['Cid', 'Eve%']);
    expect(await names({ age: { [Op.in]: [25, 50] } })).toEqual(['Cid', 'Eve%']);
    expect(await names({ age: { [Op.notIn]: [25, 50] } })).toEqual(['Ann', 'bob']);
    expect(await names({ age: { [Op.in]: [] } })).toEqual([]);
    expect(await names({ age: [] })).toEqual([]);
    expect(await names({ name: { [Op.notIn]: [] } })).toHaveLength(5);
  });

  it('matches like, notLike, and iLike/notILike case-insensitively on every dialect', async () => {
    expect(await names({ name: { [Op.like]: 'A%' } })).toEqual(['Ann']);
    expect(await names({ name: { [Op.notLike]: '%e%' } })).toEqual(['Ann', 'Cid', 'bob']);
    expect(await names({ name: { [Op.iLike]: 'B%' } })).toEqual(['bob']);
    expect(await names({ city: { [Op.iLike]: 'OSLO' } })).toEqual(['Ann', 'Dee_1', 'Eve%']);
    expect(await names({ city: { [Op.notILike]: 'oslo' } })).toEqual(['bob']);
  });

  it('escapes wildcards in startsWith, endsWith and substring', async () => {
    expect(await names({ name: { [Op.startsWith]: 'De' } })).toEqual(['Dee_1']);
    expect(await names({ name: { [Op.endsWith]: '%' } })).toEqual(['Eve%']);
    expect(await names({ name: { [Op.substring]: '_' } })).toEqual(['Dee_1']);
    expect(await names({ name: { [Op.substring]: 'i' } })).toEqual(['Cid']);
  });

  it('supports is, not, and, or nested freely', async () => {
    expect(await names({ city: { [Op.is]: null } })).toEqual(['Cid']);
    expect(await names({ active: { [Op.is]: false } })).toEqual(['Eve%', 'bob']);
    expect(await names({ city: { [Op.not]: null } })).toEqual(['Ann', 'Dee_1', 'Eve%', 'bob']);
    expect(await names({ [Op.not]: { name: 'Ann' } })).toEqual(['Cid', 'Dee_1', 'Eve%', 'bob']);
    expect(await names({ [Op.or]: [{ name: 'Ann' }, { age: 40 }] })).toEqual(['Ann', 'bob']);
    expect(await names({ [Op.or]: { name: 'Ann', age: 50 } })).toEqual(['Ann', 'Cid']);
    expect(
      await names({
        [Op.and]: [{ active: true }, { [Op.or]: [{ age: { [Op.lt]: 35 } }, { city: null }] }],
      }),
    ).toEqual(['Ann', 'Cid']);
    expect(await names({ age: { [Op.or]: [30, 40] } })).toEqual(['Ann', 'bob']);
    expect(await names({ age: { [Op.or]: { [Op.lt]: 30, [Op.gt]: 45 } } })).toEqual(['Cid', 'Eve%']);
  });

  it('compares two columns with Op.col and accepts fn, col, literal and where()', async () => {
    expect(await names({ age: { [Op.col]: 'age' } })).toHaveLength(4);
    expect(await names(where(fn('LOWER', col('name')), Op.eq, 'ann'))).toEqual(['Ann']);
    expect(await names(where(fn('LOWER', col('city')), { [Op.in]: ['bergen'] }))).toEqual(['bob']);
    expect(await names({ [Op.and]: [where(col('age'), Op.gt, 45), { active: true }] })).toEqual(['Cid']);
    expect(await names({ age: { [Op.gt]: literal('45') } })).toEqual(['Cid']);
  });

  it('rejects string operators, plain objects where a value is expected, and undefined', async () => {
    const hostile = [
      { age: { $gt: 1 } },
      { name: { $ne: null } },
      { $or: [{ name: 'Ann' }] },
      { name: { name: 'admin' } },
      { name: {} },
      { age: undefined },
      { age: { [Op.gt]: undefined } },
      { age: { [Op.in]: [1, { x: 1 }] } },
      { age: { [Op.between]: [1] } },
      { name: { [Op.like]: { x: 1 } } },
      { name: [['nested']] },
      { nope: 1 },
    ];
    for (const condition of hostile) {
      await expect(Person.findAll({ where: condition as never })).rejects.toBeInstanceOf(InvalidQueryError);
    }
    await expect(Person.findAll({ where: { age: { $gt: 1 } } as never })).rejects.toThrow(/Person.*'\$gt'.*Op symbols/);
    await expect(Person.findAll({ where: { nope: 1 } as never })).rejects.toThrow(/"nope".*valid attributes: id, name/);
    await expect(Person.findAll({ where: { age: undefined } })).rejects.toThrow(/undefined/);
    await expect(Person.findAll({ where: { age: 'abc' as never } })).rejects.toThrow(/Person: where.age/);
  });
});
