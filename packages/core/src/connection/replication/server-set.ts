import { AsyncLocalStorage } from 'node:async_hooks';
import type { Dialect, DriverConnection, QueryResult } from '../../dialect/dialect';
import { ConnectionError } from '../../errors/errors';
import type { StrataOptions } from '../options';
import { runHealthCheck, type HealthCheckOptions, type HealthReport } from './health-check';
import { PoolEventEmitter, type PoolEventListener, type ServerPoolStats } from './pool-events';
import { PooledServer } from './pooled-server';
import { resolveReplication } from './replication-options';
import { isServerUnavailable } from './server-unavailable';

/** Runs one statement on a connection (the executor's logged, error-converting runner). */
export type RunOnConnection = (connection: DriverConnection) => QueryResult | Promise<QueryResult>;

/**
 * The servers of one connection — the primary and any read replicas, each with its own pool —
 * and where reads go: round robin over the replicas that are up, a replica that fails left out
 * for `replication.retryAfter` ms, the primary when none is up (unless `failoverToPrimary` is
 * false) and always inside `readYourWrites`. Writes and transactions never come here: the
 * executor runs them on the primary's dialect.
 */
export class ServerSet {
  readonly primary: PooledServer;
  readonly replicas: readonly PooledServer[];
  readonly events = new PoolEventEmitter();
  private readonly retryAfter: number;
  private readonly failoverToPrimary: boolean;
  private readonly pinned = new AsyncLocalStorage<true>();
  private turn = 0;

  constructor(options: StrataOptions, createDialect: (options: StrataOptions) => Dialect) {
    const replication = resolveReplication(options);
    const primaryOptions = replication?.write ?? options;
    this.primary = new PooledServer(createDialect(primaryOptions), 'primary', 'primary', primaryOptions, this.events);
    this.replicas = (replication?.read ?? []).map(
      (replicaOptions, index) =>
        new PooledServer(createDialect(replicaOptions), `replica ${index}`, 'replica', replicaOptions, this.events),
    );
    this.retryAfter = replication?.retryAfter ?? 0;
    this.failoverToPrimary = replication?.failoverToPrimary ?? true;
  }

  /** Whether reads have anywhere to go but the primary. */
  get hasReplicas(): boolean {
    return this.replicas.length > 0;
  }

  /** Runs `callback` with every read in its async context (and the ones it starts) on the primary. */
  readYourWrites<T>(callback: () => T): T {
    return this.pinned.run(true, callback);
  }

  /**
   * Runs a read outside a transaction: on the next replica that is up, on the following one if
   * that replica turns out to be unavailable (it is then left out for a while), and on the
   * primary when none answers. A read that fails for any other reason fails as it is.
   */
  async runRead(run: RunOnConnection): Promise<QueryResult> {
    if (this.pinned.getStore()) return this.runOn(this.primary, run);
    const start = this.turn;
    this.turn = (this.turn + 1) % this.replicas.length;
    let lastFailure: Error | undefined;
    for (let offset = 0; offset < this.replicas.length; offset++) {
      const replica = this.replicas[(start + offset) % this.replicas.length];
      if (!replica.available(Date.now())) continue;
      try {
        const result = await this.runOn(replica, run);
        replica.markUp();
        return result;
      } catch (error) {
        if (!isServerUnavailable(error)) throw error;
        lastFailure = error as Error;
        replica.markDown(lastFailure, this.retryAfter);
      }
    }
    if (!this.failoverToPrimary) {
      throw new ConnectionError(
        `No read replica is up (${this.replicas.map((r) => r.address).join(', ')}) and ` +
          'replication.failoverToPrimary is false',
        { cause: lastFailure },
      );
    }
    return this.runOn(this.primary, run);
  }

  /** Every server's pool, the primary first. */
  stats(): ServerPoolStats[] {
    return this.all().map((server) => server.stats());
  }

  onPoolEvent(listener: PoolEventListener): () => void {
    return this.events.add(listener);
  }

  /** Checks every server at once; see `runHealthCheck`. A replica's answer marks it up or down. */
  async healthCheck(options: HealthCheckOptions = {}): Promise<HealthReport> {
    const report = await runHealthCheck(this.all(), options);
    for (const [index, replica] of this.replicas.entries()) {
      const health = report.servers[index + 1];
      if (health.status === 'up') replica.markUp();
      else if (!replica.isDown) replica.markDown(new ConnectionError(health.error ?? health.status), this.retryAfter);
    }
    return report;
  }

  /**
   * Closes every server's pool, each even when another fails. A pool whose server is already
   * gone (a replica that went down) has nothing left to close, so that failure is not reported.
   */
  async close(): Promise<void> {
    const closed = await Promise.allSettled(this.all().map((server) => server.dialect.close()));
    for (const outcome of closed) {
      if (outcome.status === 'rejected' && !isServerUnavailable(outcome.reason)) throw outcome.reason;
    }
  }

  private all(): PooledServer[] {
    return [this.primary, ...this.replicas];
  }

  private async runOn(server: PooledServer, run: RunOnConnection): Promise<QueryResult> {
    const connection = await server.dialect.acquire();
    let broken = false;
    try {
      return await run(connection);
    } catch (error) {
      broken = isServerUnavailable(error);
      throw error;
    } finally {
      server.dialect.release(connection, broken);
    }
  }
}
