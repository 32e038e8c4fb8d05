import { DataTypes, InvalidQueryError, Model, Op, Strata, type CreationOptional } from '@strata/core';
import { describeEachDialect } from '../../../../test-support/dialects';

class Ledger extends Model {
  declare id: CreationOptional<number>;
  declare label: string;
  declare amount: number;
}

// Bulk writes refuse to touch every row unless the call says { all: true }. A where that
// matches every row by construction (an empty AND, NOT of an empty OR, NOT IN an empty list)
// is the same as no where at all, and truncate is never a side door around that rule.
describeEachDialect('the where-required guard on bulk writes', (ctx) => {
  let db: Strata;

  beforeAll(async () => {
    db = ctx.connect();
    Ledger.init(
      { label: { type: DataTypes.STRING, allowNull: false }, amount: { type: DataTypes.INTEGER, allowNull: false } },
      { strata: db, tableName: 'ledger_rows', paranoid: true },
    );
    await db.sync({ force: true });
  });

  beforeEach(async () => {
    await Ledger.destroy({ all: true, force: true });
    await Ledger.bulkCreate([
      { label: 'a', amount: 1 },
      { label: 'b', amount: 2 },
      { label: 'c', amount: 3 },
    ]);
  });

  async function rowsLeft(): Promise<number> {
    return Ledger.count({ paranoid: false });
  }

  const matchEveryRow: Array<[string, Record<string | symbol, unknown>]> = [
    ['an empty AND', { [Op.and]: [] }],
    ['NOT of an empty OR', { [Op.not]: { [Op.or]: [] } }],
    ['NOT IN an empty list', { id: { [Op.notIn]: [] } }],
    ['an AND of empty ANDs', { [Op.and]: [{ [Op.and]: [] }, {}] }],
    ['an OR holding an empty AND', { [Op.or]: [{ [Op.and]: [] }, { id: 1 }] }],
    ['an empty object under Op.and', { [Op.and]: {} }],
  ];

  it.each(matchEveryRow)('destroy with %s is refused without { all: true }', async (_name, where) => {
    await expect(Ledger.destroy({ where, force: true })).rejects.toThrow(InvalidQueryError);
    await expect(Ledger.destroy({ where, force: true })).rejects.toThrow(
      /Ledger\.destroy.*every row.*\{ all: true \}/s,
    );
    expect(await rowsLeft()).toBe(3);
  });

  it.each(matchEveryRow)('update with %s is refused without { all: true }', async (_name, where) => {
    await expect(Ledger.update({ amount: 0 }, { where })).rejects.toThrow(/Ledger\.update.*every row/s);
    expect(await Ledger.count({ where: { amount: 0 } })).toBe(0);
  });

  it.each(matchEveryRow)('restore with %s is refused without { all: true }', async (_name, where) => {
    await Ledger.destroy({ where: { label: 'a' } });
    await expect(Ledger.restore({ where })).rejects.toThrow(/Ledger\.restore.*every row/s);
    expect(await Ledger.count()).toBe(2);
  });

  it('a where that narrows the rows still runs', async () => {
    expect(await Ledger.destroy({ where: { [Op.and]: [{ label: 'a' }] }, force: true })).toBe(1);
    expect(await Ledger.destroy({ where: { id: { [Op.in]: [] } }, force: true })).toBe(0);
    expect(await Ledger.destroy({ where: { [Op.or]: [] }, force: true })).toBe(0);
    expect(await rowsLeft()).toBe(2);
  });

  it('{ all: true } still opts in to every row', async () => {
    expect(await Ledger.destroy({ where: { [Op.and]: [] }, all: true, force: true })).toBe(3);
  });

  it('destroy({ where, truncate: true }) is an error, not a truncate', async () => {
    await expect(Ledger.destroy({ where: { id: 1 }, truncate: true } as never)).rejects.toThrow(
      /Ledger\.destroy.*truncate.*where/s,
    );
    expect(await rowsLeft()).toBe(3);
  });

  it('destroy({ truncate: true }) alone needs { all: true }', async () => {
    await expect(Ledger.destroy({ truncate: true } as never)).rejects.toThrow(/\{ all: true \}/);
    expect(await rowsLeft()).toBe(3);
    await Ledger.destroy({ truncate: true, all: true });
    expect(await rowsLeft()).toBe(0);
  });

  it('restore() with no where needs { all: true }', async () => {
    await Ledger.destroy({ all: true });
    await expect(Ledger.restore()).rejects.toThrow(/Ledger\.restore.*\{ all: true \}/s);
    expect(await Ledger.count()).toBe(0);
    await Ledger.restore({ all: true });
    expect(await Ledger.count()).toBe(3);
  });
});
