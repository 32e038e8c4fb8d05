/**
 * A health endpoint and pool metrics: `db.healthCheck()` answers per server within a bounded
 * time, `db.poolStats()` says how each pool is doing, and `db.onPoolEvent` feeds a metrics
 * counter. On SQLite here; with `replication` (docs/scaling-out.md) the same code reports the
 * primary and every read replica. Run with `pnpm examples`.
 */
import { DataTypes, Model, Strata, type CreationOptional, type PoolEvent } from '@strata/core';

export class Visit extends Model {
  declare id: CreationOptional<number>;
  declare path: string;
}

/** What a `/health` route would answer: 200 when every server is up, 503 otherwise. */
export async function health(db: Strata): Promise<{ status: number; body: Record<string, unknown> }> {
  const report = await db.healthCheck({ timeout: 2000 });
  const pools = db.poolStats();
  return {
    status: report.healthy ? 200 : 503,
    body: {
      servers: report.servers.map((server, index) => ({
        server: server.server,
        status: server.status,
        inUse: pools[index].inUse,
        waiting: pools[index].waiting,
      })),
    },
  };
}

/** Counts pool events by type, as a metrics exporter would. */
export function countPoolEvents(db: Strata): { counts: Record<string, number>; stop: () => void } {
  const counts: Record<string, number> = {};
  const stop = db.onPoolEvent((event: PoolEvent) => {
    counts[event.type] = (counts[event.type] ?? 0) + 1;
  });
  return { counts, stop };
}

export async function main(log: (line: string) => void = console.log): Promise<void> {
  const db = new Strata({ dialect: 'sqlite', storage: ':memory:' });
  Visit.init({ path: { type: DataTypes.STRING, allowNull: false } }, { strata: db, tableName: 'visits' });
  await db.sync();
  const metrics = countPoolEvents(db);
  await Visit.bulkCreate([{ path: '/' }, { path: '/about' }]);
  await db.transaction(async () => {
    await Visit.create({ path: '/pricing' });
    await Visit.count();
  });
  log(`visits: ${await Visit.count()}`);
  // One bulk insert, one transaction and one count: three connections taken and given back.
  log(`pool events: ${JSON.stringify(metrics.counts)}`);
  metrics.stop();
  const { status, body } = await health(db);
  log(`GET /health -> ${status} ${JSON.stringify(body)}`);
  await db.close();
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
