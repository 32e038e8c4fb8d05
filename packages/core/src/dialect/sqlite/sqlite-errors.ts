import {
  ConnectionError,
  DatabaseError,
  ForeignKeyConstraintError,
  StrataError,
  UniqueConstraintError,
} from '../../errors/errors';

interface SqliteError extends Error {
  code?: string;
}

/** Maps better-sqlite3's `SQLITE_*` codes to Strata's error classes. */
export function convertSqliteError(error: unknown, sql: string, bindings: readonly unknown[]): Error {
  if (error instanceof StrataError) return error;
  const driverError = error as SqliteError;
  const message = driverError.message ?? String(error);
  switch (driverError.code) {
    case 'SQLITE_CONSTRAINT_UNIQUE':
    case 'SQLITE_CONSTRAINT_PRIMARYKEY': {
      // "UNIQUE constraint failed: users.email, users.name"
      const columns = message.split(':')[1] ?? '';
      const fields = columns
        .split(',')
        .map((c) => c.trim().split('.').pop() ?? '')
        .filter(Boolean);
      return new UniqueConstraintError(
        `Unique constraint failed: ${message}`,
        { sql, parameters: bindings, fields },
        error,
      );
    }
    case 'SQLITE_CONSTRAINT_FOREIGNKEY':
      return new ForeignKeyConstraintError(
        `Foreign key constraint failed: ${message}`,
        { sql, parameters: bindings },
        error,
      );
    case 'SQLITE_CANTOPEN':
    case 'SQLITE_NOTADB':
    case 'SQLITE_PERM':
      return new ConnectionError(`Cannot open the SQLite database: ${message}`, { cause: error });
    default:
      return new DatabaseError(message, sql, bindings, error);
  }
}
