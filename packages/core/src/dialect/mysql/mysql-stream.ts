import type { Readable } from 'node:stream';
import type { RowStream } from '../dialect';
import { toWireParameter } from './mysql-codec';
import type { MysqlConnection } from './mysql-dialect';

/** The part of a mysql2 Query/Execute command the stream uses. */
interface StreamingCommand {
  stream(options: { highWaterMark: number }): Readable;
  once(event: 'end' | 'error', listener: () => void): unknown;
}

/**
 * The rows of a SELECT through mysql2's row stream (`command.stream()`), which pauses the socket
 * while `batchSize` rows wait to be read. Values are bound through a prepared statement, as
 * in `execute` (never interpolated into the text). mysql2 reads a result to its end before it
 * sends the next command, so the stream is exclusive: nothing else runs on the connection
 * until it ends. Ending early discards the rest of the result, so the connection is idle when
 * it is handed back.
 */
export function mysqlStream(
  connection: MysqlConnection,
  sql: string,
  bindings: readonly unknown[],
  batchSize: number,
): RowStream {
  return {
    exclusive: true,
    [Symbol.asyncIterator]: () => streamBatches(connection, sql, bindings, batchSize),
  };
}

async function* streamBatches(
  connection: MysqlConnection,
  sql: string,
  bindings: readonly unknown[],
  batchSize: number,
): AsyncGenerator<Record<string, unknown>[]> {
  const raw = connection.client.connection as unknown as {
    query(sql: string): StreamingCommand;
    execute(sql: string, values: unknown[]): StreamingCommand;
  };
  const command = bindings.length === 0 ? raw.query(sql) : raw.execute(sql, bindings.map(toWireParameter) as unknown[]);
  const finished = new Promise<void>((resolve) => {
    command.once('end', resolve);
    command.once('error', resolve);
  });
  const rows = command.stream({ highWaterMark: batchSize });
  try {
    let batch: Record<string, unknown>[] = [];
    for await (const row of rows) {
      batch.push(row as Record<string, unknown>);
      if (batch.length < batchSize) continue;
      yield batch;
      batch = [];
    }
    if (batch.length > 0) yield batch;
  } finally {
    rows.destroy();
    await finished;
  }
}
