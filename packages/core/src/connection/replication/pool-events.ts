/** Which server of a connection: the primary, or a read replica. */
export type ServerRole = 'primary' | 'replica';

/** Identifies the server a pool event or statistic is about. */
export interface ServerIdentity {
  /** `primary`, or `replica 0`, `replica 1`, ... in the order `replication.read` lists them. */
  readonly server: string;
  readonly role: ServerRole;
  /** `host:port` (or the SQLite file); never credentials. */
  readonly address: string;
}

/**
 * What `db.onPoolEvent` listeners receive:
 * - `connect`: the driver opened a new connection to the server;
 * - `acquire`: a query or transaction got a connection, after waiting `waitedMs`;
 * - `release`: it gave the connection back (`broken`: closed instead of reused);
 * - `error`: acquiring failed (the server refused, a timeout, bad credentials);
 * - `down`: a replica failed and reads leave it out until `retryAt`;
 * - `up`: a replica that was down answered again and is back in the rotation.
 */
export type PoolEvent = ServerIdentity &
  (
    | { readonly type: 'connect' }
    | { readonly type: 'acquire'; readonly waitedMs: number }
    | { readonly type: 'release'; readonly broken: boolean }
    | { readonly type: 'error'; readonly error: Error }
    | { readonly type: 'down'; readonly error: Error; readonly retryAt: Date }
    | { readonly type: 'up' }
  );

/**
 * A function `db.onPoolEvent(listener)` calls for every pool event of every server (for metrics and
 * logs).
 */
export type PoolEventListener = (event: PoolEvent) => void;

/** One server's pool, as `db.poolStats()` reports it (for health endpoints and metrics). */
export interface ServerPoolStats extends ServerIdentity {
  /** Connections open, busy or idle. */
  readonly size: number;
  /** Open connections nobody is using. */
  readonly idle: number;
  /** Connections handed out and not yet given back. */
  readonly inUse: number;
  /** Callers waiting for a connection right now. */
  readonly waiting: number;
  /** The pool's `max`. */
  readonly max: number;
  /** Connections handed out since the connection was made. */
  readonly acquired: number;
  /** How long getting a connection took, in milliseconds: the last time, the mean and the longest. */
  readonly acquireTime: { readonly last: number; readonly mean: number; readonly max: number };
  /** A replica left out of the rotation after a failure, until `downUntil`. */
  readonly down: boolean;
  readonly downUntil?: Date;
}

/** Delivers pool events to listeners; a listener that throws never breaks the query that caused it. */
export class PoolEventEmitter {
  private readonly listeners = new Set<PoolEventListener>();

  get listening(): boolean {
    return this.listeners.size > 0;
  }

  add(listener: PoolEventListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  emit(event: PoolEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A metrics exporter's bug must not fail the application's query.
      }
    }
  }
}
