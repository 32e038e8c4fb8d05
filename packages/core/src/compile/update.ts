import type { CompiledQuery } from '../execution/executor';
import { compileWhere, type WhereContext } from './where';
import { fragmentShape, refillFragments } from './compile-cache';
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
  const fragmentsKey = expressions ? undefined : whereKey;
  const returningKey = returning === true ? '*' : returning === false ? '-' : returning.join('\u0000');
  const key =
    fragmentsKey === undefined
      ? undefined
      : // NUL separates names (no database allows it in an identifier); the count keeps the parts apart.
        `update\u0000${tableIdentifier(definition)}\u0000${columns.length}\u0000${columns.join('\u0000')}\u0000` +
        `${paranoidField ?? '-'}\u0000${returning === true || returning === false ? 0 : returning.length}\u0000` +
        `${returningKey}\u0000${fragmentsKey}`;
  return context.shapeCache.compile(key, values, [], (boundValues) => {
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
}
