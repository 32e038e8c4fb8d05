import knexFactory, { type Knex } from 'knex';

/**
 * The knex instance a connection compiles its SQL with, named so that modules outside compile/
 * can hand it on to compile/'s functions without importing knex: only compile/ builds SQL with
 * it (dialect/ may name knex's types too, to customise its builders).
 */
export type SqlBuilder = Knex;

/**
 * A connection's SQL builder for a knex client name (`better-sqlite3`, `pg`, `mysql2`). It never
 * connects: knex only compiles here, and the dialect runs the SQL on its own driver.
 */
export function createSqlBuilder(client: string): SqlBuilder {
  return knexFactory({ client, useNullAsDefault: true });
}
