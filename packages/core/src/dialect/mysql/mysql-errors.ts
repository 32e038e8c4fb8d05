import {
  AccessDeniedError,
  ConnectionLostError,
  ConnectionTimedOutError,
  InvalidConnectionError,
} from '../../errors/connection-errors';
import {
  ConnectionError,
  DatabaseError,
  ForeignKeyConstraintError,
  StrataError,
  UniqueConstraintError,
} from '../../errors/errors';
import { DeadlockError, LockTimeoutError, QueryTimeoutError, SerializationError } from '../../errors/transient-errors';
import { socketFault, toDriverError } from '../connection-faults';
import { missingTableError } from '../missing-table';

interface MysqlError extends Error {
  code?: string;
  errno?: number;
  sqlMessage?: string;
}

type Convert = (error: MysqlError, message: string, sql: string, bindings: readonly unknown[]) => Error;

const lost: Convert = (error, message, sql) =>
  new ConnectionLostError(`Connection to MySQL lost: ${message}`, { cause: error, sql });
const cannotConnect =
  (ErrorClass: typeof ConnectionError): Convert =>
  (error, message) =>
    new ErrorClass(`Cannot connect to MySQL: ${message}`, { cause: error });
const foreignKey =
  (reltype: 'parent' | 'child'): Convert =>
  (error, message, sql, bindings) =>
    new ForeignKeyConstraintError(
      `Foreign key constraint failed: ${message}`,
      { sql, parameters: bindings, constraint: /CONSTRAINT `([^`]+)`/.exec(message)?.[1], reltype },
      error,
    );
const queryTimeout: Convert = (error, message, sql) =>
  new QueryTimeoutError(`Query timed out: ${message}`, { cause: error, sql });

/**
 * MySQL's and MariaDB's server error numbers
 * (https://dev.mysql.com/doc/mysql-errors/8.0/en/server-error-reference.html,
 * https://mariadb.com/kb/en/mariadb-error-codes/) to Strata's classes. Anything else is a
 * DatabaseError.
 */
const BY_ERRNO: ReadonlyMap<number, Convert> = new Map<number, Convert>([
  [1062, uniqueViolation], // ER_DUP_ENTRY
  [1146, (error, message, sql, bindings) => missingTableError(message, sql, bindings, error)], // ER_NO_SUCH_TABLE
  [1216, foreignKey('child')], // ER_NO_REFERENCED_ROW
  [1217, foreignKey('parent')], // ER_ROW_IS_REFERENCED
  [1451, foreignKey('parent')], // ER_ROW_IS_REFERENCED_2
  [1452, foreignKey('child')], // ER_NO_REFERENCED_ROW_2
  [1213, (error, message, sql, bindings) => new DeadlockError(message, sql, bindings, error)], // ER_LOCK_DEADLOCK
  // ER_CHECKREAD: MariaDB's snapshot isolation saw the row change under a repeatable read.
  [1020, (error, message, sql, bindings) => new SerializationError(message, sql, bindings, error)],
  [
    1205, // ER_LOCK_WAIT_TIMEOUT (innodb_lock_wait_timeout, Strata's lockTimeout)
    (error, message, sql) => new LockTimeoutError(`Lock wait timed out: ${message}`, { cause: error, sql }),
  ],
  [3024, queryTimeout], // MySQL ER_QUERY_TIMEOUT (max_execution_time)
  [1969, queryTimeout], // MariaDB ER_STATEMENT_TIMEOUT (max_statement_time)
  [1045, cannotConnect(AccessDeniedError)], // ER_ACCESS_DENIED_ERROR
  [1044, cannotConnect(AccessDeniedError)], // ER_DBACCESS_DENIED_ERROR
  [1698, cannotConnect(AccessDeniedError)], // ER_ACCESS_DENIED_NO_PASSWORD_ERROR (unix_socket/unknown user)
  [1049, cannotConnect(InvalidConnectionError)], // ER_BAD_DB_ERROR
  [
    1040, // ER_CON_COUNT_ERROR: too many connections, free soon
    (error, message) => new ConnectionError(`Cannot connect to MySQL: ${message}`, { cause: error, retryable: true }),
  ],
  [1927, lost], // ER_CONNECTION_KILLED (KILL)
  [1053, lost], // ER_SERVER_SHUTDOWN
  [2006, lost], // CR_SERVER_GONE_ERROR
  [2013, lost], // CR_SERVER_LOST
]);

/** mysql2's own codes for a connection that broke or never opened (no server errno). */
const BY_DRIVER_CODE: ReadonlyMap<string, Convert> = new Map<string, Convert>([
  ['PROTOCOL_CONNECTION_LOST', lost],
  ['PROTOCOL_SEQUENCE_TIMEOUT', lost],
  ['ER_CONNECTION_KILLED', lost],
  [
    'ETIMEDOUT',
    (error, message) => new ConnectionTimedOutError(`Cannot connect to MySQL: ${message}`, { cause: error }),
  ],
]);

/** Maps MySQL/MariaDB error numbers (and mysql2's connection faults) to Strata's error classes. */
export function convertMysqlError(error: unknown, sql: string, bindings: readonly unknown[]): Error {
  if (error instanceof StrataError) return error;
  // Duck-typed, never `instanceof Error`: a driver's native addon may build its errors from
  // another realm's Error (jest re-evaluates modules; the addon keeps its first classes).
  const mysqlError = toDriverError<MysqlError>(error);
  const message = mysqlError.sqlMessage ?? mysqlError.message;
  const byErrno = mysqlError.errno === undefined ? undefined : BY_ERRNO.get(mysqlError.errno);
  if (byErrno) return byErrno(mysqlError, message, sql, bindings);
  const byCode = mysqlError.code === undefined ? undefined : BY_DRIVER_CODE.get(mysqlError.code);
  if (byCode) return byCode(mysqlError, message, sql, bindings);
  const socket = socketFault(error, 'MySQL', sql);
  if (socket) return socket;
  if (/connection is in closed state/i.test(message)) {
    // mysql2 refuses before sending: the connection already knew it was closed.
    return new ConnectionLostError(`Connection to MySQL lost: ${message}`, {
      cause: error,
      sql,
      sentToServer: false,
      retryable: true,
    });
  }
  return new DatabaseError(message, sql, bindings, error);
}

function uniqueViolation(error: MysqlError, message: string, sql: string, bindings: readonly unknown[]): Error {
  // "Duplicate entry 'a@b.c' for key 'users.email'" / "... for key 'email'". The entry is
  // the duplicate value (shortened by MySQL past 64 characters, so it cannot be matched to a
  // binding and redacted): the message Strata keeps names only the key.
  const key = /for key '([^']+)'/.exec(message)?.[1];
  const constraint = key?.split('.').pop();
  const entry = /^Duplicate entry '(.*)' for key/s.exec(message)?.[1];
  return new UniqueConstraintError(
    `Unique constraint failed: duplicate entry for key '${key ?? 'unknown'}'`,
    {
      sql,
      parameters: bindings,
      fields: constraint ? [constraint] : [],
      constraint,
      // A composite key's entry is its values joined with '-', which cannot be split
      // reliably: it stays one text, and a model's write leaves errors[i].value null.
      duplicateValues: entry === undefined ? [] : [entry],
    },
    error,
  );
}
