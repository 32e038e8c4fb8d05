import type { AttributeDefinition, ModelDefinition } from '../definition/model-definition';
import { InvalidQueryError } from '../errors/errors';
import type { CompiledQuery } from '../execution/executor';
import type { SelectContext } from './select';
import { compileUpdate } from './update';

/**
 * The deletedAt attribute a restore clears. A model that is not paranoid has nothing to
 * restore, which is an error rather than a statement that changes nothing.
 */
export function restorableAttribute(definition: ModelDefinition): AttributeDefinition {
  const deletedAt = definition.timestamps.deletedAt;
  const attribute = definition.paranoid && deletedAt ? definition.attributes.get(deletedAt) : undefined;
  if (!attribute) throw new InvalidQueryError(`${definition.name} is not paranoid: there is nothing to restore`);
  return attribute;
}

/**
 * The UPDATE that brings soft-deleted rows back: deletedAt set to NULL on every row `where`
 * matches, deleted or not (every row when it is undefined).
 *
 * @example const { sql, bindings } = compileRestore(context, { id: 1 });
 */
export function compileRestore(context: SelectContext, where: unknown): CompiledQuery {
  const attribute = restorableAttribute(context.definition);
  return compileUpdate(context, { [attribute.field]: null }, { where, paranoid: false }, false);
}
