import { defaultIndexName as indexNameFor } from '../compile/create-table';
import type { ModelDefinition } from '../definition/model-definition';

/**
 * The name Strata gives an index of the model when none is given.
 *
 * @deprecated CREATE TABLE moved to compile/create-table.ts. This module stays only while
 * writes/constraint-errors.ts, which this change does not own, imports from it: point that
 * import at compile/create-table's `defaultIndexName(definition.tableName, ...)`, then delete
 * this file.
 */
export function defaultIndexName(definition: ModelDefinition, fields: readonly string[], unique: boolean): string {
  return indexNameFor(definition.tableName, fields, unique);
}
