import { QueryTypes, type Strata } from '@strata/core';

/**
 * Resolves once another connection's statement on `table` is running on the server and
 * stuck: on PostgreSQL, waiting for a lock; on MySQL/MariaDB, still executing (MariaDB does
 * not always list a row-lock wait in innodb_trx while the optimizer reads a row by key; a
 * statement with bound values runs as a prepared statement, whose command is 'Execute').
 * Lets a test prove that a statement blocks by the order of events, not by timing. Throws
 * when no such statement shows up within `attempts` polls.
 */
export async function waitUntilBlocked(observer: Strata, table: string, attempts = 1000): Promise<void> {
  const sql =
    observer.getDialect() === 'postgres'
      ? "SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database() AND query LIKE :pattern"
      : "SELECT count(*) AS n FROM information_schema.processlist WHERE db = DATABASE() AND command IN ('Query', 'Execute') AND id <> CONNECTION_ID() AND info LIKE :pattern";
  for (let attempt = 0; attempt < attempts; attempt++) {
    const rows = (await observer.query(sql, {
      type: QueryTypes.SELECT,
      replacements: { pattern: `%${table}%` },
      transaction: null,
    })) as Array<{ n: number | string }>;
    if (Number(rows[0]?.n) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`No statement on ${table} was seen blocked`);
}
