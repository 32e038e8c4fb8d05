import {
  ConnectionError,
  ConnectionTimedOutError,
  QueryTimeoutError,
  QueryTypes,
  Strata,
  TimeoutError,
  TransactionError,
} from '@strata/core';
import { describeEachDialect } from '../../../../test-support/dialects';
import { FaultProxy } from '../../../../test-support/fault-proxy';
import { rejection } from '../../../../test-support/rejection';
import { SERVERS } from '../../../../test-support/servers';

/** Issue 19: every wait bounded (query, connect, close, idle transaction), against real servers and a fault proxy. */

const selectOne = (db: Strata): Promise<unknown> => db.query('SELECT 1 AS one', { type: QueryTypes.SELECT });

/** The margin Strata allows a server past its own statement timeout (SERVER_TIMEOUT_MARGIN_MS), plus scheduling slack. */
const MARGIN_MS = 1000 + 1500;

describeEachDialect('timeouts', (ctx) => {
  it('idleInTransactionTimeout rolls back a transaction left idle and frees its connection', async () => {
    const db = ctx.connect({ idleInTransactionTimeout: 300, pool: { max: 1, acquire: 5000 } });
    await db.query('CREATE TABLE idle_rows (id INTEGER PRIMARY KEY)');
    const forgotten = await db.transaction();
    await db.query('INSERT INTO idle_rows (id) VALUES (1)', { transaction: forgotten });
    const started = Date.now();
    // The only connection is held by the idle transaction until the timeout frees it.
    expect(await selectOne(db)).toEqual([{ one: 1 }]);
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(250);
    expect(waited).toBeLessThan(3000);
    expect(forgotten.finished).toBe('rollback');
    const error = await rejection(db.query('SELECT 1', { transaction: forgotten }), TransactionError);
    expect(error.message).toMatch(/idleInTransactionTimeout/);
    const count = (await db.query('SELECT COUNT(*) AS n FROM idle_rows', { type: QueryTypes.SELECT, plain: true })) as {
      n: unknown;
    };
    expect(Number(count.n)).toBe(0);
    // A managed transaction whose callback outlives the timeout fails instead of reporting success.
    const managed = db.transaction(async () => {
      await new Promise((resolve) => setTimeout(resolve, 600));
      return 'done';
    });
    await expect(managed).rejects.toThrow(/idleInTransactionTimeout/);
    console.log(`${ctx.dialect}: idle transaction rolled back, waiting query served after ${waited} ms`);
  });

  if (ctx.dialect === 'sqlite') {
    it('a query timeout does not apply to SQLite, whose statements run synchronously (documented)', async () => {
      const db = ctx.connect({ timeout: 1 });
      const rows = await db.query(
        'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000) SELECT COUNT(*) AS c FROM n',
        { type: QueryTypes.SELECT, timeout: 1 },
      );
      expect(rows).toEqual([{ c: 200000 }]);
    });
    return;
  }

  const server = SERVERS[ctx.dialect];
  const sleep = (seconds: number): string =>
    ctx.dialect === 'postgres' ? `SELECT pg_sleep(${seconds})` : `SELECT SLEEP(${seconds})`;
  let proxy: FaultProxy;

  beforeEach(async () => {
    proxy = await FaultProxy.start(server.port);
  });

  afterEach(async () => {
    await proxy.close();
  });

  it('a call timeout ends a slow statement with a QueryTimeoutError, and the connection is usable or replaced', async () => {
    const db = ctx.connect({ pool: { max: 1 } });
    const started = Date.now();
    const error = await rejection(db.query(sleep(5), { timeout: 500 }), QueryTimeoutError);
    const took = Date.now() - started;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.retryable).toBe(false);
    expect(took).toBeGreaterThanOrEqual(450);
    expect(took).toBeLessThan(500 + MARGIN_MS);
    expect(await selectOne(db)).toEqual([{ one: 1 }]);
    console.log(`${ctx.dialect}: call timeout 500 ms ended a 5 s statement after ${took} ms`);
  });

  it('the connection default timeout is enforced by the server (no connection lost)', async () => {
    const db = ctx.connect({ timeout: 400, pool: { max: 1 } });
    const started = Date.now();
    const error = await rejection(db.query(sleep(5)), QueryTimeoutError);
    const took = Date.now() - started;
    // The server's own cancellation: the driver's error is the cause.
    expect((error.cause as { message?: string } | undefined)?.message).toMatch(/statement timeout|max_statement_time/i);
    expect(took).toBeLessThan(400 + MARGIN_MS);
    expect(await selectOne(db)).toEqual([{ one: 1 }]);
  });

  it('a query on a connection that stops answering fails within timeout + margin, and the pool replaces it', async () => {
    const through = new Strata(proxy.url(ctx.url), { timeout: 500, pool: { max: 1, acquire: 10000 } });
    try {
      expect(await selectOne(through)).toEqual([{ one: 1 }]);
      expect(proxy.openConnections).toBe(1);
      proxy.blackhole();
      const started = Date.now();
      const error = await rejection(through.query(sleep(0)), QueryTimeoutError);
      const took = Date.now() - started;
      expect(error.message).toMatch(/stopped answering/);
      expect(took).toBeLessThan(500 + MARGIN_MS);
      proxy.restore();
      // The silent connection was destroyed; the next query opens a new one.
      expect(await selectOne(through)).toEqual([{ one: 1 }]);
      console.log(`${ctx.dialect}: blackholed query failed after ${took} ms (timeout 500), pool recovered`);
    } finally {
      await through.close();
    }
  });

  it('close() ends within closeTimeout when a query hangs on a silent connection', async () => {
    const through = new Strata(proxy.url(ctx.url), { closeTimeout: 500 });
    expect(await selectOne(through)).toEqual([{ one: 1 }]);
    proxy.blackhole();
    const hanging = through.query(sleep(0)).catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await through.close();
    const took = Date.now() - started;
    expect(took).toBeLessThan(500 + 1500);
    // The statement in flight failed (it did not hang), and the closed connection says so.
    expect(await hanging).toBeInstanceOf(ConnectionError);
    console.log(`${ctx.dialect}: close() with a hanging query took ${took} ms (closeTimeout 500)`);
  });

  it('a connect to a server that never answers is a ConnectionTimedOutError (a TimeoutError) after connectTimeout', async () => {
    proxy.blackhole();
    const through = new Strata(proxy.url(ctx.url), { connectTimeout: 500 });
    try {
      const started = Date.now();
      const error = await rejection(selectOne(through), ConnectionTimedOutError);
      const took = Date.now() - started;
      expect(error).toBeInstanceOf(TimeoutError);
      expect(error.retryable).toBe(true);
      expect(took).toBeLessThan(500 + 1500);
    } finally {
      await through.close();
    }
  });
});
