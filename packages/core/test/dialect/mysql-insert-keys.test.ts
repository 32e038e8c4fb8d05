import { DataTypes, Model, QueryTypes, Strata, type CreationOptional } from '@strata/core';
import type { MultiRowInsertKeys } from '../../src/dialect/dialect';
import { insertKeysMethod, type InsertKeySettings, type MysqlDialect } from '../../src/dialect/mysql/mysql-dialect';
import { describeEachDialect } from '../../../../test-support/dialects';

class Ticket extends Model {
  declare id: CreationOptional<number>;
  declare name: string;
}

describe('how a multi-row INSERT learns its keys on MySQL/MariaDB', () => {
  const consecutive = { autoIncrementIncrement: 3, autoincLockMode: 1 };
  it.each<[string, InsertKeySettings, MultiRowInsertKeys]>([
    ['MariaDB 10.5+ has RETURNING', { version: '10.5.0-MariaDB', ...consecutive }, { method: 'returning' }],
    [
      'whatever its lock mode',
      { version: '11.4.2-MariaDB-log', autoIncrementIncrement: 1, autoincLockMode: 2 },
      { method: 'returning' },
    ],
    ['also behind the 5.5.5- prefix', { version: '5.5.5-10.11.6-MariaDB', ...consecutive }, { method: 'returning' }],
    ['MariaDB 10.4 has not', { version: '10.4.32-MariaDB', ...consecutive }, { method: 'insert-id', step: 3 }],
    [
      'MySQL in consecutive mode: insert ids, in the session step',
      { version: '8.0.36', ...consecutive },
      { method: 'insert-id', step: 3 },
    ],
    [
      'MySQL in traditional mode',
      { version: '5.7.44-log', autoIncrementIncrement: 1, autoincLockMode: 0 },
      { method: 'insert-id', step: 1 },
    ],
    [
      'MySQL 8 in interleaved mode (its default): row by row',
      { version: '8.0.36', autoIncrementIncrement: 1, autoincLockMode: 2 },
      { method: 'row-by-row' },
    ],
  ])('%s', (_label, settings, expected) => {
    expect(insertKeysMethod(settings)).toEqual(expected);
  });
});

describeEachDialect(
  'bulkCreate keys by each method, auto_increment_increment = 3 and offset = 2 on the session',
  (ctx) => {
    if (ctx.dialect !== 'mysql') {
      it('applies to MySQL/MariaDB only', () => undefined);
      return;
    }
    let db: Strata;
    const statements: string[] = [];

    beforeAll(async () => {
      // Every connection starts with these session settings (a raw SET would change one
      // connection only, which Strata closes instead of pooling).
      db = ctx.connect({
        pool: { max: 1 },
        logging: (sql) => statements.push(sql),
        session: { auto_increment_increment: 3, auto_increment_offset: 2 },
      });
      Ticket.init(
        { name: { type: DataTypes.STRING, allowNull: false } },
        { strata: db, tableName: 'tickets', timestamps: false },
      );
      await db.sync({ force: true });
    });

    /** This server's real settings, as a MySQL 8 server with them would report its version. */
    async function asMysql(): Promise<InsertKeySettings> {
      const [settings] = (await db.query(
        'SELECT @@SESSION.auto_increment_increment AS increment, @@GLOBAL.innodb_autoinc_lock_mode AS lockMode',
        { type: QueryTypes.SELECT },
      )) as Array<{ increment: number | string; lockMode: number | string }>;
      return {
        version: '8.0.36',
        autoIncrementIncrement: Number(settings.increment),
        autoincLockMode: Number(settings.lockMode),
      };
    }

    /** bulkCreate under `method`; every returned id is its own row's, and an update through it changes that row. */
    async function expectOwnIds(method: MultiRowInsertKeys, names: string[]): Promise<void> {
      const dialect = db.dialect as MysqlDialect;
      const chosen = jest.spyOn(dialect, 'multiRowInsertKeys').mockResolvedValue(method);
      try {
        statements.length = 0;
        const created = await Ticket.bulkCreate(names.map((name) => ({ name })));
        const inserts = statements.filter((sql) => /^insert/i.test(sql));
        expect(inserts).toHaveLength(method.method === 'row-by-row' ? names.length : 1);
        const stored = new Map((await Ticket.findAll({ raw: true })).map((row) => [Number(row.id), row.name]));
        expect(created.map((ticket) => stored.get(Number(ticket.id)))).toEqual(names);
        for (const ticket of created) await ticket.update({ name: `${ticket.name}!` });
        const updated = new Map((await Ticket.findAll({ raw: true })).map((row) => [Number(row.id), row.name]));
        expect(created.map((ticket) => updated.get(Number(ticket.id)))).toEqual(names.map((name) => `${name}!`));
      } finally {
        chosen.mockRestore();
      }
    }

    async function serverVersion(): Promise<string> {
      const [row] = (await db.query('SELECT VERSION() AS v', { type: QueryTypes.SELECT })) as Array<{ v: string }>;
      return row.v;
    }

    it("on this server, the method follows from its version and its session's settings", async () => {
      const expected = insertKeysMethod({ ...(await asMysql()), version: await serverVersion() });
      const connection = await db.dialect.acquire();
      try {
        expect(await db.dialect.multiRowInsertKeys!(connection)).toEqual(expected);
      } finally {
        db.dialect.release(connection);
      }
    });

    it('RETURNING (MariaDB 10.5+)', async () => {
      if (!/MariaDB/i.test(await serverVersion())) return;
      await expectOwnIds({ method: 'returning' }, ['r1', 'r2', 'r3', 'r4']);
    });

    it('consecutive insert ids in the session step (MySQL with innodb_autoinc_lock_mode 0 or 1)', async () => {
      const settings = await asMysql();
      if (settings.autoincLockMode === 2) return;
      const method = insertKeysMethod(settings);
      expect(method).toEqual({ method: 'insert-id', step: 3 });
      await expectOwnIds(method, ['i1', 'i2', 'i3', 'i4']);
    });

    it('one INSERT per row (MySQL with innodb_autoinc_lock_mode 2)', async () => {
      const method = insertKeysMethod({ ...(await asMysql()), autoincLockMode: 2 });
      expect(method).toEqual({ method: 'row-by-row' });
      await expectOwnIds(method, ['p1', 'p2', 'p3', 'p4']);
    });

    it('insert ids are not trusted when some rows bring their own key: one INSERT per row instead', async () => {
      const dialect = db.dialect as MysqlDialect;
      const chosen = jest.spyOn(dialect, 'multiRowInsertKeys').mockResolvedValue({ method: 'insert-id', step: 3 });
      try {
        statements.length = 0;
        const created = await Ticket.bulkCreate([{ name: 'm1' }, { id: 1000, name: 'm2' }, { name: 'm3' }]);
        expect(statements.filter((sql) => /^insert/i.test(sql))).toHaveLength(3);
        const stored = new Map((await Ticket.findAll({ raw: true })).map((row) => [Number(row.id), row.name]));
        expect(created.map((ticket) => stored.get(Number(ticket.id)))).toEqual(['m1', 'm2', 'm3']);
      } finally {
        chosen.mockRestore();
      }
    });
  },
);
