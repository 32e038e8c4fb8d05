import type { Knex } from 'knex';
import type { CompiledQuery } from '../execution/executor';
import { toNative } from './select';

/** Values keyed by column, already converted for the driver; a filter's are compared with `=`. */
export type ColumnValues = Readonly<Record<string, unknown>>;

/**
 * UPDATE of a table's rows without a model (the query interface's bulkUpdate): sets `values`
 * on the rows whose columns equal `filter`'s values, every value bound.
 */
export function compileTableUpdate(
  knex: Knex,
  table: string,
  values: ColumnValues,
  filter: ColumnValues,
): CompiledQuery {
  return toNative(knex(table).update(asKnexValues(values)).where(asKnexValues(filter)));
}

/**
 * DELETE of a table's rows without a model (the query interface's bulkDelete): the rows whose
 * columns equal `filter`'s values, every row when it is empty.
 */
export function compileTableDelete(knex: Knex, table: string, filter: ColumnValues): CompiledQuery {
  return toNative(knex(table).where(asKnexValues(filter)).delete());
}

/** knex types values narrowly; these are already converted for the driver by the codec. */
function asKnexValues(values: ColumnValues): Record<string, Knex.Value> {
  return values as Record<string, Knex.Value>;
}
