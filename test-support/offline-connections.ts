import { Strata } from '@strata/core';
import type { TestDialect } from './servers';

/**
 * One connection per dialect that never reaches a database: SQLite in memory, and PostgreSQL and
 * MySQL at an address where nothing listens (their pools connect lazily, so only sending a
 * statement would fail). For SQL tests that cover every dialect whatever STRATA_TEST_DIALECTS says.
 * Close them with `closeAll` after the suite.
 *
 * @example
 * const connections = offlineConnections();
 * afterAll(() => closeAll(connections));
 */
export function offlineConnections(): Record<TestDialect, Strata> {
  return {
    sqlite: new Strata({ dialect: 'sqlite', storage: ':memory:' }),
    postgres: new Strata('postgres://nobody@127.0.0.1:1/none'),
    mysql: new Strata('mysql://nobody@127.0.0.1:1/none'),
  };
}

export async function closeAll(connections: Record<TestDialect, Strata>): Promise<void> {
  await Promise.all(Object.values(connections).map((db) => db.close()));
}
