import {
  AccessDeniedError,
  ConnectionLostError,
  ConnectionRefusedError,
  ConnectionTimedOutError,
  InvalidConnectionError,
} from '../../errors/connection-errors';
import {
  ConnectionError,
  DatabaseError,
  ExclusionConstraintError,
  ForeignKeyConstraintError,
  StrataError,
  UniqueConstraintError,
} from '../../errors/errors';
import { DeadlockError, LockTimeoutError, QueryTimeoutError, SerializationError } from '../../errors/transient-errors';
import { socketFault, toDriverError } from '../connection-faults';
import { missingTableError } from '../missing-table';

interface PgError extends Error {
  code?: string;
  detail?: string;
  constraint?: string;
  table?: string;
}

type Convert = (error: PgError, sql: string, bindings: readonly unknown[]) => Error;

const lost: Convert = (error, sql) =>
  new ConnectionLostError(`Connection to PostgreSQL lost: ${error.message}`, { cause: error, sql });

/**
 * PostgreSQL's SQLSTATE codes (https://www.postgresql.org/docs/current/errcodes-appendix.html)
 * and pg's own connection messages, to Strata's classes. One row per fault; anything else is a
 * DatabaseError.
 */
const BY_SQLSTATE: ReadonlyMap<string, Convert> = new Map<string, Convert>([
  ['23505', uniqueViolation],
  ['42P01', (error, sql, bindings) => missingTableError(error.message, sql, bindings, error)], // undefined_table
  [
    '23503',
    (error, sql, bindings) =>
      new ForeignKeyConstraintError(
        `Foreign key constraint failed: ${error.message}`,
        {
          sql,
          parameters: bindings,
          table: error.table,
          constraint: error.constraint,
          // 'insert or update on table "x" violates ...' / 'update or delete on table "y" violates ...'
          reltype: /^update or delete on/i.test(error.message) ? 'parent' : 'child',
        },
        error,
      ),
  ],
  [
    '23P01',
    (error, sql, bindings) =>
      new ExclusionConstraintError(
        `Exclusion constraint failed: ${error.message}`,
        { sql, parameters: bindings, table: error.table, constraint: error.constraint },
        error,
      ),
  ],
  ['40001', (error, sql, bindings) => new SerializationError(error.message, sql, bindings, error)],
  ['40P01', (error, sql, bindings) => new DeadlockError(error.message, sql, bindings, error)],
  // lock_not_available: lock_timeout ran out, or NOWAIT found the row locked.
  ['55P03', (error, sql) => new LockTimeoutError(`Lock wait timed out: ${error.message}`, { cause: error, sql })],
  // query_canceled: statement_timeout (Strata's `timeout`), or a pg_cancel_backend.
  ['57014', (error, sql) => new QueryTimeoutError(`Query timed out: ${error.message}`, { cause: error, sql })],
  // The server ends the session (FATAL): terminated, shut down, idle-in-transaction timeout.
  ['57P01', lost],
  ['57P02', lost],
  ['25P03', lost],
  ['08000', lost],
  ['08003', lost],
  ['08006', lost],
  [
    '57P03',
    (error) =>
      new ConnectionRefusedError(`Cannot connect to PostgreSQL: ${error.message}`, { cause: error, retryable: true }),
  ],
  ['28P01', (error) => new AccessDeniedError(`Cannot connect to PostgreSQL: ${error.message}`, { cause: error })],
  ['28000', (error) => new AccessDeniedError(`Cannot connect to PostgreSQL: ${error.message}`, { cause: error })],
  ['3D000', (error) => new InvalidConnectionError(`Cannot connect to PostgreSQL: ${error.message}`, { cause: error })],
  [
    '53300',
    (error) => new ConnectionError(`Cannot connect to PostgreSQL: ${error.message}`, { cause: error, retryable: true }),
  ],
]);

/** pg's own messages for a connection that broke (no SQLSTATE). */
const BY_MESSAGE: ReadonlyArray<readonly [RegExp, Convert]> = [
  [
    /connection timeout|timeout expired/i,
    (error) => new ConnectionTimedOutError(`Cannot connect to PostgreSQL: ${error.message}`, { cause: error }),
  ],
  // pg refuses before sending: the client already knows its socket is gone.
  [
    /is not queryable/i,
    (error, sql) =>
      new ConnectionLostError(`Connection to PostgreSQL lost: ${error.message}`, {
        cause: error,
        sql,
        sentToServer: false,
        retryable: true,
      }),
  ],
  [/Connection terminated|ended unexpectedly|server closed the connection/i, lost],
];

/** Maps PostgreSQL SQLSTATE codes (and pg's connection faults) to Strata's error classes. */
export function convertPostgresError(error: unknown, sql: string, bindings: readonly unknown[]): Error {
  if (error instanceof StrataError) return error;
  // Duck-typed, never `instanceof Error`: a driver's native addon may build its errors from
  // another realm's Error (jest re-evaluates modules; the addon keeps its first classes).
  const pgError = toDriverError<PgError>(error);
  const bySqlState = pgError.code === undefined ? undefined : BY_SQLSTATE.get(pgError.code);
  if (bySqlState) return bySqlState(pgError, sql, bindings);
  const socket = socketFault(error, 'PostgreSQL', sql);
  if (socket) return socket;
  for (const [pattern, convert] of BY_MESSAGE)
    if (pattern.test(pgError.message)) return convert(pgError, sql, bindings);
  return new DatabaseError(pgError.message, sql, bindings, error);
}

function uniqueViolation(pgError: PgError, sql: string, bindings: readonly unknown[]): Error {
  // message: 'duplicate key value violates unique constraint "users_email_key"' (no value);
  // detail: 'Key (email)=(a@b.c) already exists.', which stays on the driver's error.
  const match = /^Key \((.+?)\)=\((.*)\) already exists/s.exec(pgError.detail ?? '');
  const fields = match ? match[1].split(',').map((f) => f.trim().replace(/^"|"$/g, '')) : [];
  return new UniqueConstraintError(
    `Unique constraint failed: ${pgError.message}`,
    {
      sql,
      parameters: bindings,
      fields,
      constraint: pgError.constraint,
      duplicateValues: match ? splitKeyValues(match[2], fields.length) : [],
    },
    pgError,
  );
}

/**
 * The values of `Key (a, b)=(x, y)`: PostgreSQL joins them with ', ' without quoting, so a
 * value containing ', ' makes the split ambiguous and none is returned.
 */
function splitKeyValues(text: string, columnCount: number): string[] {
  const values = columnCount === 1 ? [text] : text.split(', ');
  return values.length === columnCount ? values : [];
}
