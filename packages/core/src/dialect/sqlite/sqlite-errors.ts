import {
  ConnectionError,
  DatabaseError,
  ForeignKeyConstraintError,
  StrataError,
  UniqueConstraintError,
} from '../../errors/errors';
import { LockTimeoutError, SerializationError } from '../../errors/transient-errors';
import { toDriverError } from '../connection-faults';
import { missingTableError } from '../missing-table';

interface SqliteError extends Error {
  code?: string;
}

type Convert = (error: SqliteError, sql: string, bindings: readonly unknown[]) => Error;

const lockTimeout: Convert = (error, sql) =>
  new LockTimeoutError(
    `The SQLite database stayed locked by another connection past the busy timeout: ${error.message}`,
    { cause: error, sql },
  );
const cannotOpen: Convert = (error) =>
  new ConnectionError(`Cannot open the SQLite database: ${error.message}`, { cause: error });

/**
 * better-sqlite3's `SQLITE_*` extended result codes (https://www.sqlite.org/rescode.html) to
 * Strata's classes. Anything else is a DatabaseError.
 */
const BY_CODE: ReadonlyMap<string, Convert> = new Map<string, Convert>([
  ['SQLITE_CONSTRAINT_UNIQUE', uniqueViolation],
  ['SQLITE_CONSTRAINT_PRIMARYKEY', uniqueViolation],
  [
    'SQLITE_CONSTRAINT_FOREIGNKEY',
    (error, sql, bindings) =>
      new ForeignKeyConstraintError(
        `Foreign key constraint failed: ${error.message}`,
        { sql, parameters: bindings },
        error,
      ),
  ],
  // Another connection (another process) holds the write lock past the busy timeout.
  ['SQLITE_BUSY', lockTimeout],
  ['SQLITE_BUSY_RECOVERY', lockTimeout],
  ['SQLITE_BUSY_TIMEOUT', lockTimeout],
  ['SQLITE_LOCKED', lockTimeout],
  ['SQLITE_LOCKED_SHAREDCACHE', lockTimeout],
  // A read transaction's snapshot went stale before it tried to write (WAL): rerun it.
  ['SQLITE_BUSY_SNAPSHOT', (error, sql, bindings) => new SerializationError(error.message, sql, bindings, error)],
  ['SQLITE_CANTOPEN', cannotOpen],
  ['SQLITE_NOTADB', cannotOpen],
  ['SQLITE_PERM', cannotOpen],
]);

/** Maps better-sqlite3's `SQLITE_*` codes to Strata's error classes. */
export function convertSqliteError(error: unknown, sql: string, bindings: readonly unknown[]): Error {
  if (error instanceof StrataError) return error;
  // Duck-typed, never `instanceof Error`: a driver's native addon may build its errors from
  // another realm's Error (jest re-evaluates modules; the addon keeps its first classes).
  const driverError = toDriverError<SqliteError>(error);
  const convert = driverError.code === undefined ? undefined : BY_CODE.get(driverError.code);
  if (convert) return convert(driverError, sql, bindings);
  // SQLITE_ERROR covers many faults; a missing table is told by its message.
  if (/^no such table/.test(driverError.message)) return missingTableError(driverError.message, sql, bindings, error);
  return new DatabaseError(driverError.message, sql, bindings, error);
}

function uniqueViolation(error: SqliteError, sql: string, bindings: readonly unknown[]): Error {
  // "UNIQUE constraint failed: users.email, users.name"
  const columns = error.message.split(':')[1] ?? '';
  const fields = columns
    .split(',')
    .map((c) => c.trim().split('.').pop() ?? '')
    .filter(Boolean);
  return new UniqueConstraintError(
    `Unique constraint failed: ${error.message}`,
    { sql, parameters: bindings, fields },
    error,
  );
}
