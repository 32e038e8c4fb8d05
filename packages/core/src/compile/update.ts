import type { CompiledQuery } from '../execution/executor';
import { compileWhere, type WhereContext } from './where';
import { fragmentShape, passesThrough, refillFragments, type ShapeCache } from './compile-cache';
import { type SelectContext, toNative } from './select';
import { hasExpressionValues, rowForKnex } from './write-values';
import { tableIdentifier } from '../definition/table-ref';

/**
 * An UPDATE of the rows `where` matches, setting `row` (values keyed by column, already
 * converted for the driver). Its shape is the table, the set columns in order, the where
 * clause's text and whether deleted rows of a paranoid model are excluded; repeated shapes
 * (updates by primary key one after another) reuse the SQL knex built the first time. A value
 * may be an expression (`literal('views + 1')`, `fn('NOW')`): written as SQL, and not cached.
 * `returning`: true for every column, a list for those columns (where the dialect has RETURNING).
 *
 * @example
 * const { sql, bindings } = compileUpdate(context, { name: 'B' }, { where: { id: 1 } }, false);
 */
export function compileUpdate(
  context: SelectContext,
  row: Record<string, unknown>,
  options: { where?: unknown; paranoid?: boolean },
  returning: boolean | readonly string[],
): CompiledQuery {
  const byKey = returning === false ? lastUpdateByKey(context, row, options) : undefined;
  if (byKey) return byKey;
  const { definition, knex } = context;
  const where: WhereContext = { definition, dialect: context.dialect, tableAlias: definition.tableName };
  const condition = options.where !== undefined ? compileWhere(options.where, where) : undefined;
  const deletedAt = definition.timestamps.deletedAt;
  const paranoidField =
    definition.paranoid && deletedAt && options.paranoid !== false
      ? `${where.tableAlias}.${definition.attributes.get(deletedAt)?.field ?? deletedAt}`
      : undefined;
  const columns = Object.keys(row);
  // knex binds the SET values first, then the where clause's.
  const values: unknown[] = columns.map((column) => row[column]);
  const expressions = hasExpressionValues([row]);
  // The where's values join `values` either way: build() reads them from there.
  const whereKey = fragmentShape([condition], values);
  const whereValues = values.length - columns.length;
  const fragmentsKey = expressions ? undefined : whereKey;
  const returningKey = returning === true ? '*' : returning === false ? '-' : returning.join('\u0000');
  const key =
    fragmentsKey === undefined
      ? undefined
      : // NUL separates names (no database allows it in an identifier); the count keeps the parts apart.
        `update\u0000${tableIdentifier(definition)}\u0000${columns.length}\u0000${columns.join('\u0000')}\u0000` +
        `${paranoidField ?? '-'}\u0000${returning === true || returning === false ? 0 : returning.length}\u0000` +
        `${returningKey}\u0000${fragmentsKey}`;
  const compiled = context.shapeCache.compile(key, values, [], (boundValues) => {
    const set: Record<string, unknown> = {};
    columns.forEach((column, index) => (set[column] = boundValues[index]));
    const builder = knex
      .queryBuilder()
      .from(tableIdentifier(definition))
      .update(expressions ? rowForKnex(knex, set, context) : set);
    const [filledWhere] = refillFragments([condition], boundValues.slice(columns.length));
    if (filledWhere) builder.whereRaw(filledWhere.sql, filledWhere.bindings as never[]);
    if (paranoidField) builder.whereNull(paranoidField);
    if (returning === true) builder.returning('*');
    else if (returning !== false && returning.length > 0) builder.returning([...returning]);
    return toNative(builder);
  });
  // The where bound one value, the key's (fragmentShape appended it to `values`).
  if (
    key !== undefined &&
    returning === false &&
    whereValues === 1 &&
    compiled.bindings.length === columns.length + 1
  ) {
    rememberUpdateByKey(context, key, columns, options, compiled.bindings[columns.length]);
  }
  return compiled;
}

/**
 * The last UPDATE ... WHERE "key" = ? shape of a model on a connection: an update by one
 * INTEGER attribute (`where: { id }`, W6's loop, instance saves), the set columns in order.
 */
interface UpdateByKey {
  readonly columns: readonly string[];
  readonly attribute: string;
  readonly paranoid: boolean | undefined;
  readonly sql: string;
}

// Per model definition: two models on one table may map attributes to columns differently.
const updatesByKey = new WeakMap<ShapeCache, Map<object, UpdateByKey>>();

/** The one attribute and integer value of `where: { attribute: value }`, else undefined. */
function integerKeyWhere(context: SelectContext, where: unknown): { attribute: string; value: number } | undefined {
  if (where === null || typeof where !== 'object' || Object.getPrototypeOf(where) !== Object.prototype)
    return undefined;
  let found: { attribute: string; value: number } | undefined;
  for (const name in where) {
    if (found) return undefined;
    const value = (where as Record<string, unknown>)[name];
    if (!Number.isSafeInteger(value)) return undefined;
    found = { attribute: name, value: value as number };
  }
  if (!found || Object.getOwnPropertySymbols(where).length > 0) return undefined;
  return context.definition.attributes.get(found.attribute)?.type.key === 'INTEGER' ? found : undefined;
}

/**
 * An update by one INTEGER attribute whose shape is the table's last one: its SQL without
 * building the where or the shape key. The value is bound as the where would bind it (an
 * INTEGER's safe integer is coerced and converted to itself, which `rememberUpdateByKey` checked).
 */
function lastUpdateByKey(
  context: SelectContext,
  row: Record<string, unknown>,
  options: { where?: unknown; paranoid?: boolean },
): CompiledQuery | undefined {
  const known = updatesByKey.get(context.shapeCache)?.get(context.definition);
  if (!known || known.paranoid !== options.paranoid) return undefined;
  const where = integerKeyWhere(context, options.where);
  if (!where || where.attribute !== known.attribute) return undefined;
  const { columns } = known;
  const bindings: unknown[] = new Array(columns.length + 1);
  let index = 0;
  for (const column in row) {
    const value = row[column];
    if (column !== columns[index] || !passesThrough(value)) return undefined;
    bindings[index++] = value;
  }
  if (index !== columns.length) return undefined;
  bindings[index] = where.value;
  return { sql: known.sql, bindings };
}

function rememberUpdateByKey(
  context: SelectContext,
  key: string,
  columns: readonly string[],
  options: { where?: unknown; paranoid?: boolean },
  boundKey: unknown,
): void {
  const where = integerKeyWhere(context, options.where);
  const sql = context.shapeCache.cachedSql(key);
  if (!where || sql === undefined || boundKey !== where.value) return;
  let tables = updatesByKey.get(context.shapeCache);
  if (!tables) updatesByKey.set(context.shapeCache, (tables = new Map()));
  if (tables.size >= 1000) tables.clear();
  tables.set(context.definition, { columns, attribute: where.attribute, paranoid: options.paranoid, sql });
}
