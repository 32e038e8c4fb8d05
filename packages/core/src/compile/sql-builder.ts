import knexFactory, { type Knex } from 'knex';

/**
 * The knex instance a connection compiles its SQL with, named so that modules outside compile/
 * can hand it on to compile/'s functions without importing knex: only compile/ builds SQL with
 * it (dialect/ may name knex's types too, to customise its builders).
 *
 * @internal Left out of the declarations (stripInternal), with every member typed by it, so
 * that a user's compiler never loads knex's types.
 */
export type SqlBuilder = Knex;

/**
 * A connection's SQL builder for a knex client name (`better-sqlite3`, `pg`, `mysql2`). It never
 * connects: knex only compiles here, and the dialect runs the SQL on its own driver.
 *
 * @internal
 */
export function createSqlBuilder(client: string): SqlBuilder {
  return knexFactory({ client, useNullAsDefault: true });
}
