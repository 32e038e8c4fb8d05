import { ConnectionLostError } from '../errors/connection-errors';
import { QueryTimeoutError } from '../errors/transient-errors';
import { SERVER_TIMEOUT_MARGIN_MS } from './pool-options';

/**
 * Runs a statement against a client-side deadline. `limitMs` is the statement's timeout;
 * `serverEnforced` says the server was asked to cancel it at that limit, in which case Strata
 * waits `SERVER_TIMEOUT_MARGIN_MS` longer for the server's own answer before concluding the
 * connection stopped answering. At the deadline `destroy` closes the connection (the only way
 * to stop waiting on a silent socket, and it makes the server abandon the statement) and the
 * call rejects with a QueryTimeoutError; the driver's own late rejection is swallowed.
 */
export function withDeadline<T>(
  work: Promise<T>,
  limitMs: number,
  serverEnforced: boolean,
  destroy: () => void,
  sql: string,
): Promise<T> {
  if (!(limitMs > 0)) return work;
  const deadline = serverEnforced ? limitMs + SERVER_TIMEOUT_MARGIN_MS : limitMs;
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      work.catch(() => undefined);
      destroy();
      reject(
        new QueryTimeoutError(
          `Query timed out: no answer within ${limitMs} ms (timeout)` +
            (serverEnforced ? `; the connection stopped answering and was closed` : '; the connection was closed'),
          { sql, retryable: false },
        ),
      );
    }, deadline);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/** Whether a statement changes session state that would outlive it on a pooled connection. */
export function changesSession(sql: string): boolean {
  // SET LOCAL / SET TRANSACTION / SET CONSTRAINTS end with the transaction; every other SET
  // (SET SESSION x, SET x = .., SET NAMES, SET @var, SET search_path) stays on the connection.
  return /^\s*SET\s/i.test(sql) && !/^\s*SET\s+(LOCAL|TRANSACTION|CONSTRAINTS)\b/i.test(sql);
}

/** A connection whose statement in flight can be failed from outside (close() past its grace period). */
export interface AbortableConnection {
  abortInFlight: ((error: Error) => void) | undefined;
}

/**
 * `work`, rejected early when `abortConnection` is called on its connection: a driver whose
 * socket Strata destroyed on purpose may never settle the statement it was running.
 */
export function abortable<T>(work: Promise<T>, connection: AbortableConnection): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    connection.abortInFlight = (error) => {
      work.catch(() => undefined);
      reject(error);
    };
    work.then(resolve, reject).finally(() => {
      connection.abortInFlight = undefined;
    });
  });
}

/** Fails the statement in flight on a connection close() is destroying. */
export function abortConnection(connection: AbortableConnection, server: string, sql = ''): void {
  connection.abortInFlight?.(
    new ConnectionLostError(`Connection to ${server} closed by close() after its closeTimeout`, { sql }),
  );
}
