import type { ModelRuntime } from '../runtime/model-runtime';
import type { Transaction } from '../transactions/transaction';
import type { HookName } from './hooks';

/** True when the model or its connection has a hook of any of these kinds. */
export function hasHooks(runtime: ModelRuntime, names: readonly HookName[]): boolean {
  return names.some((name) => runtime.hooks.has(name) || runtime.host.hooks.has(name));
}

/**
 * Runs a write and its hooks as one unit: when the model (or its connection) has one of
 * `names`, the operation runs in a managed transaction (a savepoint inside an existing one),
 * so a hook that throws, or a write a hook made that fails, leaves the database as it was.
 * The operation (and so every hook) receives options whose `transaction` is the caller's
 * transaction (the explicit one, else the bound one; the new one when there was none), never
 * the internal savepoint: the executor runs what names the caller's transaction inside the
 * savepoint bound here, so the operation's own queries and the ones hooks make all run there. Without such hooks (or with `hooks: false`) it runs
 * as it is: no BEGIN/COMMIT round trips for writes that do not need them. The operation's
 * second argument says which: an unhooked operation can skip every hook call (and the promises
 * they cost).
 *
 * The trap: `{ transaction: null }` with hooks starts a new top-level transaction; on SQLite
 * inside another transaction that is refused (one connection).
 */
export function withHookTransaction<O extends { transaction?: Transaction | null; hooks?: boolean }, T>(
  runtime: ModelRuntime,
  names: readonly HookName[],
  options: O,
  operation: (options: O, hooked: boolean) => Promise<T>,
): Promise<T> {
  if (options.hooks === false || !hasHooks(runtime, names)) return operation(options, false);
  const { executor } = runtime.host;
  const callers = options.transaction === undefined ? executor.currentTransaction() : options.transaction;
  return executor.managed({ transaction: options.transaction }, (transaction) =>
    operation({ ...options, transaction: callers ?? transaction }, true),
  );
}
