import { compileRestore, restorableAttribute } from '../compile/restore';
import { primaryKeyWhere } from '../definition/instance-values';
import { runOptions, type ModelCtor } from '../execution/query-context';
import { withHookTransaction } from '../hooks/hook-transaction';
import type { Model } from '../model/model';
import type { QueryOptions } from '../model/types';
import { runtimeOf, type ModelRuntime } from '../runtime/model-runtime';
import type { DestroyOptions } from './destroy';
import {
  betweenBulkHooks,
  betweenInstanceHooks,
  bulkHookNames,
  loadForInstanceHooks,
  writeHooks,
} from './instance-hooks';

const RESTORE_HOOKS = writeHooks('beforeBulkRestore', 'afterBulkRestore', 'beforeRestore', 'afterRestore');

/**
 * `Model.restore(options)`: brings back the soft-deleted rows matching `where` (every row
 * without one) of a paranoid model and resolves to the affected count. Neither scopes nor the
 * paranoid filter apply: the where alone picks the rows. Between beforeBulkRestore and
 * afterBulkRestore; with `individualHooks: true` the matching rows are loaded and each goes
 * between beforeRestore and afterRestore around the one UPDATE.
 */
export async function restore<M extends Model>(model: ModelCtor<M>, options: DestroyOptions): Promise<number> {
  const runtime = runtimeOf(model);
  const deletedAt = restorableAttribute(runtime.definition);
  const hookNames = bulkHookNames(RESTORE_HOOKS, options.individualHooks);
  return withHookTransaction(runtime, hookNames, options, (opts) => {
    const hooked = opts.hooks !== false;
    const hookOptions = { ...opts };
    return betweenBulkHooks(runtime, RESTORE_HOOKS, hooked, [hookOptions], async () => {
      if (!(hooked && hookOptions.individualHooks)) return restoreMatching(runtime, hookOptions);
      // The same rows the UPDATE matches: no scope, soft-deleted ones included.
      const instances = await loadForInstanceHooks(model.unscoped(), hookOptions.where, false, hookOptions);
      return betweenInstanceHooks(runtime, RESTORE_HOOKS, instances, hookOptions, async () => {
        const count = await restoreMatching(runtime, hookOptions);
        for (const instance of instances) {
          instance.dataValues[deletedAt.name] = null;
          instance.markClean();
        }
        return count;
      });
    });
  });
}

async function restoreMatching(runtime: ModelRuntime, options: DestroyOptions): Promise<number> {
  const compiled = compileRestore(runtime, options.where);
  const result = await runtime.host.executor.run(compiled, runOptions(options, runtime));
  return result.affectedRows;
}

/**
 * `instance.restore(options)`: brings the instance's soft-deleted row back, here and in the
 * database, between beforeRestore and afterRestore (in a hook transaction when the model has
 * either). The UPDATE goes through the model's static restore, without its bulk hooks.
 */
export async function restoreInstance(instance: Model, options: QueryOptions): Promise<void> {
  const model = instance.constructor as typeof Model;
  const runtime = runtimeOf(model);
  const { definition } = runtime;
  await withHookTransaction(runtime, RESTORE_HOOKS.each, options, (opts) => {
    const write = async (): Promise<void> => {
      await model.restore({ ...opts, where: primaryKeyWhere(definition, instance.dataValues), hooks: false });
      if (definition.timestamps.deletedAt) instance.dataValues[definition.timestamps.deletedAt] = null;
      instance.markClean();
    };
    return opts.hooks === false ? write() : betweenInstanceHooks(runtime, RESTORE_HOOKS, [instance], opts, write);
  });
}
