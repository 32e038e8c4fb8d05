import { ConnectionError, QueryTypes, Strata, type PoolEvent } from '@strata/core';
import { describeEachDialect } from '../../../../../test-support/dialects';
import { closedPort, silentServer } from '../../../../../test-support/scale-out';
import { SERVERS } from '../../../../../test-support/servers';

const selectOne = (db: Strata): Promise<unknown> => db.query('SELECT 1 AS one', { type: QueryTypes.SELECT });

describeEachDialect('pool statistics, events and health checks', (ctx) => {
  it('reports the pool: size, idle, in use, waiting and acquire times', async () => {
    const db = ctx.connect({ pool: { max: 2, acquire: 5000 } });
    const [before] = db.poolStats();
    expect(before).toMatchObject({
      server: 'primary',
      role: 'primary',
      inUse: 0,
      waiting: 0,
      acquired: 0,
      down: false,
    });
    expect(before.max).toBe(ctx.dialect === 'sqlite' ? 1 : 2);
    expect(before.address).not.toMatch(/password|@/);

    const holder = await db.transaction();
    const held = db.poolStats()[0];
    expect(held).toMatchObject({ inUse: 1, acquired: 1 });
    expect(held.size).toBeGreaterThanOrEqual(1);
    if (ctx.dialect === 'sqlite') {
      // The one connection is held: the next query waits for it.
      const waiting = selectOne(db);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(db.poolStats()[0]).toMatchObject({ waiting: 1, idle: 0 });
      await holder.commit();
      await waiting;
    } else {
      const second = await db.transaction();
      const waiting = selectOne(db);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(db.poolStats()[0]).toMatchObject({ size: 2, idle: 0, inUse: 2, waiting: 1 });
      await holder.commit();
      await waiting;
      await second.commit();
    }
    const after = db.poolStats()[0];
    expect(after).toMatchObject({ inUse: 0, waiting: 0, acquired: ctx.dialect === 'sqlite' ? 2 : 3 });
    expect(after.idle).toBe(after.size);
    // The query that waited for a connection waited at least the 20 ms the test held it.
    expect(after.acquireTime.max).toBeGreaterThanOrEqual(15);
    expect(after.acquireTime.mean).toBeLessThanOrEqual(after.acquireTime.max);
  });

  it('emits connect, acquire and release events to listeners until they unsubscribe', async () => {
    const db = ctx.connect();
    const events: PoolEvent[] = [];
    const stop = db.onPoolEvent((event) => events.push(event));
    await selectOne(db);
    await db.transaction(() => selectOne(db));
    const types = events.map((e) => e.type);
    // SQLite opens its file on first use, with no pool of its own to report a connect.
    expect(types).toEqual(
      ctx.dialect === 'sqlite'
        ? ['acquire', 'release', 'acquire', 'release']
        : ['connect', 'acquire', 'release', 'acquire', 'release'],
    );
    expect(events.every((e) => e.server === 'primary' && e.role === 'primary')).toBe(true);
    expect(events.find((e) => e.type === 'release')).toMatchObject({ broken: false });
    stop();
    await selectOne(db);
    expect(events).toHaveLength(types.length);
  });

  it('keeps serving queries when a listener throws', async () => {
    const db = ctx.connect();
    db.onPoolEvent(() => {
      throw new Error('a broken metrics exporter');
    });
    expect(await selectOne(db)).toEqual([{ one: 1 }]);
  });

  it('answers a health check for a server that is up', async () => {
    const db = ctx.connect();
    const report = await db.healthCheck();
    expect(report.healthy).toBe(true);
    expect(report.servers).toHaveLength(1);
    expect(report.servers[0]).toMatchObject({ server: 'primary', status: 'up' });
    expect(report.servers[0].latencyMs).toBeGreaterThanOrEqual(0);
    expect(db.poolStats()[0].inUse).toBe(0);
  });

  if (ctx.dialect === 'sqlite') return;
  const server = SERVERS[ctx.dialect as keyof typeof SERVERS];

  it('reports an error event and a down server when nothing listens', async () => {
    const port = await closedPort();
    const db = new Strata({
      dialect: ctx.dialect as keyof typeof SERVERS,
      host: '127.0.0.1',
      port,
      username: 'nobody',
    });
    try {
      const events: PoolEvent[] = [];
      db.onPoolEvent((event) => events.push(event));
      await expect(selectOne(db)).rejects.toBeInstanceOf(ConnectionError);
      expect(events.map((e) => e.type)).toEqual(['error']);
      const report = await db.healthCheck({ timeout: 2000 });
      expect(report.healthy).toBe(false);
      expect(report.servers[0]).toMatchObject({ status: 'down', address: `127.0.0.1:${port}` });
      expect(report.servers[0].error).toMatch(/ECONNREFUSED/);
    } finally {
      await db.close();
    }
  });

  it('answers within its timeout when a replica accepts connections and never replies', async () => {
    const silent = await silentServer();
    const db = ctx.connect({
      replication: { read: [{ host: '127.0.0.1', port: silent.port, pool: { acquire: 30000 } }] },
    });
    try {
      const started = Date.now();
      const report = await db.healthCheck({ timeout: 300 });
      const elapsed = Date.now() - started;
      expect(elapsed).toBeLessThan(2000);
      expect(report.healthy).toBe(false);
      expect(report.servers.map((s) => [s.server, s.status])).toEqual([
        ['primary', 'up'],
        ['replica 0', 'timeout'],
      ]);
      expect(report.servers[1].error).toBe('no answer within 300 ms');
      // The replica that never answered is out of the rotation: reads go to the primary.
      expect(db.poolStats()[1].down).toBe(true);
      expect(await selectOne(db)).toEqual([{ one: 1 }]);
      const onDefault = await db.healthCheck();
      expect(onDefault.servers[1].status).toBe('timeout');
      expect(onDefault.servers[1].latencyMs).toBeLessThan(5500);
    } finally {
      // The silent server's sockets close: the pending connection attempts fail and the pool ends.
      await silent.close();
    }
  }, 15000);

  it('names each server in the stats of a replicated connection, without credentials', () => {
    const db = ctx.connect({
      replication: {
        write: { host: '127.0.0.1', port: server.port, password: 'write-secret' },
        read: [`${ctx.dialect}://reader:read-secret@127.0.0.1:${server.port}/x`],
      },
    });
    const stats = db.poolStats();
    expect(stats.map((s) => [s.server, s.role, s.address])).toEqual([
      ['primary', 'primary', `127.0.0.1:${server.port}`],
      ['replica 0', 'replica', `127.0.0.1:${server.port}`],
    ]);
    const shown = JSON.stringify(db) + JSON.stringify(db.options) + JSON.stringify(stats);
    expect(shown).not.toContain('write-secret');
    expect(shown).not.toContain('read-secret');
  });
});
