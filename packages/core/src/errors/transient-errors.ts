import { DatabaseError, TimeoutError, type StrataErrorOptions } from './errors';

/**
 * Faults the database resolves by aborting one party, so running the same transaction again
 * usually succeeds: `retryable` is true on each, and `db.transaction({ retry })` reruns on them.
 */

/** The database chose this transaction as a deadlock's victim and rolled it back (40P01, 1213). */
export class DeadlockError extends DatabaseError {
  constructor(message: string, sql: string, parameters: readonly unknown[], cause?: unknown) {
    super(message, sql, parameters, cause, { retryable: true });
  }
}

/**
 * A serializable (or repeatable-read) transaction could not be ordered with a concurrent one
 * (PostgreSQL 40001, SQLite's BUSY_SNAPSHOT, MySQL's 1020 record-changed); rolled back.
 */
export class SerializationError extends DatabaseError {
  constructor(message: string, sql: string, parameters: readonly unknown[], cause?: unknown) {
    super(message, sql, parameters, cause, { retryable: true });
  }
}

/**
 * A statement ran longer than its `timeout` and was cancelled (by the server where the dialect
 * can ask it to, else by Strata closing the connection). Not retryable by default: the same
 * statement will likely take as long again, and a write outside a transaction may have run.
 */
export class QueryTimeoutError extends TimeoutError {
  constructor(message: string, options: StrataErrorOptions = {}) {
    super(message, options);
  }
}

/**
 * A statement waited longer than `lockTimeout` for a row or table lock another transaction held
 * (PostgreSQL 55P03, MySQL 1205, SQLite BUSY/LOCKED past its busy timeout). Retryable: the lock
 * is usually free a moment later. On MySQL only the statement is rolled back; Strata's
 * transaction `retry` reruns the whole transaction.
 */
export class LockTimeoutError extends TimeoutError {
  constructor(message: string, options: StrataErrorOptions = {}) {
    super(message, { retryable: true, ...options });
  }
}
