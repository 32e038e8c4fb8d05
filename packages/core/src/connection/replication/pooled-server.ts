import type { Dialect, DriverConnection } from '../../dialect/dialect';
import { defaultPool } from '../../dialect/pool-options';
import type { StrataOptions } from '../options';
import type { PoolEventEmitter, ServerIdentity, ServerPoolStats, ServerRole } from './pool-events';

/**
 * One server of a connection and its pool: the dialect that talks to it, how its pool is
 * doing, and, for a replica, whether reads leave it out for now after a failure.
 *
 * The dialect's `acquire`, `acquireNow` and `release` are wrapped on the dialect instance
 * itself, so every connection taken from this server — by a query, a transaction, a
 * savepoint's parent or the read router — is counted and reported without the engine knowing.
 */
export class PooledServer implements ServerIdentity {
  readonly address: string;
  /** Reads leave this replica out until this time (ms since the epoch); 0 when it is up. */
  private downUntil = 0;
  private inUse = 0;
  private waiting = 0;
  private acquired = 0;
  private acquireTotal = 0;
  private acquireLast = 0;
  private acquireMax = 0;
  private readonly max: number;

  constructor(
    readonly dialect: Dialect,
    readonly server: string,
    readonly role: ServerRole,
    options: StrataOptions,
    private readonly events: PoolEventEmitter,
  ) {
    this.address = dialect.supports.singleConnection
      ? (options.storage ?? ':memory:')
      : `${options.host ?? 'localhost'}:${options.port ?? dialect.defaultPort}`;
    this.max = dialect.supports.singleConnection ? 1 : (options.pool?.max ?? defaultPool.max);
    this.observe();
  }

  /** Whether reads may try this server now: it never failed, or its time out is over. */
  available(now: number): boolean {
    return now >= this.downUntil;
  }

  get isDown(): boolean {
    return this.downUntil !== 0;
  }

  /** Leaves the server out of reads for `retryAfter` ms after a failure. */
  markDown(error: Error, retryAfter: number): void {
    this.downUntil = Date.now() + retryAfter;
    this.events.emit({ ...this.identity(), type: 'down', error, retryAt: new Date(this.downUntil) });
  }

  /** The server answered: back in the rotation. */
  markUp(): void {
    if (this.downUntil === 0) return;
    this.downUntil = 0;
    this.events.emit({ ...this.identity(), type: 'up' });
  }

  stats(): ServerPoolStats {
    const driver = this.dialect.poolSize?.();
    // A single-connection dialect (SQLite) has its one connection, idle when nobody holds it.
    const size = driver?.size ?? (this.dialect.supports.singleConnection ? 1 : this.inUse);
    const idle = driver?.idle ?? Math.max(size - this.inUse, 0);
    return {
      ...this.identity(),
      size,
      idle,
      inUse: this.inUse,
      waiting: this.waiting,
      max: this.max,
      acquired: this.acquired,
      acquireTime: {
        last: this.acquireLast,
        mean: this.acquired === 0 ? 0 : round(this.acquireTotal / this.acquired),
        max: this.acquireMax,
      },
      down: this.isDown,
      ...(this.isDown ? { downUntil: new Date(this.downUntil) } : {}),
    };
  }

  identity(): ServerIdentity {
    return { server: this.server, role: this.role, address: this.address };
  }

  private observe(): void {
    const dialect = this.dialect;
    const acquire = dialect.acquire.bind(dialect);
    const release = dialect.release.bind(dialect);
    const acquireNow = dialect.acquireNow?.bind(dialect);
    // Not async: the count and the wait ride on the driver's own promise (one layer, no await).
    const acquired = (started: number) => (connection: DriverConnection) => {
      this.waiting--;
      this.recordAcquire(performance.now() - started);
      return connection;
    };
    const failed = (error: unknown): Promise<never> => {
      this.waiting--;
      if (this.events.listening) this.events.emit({ ...this.identity(), type: 'error', error: error as Error });
      return Promise.reject(error as Error);
    };
    dialect.acquire = () => {
      this.waiting++;
      const started = performance.now();
      let pending: Promise<DriverConnection>;
      try {
        pending = acquire();
      } catch (error) {
        return failed(error);
      }
      return pending.then(acquired(started), failed);
    };
    if (acquireNow) {
      dialect.acquireNow = () => {
        const connection = acquireNow();
        if (connection) this.recordImmediateAcquire();
        return connection;
      };
    }
    dialect.release = (connection: DriverConnection, broken = false) => {
      this.inUse--;
      release(connection, broken);
      if (this.events.listening) this.events.emit({ ...this.identity(), type: 'release', broken });
    };
    dialect.onConnect?.(() => {
      if (this.events.listening) this.events.emit({ ...this.identity(), type: 'connect' });
    });
  }

  /** A connection taken without waiting (SQLite's free connection, once per statement): nothing to time. */
  private recordImmediateAcquire(): void {
    this.inUse++;
    this.acquired++;
    this.acquireLast = 0;
    if (this.events.listening) this.events.emit({ ...this.identity(), type: 'acquire', waitedMs: 0 });
  }

  private recordAcquire(waited: number): void {
    const ms = round(waited);
    this.inUse++;
    this.acquired++;
    this.acquireTotal += ms;
    this.acquireLast = ms;
    if (ms > this.acquireMax) this.acquireMax = ms;
    if (this.events.listening) this.events.emit({ ...this.identity(), type: 'acquire', waitedMs: ms });
  }
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
