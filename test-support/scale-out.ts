import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { Strata, type ReplicationServer } from '@strata/core';
import type { DialectContext } from './dialects';
import { SERVERS, reachable } from './servers';

/**
 * The scale-out test servers `.ci/run` starts (scripts/ci/start-standby.sh and
 * start-pgbouncer.sh): a streaming standby of the PostgreSQL server, and PgBouncer in
 * transaction pooling mode in front of it.
 */
export const STANDBY = { host: '127.0.0.1', port: 5433 } as const;
export const PGBOUNCER = { host: '127.0.0.1', port: 6432 } as const;
/** The MariaDB "replica": the same server, through a user that may only SELECT. */
export const MYSQL_READER = 'strata_reader';

/**
 * Fails with what to run when a scale-out server is not running (`.ci/run` starts both; on a
 * machine of your own, run the script it names).
 */
export async function assertRunning(what: 'standby' | 'pgbouncer'): Promise<void> {
  const { host, port } = what === 'standby' ? STANDBY : PGBOUNCER;
  if (await reachable(host, port)) return;
  throw new Error(`Nothing answers on ${host}:${port}: start the ${what} with bash scripts/ci/start-${what}.sh`);
}

/** Polls `check` until it is true, at most `timeoutMs`; throws naming `what` otherwise. */
export async function eventually(what: string, check: () => Promise<boolean>, timeoutMs = 10000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`Still not true after ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * A read replica of the suite's database, as a `replication.read` entry: on PostgreSQL the
 * streaming standby (once it has replayed the database's creation), on MySQL the same server
 * through a user granted only SELECT on it.
 */
export async function replicaOf(ctx: DialectContext): Promise<ReplicationServer> {
  const database = new URL(ctx.url).pathname.slice(1);
  if (ctx.dialect === 'postgres') {
    await assertRunning('standby');
    await eventually(`the standby has database ${database}`, async () => {
      const probe = new Strata(standbyUrl(ctx));
      try {
        await probe.authenticate();
        return true;
      } finally {
        await probe.close();
      }
    });
    return { port: STANDBY.port };
  }
  const admin = new Strata(SERVERS.mysql.url);
  try {
    await admin.query(`CREATE USER IF NOT EXISTS '${MYSQL_READER}'@'%'`);
    await admin.query(`GRANT SELECT ON \`${database}\`.* TO '${MYSQL_READER}'@'%'`);
  } finally {
    await admin.close();
  }
  return { username: MYSQL_READER };
}

/** The suite's database as the replica `replicaOf` gives serves it, as a URL. */
export function replicaUrl(ctx: DialectContext): string {
  if (ctx.dialect === 'postgres') return standbyUrl(ctx);
  const url = new URL(ctx.url);
  url.username = MYSQL_READER;
  return url.toString();
}

/** The suite's database on the standby (PostgreSQL only). */
export function standbyUrl(ctx: DialectContext): string {
  return ctx.url.replace(`:${SERVERS.postgres.port}/`, `:${STANDBY.port}/`);
}

/**
 * SQL whose one row says, as the database decides it, whether the server (or user) that ran
 * it is the replica: the standby is in recovery; the MySQL reader is the current user.
 */
export function replicaProbeSql(ctx: DialectContext): string {
  return ctx.dialect === 'postgres'
    ? 'SELECT pg_is_in_recovery() AS on_replica'
    : `SELECT CURRENT_USER() LIKE '${MYSQL_READER}@%' AS on_replica`;
}

const postgresVersion = (): string =>
  readdirSync('/etc/postgresql')
    .sort((a, b) => Number(a) - Number(b))
    .at(-1) as string;

/** Stops the standby cluster (fast shutdown: its sessions are terminated). */
export function stopStandby(): void {
  execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', postgresVersion(), 'replica', 'stop']);
}

/** Starts the standby if it is not running and waits until it answers as a standby. */
export async function startStandby(): Promise<void> {
  try {
    execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', postgresVersion(), 'replica', 'start'], {
      stdio: 'ignore',
    });
  } catch {
    // Already running: pg_ctlcluster exits 2.
  }
  await eventually(
    'the standby answers after a start',
    async () => {
      const probe = new Strata(`postgres://postgres@${STANDBY.host}:${STANDBY.port}/postgres`);
      try {
        const [row] = (await probe.query('SELECT pg_is_in_recovery() AS r', { type: 'SELECT' })) as [{ r: boolean }];
        return row.r === true;
      } finally {
        await probe.close();
      }
    },
    30000,
  );
}

/** A local port with nothing listening on it (a replica that is down). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A TCP server that accepts connections and never sends a byte (a hung database server). */
export async function silentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
