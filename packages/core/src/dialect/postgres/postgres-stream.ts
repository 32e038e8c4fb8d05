import type { DriverConnection, QueryResult, RowStream } from '../dialect';

type Execute = (connection: DriverConnection, sql: string, bindings: readonly unknown[]) => Promise<QueryResult>;

let cursors = 0;

/**
 * The rows of a SELECT through a server-side cursor: `DECLARE ... NO SCROLL CURSOR FOR`, then
 * `FETCH FORWARD batchSize` until a short batch, then `CLOSE`. DECLARE needs a transaction
 * block, which the caller holds. Each FETCH is an ordinary statement, so the connection runs
 * other statements between batches (a to-many include's loads); the stream is not exclusive.
 * `execute` is the dialect's, which orders statements on one client.
 */
export function postgresStream(
  execute: Execute,
  connection: DriverConnection,
  sql: string,
  bindings: readonly unknown[],
  batchSize: number,
): RowStream {
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`batchSize must be a positive integer (got ${String(batchSize)})`);
  }
  return {
    exclusive: false,
    [Symbol.asyncIterator]: () => fetchBatches(execute, connection, sql, bindings, batchSize),
  };
}

async function* fetchBatches(
  execute: Execute,
  connection: DriverConnection,
  sql: string,
  bindings: readonly unknown[],
  batchSize: number,
): AsyncGenerator<Record<string, unknown>[]> {
  // A name of our own making, never user text; unique per process, so two streams on one
  // transaction do not collide.
  const cursor = `strata_cursor_${++cursors}`;
  await execute(connection, `DECLARE ${cursor} NO SCROLL CURSOR FOR ${sql}`, bindings);
  try {
    for (;;) {
      const { rows } = await execute(connection, `FETCH FORWARD ${batchSize} FROM ${cursor}`, []);
      if (rows.length > 0) yield rows;
      if (rows.length < batchSize) return;
    }
  } finally {
    // After an error the transaction is aborted and CLOSE fails; the rollback closes the cursor.
    await execute(connection, `CLOSE ${cursor}`, []).catch(() => undefined);
  }
}
