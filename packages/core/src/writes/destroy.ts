import { associationsOf } from '../associations/registry';
import { TargetKeyAssociation } from '../associations/target-foreign-key';
import { compileDestroy, softDeleteAttribute } from '../compile/delete';
import { primaryKeyWhere } from '../definition/instance-values';
import { runOptions, type ModelCtor } from '../execution/query-context';
import { withHookTransaction } from '../hooks/hook-transaction';
import type { Model } from '../model/model';
import type { QueryOptions } from '../model/types';
import type { WhereOptions } from '../normalize/find-options';
import { withScope } from '../normalize/scopes';
import { runtimeOf, type ModelRuntime } from '../runtime/model-runtime';
import {
  betweenBulkHooks,
  betweenInstanceHooks,
  bulkHookNames,
  loadForInstanceHooks,
  writeHooks,
} from './instance-hooks';
import { requireWhere } from './require-where';
import { truncateStatement } from './truncate';
import type { CompiledQuery } from '../execution/executor';
import type { ModelDefinition } from '../definition/model-definition';
import { InvalidQueryError } from '../errors/errors';

/**
 * The options of `Model.destroy(options)`: which rows (a `where`, or `all: true` for every row), and
 * whether a paranoid model's rows are really deleted (`force`).
 */
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
  const runtime = runtimeOf(model);
  if (options.truncate) requireTruncateAlone(model, runtime.definition, options);
  else requireWhere(runtime.definition, 'destroy', options);
  const hookNames = bulkHookNames(DESTROY_HOOKS, options.individualHooks);
  return withHookTransaction(runtime, hookNames, options, (opts) => {
    const hooked = opts.hooks !== false;
    const hookOptions = { ...opts };
    return betweenBulkHooks(runtime, DESTROY_HOOKS, hooked, [hookOptions], async () => {
      if (hookOptions.truncate) {
        // Again after beforeBulkDestroy, which may have added the where (a tenant filter, say).
        requireTruncateAlone(model, runtime.definition, hookOptions);
        const {
          where: _where,
          all: _all,
          force: _force,
          truncate: _truncate,
          individualHooks: _each,
          ...rest
        } = hookOptions;
        await model.truncate(rest);
        return 0;
      }
      if (hooked && hookOptions.individualHooks) return destroyEach(model, runtime, hookOptions);
      return destroyMatching(model, runtime, hookOptions);
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
  runtime: ModelRuntime,
  options: DestroyOptions,
): Promise<number> {
  // A forced destroy deletes soft-deleted rows too, so it loads them too.
  const instances = await loadForInstanceHooks(model, options.where, options.force ? false : undefined, options);
  return betweenInstanceHooks(runtime, DESTROY_HOOKS, instances, options, async () => {
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
async function destroyMatching(model: typeof Model, runtime: ModelRuntime, options: DestroyOptions): Promise<number> {
  const compiled = destroyMatchingStatement(model, runtime, options);
  const result = await runtime.host.executor.run(compiled, runOptions(options, runtime));
  return result.affectedRows;
}

/** The DELETE (soft delete: UPDATE of deletedAt) of the rows the where and the active scopes match. */
function destroyMatchingStatement(model: typeof Model, runtime: ModelRuntime, options: DestroyOptions): CompiledQuery {
  const where = withScope(model, { where: options.where }).where;
  return compileDestroy(runtime, { where, force: options.force }, new Date());
}

/**
 * The statement `Model.destroy(options)` sends, after its checks and the active scopes, without
 * hooks (so as with `hooks: false`: no individualHooks): the DELETE, the soft delete on a
 * paranoid model unless `force`, or with `truncate: true` the DELETE of every row.
 */
export function destroyStatement(model: typeof Model, runtime: ModelRuntime, options: DestroyOptions): CompiledQuery {
  if (options.truncate) {
    requireTruncateAlone(model, runtime.definition, options);
    return truncateStatement(runtime);
  }
  requireWhere(runtime.definition, 'destroy', options);
  return destroyMatchingStatement(model, runtime, options);
}

/**
 * `instance.destroy(options)`: deletes the instance's row, or on a paranoid model (unless
 * `force`) sets its deletedAt, here and in the database; between beforeDestroy and afterDestroy,
 * in a hook transaction when the model has either.
 */
export async function destroyInstance(instance: Model, options: InstanceDestroyOptions): Promise<void> {
  const runtime = runtimeOf(instance.constructor);
  const cascades = options.hooks === false ? [] : cascadesThroughHooks(runtime, instance.constructor, options);
  if (cascades.length > 0) {
    // The targets go with their parent or not at all: one transaction (a savepoint inside one).
    const { executor } = runtime.host;
    const callers = options.transaction === undefined ? executor.currentTransaction() : options.transaction;
    await executor.managed({ transaction: options.transaction }, (opened) =>
      destroyOne(runtime, instance, { ...options, transaction: callers ?? opened }, cascades),
    );
    return;
  }
  await destroyOne(runtime, instance, options, cascades);
}

async function destroyOne(
  runtime: ModelRuntime,
  instance: Model,
  options: InstanceDestroyOptions,
  cascades: readonly TargetKeyAssociation[],
): Promise<void> {
  await withHookTransaction(runtime, DESTROY_HOOKS.each, options, (opts) => {
    const write = async (): Promise<void> => {
      for (const association of cascades) await destroyTargets(association, instance, opts);
      await destroyRow(runtime, instance, opts);
    };
    return opts.hooks === false ? write() : betweenInstanceHooks(runtime, DESTROY_HOOKS, [instance], opts, write);
  });
}

/**
 * The hasOne/hasMany associations declared with `hooks: true` and onDelete CASCADE, when this
 * destroy deletes the row (a soft delete leaves the row, so the database would cascade nothing).
 */
function cascadesThroughHooks(
  runtime: ModelRuntime,
  model: object,
  options: InstanceDestroyOptions,
): TargetKeyAssociation[] {
  if (softDeleteAttribute(runtime.definition, options.force)) return [];
  return [...associationsOf(model).values()].filter(
    (association): association is TargetKeyAssociation =>
      association instanceof TargetKeyAssociation && association.cascadesThroughHooks,
  );
}

/** Loads the instance's targets and destroys each through its hooks (and its own cascades). */
async function destroyTargets(
  association: TargetKeyAssociation,
  instance: Model,
  options: InstanceDestroyOptions,
): Promise<void> {
  const key = instance.dataValues[association.sourceKey];
  if (key === null || key === undefined) return;
  const targets = await association.target.findAll({
    where: association.targetWhere(key),
    transaction: options.transaction,
    logging: options.logging,
  });
  for (const target of targets) await target.destroy({ transaction: options.transaction, logging: options.logging });
}

async function destroyRow(runtime: ModelRuntime, instance: Model, options: InstanceDestroyOptions): Promise<void> {
  const { definition, host } = runtime;
  const where = primaryKeyWhere(definition, instance.dataValues);
  const now = new Date();
  // By key, soft-deleted or not: the instance says which row, whatever its deletedAt.
  const compiled = compileDestroy(runtime, { where, paranoid: false, force: options.force }, now);
  await host.executor.run(compiled, runOptions(options, runtime));
  const deletedAt = softDeleteAttribute(definition, options.force);
  if (deletedAt) {
    instance.dataValues[deletedAt.name] = now;
    instance.markClean();
  }
}
