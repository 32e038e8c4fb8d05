import { DataTypes, Model, Op, Strata, col, literal, where, type CreationOptional } from '@strata/core';
import { whereReach, type WhereReach } from '../../src/compile/where-reach';
import { describeEachDialect } from '../../../../test-support/dialects';

class Tally extends Model {
  declare id: CreationOptional<number>;
  declare label: string;
}

// whereReach is what the write guards ask to spot a where that matches every row. It decides
// from the structure alone, so each case is also run as a real query: a where it calls
// 'every row' must match all rows and one it calls 'no row' none, on every dialect, which keeps
// it in step with what compileWhere really sends.
describeEachDialect('whereReach: which rows a where matches by construction', (ctx) => {
  let db: Strata;
  const rowCount = 3;

  beforeAll(async () => {
    db = ctx.connect();
    Tally.init({ label: { type: DataTypes.STRING, allowNull: false } }, { strata: db, tableName: 'tallies' });
    await db.sync({ force: true });
    await Tally.bulkCreate([{ label: 'a' }, { label: 'b' }, { label: 'c' }]);
  });

  const cases: Array<[string, unknown, WhereReach]> = [
    ['an empty where', {}, 'every row'],
    ['an empty AND', { [Op.and]: [] }, 'every row'],
    ['an empty object under AND', { [Op.and]: {} }, 'every row'],
    ['an AND of empty ANDs', { [Op.and]: [{ [Op.and]: [] }, {}] }, 'every row'],
    ['an OR holding an empty AND', { [Op.or]: [{ [Op.and]: [] }, { id: 1 }] }, 'every row'],
    ['NOT of an empty OR', { [Op.not]: { [Op.or]: [] } }, 'every row'],
    ['NOT of NOT of an empty AND', { [Op.not]: { [Op.not]: { [Op.and]: [] } } }, 'every row'],
    ['NOT IN an empty list', { id: { [Op.notIn]: [] } }, 'every row'],
    ['NOT of IN an empty list on an attribute', { id: { [Op.not]: { [Op.in]: [] } } }, 'every row'],
    ['an attribute OR holding NOT IN []', { id: { [Op.or]: [{ [Op.notIn]: [] }, { [Op.eq]: 1 }] } }, 'every row'],
    ['where() with NOT IN []', where(col('id'), Op.notIn, []), 'every row'],
    ['where() with no operators', where(col('id'), {}), 'every row'],
    ['an empty OR', { [Op.or]: [] }, 'no row'],
    ['IN an empty list', { id: { [Op.in]: [] } }, 'no row'],
    ['an empty list as the value', { id: [] }, 'no row'],
    ['NOT of an empty AND', { [Op.not]: {} }, 'no row'],
    ['an AND holding IN []', { [Op.and]: [{ id: { [Op.in]: [] } }, { [Op.and]: [] }] }, 'no row'],
    ['NOT IN [] and IN [] on one attribute', { id: { [Op.notIn]: [], [Op.in]: [] } }, 'no row'],
    ['an equality', { id: 1 }, 'depends on the data'],
    ['an OR with a real condition', { [Op.or]: [{ [Op.or]: [] }, { label: 'a' }] }, 'depends on the data'],
    ['NOT of an equality', { [Op.not]: { label: 'a' } }, 'depends on the data'],
    ['NOT IN a list', { id: { [Op.notIn]: [99] } }, 'depends on the data'],
    ['an empty AND beside a real condition', { [Op.and]: [], label: 'a' }, 'depends on the data'],
    ['a literal', literal('1 = 1'), 'depends on the data'],
  ];

  it.each(cases)('%s', async (_name, condition, reach) => {
    expect(whereReach(condition)).toBe(reach);
    const matched = await Tally.count({ where: condition as never });
    if (reach === 'every row') expect(matched).toBe(rowCount);
    if (reach === 'no row') expect(matched).toBe(0);
  });

  // ANY of an empty list holds for no row and ALL of one for every row, where the dialect has
  // array ANY/ALL (PostgreSQL); elsewhere compileWhere refuses them before any SQL.
  const quantified: Array<[string, unknown, WhereReach]> = [
    ['ANY of an empty list', { id: { [Op.any]: [] } }, 'no row'],
    ['ALL of an empty list', { id: { [Op.all]: [] } }, 'every row'],
    ['> ALL of an empty list', { id: { [Op.gt]: { [Op.all]: [] } } }, 'every row'],
    ['NOT of = ANY of an empty list', { [Op.not]: { id: { [Op.eq]: { [Op.any]: [] } } } }, 'every row'],
    ['ANY of a list', { id: { [Op.any]: [1] } }, 'depends on the data'],
  ];

  it.each(quantified)('%s', async (_name, condition, reach) => {
    expect(whereReach(condition)).toBe(reach);
    if (ctx.dialect !== 'postgres') {
      await expect(Tally.count({ where: condition as never })).rejects.toThrow(
        /Op\.(any|all) with an array is not supported/,
      );
      return;
    }
    const matched = await Tally.count({ where: condition as never });
    if (reach === 'every row') expect(matched).toBe(rowCount);
    if (reach === 'no row') expect(matched).toBe(0);
  });

  it('the write guards see ALL of an empty list as every row', async () => {
    await expect(Tally.destroy({ where: { id: { [Op.all]: [] } } })).rejects.toThrow(
      /matches every row by construction/,
    );
    expect(await Tally.count()).toBe(rowCount);
  });

  it('no where at all matches every row', () => {
    expect(whereReach(undefined)).toBe('every row');
    expect(whereReach(null)).toBe('every row');
  });

  it('leaves a where compileWhere refuses to compileWhere, to say what is wrong with it', () => {
    for (const refused of [{ id: {} }, { id: { $notIn: [] } }, { [Op.and]: 'x' }]) {
      expect(whereReach(refused)).toBe('depends on the data');
    }
  });
});
