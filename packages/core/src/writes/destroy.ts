import { compileDestroy, softDeleteAttribute } from '../compile/delete';
import { primaryKeyWhere } from '../definition/instance-values';
import { runOptions, selectContext, type ModelCtor } from '../execution/query-context';
import { withHookTransaction } from '../hooks/hook-transaction';
import type { Model } from '../model/model';
import type { QueryOptions } from '../model/types';
import type { WhereOptions } from '../normalize/find-options';
import { withScope } from '../normalize/scopes';
import { modelState, type ModelState } from '../runtime/model-state';
import {
  betweenBulkHooks,
  betweenInstanceHooks,
  bulkHookNames,
  loadForInstanceHooks,
  writeHooks,
} from './instance-hooks';
import { requireWhere } from './require-where';
import type { ModelDefinition } from '../definition/model-definition';
import { InvalidQueryError } from '../errors/errors';

export interface DestroyOptions<A = Record<string, unknown>> extends QueryOptions {
  where?: WhereOptions<A>;
  /** Delete every row: required when no where is given. */
  all?: boolean;
  /** Delete soft-deletable rows for real. */
  force?: boolean;
  /** TRUNCATE the table: only with `all: true` and without a where (the table is emptied whatever it says). */
  truncate?: boolean;
  /**
   * Load the matching rows and run beforeDestroy/afterDestroy (restore: beforeRestore/
   * afterRestore) for each (default: one statement and only the bulk hooks).
   */
  individualHooks?: boolean;
}

/** Options of one instance's destroy. */
export type InstanceDestroyOptions = QueryOptions & { force?: boolean };

const DESTROY_HOOKS = writeHooks('beforeBulkDestroy', 'afterBulkDestroy', 'beforeDestroy', 'afterDestroy');

/**
 * `Model.destroy(options)`: deletes the rows matching `where` (after the active scopes), or
 * soft-deletes them on a paranoid model unless `force`, and resolves to their number. A where is
 * required unless `all: true`; `truncate: true` with `all: true` and no where empties the table
 * instead (and resolves to 0).
 * Between beforeBulkDestroy and afterBulkDestroy; with `individualHooks: true` the matching rows
 * are loaded and destroyed one by one between beforeDestroy and afterDestroy.
 */
export async function destroy<M extends Model>(model: ModelCtor<M>, options: DestroyOptions): Promise<number> {
  const state = modelState(model);
  if (options.truncate) requireTruncateAlone(model, state.definition, options);
  else requireWhere(state.definition, 'destroy', options);
  const hookNames = bulkHookNames(DESTROY_HOOKS, options.individualHooks);
  return withHookTransaction(state, hookNames, options, (opts) => {
    const hooked = opts.hooks !== false;
    const hookOptions = { ...opts };
    return betweenBulkHooks(state, DESTROY_HOOKS, hooked, [hookOptions], async () => {
      if (hookOptions.truncate) {
        // Again after beforeBulkDestroy, which may have added the where (a tenant filter, say).
        requireTruncateAlone(model, state.definition, hookOptions);
        await model.truncate(hookOptions);
        return 0;
      }
      if (hooked && hookOptions.individualHooks) return destroyEach(model, state, hookOptions);
      return destroyMatching(model, state, hookOptions);
    });
  });
}

/**
 * `truncate: true` empties the whole table whatever the where, the scope or paranoid say, so it
 * cannot come with a where (including a scope's), which it would silently ignore, and like any
 * write to every row it needs `{ all: true }`. `Model.truncate()` itself says what it does.
 */
function requireTruncateAlone(model: typeof Model, definition: ModelDefinition, options: DestroyOptions): void {
  const scopedWhere = withScope(model, { where: options.where }).where;
  if (scopedWhere !== undefined) {
    const whose = options.where === undefined ? "the scope's where" : 'the where';
    throw new InvalidQueryError(
      `${definition.name}.destroy: truncate: true empties the whole table and would ignore ${whose}; ` +
        'leave truncate out to destroy the matching rows',
    );
  }
  if (options.all !== true) {
    throw new InvalidQueryError(
      `${definition.name}.destroy({ truncate: true }) empties the whole table; pass { all: true } with it to do that on purpose`,
    );
  }
}

/** individualHooks: loads the matching rows and destroys each between its hooks. */
async function destroyEach<M extends Model>(
  model: ModelCtor<M>,
  state: ModelState,
  options: DestroyOptions,
): Promise<number> {
  // A forced destroy deletes soft-deleted rows too, so it loads them too.
  const instances = await loadForInstanceHooks(model, options.where, options.force ? false : undefined, options);
  return betweenInstanceHooks(state, DESTROY_HOOKS, instances, options, async () => {
    for (const instance of instances) {
      await instance.destroy({
        transaction: options.transaction,
        logging: options.logging,
        force: options.force,
        hooks: false,
      });
    }
    return instances.length;
  });
}

/** The destroy as one DELETE (or soft-delete UPDATE) statement. */
async function destroyMatching(model: typeof Model, state: ModelState, options: DestroyOptions): Promise<number> {
  const where = withScope(model, { where: options.where }).where;
  const compiled = compileDestroy(selectContext(state), { where, force: options.force }, new Date());
  const result = await state.host.executor.run(compiled, runOptions(options, state));
  return result.affectedRows;
}

/**
 * `instance.destroy(options)`: deletes the instance's row, or on a paranoid model (unless
 * `force`) sets its deletedAt, here and in the database; between beforeDestroy and afterDestroy,
 * in a hook transaction when the model has either.
 */
export async function destroyInstance(instance: Model, options: InstanceDestroyOptions): Promise<void> {
  const state = modelState(instance.constructor);
  await withHookTransaction(state, DESTROY_HOOKS.each, options, (opts) => {
    const write = (): Promise<void> => destroyRow(state, instance, opts);
    return opts.hooks === false ? write() : betweenInstanceHooks(state, DESTROY_HOOKS, [instance], opts, write);
  });
}

async function destroyRow(state: ModelState, instance: Model, options: InstanceDestroyOptions): Promise<void> {
  const { definition, host } = state;
  const where = primaryKeyWhere(definition, instance.dataValues);
  const now = new Date();
  // By key, soft-deleted or not: the instance says which row, whatever its deletedAt.
  const compiled = compileDestroy(selectContext(state), { where, paranoid: false, force: options.force }, now);
  await host.executor.run(compiled, runOptions(options, state));
  const deletedAt = softDeleteAttribute(definition, options.force);
  if (deletedAt) {
    instance.dataValues[deletedAt.name] = now;
    instance.markClean();
  }
}
