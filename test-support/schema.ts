import { QueryTypes, type ForeignKeyDescription, type Strata } from '@strata/core';

/**
 * The live foreign keys of a table, read through the dialect's introspector (schema tests prove
 * constraints by reading the catalog, not only by writes succeeding).
 */
export async function foreignKeysOf(db: Strata, table: string): Promise<ForeignKeyDescription[]> {
  const connection = await db.dialect.acquire();
  try {
    return await db.dialect.introspector.showForeignKeys(connection, table);
  } finally {
    db.dialect.release(connection);
  }
}

/** The rows of a raw SELECT, on any dialect. */
export async function selectRows<T = Record<string, unknown>>(
  db: Strata,
  sql: string,
  replacements: unknown[] = [],
): Promise<T[]> {
  return (await db.query(sql, { type: QueryTypes.SELECT, replacements })) as T[];
}
