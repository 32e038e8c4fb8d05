import { DataTypes, Model, Strata, compile, type CreationOptional } from '@strata/core';
import { expectSql } from '../../../../../test-support/expect-sql';

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

  /** The positions a find of this page returns, and the SQL it sends. */
  async function expectPage(options: { limit?: number; offset?: number }, found: number[], sql: string): Promise<void> {
    const find = { ...options, order: [['position', 'ASC']] as const };
    expect((await Entry.findAll(find)).map((row) => row.position)).toEqual(found);
    expectSql('sqlite', compile(Entry).findAll(find), { sqlite: sql });
  }

  it('binds the limit, the offset, or both, as integers through a CAST', async () => {
    const select = 'select `Entries`.`id`, `Entries`.`position` from `Entries` order by `Entries`.`position` ASC';
    await expectPage({ limit: 3 }, [0, 1, 2], `${select} limit cast(? as integer)`);
    await expectPage({ limit: 2, offset: 7 }, [7, 8], `${select} limit cast(? as integer) offset cast(? as integer)`);
    await expectPage({ offset: 8 }, [8, 9], `${select} limit -1 offset cast(? as integer)`);
    await expectPage({ limit: 0 }, [], `${select} limit cast(? as integer)`);
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
