import { DataTypes, Strata } from '@strata/core';

// SQLite only: the rebuild is how SQLite changes columns (other dialects alter in place).
describe('SQLite table rebuild', () => {
  let db: Strata;

  beforeEach(async () => {
    db = new Strata({ dialect: 'sqlite', storage: ':memory:' });
    const qi = db.getQueryInterface();
    await qi.createTable('authors', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      name: { type: DataTypes.STRING(20), allowNull: false, unique: true },
      bio: DataTypes.TEXT,
    });
    await qi.createTable('books', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      title: DataTypes.STRING,
      authorId: { type: DataTypes.INTEGER, references: { model: 'authors', key: 'id' }, onDelete: 'CASCADE' },
    });
    await qi.addIndex('authors', ['bio'], { name: 'authors_bio' });
    await qi.bulkInsert('authors', [{ name: 'Le Guin' }, { name: 'Herbert' }]);
    await qi.bulkInsert('books', [
      { title: 'Earthsea', authorId: 1 },
      { title: 'Dune', authorId: 2 },
    ]);
  });

  afterEach(() => db.close());

  const count = async (table: string) =>
    Number(((await db.query(`SELECT COUNT(*) AS n FROM ${table}`, { type: 'SELECT' })) as Array<{ n: number }>)[0].n);

  it('changes a referenced table without cascading deletes into the tables that reference it', async () => {
    await db.getQueryInterface().changeColumn('authors', 'name', { type: DataTypes.STRING(200), allowNull: false });
    expect(await count('authors')).toBe(2);
    expect(await count('books')).toBe(2);
    const columns = await db.getQueryInterface().describeTable('authors');
    expect(columns.name.type).toBe('VARCHAR(200)');
    // Keys, uniqueness, explicit indexes and foreign key enforcement all survive.
    expect(columns.id.autoIncrement).toBe(true);
    await expect(db.getQueryInterface().bulkInsert('authors', [{ name: 'Herbert' }])).rejects.toThrow();
    expect((await db.getQueryInterface().showIndex('authors')).map((i) => i.name)).toContain('authors_bio');
    await expect(db.getQueryInterface().bulkInsert('books', [{ title: 'x', authorId: 42 }])).rejects.toThrow();
    await db.getQueryInterface().bulkDelete('authors', { id: 1 });
    expect(await count('books')).toBe(1);
  });

  it('drops a column the same way', async () => {
    await db.getQueryInterface().removeColumn('authors', 'bio');
    expect(Object.keys(await db.getQueryInterface().describeTable('authors'))).toEqual(['id', 'name']);
    expect(await count('books')).toBe(2);
  });

  it('keeps CHECK constraints (ENUM values) through a rebuild, and a changed ENUM checks its new values', async () => {
    const qi = db.getQueryInterface();
    await qi.createTable('tickets', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      status: DataTypes.ENUM('open', 'closed'),
      note: DataTypes.TEXT,
    });
    await qi.bulkInsert('tickets', [{ status: 'open', note: 'x' }]);
    await qi.removeColumn('tickets', 'note');
    await expect(qi.bulkInsert('tickets', [{ status: 'lost' }])).rejects.toThrow(/CHECK constraint failed/);
    await qi.changeColumn('tickets', 'status', DataTypes.ENUM('open', 'closed', 'archived'));
    await qi.bulkInsert('tickets', [{ status: 'archived' }]);
    await expect(qi.bulkInsert('tickets', [{ status: 'lost' }])).rejects.toThrow(/CHECK constraint failed/);
    expect(await count('tickets')).toBe(2);
  });

  it('refuses inside a plain transaction (foreign keys cannot be switched off there) but works in withSchemaTransaction', async () => {
    const qi = db.getQueryInterface();
    await expect(db.transaction(() => qi.removeColumn('authors', 'bio'))).rejects.toThrow(
      /inside a transaction while foreign keys are enforced/,
    );
    await qi.withSchemaTransaction(() => qi.removeColumn('authors', 'bio'));
    expect(await count('books')).toBe(2);
  });

  it('rolls back and reports rows left pointing nowhere', async () => {
    const qi = db.getQueryInterface();
    await db.query('PRAGMA foreign_keys = OFF');
    await qi.bulkInsert('books', [{ title: 'orphan', authorId: 99 }]);
    await db.query('PRAGMA foreign_keys = ON');
    await expect(qi.withSchemaTransaction(() => qi.removeColumn('authors', 'bio'))).rejects.toThrow(
      /Foreign key check failed .*books row 3 -> authors/,
    );
    expect(Object.keys(await qi.describeTable('authors'))).toContain('bio');
  });
});
