import { ConnectionAcquireTimeoutError } from '../errors/connection-errors';
import { ConnectionError } from '../errors/errors';

/** What checkoutWithin needs to know about one server dialect's pool. */
export interface PoolCheckout<Client> {
  /** The database, as messages name it (`PostgreSQL`, `MySQL`). */
  readonly database: string;
  /** `pool.acquire`, for the timeout message. */
  readonly acquireTimeout: number;
  /** Gives a client that arrived too late back to the pool. */
  readonly giveBack: (client: Client) => void;
  /** The dialect's error conversion (driver error -> Strata error). */
  readonly convertError: (error: unknown) => Error;
  /** Whether a pooled client's server connection has gone while it sat idle. */
  readonly isDead: (client: Client) => boolean;
  /** Closes a dead client, so the pool replaces it. */
  readonly discard: (client: Client) => void;
}

/**
 * A live client from the driver pool within `pool.acquireTimeout`: a client whose server
 * connection died while it sat idle is closed and the next one checked out, all within the
 * one time limit. Bounded: each round closes one dead client, and the pool holds at most
 * pool.max of them.
 *
 * @example const client = await checkoutLive(() => pgPool.connect(), checkout)
 */
export async function checkoutLive<Client>(
  connect: () => Promise<Client>,
  pool: PoolCheckout<Client>,
): Promise<Client> {
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    const client = await checkoutWithin(connect(), pool.acquireTimeout - (Date.now() - started), pool);
    if (!pool.isDead(client) || attempt > 100) return client;
    pool.discard(client);
  }
}

/**
 * A client from a driver pool's pending checkout, within `remainingMs`: past it a
 * ConnectionAcquireTimeoutError, and the client, should it still arrive, goes back to the pool.
 * Whatever else goes wrong while connecting is a ConnectionError (a setting the server refused
 * at login too), so callers can tell "no connection" from "this statement failed".
 */
async function checkoutWithin<Client>(
  pending: Promise<Client>,
  remainingMs: number,
  pool: PoolCheckout<Client>,
): Promise<Client> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new ConnectionAcquireTimeoutError(
            `No free ${pool.database} connection within ${pool.acquireTimeout} ms (pool.acquire)`,
          ),
        ),
      Math.max(remainingMs, 0),
    );
  });
  try {
    return await Promise.race([pending, timeout]);
  } catch (error) {
    pending.then(pool.giveBack).catch(() => undefined);
    const converted = pool.convertError(error);
    if (converted instanceof ConnectionError) throw converted;
    throw new ConnectionError(`Cannot connect to ${pool.database}: ${converted.message}`, { cause: error });
  } finally {
    clearTimeout(timer);
  }
}
