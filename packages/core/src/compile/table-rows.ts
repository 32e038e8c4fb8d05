import type { Knex } from 'knex';
import { buildModelDefinition } from '../definition/build-definition';
import { tableIdentifier, tableRef, type TableName } from '../definition/table-ref';
import type { Dialect } from '../dialect/dialect';
import type { CompiledQuery } from '../execution/executor';
import { toNative } from './select';
import { compileWhere, isPlainObject } from './where';

/** Values keyed by column, already converted for the driver. */
export type ColumnValues = Readonly<Record<string, unknown>>;

/**
 * UPDATE of a table's rows without a model (the query interface's bulkUpdate): sets `values`
 * on the rows matching `filter` (a where object, Op operators included), every value bound.
 */
export function compileTableUpdate(
  knex: Knex,
  dialect: Dialect,
  table: TableName,
  values: ColumnValues,
  filter: unknown,
): CompiledQuery {
  return toNative(withTableFilter(knex(tableIdentifier(table)).update(asKnexValues(values)), dialect, table, filter));
}

/**
 * DELETE of a table's rows without a model (the query interface's bulkDelete): the rows
 * matching `filter`; every row when it is null or `{}` (sequelize-cli's seeder template calls
 * `bulkDelete('People', null, {})` to empty the table).
 */
export function compileTableDelete(knex: Knex, dialect: Dialect, table: TableName, filter: unknown): CompiledQuery {
  return toNative(withTableFilter(knex(tableIdentifier(table)), dialect, table, filter).delete());
}

function withTableFilter<B extends Knex.QueryBuilder>(
  builder: B,
  dialect: Dialect,
  table: TableName,
  filter: unknown,
): B {
  if (filter === null || filter === undefined) return builder;
  if (isPlainObject(filter) && Reflect.ownKeys(filter).length === 0) return builder;
  // No model describes the table, so the where compiler takes every key as a column of it,
  // named by the bare table name (which stands for the table in its schema).
  const { tableName } = tableRef(table);
  const definition = buildModelDefinition(tableName, {}, { tableName, timestamps: false });
  const condition = compileWhere(filter, { definition, dialect, tableAlias: tableName, untypedColumns: true });
  return builder.whereRaw(condition.sql, condition.bindings as Knex.RawBinding[]) as B;
}

/** knex types values narrowly; these are already converted for the driver by the codec. */
function asKnexValues(values: ColumnValues): Record<string, Knex.Value> {
  return values as Record<string, Knex.Value>;
}
