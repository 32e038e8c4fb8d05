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
}

/**
 * A client from a driver pool's pending checkout, within `remainingMs`: past it a
 * ConnectionAcquireTimeoutError, and the client, should it still arrive, goes back to the pool.
 * Whatever else goes wrong while connecting is a ConnectionError (a setting the server refused
 * at login too), so callers can tell "no connection" from "this statement failed".
 */
export async function checkoutWithin<Client>(
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
