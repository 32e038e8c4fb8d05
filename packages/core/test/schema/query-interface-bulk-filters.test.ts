import { DataTypes, Op, Strata } from '@strata/core';
import { describeEachDialect } from '../../../../test-support/dialects';

/** bulkUpdate/bulkDelete take where objects as Sequelize's query interface does (seeders rely on it). */
describeEachDialect('QueryInterface bulkUpdate / bulkDelete filters', (ctx) => {
  let db: Strata;
  const qi = () => db.getQueryInterface();
  const names = async (): Promise<string[]> => {
    const rows = (await db.query('SELECT name FROM people ORDER BY id', { type: 'SELECT' })) as Array<{
      name: string;
    }>;
    return rows.map((row) => row.name);
  };

  beforeAll(async () => {
    db = ctx.connect();
    await qi().createTable('people', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      name: { type: DataTypes.STRING(50), allowNull: false },
      age: { type: DataTypes.INTEGER, allowNull: true },
    });
  });

  beforeEach(async () => {
    await qi().bulkDelete('people', {});
    await qi().bulkInsert('people', [
      { name: 'ann', age: 30 },
      { name: 'bob', age: 40 },
      { name: 'cid', age: null },
      { name: 'dee', age: 50 },
    ]);
  });

  it('deletes every row with null, as the sequelize-cli seeder template calls it', async () => {
    expect(await qi().bulkDelete('people', null, {})).toBe(4);
    expect(await names()).toEqual([]);
  });

  it('deletes exactly the rows an operator filter matches', async () => {
    expect(await qi().bulkDelete('people', { name: { [Op.in]: ['ann', 'dee'] } })).toBe(2);
    expect(await names()).toEqual(['bob', 'cid']);
    expect(await qi().bulkDelete('people', { [Op.or]: [{ age: null }, { age: { [Op.gt]: 35 } }] })).toBe(2);
    expect(await names()).toEqual([]);
  });

  it('updates the rows an operator filter matches, and every row with null', async () => {
    expect(await qi().bulkUpdate('people', { age: 1 }, { age: { [Op.gte]: 40 } })).toBe(2);
    expect(await qi().bulkUpdate('people', { name: 'x' }, { age: 1, name: { [Op.like]: 'b%' } })).toBe(1);
    expect(await names()).toEqual(['ann', 'x', 'cid', 'dee']);
    expect(await qi().bulkUpdate('people', { age: 2 }, null)).toBe(4);
  });

  it('refuses string operators in a filter', async () => {
    await expect(qi().bulkDelete('people', { age: { $gt: 1 } })).rejects.toThrow('only Op symbols are operators');
    expect(await names()).toHaveLength(4);
  });
});
