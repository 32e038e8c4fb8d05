import {
  ConnectionError,
  DataTypes,
  DatabaseError,
  Model,
  QueryTypes,
  Strata,
  type CreationOptional,
  type PoolEvent,
  type ReplicationOptions,
  type ReplicationServer,
} from '@strata/core';
import { describeEachDialect, type DialectContext } from '../../../../../test-support/dialects';
import {
  closedPort,
  eventually,
  replicaOf,
  replicaProbeSql,
  replicaUrl,
  standbyUrl,
  startStandby,
  stopStandby,
} from '../../../../../test-support/scale-out';

// Every test that uses the PostgreSQL standby (127.0.0.1:5433) lives in this file, so the
// ones that stop it or pause its replay never run beside another that reads from it.

function defineModels(db: Strata) {
  class Item extends Model {
    declare id: CreationOptional<number>;
    declare name: string;
  }
  class Part extends Model {
    declare id: CreationOptional<number>;
    declare itemId: number;
  }
  Item.init({ name: { type: DataTypes.STRING, allowNull: false } }, { strata: db, tableName: 'replica_items' });
  Part.init({ itemId: { type: DataTypes.INTEGER, allowNull: false } }, { strata: db, tableName: 'replica_parts' });
  Item.hasMany(Part, { foreignKey: 'itemId' });
  return { Item, Part };
}

/** The servers that handed out connections, in order, as the pool events report them. */
function recordServers(db: Strata): { take(): string[] } {
  let seen: string[] = [];
  db.onPoolEvent((event: PoolEvent) => {
    if (event.type === 'acquire') seen.push(event.server);
  });
  return {
    take() {
      const taken = seen;
      seen = [];
      return taken;
    },
  };
}

/** Whether the database that ran the probe says it is the replica. */
async function ranOnReplica(db: Strata, ctx: DialectContext, options: { useMaster?: boolean } = {}): Promise<boolean> {
  const [row] = (await db.query(replicaProbeSql(ctx), { type: QueryTypes.SELECT, ...options })) as [
    { on_replica: unknown },
  ];
  return Boolean(Number(row.on_replica) || row.on_replica === true);
}

describeEachDialect('read replicas', (ctx) => {
  if (ctx.dialect === 'sqlite') {
    it('are refused on SQLite, saying why', () => {
      expect(() => ctx.connect({ replication: { read: [{ host: 'elsewhere' }] } })).toThrow(
        /replication: SQLite is one file on one machine/,
      );
    });
    return;
  }

  let replica: ReplicationServer;
  let db: Strata;
  let models: ReturnType<typeof defineModels>;
  let served: ReturnType<typeof recordServers>;

  beforeAll(async () => {
    replica = await replicaOf(ctx);
    db = ctx.connect({ replication: { read: [replica] } });
    models = defineModels(db);
    // sync runs on the primary: the replica would refuse CREATE TABLE.
    await db.sync({ force: true });
    served = recordServers(db);
  });

  /** Waits until the replica has what the primary has (no wait on the MySQL stand-in). */
  async function replayed(check: () => Promise<boolean>): Promise<void> {
    await eventually('the replica replayed the write', check);
    served.take();
  }

  it('the replica refuses writes, so a write sent to it would fail', async () => {
    const direct = new Strata(replicaUrl(ctx));
    try {
      const { Item } = defineModels(direct);
      await expect(Item.create({ name: 'misrouted' })).rejects.toBeInstanceOf(DatabaseError);
    } finally {
      await direct.close();
    }
  });

  it('sends reads outside a transaction to the replica and writes to the primary', async () => {
    const { Item, Part } = models;
    const item = await Item.create({ name: 'first' });
    await Part.create({ itemId: item.id });
    expect(served.take()).toEqual(['primary', 'primary']);
    await replayed(async () => (await Part.count()) === 1);

    await Item.findAll();
    await Item.findOne({ where: { name: 'first' } });
    await Item.findByPk(item.id);
    await Item.count();
    await Item.max('id');
    await Item.findAll({ include: [Part] });
    // Seven SELECTs: the include of a to-many association loads its rows with a second one.
    expect(served.take()).toEqual(Array(7).fill('replica 0'));
    expect(await ranOnReplica(db, ctx)).toBe(true);

    await item.update({ name: 'renamed' });
    await Item.destroy({ where: { name: 'nothing like this' } });
    expect(served.take()).toEqual(['replica 0', 'primary', 'primary']);
  });

  it('runs every statement of a transaction on the primary, reads included', async () => {
    const { Item } = models;
    const onReplica = await db.transaction(async () => {
      await Item.findAll();
      await Item.count();
      return ranOnReplica(db, ctx);
    });
    expect(onReplica).toBe(false);
    expect(served.take()).toEqual(['primary']);
  });

  it('reads from the primary with useMaster: true', async () => {
    const { Item } = models;
    await Item.findAll({ useMaster: true });
    await Item.count({ useMaster: true });
    expect(await ranOnReplica(db, ctx, { useMaster: true })).toBe(false);
    expect(served.take()).toEqual(['primary', 'primary', 'primary']);
  });

  it('routes raw queries by type: SELECT to the replica, others and untyped ones to the primary', async () => {
    expect(await ranOnReplica(db, ctx)).toBe(true);
    const [rows] = (await db.query(replicaProbeSql(ctx))) as [Array<{ on_replica: unknown }>];
    expect(Boolean(Number(rows[0].on_replica) || rows[0].on_replica === true)).toBe(false);
    await db.query(
      'INSERT INTO replica_items (name, "createdAt", "updatedAt") VALUES (?, ?, ?)'.replace(
        /"/g,
        ctx.dialect === 'mysql' ? '`' : '"',
      ),
      { replacements: ['raw', new Date(), new Date()], type: QueryTypes.INSERT },
    );
    expect(served.take()).toEqual(['replica 0', 'primary', 'primary']);
  });

  it('runs sync and the query interface on the primary', async () => {
    const queryInterface = db.getQueryInterface();
    await queryInterface.createTable('replica_schema', { id: { type: DataTypes.INTEGER, primaryKey: true } });
    await queryInterface.addColumn('replica_schema', 'note', { type: DataTypes.STRING });
    expect(Object.keys(await queryInterface.describeTable('replica_schema'))).toEqual(['id', 'note']);
    await queryInterface.dropTable('replica_schema');
    await db.sync();
    expect(new Set(served.take())).toEqual(new Set(['primary']));
  });

  it('pins reads to the primary inside readYourWrites, and only there', async () => {
    const { Item } = models;
    const inside = db.readYourWrites(async () => {
      await Item.findAll();
      await new Promise((resolve) => setTimeout(resolve, 5));
      return ranOnReplica(db, ctx);
    });
    const outside = ranOnReplica(db, ctx);
    expect(await inside).toBe(false);
    expect(await outside).toBe(true);
    expect(served.take().sort()).toEqual(['primary', 'primary', 'replica 0']);
  });

  it('reloads an instance from the primary', async () => {
    const { Item } = models;
    const item = await Item.create({ name: 'to reload' });
    served.take();
    await item.reload();
    expect(item.name).toBe('to reload');
    expect(served.take()).toEqual(['primary']);
  });

  it('takes turns over several replicas', async () => {
    const turns = ctx.connect({ replication: { read: [replica, replica] } });
    const seen = recordServers(turns);
    for (let i = 0; i < 4; i++) await turns.query('SELECT 1 AS one', { type: QueryTypes.SELECT });
    expect(seen.take()).toEqual(['replica 0', 'replica 1', 'replica 0', 'replica 1']);
  });

  describe('with a replica that is down', () => {
    let down: ReplicationServer;
    beforeAll(async () => {
      down = { port: await closedPort() };
    });

    it('skips it without failing a read, and tries it again after retryAfter', async () => {
      const degraded = ctx.connect({ replication: { read: [down, replica], retryAfter: 300 } });
      const events: PoolEvent[] = [];
      degraded.onPoolEvent((event) => events.push(event));
      for (let i = 0; i < 4; i++) {
        expect(await ranOnReplica(degraded, ctx)).toBe(true);
      }
      const downs = () => events.filter((e) => e.type === 'down').map((e) => e.server);
      expect(downs()).toEqual(['replica 0']);
      const stats = degraded.poolStats();
      expect(stats.map((s) => [s.server, s.down])).toEqual([
        ['primary', false],
        ['replica 0', true],
        ['replica 1', false],
      ]);
      expect(stats[1].downUntil!.getTime()).toBeGreaterThan(Date.now());
      // No read touched the down replica while its time out lasted.
      expect(events.filter((e) => e.type === 'acquire').map((e) => e.server)).toEqual(Array(4).fill('replica 1'));

      await new Promise((resolve) => setTimeout(resolve, 350));
      expect(await ranOnReplica(degraded, ctx)).toBe(true);
      expect(await ranOnReplica(degraded, ctx)).toBe(true);
      // Tried again once its time out was over, failed again, and the read went on elsewhere.
      expect(downs()).toEqual(['replica 0', 'replica 0']);
    });

    it('reads from the primary when every replica is down', async () => {
      const fallback = ctx.connect({ replication: { read: [down] } });
      const { Item } = defineModels(fallback);
      const seen = recordServers(fallback);
      expect(await Item.count()).toBeGreaterThan(0);
      expect(seen.take()).toEqual(['primary']);
    });

    it('fails reads with a ConnectionError naming the replicas when failoverToPrimary is false', async () => {
      const options: ReplicationOptions = { read: [down], failoverToPrimary: false };
      const strict = ctx.connect({ replication: options });
      const error = await strict.query('SELECT 1', { type: QueryTypes.SELECT }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConnectionError);
      expect((error as Error).message).toContain(`127.0.0.1:${String(down.port)}`);
      expect((error as Error).message).toContain('failoverToPrimary is false');
      // Writes never depended on the replicas.
      await strict.query('SELECT 1');
    });
  });

  if (ctx.dialect !== 'postgres') return;

  describe('on the PostgreSQL streaming standby', () => {
    it('reads a row written on the primary from the standby once it is replayed', async () => {
      const { Item } = models;
      const item = await Item.create({ name: 'streamed' });
      await eventually('the standby has the row', async () => (await Item.findByPk(item.id)) !== null);
      const found = await Item.findByPk(item.id);
      expect(found?.name).toBe('streamed');
      expect(served.take().at(-1)).toBe('replica 0');
      expect(await ranOnReplica(db, ctx)).toBe(true);
    });

    it('shows the lag while replay is paused, and readYourWrites and useMaster hide it', async () => {
      const { Item } = models;
      const item = await Item.create({ name: 'before' });
      await eventually('the standby has the row', async () => (await Item.findByPk(item.id)) !== null);
      const standby = new Strata(standbyUrl(ctx));
      try {
        await standby.query('SELECT pg_wal_replay_pause()');
        await eventually('replay is paused', async () => {
          const [row] = (await standby.query('SELECT pg_get_wal_replay_pause_state() AS state', {
            type: QueryTypes.SELECT,
          })) as [{ state: string }];
          return row.state === 'paused';
        });
        await item.update({ name: 'after' });
        // The standby still has the old row: a stale read.
        expect((await Item.findByPk(item.id))?.name).toBe('before');
        // Read-your-writes: the same read, pinned to the primary, sees the write.
        expect(await db.readYourWrites(async () => (await Item.findByPk(item.id))?.name)).toBe('after');
        expect((await Item.findByPk(item.id, { useMaster: true }))?.name).toBe('after');
      } finally {
        await standby.query('SELECT pg_wal_replay_resume()');
        await standby.close();
      }
      await eventually('the standby caught up', async () => (await Item.findByPk(item.id))?.name === 'after');
    });

    it('sends reads to the primary with no failed request while the standby is stopped, and uses it again after', async () => {
      const resilient = ctx.connect({ replication: { read: [replica], retryAfter: 1000 } });
      const { Item } = defineModels(resilient);
      const seen = recordServers(resilient);
      const failures: unknown[] = [];
      let reading = true;
      const reader = async (): Promise<void> => {
        while (reading) {
          await Item.count().catch((error: unknown) => failures.push(error));
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      };
      const readers = [reader(), reader(), reader()];
      try {
        await eventually('reads reach the standby', async () => seen.take().includes('replica 0'));
        stopStandby();
        seen.take();
        await new Promise((resolve) => setTimeout(resolve, 1500));
        const whileStopped = seen.take();
        expect(whileStopped.length).toBeGreaterThan(10);
        expect(whileStopped.filter((server) => server === 'primary').length).toBeGreaterThan(10);
        expect(resilient.poolStats()[1].down).toBe(true);
      } finally {
        await startStandby();
      }
      const restarted = Date.now();
      await eventually('reads reach the standby again', async () => seen.take().includes('replica 0'), 10000);
      expect(Date.now() - restarted).toBeLessThan(10000);
      reading = false;
      await Promise.all(readers);
      expect(failures).toEqual([]);
      expect(resilient.poolStats()[1].down).toBe(false);
    });
  });
});
