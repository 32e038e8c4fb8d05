import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConnectionLostError, QueryTypes, Strata, type Transaction } from '@strata/core';
import { describeEachDialect } from '../../../../test-support/dialects';
import { rejection } from '../../../../test-support/rejection';

/**
 * Issue 19: connections killed while idle or busy, statements retried only where safe, and
 * session state that never leaks to the next user of a pooled connection. Every kill targets
 * only connections this test opened (their ids are read from the connections themselves).
 */

const POOL_SIZE = 5;

describeEachDialect('dead and dirty connections', (ctx) => {
  if (ctx.dialect === 'sqlite') {
    it('a write refused because another process holds the lock waits (without blocking) and then succeeds', async () => {
      const directory = mkdtempSync(join(tmpdir(), 'strata-busy-'));
      const storage = join(directory, 'shared.db');
      const first = ctx.connect({ storage });
      const second = ctx.connect({ storage, busyTimeout: 3000 });
      try {
        await first.query('CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT)');
        const holder = await first.transaction();
        await first.query("INSERT INTO items (name) VALUES ('held')", { transaction: holder });
        const released = new Promise((resolve) => setTimeout(resolve, 200)).then(() => holder.commit());
        const started = Date.now();
        await second.query("INSERT INTO items (name) VALUES ('waited')");
        const waited = Date.now() - started;
        await released;
        expect(waited).toBeGreaterThanOrEqual(150);
        expect(await second.query('SELECT name FROM items ORDER BY id', { type: QueryTypes.SELECT })).toEqual([
          { name: 'held' },
          { name: 'waited' },
        ]);
        console.log(`sqlite: a write waited ${waited} ms for another connection's transaction, then ran`);
      } finally {
        await first.close();
        await second.close();
        rmSync(directory, { recursive: true, force: true });
      }
    });
    return;
  }

  const isPostgres = ctx.dialect === 'postgres';
  const idQuery = isPostgres ? 'SELECT pg_backend_pid() AS id' : 'SELECT CONNECTION_ID() AS id';
  const sleep = (seconds: number): string =>
    isPostgres ? `SELECT pg_sleep(${seconds}) AS slept` : `SELECT SLEEP(${seconds}) AS slept`;
  let admin: Strata;

  beforeAll(() => {
    admin = ctx.connect();
  });

  /** Ends one server connection (only ever one this test opened). */
  async function kill(id: number): Promise<void> {
    if (isPostgres) await admin.query('SELECT pg_terminate_backend(:id)', { replacements: { id } });
    else await admin.query(`KILL ${Number(id)}`);
  }

  const connectionId = async (db: Strata, transaction?: Transaction): Promise<number> =>
    Number(((await db.query(idQuery, { type: QueryTypes.SELECT, plain: true, transaction })) as { id: unknown }).id);

  /** Opens every connection of the pool at once and returns their server ids. */
  async function warmPool(db: Strata): Promise<number[]> {
    let arrived = 0;
    let release = (): void => undefined;
    const all = new Promise<void>((resolve) => {
      release = resolve;
    });
    return Promise.all(
      Array.from({ length: POOL_SIZE }, () =>
        db.transaction(async (t) => {
          const id = await connectionId(db, t);
          if (++arrived === POOL_SIZE) release();
          await all;
          return id;
        }),
      ),
    );
  }

  it('after every idle pooled connection is killed, 50 queries all succeed (dead ones are replaced, not used)', async () => {
    const db = ctx.connect({ pool: { max: POOL_SIZE, acquire: 10000 } });
    const ids = await warmPool(db);
    expect(new Set(ids).size).toBe(POOL_SIZE);
    for (const id of ids) await kill(id);
    let failures = 0;
    const results: unknown[] = [];
    // Half at once (every pooled connection is checked out), half one after another.
    const concurrent = await Promise.allSettled(
      Array.from({ length: 25 }, (_, i) => db.query(`SELECT ${i} AS n`, { type: QueryTypes.SELECT, plain: true })),
    );
    for (const outcome of concurrent) {
      if (outcome.status === 'rejected') failures++;
      else results.push(outcome.value);
    }
    for (let i = 25; i < 50; i++) {
      try {
        results.push(await db.query(`SELECT ${i} AS n`, { type: QueryTypes.SELECT, plain: true }));
      } catch {
        failures++;
      }
    }
    console.log(`${ctx.dialect}: ${POOL_SIZE} idle connections killed, then 50 queries: ${failures} failed`);
    expect(failures).toBe(0);
    expect(results.map((row) => Number((row as { n: unknown }).n))).toEqual(Array.from({ length: 50 }, (_, i) => i));
    // None of the killed connections serves queries any more.
    const after = await warmPool(db);
    expect(after.filter((id) => ids.includes(id))).toEqual([]);
  });

  it('a connection killed mid-statement in a transaction is a ConnectionLostError; the pool serves the next query', async () => {
    const db = ctx.connect({ pool: { max: 1, acquire: 10000 } });
    const outcome = db.transaction(async (t) => {
      const id = await connectionId(db, t);
      setTimeout(() => void kill(id), 300);
      await db.query(sleep(5), { transaction: t });
    });
    const started = Date.now();
    const error = await rejection(outcome, ConnectionLostError);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(error.sentToServer).toBe(true);
    expect(await db.query('SELECT 1 AS one', { type: QueryTypes.SELECT })).toEqual([{ one: 1 }]);
  });

  it('a read outside a transaction whose connection is killed mid-flight runs again on a fresh connection', async () => {
    const statements: string[] = [];
    const db = ctx.connect({ pool: { max: 1, acquire: 10000 }, logging: (sql) => statements.push(sql) });
    const id = await connectionId(db);
    setTimeout(() => void kill(id), 300);
    const row = (await db.query(sleep(1), { type: QueryTypes.SELECT, plain: true })) as { slept: unknown };
    expect(row).toHaveProperty('slept');
    expect(
      statements.filter((sql) => sql.startsWith('SELECT pg_sleep') || sql.startsWith('SELECT SLEEP')),
    ).toHaveLength(2);
    expect(await connectionId(db)).not.toBe(id);
  });

  it('with retry: { max: 0 } the same killed read fails with a ConnectionLostError', async () => {
    const db = ctx.connect({ pool: { max: 1, acquire: 10000 }, retry: { max: 0 } });
    const id = await connectionId(db);
    setTimeout(() => void kill(id), 300);
    await rejection(db.query(sleep(2)), ConnectionLostError);
  });

  it('a session setting changed by a raw SET never reaches the next user of the pooled connection', async () => {
    const db = ctx.connect({ pool: { max: 1, acquire: 10000 }, lockTimeout: 2000 });
    const read = isPostgres ? 'SHOW search_path' : 'SELECT @@SESSION.innodb_lock_wait_timeout AS v';
    const value = async (): Promise<string> => {
      const row = (await db.query(read, { type: QueryTypes.SELECT, plain: true })) as Record<string, unknown>;
      return String(Object.values(row)[0]);
    };
    const original = await value();
    const idBefore = await connectionId(db);
    // Strata's own settings (lockTimeout) do not make it discard the connection.
    expect(await connectionId(db)).toBe(idBefore);
    if (!isPostgres) expect(original).toBe('2');
    await db.query(isPostgres ? 'SET search_path TO somewhere_else' : 'SET SESSION innodb_lock_wait_timeout = 77');
    expect(await value()).toBe(original);
    expect(await connectionId(db)).not.toBe(idBefore);
    // SET LOCAL ends with its transaction: the connection is kept.
    if (isPostgres) {
      const id = await connectionId(db);
      await db.transaction(async (t) => {
        await db.query('SET LOCAL search_path TO somewhere_else', { transaction: t });
        expect(await db.query('SHOW search_path', { type: QueryTypes.SELECT, plain: true, transaction: t })).toEqual({
          search_path: 'somewhere_else',
        });
      });
      expect(await value()).toBe(original);
      expect(await connectionId(db)).toBe(id);
    }
  });
});
