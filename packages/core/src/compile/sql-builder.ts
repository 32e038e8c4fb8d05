import type { Knex } from 'knex';

/**
 * The knex instance a connection compiles its SQL with, named so that modules outside compile/
 * can hand it on to compile/'s functions without importing knex: only compile/ builds SQL with
 * it (dialect/ may name knex's types too, to customise its builders).
 */
export type SqlBuilder = Knex;
