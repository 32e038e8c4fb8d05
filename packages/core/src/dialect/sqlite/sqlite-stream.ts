import type Database from 'better-sqlite3';
import type { ExecuteOptions, RowStream } from '../dialect';
import type { SqliteConnection } from './sqlite-dialect';

/**
 * The rows of a SELECT through better-sqlite3's `statement.iterate()`, `batchSize` at a time.
 * The statement is prepared for this stream alone (the dialect's cached statement for the same
 * SQL may run meanwhile). While the iterator is open, better-sqlite3 still runs reads on the
 * connection (a to-many include's loads) but refuses writes, so the stream is not exclusive.
 */
export function sqliteStream(
  connection: SqliteConnection,
  sql: string,
  bindings: readonly unknown[],
  batchSize: number,
  options?: ExecuteOptions,
): RowStream {
  return {
    exclusive: false,
    [Symbol.asyncIterator]: () => iterateBatches(connection.database, sql, bindings, batchSize, options),
  };
}

async function* iterateBatches(
  database: Database.Database,
  sql: string,
  bindings: readonly unknown[],
  batchSize: number,
  options: ExecuteOptions | undefined,
): AsyncGenerator<Record<string, unknown>[]> {
  const statement = database.prepare(sql);
  statement.safeIntegers(options?.exactIntegers ?? false);
  const rows = statement.iterate(...bindings) as IterableIterator<Record<string, unknown>>;
  try {
    let batch: Record<string, unknown>[] = [];
    for (let step = rows.next(); !step.done; step = rows.next()) {
      batch.push(step.value);
      if (batch.length < batchSize) continue;
      yield batch;
      batch = [];
    }
    if (batch.length > 0) yield batch;
  } finally {
    // Ends the statement (a no-op when it ran to the end), so the connection can write again.
    rows.return?.();
  }
}
