import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ConnectionError,
  ConnectionLostError,
  DataTypes,
  DatabaseError,
  LockTimeoutError,
  QueryTimeoutError,
  QueryTypes,
  Strata,
} from '@strata/core';
import { describeEachDialect } from '../../../../test-support/dialects';
import { rejection } from '../../../../test-support/rejection';

/** `dialectOptions` reach the driver (and through it the server) on every dialect. */

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describeEachDialect('dialectOptions are handed to the driver', (ctx) => {
  if (ctx.dialect === 'postgres') {
    const show = async (db: Strata, setting: string): Promise<string> => {
      const [row] = (await db.query(`SHOW ${setting}`, { type: QueryTypes.SELECT })) as Array<Record<string, string>>;
      return row[setting];
    };

    it('pg session parameters (statement_timeout, lock_timeout, idle_in_transaction_session_timeout, application_name) reach the server', async () => {
      const db = ctx.connect({
        dialectOptions: {
          statement_timeout: 1200,
          lock_timeout: 1300,
          idle_in_transaction_session_timeout: 1400,
          application_name: 'strata dialectOptions test',
        },
      });
      expect(await show(db, 'statement_timeout')).toBe('1200ms');
      expect(await show(db, 'lock_timeout')).toBe('1300ms');
      expect(await show(db, 'idle_in_transaction_session_timeout')).toBe('1400ms');
      expect(await show(db, 'application_name')).toBe('strata dialectOptions test');
    });

    it('statement_timeout or lock_timeout next to timeout or lockTimeout is refused (the same setting twice)', () => {
      expect(() => new Strata(ctx.url, { timeout: 100, dialectOptions: { statement_timeout: 200 } })).toThrow(
        'PostgreSQL: give either timeout or dialectOptions.statement_timeout, not both',
      );
      expect(() => new Strata(ctx.url, { lockTimeout: 100, dialectOptions: { lock_timeout: 200 } })).toThrow(
        'PostgreSQL: give either lockTimeout or dialectOptions.lock_timeout, not both',
      );
    });

    it('statement_timeout cancels a long query with a QueryTimeoutError, and the connection stays usable', async () => {
      const db = ctx.connect({ pool: { max: 1 }, dialectOptions: { statement_timeout: 300 } });
      const started = Date.now();
      const error = await rejection(db.query('SELECT pg_sleep(5)'), QueryTimeoutError);
      expect(Date.now() - started).toBeLessThan(3000);
      expect(error.message).toMatch(/Query timed out: canceling statement due to statement timeout/);
      expect(await db.query('SELECT 1 AS one', { type: QueryTypes.SELECT })).toEqual([{ one: 1 }]);
    });

    it('lock_timeout ends a wait for a row lock with a LockTimeoutError; the holder is unaffected', async () => {
      const holder = ctx.connect();
      const waiter = ctx.connect({ dialectOptions: { lock_timeout: 300 } });
      const Item = holder.define('Item', { name: DataTypes.STRING }, { tableName: 'lock_items' });
      const Waiting = waiter.define('Item', { name: DataTypes.STRING }, { tableName: 'lock_items' });
      await holder.sync({ force: true });
      const item = await Item.create({ name: 'a' });
      const transaction = await holder.transaction();
      try {
        await Item.update({ name: 'held' }, { where: { id: item.get('id') }, transaction });
        const started = Date.now();
        const error = await rejection(
          Waiting.update({ name: 'waiting' }, { where: { id: item.get('id') } }),
          LockTimeoutError,
        );
        expect(Date.now() - started).toBeLessThan(3000);
        expect(error.message).toMatch(/lock timeout/);
      } finally {
        await transaction.commit();
      }
      expect((await Item.findByPk(item.get('id') as number))?.get('name')).toBe('held');
    });

    it('idle_in_transaction_session_timeout: the server ends an idle transaction; the pool replaces the connection', async () => {
      const db = ctx.connect({ pool: { max: 1 }, dialectOptions: { idle_in_transaction_session_timeout: 300 } });
      await db.query('CREATE TABLE idle_items (id INTEGER PRIMARY KEY)');
      const transaction = await db.transaction();
      await db.query('INSERT INTO idle_items (id) VALUES (1)', { transaction });
      await pause(900);
      const error = await rejection(db.query('SELECT 1', { transaction }), ConnectionLostError);
      expect(error.message).toMatch(/Connection to PostgreSQL lost/);
      await transaction.rollback().catch(() => undefined);
      // The server rolled the transaction back; a fresh connection serves the next query.
      expect(await db.query('SELECT COUNT(*)::int AS n FROM idle_items', { type: QueryTypes.SELECT })).toEqual([
        { n: 0 },
      ]);
    });
  }

  if (ctx.dialect === 'mysql') {
    it('mysql2 options reach the driver: charset sets the session character set, multipleStatements its flag', async () => {
      const plain = ctx.connect();
      const latin1 = ctx.connect({ dialectOptions: { charset: 'latin1', multipleStatements: true } });
      const charset = async (db: Strata): Promise<unknown> =>
        (
          (await db.query('SELECT @@character_set_client AS c', { type: QueryTypes.SELECT })) as Array<{
            c: unknown;
          }>
        )[0].c;
      expect(await charset(plain)).toBe('utf8mb4');
      expect(await charset(latin1)).toBe('latin1');
      await rejection(plain.query('SELECT 1; SELECT 2'), DatabaseError);
      await expect(latin1.query('SELECT 1; SELECT 2')).resolves.toBeDefined();
    });

    it("Strata's preparedStatements switch is not handed to mysql2 (which would complain on stderr)", async () => {
      const warn = jest.spyOn(console, 'error').mockImplementation(() => undefined);
      try {
        const db = ctx.connect({ dialectOptions: { preparedStatements: true } });
        expect(await db.query('SELECT ? AS one', { type: QueryTypes.SELECT, replacements: ['x'] })).toEqual([
          { one: 'x' },
        ]);
        expect(warn.mock.calls.map(([message]) => String(message))).toEqual([]);
      } finally {
        warn.mockRestore();
      }
    });
  }

  if (ctx.dialect === 'sqlite') {
    it('better-sqlite3 options reach the driver: readonly refuses writes, fileMustExist a missing file', async () => {
      const file = join(mkdtempSync(join(tmpdir(), 'strata-dialect-options-')), 'app.db');
      const writer = new Strata({ dialect: 'sqlite', storage: file });
      await writer.query('CREATE TABLE notes (id INTEGER PRIMARY KEY)');
      await writer.query('INSERT INTO notes (id) VALUES (1)');
      await writer.close();
      const reader = new Strata({ dialect: 'sqlite', storage: file, dialectOptions: { readonly: true } });
      try {
        expect(await reader.query('SELECT COUNT(*) AS n FROM notes', { type: QueryTypes.SELECT })).toEqual([{ n: 1 }]);
        const error = await rejection(reader.query('INSERT INTO notes (id) VALUES (2)'), DatabaseError);
        expect(error.message).toMatch(/readonly/);
      } finally {
        await reader.close();
      }
      const missing = new Strata({
        dialect: 'sqlite',
        storage: join(tmpdir(), `strata-missing-${process.pid}`, 'none.db'),
        dialectOptions: { fileMustExist: true },
      });
      await rejection(missing.query('SELECT 1'), ConnectionError);
      await missing.close();
    });

    it('an option better-sqlite3 does not have is a ConnectionError naming it and what to use', () => {
      expect(() => new Strata({ dialect: 'sqlite', storage: ':memory:', dialectOptions: { timeout: 100 } })).toThrow(
        /dialectOptions.timeout is not an option of SQLite's driver \(better-sqlite3\): use the busyTimeout option/,
      );
      expect(() => new Strata({ dialect: 'sqlite', storage: ':memory:', dialectOptions: { ssl: true } })).toThrow(
        /dialectOptions.ssl is not an option of SQLite's driver \(better-sqlite3\): it takes readonly, fileMustExist, nativeBinding/,
      );
    });
  }
});
