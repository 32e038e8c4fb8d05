import { compileTruncate } from '../compile/delete';
import { runOptions, selectContext } from '../execution/query-context';
import type { Model } from '../model/model';
import type { QueryOptions } from '../model/types';
import { modelState, type ModelState } from '../runtime/model-state';
import type { CompiledQuery } from '../execution/executor';

/**
 * `Model.truncate(options)`: deletes every row of the model's table, soft-deleted or not, in one
 * statement and without hooks (`Model.destroy({ truncate: true })` runs the bulk destroy hooks
 * around it).
 */
export async function truncate(model: typeof Model, options: QueryOptions): Promise<void> {
  const state = modelState(model);
  await state.host.executor.run(truncateStatement(state), runOptions(options, state));
}

/** The one statement truncate sends: a DELETE of every row (see compileTruncate). */
export function truncateStatement(state: ModelState): CompiledQuery {
  return compileTruncate(selectContext(state));
}
