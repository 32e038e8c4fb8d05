import {
  ConnectionError,
  DatabaseError,
  ForeignKeyConstraintError,
  StrataError,
  UniqueConstraintError,
} from '../../errors/errors';

interface MysqlError extends Error {
  code?: string;
  errno?: number;
  sqlMessage?: string;
}

/** Maps MySQL/MariaDB error codes to Strata's error classes. */
export function convertMysqlError(error: unknown, sql: string, bindings: readonly unknown[]): Error {
  if (error instanceof StrataError) return error;
  const mysqlError = error as MysqlError;
  const message = mysqlError.sqlMessage ?? mysqlError.message ?? String(error);
  switch (mysqlError.code) {
    case 'ER_DUP_ENTRY': {
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
    case 'ER_NO_REFERENCED_ROW':
    case 'ER_NO_REFERENCED_ROW_2':
    case 'ER_ROW_IS_REFERENCED':
    case 'ER_ROW_IS_REFERENCED_2': {
      const constraint = /CONSTRAINT `([^`]+)`/.exec(message)?.[1];
      return new ForeignKeyConstraintError(
        `Foreign key constraint failed: ${message}`,
        { sql, parameters: bindings, constraint },
        error,
      );
    }
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'ER_ACCESS_DENIED_ERROR':
    case 'ER_BAD_DB_ERROR':
    case 'PROTOCOL_CONNECTION_LOST':
      return new ConnectionError(`Cannot connect to MySQL: ${message}`, { cause: error });
    default:
      return new DatabaseError(message, sql, bindings, error);
  }
}
