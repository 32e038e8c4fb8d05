import { QueryTypes, type Strata } from '@strata/core';

/**
 * Resolves once some statement touching `table` is waiting for a row lock on the server
 * (`observer` must not be the connection that waits). Lets a test prove that a statement
 * blocks, by order of events instead of by timing. Gives up (throws) after `attempts` polls.
 */
export async function waitForLockWait(observer: Strata, table: string, attempts = 500): Promise<void> {
  const sql =
    observer.getDialect() === 'postgres'
      ? "SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database() AND query LIKE :pattern"
      : "SELECT count(*) AS n FROM information_schema.innodb_trx WHERE trx_state = 'LOCK WAIT' AND trx_query LIKE :pattern";
  for (let attempt = 0; attempt < attempts; attempt++) {
    const rows = (await observer.query(sql, {
      type: QueryTypes.SELECT,
      replacements: { pattern: `%${table}%` },
      transaction: null,
    })) as Array<{ n: number | string }>;
    if (Number(rows[0]?.n) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`No statement on ${table} started waiting for a lock`);
}
