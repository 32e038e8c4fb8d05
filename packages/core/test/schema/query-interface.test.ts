import { DataTypes, Strata } from '@strata/core';
import { describeEachDialect } from '../../../../test-support/dialects';

describeEachDialect('QueryInterface', (ctx) => {
  let db: Strata;
  const qi = () => db.getQueryInterface();

  beforeAll(async () => {
    db = ctx.connect();
    await qi().createTable('teams', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      name: { type: DataTypes.STRING(50), allowNull: false },
    });
    await qi().createTable('players', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      name: { type: DataTypes.STRING(50), allowNull: false },
      teamId: { type: DataTypes.INTEGER, allowNull: true },
    });
    await qi().bulkInsert('teams', [{ name: 'Reds' }, { name: 'Blues' }]);
    await qi().bulkInsert('players', [
      { name: 'ann', teamId: 1 },
      { name: 'bob', teamId: 2 },
    ]);
  });

  it('lists tables and describes columns', async () => {
    expect(await qi().showAllTables()).toEqual(['players', 'teams']);
    const columns = await qi().describeTable('players');
    expect(Object.keys(columns)).toEqual(['id', 'name', 'teamId']);
    expect(columns.name.allowNull).toBe(false);
    expect(columns.id.primaryKey).toBe(true);
    await expect(qi().describeTable('nope')).rejects.toThrow('No description found for table nope');
  });

  it("quotes identifiers for raw SQL in the dialect's own way, escaping the quote character", async () => {
    const quote = ctx.dialect === 'postgres' ? '"' : '`';
    expect(qi().quoteIdentifier('players')).toBe(`${quote}players${quote}`);
    expect(qi().quoteIdentifier(`odd${quote}name`)).toBe(`${quote}odd${quote}${quote}name${quote}`);
    const rows = await db.query(
      `SELECT ${qi().quoteIdentifier('name')} FROM ${qi().quoteIdentifier('players')} ORDER BY ${qi().quoteIdentifier('name')}`,
      { type: 'SELECT' },
    );
    expect(rows).toEqual([{ name: 'ann' }, { name: 'bob' }]);
  });

  it('adds, renames, changes and removes a column, keeping the rows', async () => {
    await qi().addColumn('players', 'score', { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 });
    await qi().renameColumn('players', 'score', 'points');
    await qi().changeColumn('players', 'name', { type: DataTypes.STRING(120), allowNull: true });
    let columns = await qi().describeTable('players');
    expect(columns.points.allowNull).toBe(false);
    expect(columns.name.allowNull).toBe(true);
    expect(columns.name.type).toMatch(/^(VARCHAR|CHARACTER VARYING)\(120\)$/);
    await qi().removeColumn('players', 'points');
    columns = await qi().describeTable('players');
    expect(Object.keys(columns)).toEqual(['id', 'name', 'teamId']);
    expect(await qi().bulkUpdate('players', { name: 'Ann' }, { name: 'ann' })).toBe(1);
    const rows = (await db.query(`SELECT name FROM players ORDER BY id`, { type: 'SELECT' })) as Array<{
      name: string;
    }>;
    expect(rows.map((r) => r.name)).toEqual(['Ann', 'bob']);
  });

  it('adds and removes indexes, by name and by fields', async () => {
    await qi().addIndex('players', ['name'], { unique: true });
    await qi().addIndex('players', ['teamId', 'name'], { name: 'players_team_name' });
    const names = (await qi().showIndex('players')).map((i) => i.name);
    expect(names).toEqual(expect.arrayContaining(['players_name_unique', 'players_team_name']));
    await expect(qi().bulkInsert('players', [{ name: 'Ann' }])).rejects.toThrow();
    await qi().removeIndex('players', ['name']);
    await qi().removeIndex('players', 'players_team_name');
    const left = (await qi().showIndex('players')).filter((i) => !i.primary).map((i) => i.name);
    expect(left).not.toContain('players_name_unique');
    expect(left).not.toContain('players_team_name');
    await expect(qi().removeIndex('players', 'nope')).rejects.toThrow(/No index "nope" on players/);
  });

  it('adds and removes a foreign key constraint', async () => {
    await qi().addConstraint('players', {
      type: 'foreign key',
      fields: ['teamId'],
      references: { table: 'teams', field: 'id' },
      onDelete: 'CASCADE',
    });
    const [fk] = await qi().showForeignKeys('players');
    expect(fk).toMatchObject({
      columns: ['teamId'],
      referencedTable: 'teams',
      referencedColumns: ['id'],
      onDelete: 'CASCADE',
    });
    await expect(qi().bulkInsert('players', [{ name: 'zed', teamId: 99 }])).rejects.toThrow();
    await qi().removeConstraint('players', ['teamId']);
    expect(await qi().showForeignKeys('players')).toEqual([]);
    await qi().bulkInsert('players', [{ name: 'zed', teamId: 99 }]);
    expect(await qi().bulkDelete('players', { teamId: 99 })).toBe(1);
  });

  it('renames and drops tables, and deletes every row with an empty filter', async () => {
    await qi().createTable('scratch', { id: { type: DataTypes.INTEGER, primaryKey: true }, note: DataTypes.TEXT });
    await qi().bulkInsert('scratch', [
      { id: 1, note: 'a' },
      { id: 2, note: "it's" },
    ]);
    await qi().renameTable('scratch', 'scratch2');
    expect(await qi().showAllTables()).toContain('scratch2');
    expect(await qi().bulkDelete('scratch2')).toBe(2);
    await qi().dropTable('scratch2');
    expect(await qi().showAllTables()).not.toContain('scratch2');
  });

  it('rolls a failing group of schema changes back where DDL is transactional', async () => {
    await expect(
      qi().withSchemaTransaction(async () => {
        await qi().addColumn('teams', 'city', DataTypes.STRING);
        await qi().bulkInsert('no_such_table', [{ x: 1 }]);
      }),
    ).rejects.toThrow();
    const columns = Object.keys(await qi().describeTable('teams'));
    if (db.dialect.supports.transactionalDdl) expect(columns).not.toContain('city');
    else expect(columns).toContain('city');
  });
});
