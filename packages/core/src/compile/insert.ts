import type { Knex } from 'knex';
import type { CompiledQuery } from '../execution/executor';
import type { ConflictHandling } from '../writes/insert';
import { passesThrough, type ShapeCache } from './compile-cache';
import { toNative, type SelectContext } from './select';
import { hasExpressionValues, rowForKnex, type WriteValueContext } from './write-values';

const sortedByKey = new Map<string, string[]>();

/** knex sorts an insert's columns; values are bound row by row in that order. */
function sortedColumns(key: string, columns: string[]): string[] {
  let sorted = sortedByKey.get(key);
  if (!sorted) {
    sorted = [...columns].sort();
    if (sortedByKey.size >= 1000) sortedByKey.clear();
    sortedByKey.set(key, sorted);
  }
  return sorted;
}

/** Whether `row` has exactly these keys, in this order (what knex's column list depends on). */
function hasKeys(row: Record<string, unknown>, keys: readonly string[]): boolean {
  let index = 0;
  for (const key in row) if (key !== keys[index++]) return false;
  return index === keys.length;
}

/**
 * An INSERT of rows already keyed by column, with optional conflict handling and RETURNING.
 * `appendReturning`: the dialect has no RETURNING in general, so knex drops `.returning()`,
 * but this server has it for INSERT (MariaDB 10.5+): the clause is written after the statement.
 * Its shape is the table, the column list, the number of rows and those options; repeated
 * shapes (one create after another, full bulkCreate batches) reuse the SQL knex built the
 * first time. Rows whose columns differ from the first row's go through knex every time, as do
 * rows with an expression value (`fn('NOW')`), which is written as SQL: that needs the model
 * (`connection` is then its runtime).
 */
export function compileInsert(
  connection: Pick<SelectContext, 'knex' | 'shapeCache'> & Partial<WriteValueContext>,
  table: string,
  rows: ReadonlyArray<Record<string, unknown>>,
  conflict: ConflictHandling,
  returning: readonly string[] | undefined,
  appendReturning = false,
): CompiledQuery {
  const oneRow = rows.length === 1 && !conflict.ignoreDuplicates && !conflict.updateColumns && !appendReturning;
  if (oneRow) {
    const known = lastOneRowInsert(connection.shapeCache, table, rows[0], returning);
    if (known) return known;
  }
  const first = Object.keys(rows[0] ?? {});
  const firstKey = first.join('\u0000');
  let uniform = true;
  for (let index = 1; index < rows.length && uniform; index += 1) uniform = hasKeys(rows[index], first);
  const columns = sortedColumns(firstKey, first);
  const values: unknown[] = [];
  if (uniform) for (const row of rows) for (const column of columns) values.push(row[column]);
  const expressions = hasExpressionValues(rows);
  const model = connection.definition && connection.dialect ? (connection as WriteValueContext) : undefined;
  // NUL separates names (no database allows it in an identifier); counts keep the parts apart.
  const key =
    uniform && !expressions
      ? `insert\u0000${table}\u0000${rows.length}\u0000${first.length}\u0000${firstKey}\u0000` +
        `${conflict.ignoreDuplicates ? 1 : 0}\u0000${(conflict.updateColumns ?? ['-']).join('\u0000')}\u0000` +
        `${(conflict.conflictColumns ?? ['-']).join('\u0000')}\u0000${returning ? returning.join('\u0000') : '-'}\u0000` +
        `${appendReturning ? 1 : 0}`
      : undefined;
  const compiled = connection.shapeCache.compile(key, values, [], (boundValues) => {
    const filled = uniform
      ? rows.map((_, index) => {
          const row: Record<string, unknown> = {};
          columns.forEach((column, at) => (row[column] = boundValues[index * columns.length + at]));
          return row;
        })
      : rows;
    const written = expressions ? filled.map((row) => rowForKnex(connection.knex, row, model)) : filled;
    const builder: Knex.QueryBuilder = connection.knex
      .queryBuilder()
      .from(table)
      .insert(written.length === 1 ? written[0] : written);
    if (conflict.ignoreDuplicates || conflict.updateColumns) {
      const onConflict = conflict.conflictColumns?.length
        ? builder.onConflict([...conflict.conflictColumns])
        : builder.onConflict();
      if (conflict.updateColumns?.length) onConflict.merge([...conflict.updateColumns]);
      else onConflict.ignore();
    }
    if (returning && !appendReturning) builder.returning([...returning]);
    const compiled = toNative(builder);
    if (!returning || !appendReturning) return compiled;
    const clause = connection.knex.raw(`RETURNING ${returning.map(() => '??').join(', ')}`, [...returning]).toQuery();
    return { sql: `${compiled.sql} ${clause}`, bindings: compiled.bindings };
  });
  if (oneRow && key !== undefined) rememberOneRowInsert(connection.shapeCache, table, key, first, columns, returning);
  return compiled;
}

/** The last one-row INSERT shape of a table on a connection: its row's keys, bound in `sorted` order. */
interface OneRowInsert {
  readonly keys: readonly string[];
  readonly sorted: readonly string[];
  readonly returning: readonly string[] | undefined;
  readonly sql: string;
}

const oneRowInserts = new WeakMap<ShapeCache, Map<string, OneRowInsert>>();

/**
 * `create()` in a loop inserts one row of the same columns each time: its statement is found by
 * comparing the row's keys with the table's last one-row shape, without building the shape key
 * string. Only SQL the shape cache verified is kept; a value knex would treat specially (an
 * expression, undefined) goes the general way.
 */
function lastOneRowInsert(
  cache: ShapeCache,
  table: string,
  row: Record<string, unknown>,
  returning: readonly string[] | undefined,
): CompiledQuery | undefined {
  const known = oneRowInserts.get(cache)?.get(table);
  if (!known || !sameList(known.returning, returning) || !hasKeys(row, known.keys)) return undefined;
  const { sorted } = known;
  const bindings: unknown[] = new Array(sorted.length);
  for (let index = 0; index < sorted.length; index++) {
    const value = row[sorted[index]];
    if (!passesThrough(value)) return undefined;
    bindings[index] = value;
  }
  return { sql: known.sql, bindings };
}

function rememberOneRowInsert(
  cache: ShapeCache,
  table: string,
  key: string,
  keys: readonly string[],
  sorted: readonly string[],
  returning: readonly string[] | undefined,
): void {
  const sql = cache.cachedSql(key);
  if (sql === undefined) return;
  let tables = oneRowInserts.get(cache);
  if (!tables) oneRowInserts.set(cache, (tables = new Map()));
  if (tables.size >= 1000) tables.clear();
  tables.set(table, { keys, sorted, returning: returning && [...returning], sql });
}

function sameList(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  for (let index = 0; index < a.length; index++) if (a[index] !== b[index]) return false;
  return true;
}
