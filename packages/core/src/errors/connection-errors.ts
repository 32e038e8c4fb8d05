import { ConnectionError, TIMEOUT_KIND, type StrataErrorOptions } from './errors';

/**
 * Nothing listens on the database's host and port (ECONNREFUSED). Nothing was sent, so the work
 * may be retried, typically once the server is back.
 */
export class ConnectionRefusedError extends ConnectionError {
  constructor(message: string, options: StrataErrorOptions = {}) {
    super(message, { retryable: true, ...options });
  }
}

/** The server refused the user name, the password or the database (retrying will not help). */
export class AccessDeniedError extends ConnectionError {}

/** The database's host name does not resolve (ENOTFOUND, EAI_AGAIN). */
export class HostNotFoundError extends ConnectionError {}

/** The host's network cannot be reached (EHOSTUNREACH, ENETUNREACH). */
export class HostNotReachableError extends ConnectionError {
  constructor(message: string, options: StrataErrorOptions = {}) {
    super(message, { retryable: true, ...options });
  }
}

/** The connection's settings name something that does not exist (an unknown database). */
export class InvalidConnectionError extends ConnectionError {}

/**
 * Opening a connection took longer than `connectTimeout` ms. A ConnectionError, and also a
 * TimeoutError (`instanceof TimeoutError` is true). Nothing was sent: retryable.
 */
export class ConnectionTimedOutError extends ConnectionError {
  constructor(message: string, options: StrataErrorOptions = {}) {
    super(message, { retryable: true, ...options });
  }
}
Object.defineProperty(ConnectionTimedOutError.prototype, TIMEOUT_KIND, { value: true });

/**
 * No pooled connection became free within `pool.acquire` ms. A ConnectionError as in Sequelize,
 * and also a TimeoutError. Nothing was sent: retryable.
 */
export class ConnectionAcquireTimeoutError extends ConnectionError {
  constructor(message: string, options: StrataErrorOptions = {}) {
    super(message, { retryable: true, ...options });
  }
}
Object.defineProperty(ConnectionAcquireTimeoutError.prototype, TIMEOUT_KIND, { value: true });

/**
 * An open connection broke (the server closed it, restarted, or the network cut it). `retryable`
 * is true only when the failing statement had not been sent yet, or when it ran inside a
 * transaction that had not sent COMMIT (the server rolls such a transaction back). When a
 * statement outside a transaction was in flight, the server may or may not have run it:
 * `retryable` is false and `sentToServer` is true.
 */
export class ConnectionLostError extends ConnectionError {
  /** Whether the statement had been handed to the network when the connection broke. */
  readonly sentToServer: boolean;

  constructor(message: string, options: StrataErrorOptions & { sentToServer?: boolean } = {}) {
    super(message, options);
    this.sentToServer = options.sentToServer ?? true;
  }
}

/**
 * The connection failed after COMMIT was sent and before the server answered: the transaction
 * may have committed or not, and Strata cannot tell. The transaction ends with
 * `finished === 'unknown'`. Never retried automatically (the work may run twice); see
 * docs/production.md for how to make a write idempotent so that it can be checked or retried.
 */
export class CommitOutcomeUnknownError extends ConnectionError {
  constructor(message: string, options: Omit<StrataErrorOptions, 'retryable'> = {}) {
    super(message, { ...options, retryable: false });
  }
}
