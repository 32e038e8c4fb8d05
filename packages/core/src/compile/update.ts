import type { CompiledQuery } from '../execution/executor';
import { compileWhere, type WhereContext } from './where';
import { fragmentShape, refillFragments } from './compile-cache';
import { type SelectContext, toNative } from './select';

/**
 * An UPDATE of the rows `where` matches, setting `row` (values keyed by column, already
 * converted for the driver). Its shape is the table, the set columns in order, the where
 * clause's text and whether deleted rows of a paranoid model are excluded; repeated shapes
 * (updates by primary key one after another) reuse the SQL knex built the first time.
 *
 * @example
 * const { sql, bindings } = compileUpdate(context, { name: 'B' }, { where: { id: 1 } }, false);
 */
export function compileUpdate(
  context: SelectContext,
  row: Record<string, unknown>,
  options: { where?: unknown; paranoid?: boolean },
  returningAll: boolean,
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
  const fragmentsKey = fragmentShape([condition], values);
  const key =
    fragmentsKey === undefined
      ? undefined
      : // NUL separates names (no database allows it in an identifier); the count keeps the parts apart.
        `update\u0000${definition.tableName}\u0000${columns.length}\u0000${columns.join('\u0000')}\u0000` +
        `${paranoidField ?? '-'}\u0000${returningAll ? 1 : 0}\u0000${fragmentsKey}`;
  return context.shapeCache.compile(key, values, [], (boundValues) => {
    const set: Record<string, unknown> = {};
    columns.forEach((column, index) => (set[column] = boundValues[index]));
    const builder = knex.queryBuilder().from(definition.tableName).update(set);
    const [filledWhere] = refillFragments([condition], boundValues.slice(columns.length));
    if (filledWhere) builder.whereRaw(filledWhere.sql, filledWhere.bindings as never[]);
    if (paranoidField) builder.whereNull(paranoidField);
    if (returningAll) builder.returning('*');
    return toNative(builder);
  });
}
