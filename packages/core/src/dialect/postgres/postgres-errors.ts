import {
  ConnectionError,
  DatabaseError,
  ForeignKeyConstraintError,
  StrataError,
  TimeoutError,
  UniqueConstraintError,
} from '../../errors/errors';

interface PgError extends Error {
  code?: string;
  detail?: string;
  constraint?: string;
  table?: string;
}

/** Maps PostgreSQL SQLSTATE codes to Strata's error classes. */
export function convertPostgresError(error: unknown, sql: string, bindings: readonly unknown[]): Error {
  if (error instanceof StrataError) return error;
  const pgError = error as PgError;
  const message = pgError.message ?? String(error);
  switch (pgError.code) {
    case '23505': {
      // message: 'duplicate key value violates unique constraint "users_email_key"' (no value);
      // detail: 'Key (email)=(a@b.c) already exists.', which stays on the driver's error.
      const match = /^Key \((.+?)\)=\((.*)\) already exists/s.exec(pgError.detail ?? '');
      const fields = match ? match[1].split(',').map((f) => f.trim().replace(/^"|"$/g, '')) : [];
      return new UniqueConstraintError(
        `Unique constraint failed: ${message}`,
        {
          sql,
          parameters: bindings,
          fields,
          constraint: pgError.constraint,
          duplicateValues: match ? splitKeyValues(match[2], fields.length) : [],
        },
        error,
      );
    }
    case '23503':
      return new ForeignKeyConstraintError(
        `Foreign key constraint failed: ${message}`,
        { sql, parameters: bindings, table: pgError.table, constraint: pgError.constraint },
        error,
      );
    case '28P01':
    case '28000':
    case '3D000':
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
      return new ConnectionError(`Cannot connect to PostgreSQL: ${message}`, { cause: error });
    default:
      if (/timeout exceeded when trying to connect/i.test(message)) {
        return new TimeoutError(`No free PostgreSQL connection within pool.acquire ms: ${message}`, { cause: error });
      }
      return new DatabaseError(message, sql, bindings, error);
  }
}

/**
 * The values of `Key (a, b)=(x, y)`: PostgreSQL joins them with ', ' without quoting, so a
 * value containing ', ' makes the split ambiguous and none is returned.
 */
function splitKeyValues(text: string, columnCount: number): string[] {
  const values = columnCount === 1 ? [text] : text.split(', ');
  return values.length === columnCount ? values : [];
}
