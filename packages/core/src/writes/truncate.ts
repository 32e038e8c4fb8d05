import { compileTruncate } from '../compile/delete';
import { runOptions } from '../execution/query-context';
import type { Model } from '../model/model';
import type { QueryOptions } from '../model/types';
import { runtimeOf } from '../runtime/model-runtime';

/**
 * `Model.truncate(options)`: deletes every row of the model's table, soft-deleted or not, in one
 * statement and without hooks (`Model.destroy({ truncate: true })` runs the bulk destroy hooks
 * around it).
 */
export async function truncate(model: typeof Model, options: QueryOptions): Promise<void> {
  const runtime = runtimeOf(model);
  await runtime.host.executor.run(compileTruncate(runtime), runOptions(options, runtime));
}
