import { compileRestore, restorableAttribute } from '../compile/restore';
import { primaryKeyWhere } from '../definition/instance-values';
import { runOptions, selectContext, type ModelCtor } from '../execution/query-context';
import { withHookTransaction } from '../hooks/hook-transaction';
import type { Model } from '../model/model';
import type { QueryOptions } from '../model/types';
import { modelState, type ModelState } from '../runtime/model-state';
import type { DestroyOptions } from './destroy';
import { requireWhere } from './require-where';
import {
  betweenBulkHooks,
  betweenInstanceHooks,
  bulkHookNames,
  loadForInstanceHooks,
  writeHooks,
} from './instance-hooks';

const RESTORE_HOOKS = writeHooks('beforeBulkRestore', 'afterBulkRestore', 'beforeRestore', 'afterRestore');

/**
 * `Model.restore(options)`: brings back the soft-deleted rows matching `where` of a paranoid
 * model and resolves to the affected count. A where is required unless `all: true`. Neither scopes nor the
 * paranoid filter apply: the where alone picks the rows. Between beforeBulkRestore and
 * afterBulkRestore; with `individualHooks: true` the matching rows are loaded and each goes
 * between beforeRestore and afterRestore around the one UPDATE.
 */
export async function restore<M extends Model>(model: ModelCtor<M>, options: DestroyOptions): Promise<number> {
  const state = modelState(model);
  const deletedAt = restorableAttribute(state.definition);
  requireWhere(state.definition, 'restore', options);
  const hookNames = bulkHookNames(RESTORE_HOOKS, options.individualHooks);
  return withHookTransaction(state, hookNames, options, (opts) => {
    const hooked = opts.hooks !== false;
    const hookOptions = { ...opts };
    return betweenBulkHooks(state, RESTORE_HOOKS, hooked, [hookOptions], async () => {
      if (!(hooked && hookOptions.individualHooks)) return restoreMatching(state, hookOptions);
      // The same rows the UPDATE matches: no scope, soft-deleted ones included.
      const instances = await loadForInstanceHooks(model.unscoped(), hookOptions.where, false, hookOptions);
      return betweenInstanceHooks(state, RESTORE_HOOKS, instances, hookOptions, async () => {
        const count = await restoreMatching(state, hookOptions);
        for (const instance of instances) {
          instance.dataValues[deletedAt.name] = null;
          instance.markClean();
        }
        return count;
      });
    });
  });
}

async function restoreMatching(state: ModelState, options: DestroyOptions): Promise<number> {
  const compiled = compileRestore(selectContext(state), options.where);
  const result = await state.host.executor.run(compiled, runOptions(options, state));
  return result.affectedRows;
}

/**
 * `instance.restore(options)`: brings the instance's soft-deleted row back, here and in the
 * database, between beforeRestore and afterRestore (in a hook transaction when the model has
 * either). The UPDATE goes through the model's static restore, without its bulk hooks.
 */
export async function restoreInstance(instance: Model, options: QueryOptions): Promise<void> {
  const model = instance.constructor as typeof Model;
  const state = modelState(model);
  const { definition } = state;
  await withHookTransaction(state, RESTORE_HOOKS.each, options, (opts) => {
    const write = async (): Promise<void> => {
      await model.restore({ ...opts, where: primaryKeyWhere(definition, instance.dataValues), hooks: false });
      if (definition.timestamps.deletedAt) instance.dataValues[definition.timestamps.deletedAt] = null;
      instance.markClean();
    };
    return opts.hooks === false ? write() : betweenInstanceHooks(state, RESTORE_HOOKS, [instance], opts, write);
  });
}
