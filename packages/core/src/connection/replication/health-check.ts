import type { DriverConnection } from '../../dialect/dialect';
import type { ServerIdentity } from './pool-events';
import type { PooledServer } from './pooled-server';

/** The options of `db.healthCheck(options)`. */
export interface HealthCheckOptions {
  /**
   * How long each server may take to hand out a connection and answer `SELECT 1`, in
   * milliseconds (default 5000). The servers are checked at once, so the whole check answers
   * within about this long even when a server accepts connections and never replies.
   */
  timeout?: number;
}

/** One server's answer: `up`, `down` (it failed, `error` says how) or `timeout`. */
export interface ServerHealth extends ServerIdentity {
  readonly status: 'up' | 'down' | 'timeout';
  /** How long the check took, in milliseconds. */
  readonly latencyMs: number;
  readonly error?: string;
}

/**
 * What `db.healthCheck()` answers: whether every server (the primary and each read replica) answered
 * `SELECT 1`, and each one's answer. See docs/scaling-out.md.
 */
export interface HealthReport {
  /** Every server answered. */
  readonly healthy: boolean;
  /** The primary first, then the replicas. */
  readonly servers: readonly ServerHealth[];
}

export const DEFAULT_HEALTH_CHECK_TIMEOUT = 5000;

/** Checks each server at once with `SELECT 1` on one of its pool's connections, bounded by `timeout`. */
export async function runHealthCheck(
  servers: readonly PooledServer[],
  options: HealthCheckOptions,
): Promise<HealthReport> {
  const timeout = options.timeout ?? DEFAULT_HEALTH_CHECK_TIMEOUT;
  const results = await Promise.all(servers.map((server) => checkServer(server, timeout)));
  return { healthy: results.every((result) => result.status === 'up'), servers: results };
}

async function checkServer(server: PooledServer, timeout: number): Promise<ServerHealth> {
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  let connection: DriverConnection | undefined;
  let timedOut = false;
  const dialect = server.dialect;
  const pending = dialect.acquire().then((acquired) => {
    // Acquired after the deadline: the check already answered; give it back closed.
    if (timedOut) dialect.release(acquired, true);
    else connection = acquired;
    return acquired;
  });
  const probe = pending.then((acquired) => dialect.execute(acquired, 'SELECT 1', []));
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeout);
  });
  let answered = false;
  try {
    const outcome = await Promise.race([probe, deadline]);
    if (outcome === 'timeout') {
      timedOut = true;
      probe.catch(() => undefined);
      return { ...server.identity(), status: 'timeout', latencyMs: elapsed(), error: `no answer within ${timeout} ms` };
    }
    answered = true;
    return { ...server.identity(), status: 'up', latencyMs: elapsed() };
  } catch (error) {
    return { ...server.identity(), status: 'down', latencyMs: elapsed(), error: (error as Error).message };
  } finally {
    clearTimeout(timer);
    // A connection that failed or never answered is closed rather than handed to the next query.
    if (connection) dialect.release(connection, !answered);
  }
}
