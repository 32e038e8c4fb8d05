import type { CompiledQuery } from '../execution/executor';
import { applyWhere, toNative, type SelectContext } from './select';
import { tableIdentifier } from '../definition/table-ref';

/**
 * `UPDATE ... SET x = x + ?` on the rows `options.where` matches: the database computes each new
 * value, so concurrent increments add up instead of overwriting one another. `amounts` are by
 * column and already signed (a decrement passes negative amounts); `set` holds other columns
 * with values converted for the driver (updatedAt). `returning` adds RETURNING of every column
 * of the model, for the dialects that have it.
 *
 * @example
 * compileIncrement(context, { stock: -2 }, { updated_at: now }, { where: { id: 1 } }, false);
 * // UPDATE "products" SET "stock" = "products"."stock" + ?, "updated_at" = ? WHERE ...
 */
export function compileIncrement(
  context: SelectContext,
  amounts: Readonly<Record<string, number>>,
  set: Readonly<Record<string, unknown>>,
  options: { where?: unknown; paranoid?: boolean },
  returning: boolean,
): CompiledQuery {
  const { definition, dialect, knex } = context;
  const changes: Record<string, unknown> = {};
  for (const [field, amount] of Object.entries(amounts)) {
    changes[field] = knex.raw('?? + ?', [`${definition.tableName}.${field}`, amount]);
  }
  Object.assign(changes, set);
  const builder = knex.queryBuilder().from(tableIdentifier(definition)).update(changes);
  applyWhere(builder, knex, options, { definition, dialect, tableAlias: definition.tableName });
  if (returning) builder.returning(definition.columnAttributes.map((a) => a.field));
  return toNative(builder);
}
