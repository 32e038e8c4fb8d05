import type { HookName } from '../hooks/hooks';
import type { ModelCtor } from '../execution/query-context';
import type { Model } from '../model/model';
import type { QueryOptions } from '../model/types';
import type { FindOptions } from '../normalize/find-options';
import { runHooks, type ModelRuntime } from '../runtime/model-runtime';

/**
 * The hooks of one kind of bulk write: the pair around the whole write (`beforeBulkUpdate`,
 * `afterBulkUpdate`) and the pair around each instance (`beforeUpdate`, `afterUpdate`), which a
 * bulk write runs only with `individualHooks: true` and an instance write always runs.
 */
export interface WriteHooks {
  readonly beforeBulk: HookName;
  readonly afterBulk: HookName;
  readonly before: HookName;
  readonly after: HookName;
  /** The bulk pair, for withHookTransaction. */
  readonly bulk: readonly HookName[];
  /** The instance pair, for withHookTransaction. */
  readonly each: readonly HookName[];
  /** Both pairs, for withHookTransaction with individualHooks. */
  readonly all: readonly HookName[];
}

/**
 * The hook names of one kind of bulk write, with the lists withHookTransaction needs computed
 * once.
 *
 * @example const DESTROY_HOOKS = writeHooks('beforeBulkDestroy', 'afterBulkDestroy', 'beforeDestroy', 'afterDestroy');
 */
export function writeHooks(beforeBulk: HookName, afterBulk: HookName, before: HookName, after: HookName): WriteHooks {
  return {
    beforeBulk,
    afterBulk,
    before,
    after,
    bulk: [beforeBulk, afterBulk],
    each: [before, after],
    all: [beforeBulk, afterBulk, before, after],
  };
}

/** The hooks whose presence makes a bulk write transactional (see withHookTransaction). */
export function bulkHookNames(hooks: WriteHooks, individualHooks: boolean | undefined): readonly HookName[] {
  return individualHooks ? hooks.all : hooks.bulk;
}

/**
 * Runs a bulk write between its bulk hooks, which receive `hookArgs` (the options object, or
 * for bulkCreate the instances and the options). `hooked: false` runs the write alone. The
 * hooks may change what `hookArgs` holds, so `write` reads its options only once it runs.
 *
 * @example await betweenBulkHooks(runtime, UPDATE_HOOKS, hooked, [options], () => updateRows(options));
 */
export async function betweenBulkHooks<R>(
  runtime: ModelRuntime,
  hooks: WriteHooks,
  hooked: boolean,
  hookArgs: readonly unknown[],
  write: () => Promise<R>,
): Promise<R> {
  if (hooked) await runHooks(runtime, hooks.beforeBulk, ...hookArgs);
  const result = await write();
  if (hooked) await runHooks(runtime, hooks.afterBulk, ...hookArgs);
  return result;
}

/**
 * The per-instance hooks of a write (a bulk write with `individualHooks: true`, or one instance's
 * destroy or restore): the before-hook of every instance, then the write, then the
 * after-hook of every instance, each hook receiving its instance and `options`. A throwing hook
 * stops the rest; the caller's hook transaction (withHookTransaction) undoes what was written.
 *
 * @example await betweenInstanceHooks(runtime, DESTROY_HOOKS, instances, options, () => destroyEach(instances));
 */
export async function betweenInstanceHooks<R>(
  runtime: ModelRuntime,
  hooks: WriteHooks,
  instances: readonly Model[],
  options: object,
  write: () => Promise<R>,
): Promise<R> {
  for (const instance of instances) await runHooks(runtime, hooks.before, instance, options);
  const result = await write();
  for (const instance of instances) await runHooks(runtime, hooks.after, instance, options);
  return result;
}

/**
 * The rows a bulk write with `individualHooks: true` changes, loaded as instances so each can
 * go through its hooks. Find hooks do not run: the load is part of the write, not a find the
 * caller asked for. `model` decides the scope (a restore loads unscoped, as its UPDATE matches).
 */
export function loadForInstanceHooks<M extends Model>(
  model: ModelCtor<M>,
  where: unknown,
  paranoid: boolean | undefined,
  options: QueryOptions,
): Promise<M[]> {
  return model.findAll({
    where,
    paranoid,
    transaction: options.transaction,
    logging: options.logging,
    hooks: false,
  } as FindOptions) as Promise<M[]>;
}
