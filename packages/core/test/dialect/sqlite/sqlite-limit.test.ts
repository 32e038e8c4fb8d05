import { DataTypes, Model, Strata, type CreationOptional } from '@strata/core';

class Entry extends Model {
  declare id: CreationOptional<number>;
  declare position: number;
}

// SQLite only: better-sqlite3's SQLite (built with STAT4) prepares a statement again every time
// a bare `LIMIT ?` is bound, so the dialect binds LIMIT and OFFSET through a CAST instead.
describe('SQLite LIMIT and OFFSET', () => {
  let db: Strata;
  const statements: string[] = [];

  beforeAll(async () => {
    db = new Strata({ dialect: 'sqlite', storage: ':memory:', logging: (sql) => void statements.push(sql) });
    Entry.init({ position: { type: DataTypes.INTEGER, allowNull: false } }, { strata: db, timestamps: false });
    await db.sync();
    await Entry.bulkCreate(Array.from({ length: 10 }, (_, index) => ({ position: index })));
  });

  afterAll(() => db.close());

  async function positions(options: { limit?: number; offset?: number }): Promise<{ found: number[]; sql: string }> {
    statements.length = 0;
    const rows = await Entry.findAll({ ...options, order: [['position', 'ASC']] });
    return { found: rows.map((row) => row.position), sql: statements.join('\n') };
  }

  it('binds the limit, the offset, or both, as integers through a CAST', async () => {
    expect(await positions({ limit: 3 })).toEqual({
      found: [0, 1, 2],
      sql: expect.stringMatching(/ limit cast\(\? as integer\)$/),
    });
    expect(await positions({ limit: 2, offset: 7 })).toEqual({
      found: [7, 8],
      sql: expect.stringMatching(/ limit cast\(\? as integer\) offset cast\(\? as integer\)$/),
    });
    expect(await positions({ offset: 8 })).toEqual({
      found: [8, 9],
      sql: expect.stringMatching(/ limit -1 offset cast\(\? as integer\)$/),
    });
    expect(await positions({ limit: 0 })).toEqual({ found: [], sql: expect.stringContaining('limit cast') });
  });

  it('binds the LIMIT 1 of findOne and findByPk through the CAST too', async () => {
    statements.length = 0;
    const first = await Entry.findByPk(1);
    const second = await Entry.findOne({ where: { position: 5 } });
    expect([first?.position, second?.position]).toEqual([0, 5]);
    expect(statements).toHaveLength(2);
    for (const sql of statements) expect(sql).toMatch(/limit cast\(\? as integer\)$/);
  });
});
