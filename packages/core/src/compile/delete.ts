import type { AttributeDefinition, ModelDefinition } from '../definition/model-definition';
import type { CompiledQuery } from '../execution/executor';
import { applyWhere, toNative, type SelectContext } from './select';
import { compileUpdate } from './update';
import { tableIdentifier } from '../definition/table-ref';

/**
 * The deletedAt attribute a destroy sets instead of deleting rows, or undefined when the destroy
 * deletes them: the model is not paranoid, or the call says `force`.
 */
export function softDeleteAttribute(
  definition: ModelDefinition,
  force: boolean | undefined,
): AttributeDefinition | undefined {
  const deletedAt = definition.timestamps.deletedAt;
  return definition.paranoid && deletedAt && !force ? definition.attributes.get(deletedAt) : undefined;
}

/**
 * The statement a destroy runs on the rows `where` matches: a DELETE, or, on a paranoid model
 * without `force`, a soft delete, which is an UPDATE setting deletedAt to `deletedAt`. The soft
 * delete leaves rows that are already soft-deleted alone (their deletedAt keeps its first
 * value) unless `paranoid: false`; a DELETE ignores `paranoid` and removes whatever matches.
 *
 * @example
 * const { sql, bindings } = compileDestroy(context, { where: { id: 1 } }, new Date());
 * // paranoid: UPDATE "notes" SET "deleted_at" = ? WHERE ... AND "notes"."deleted_at" IS NULL
 */
export function compileDestroy(
  context: SelectContext,
  options: { where?: unknown; paranoid?: boolean; force?: boolean },
  deletedAt: Date,
): CompiledQuery {
  const soft = softDeleteAttribute(context.definition, options.force);
  if (!soft) return compileDelete(context, options.where);
  const row = { [soft.field]: context.dialect.codec.toDatabase(soft.type, deletedAt) };
  return compileUpdate(context, row, options, false);
}

/**
 * The statement `Model.truncate()` runs: a DELETE of every row, soft-deleted or not. A DELETE
 * rather than TRUNCATE TABLE, which not every dialect has and which some commit on their own,
 * so it stays inside the caller's transaction everywhere.
 */
export function compileTruncate(context: SelectContext): CompiledQuery {
  return compileDelete(context, undefined);
}

function compileDelete(context: SelectContext, where: unknown): CompiledQuery {
  const { definition, dialect, knex } = context;
  const builder = knex.queryBuilder().from(tableIdentifier(definition)).delete();
  applyWhere(builder, knex, { where, paranoid: false }, { definition, dialect, tableAlias: definition.tableName });
  return toNative(builder);
}
