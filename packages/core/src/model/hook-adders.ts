import { HOOK_NAMES, type HookFunction, type HookName } from '../hooks/hooks';
import type { Model } from './model';
import type { ModelStatic, QueryOptions } from './types';

/**
 * The options object a hook receives: the call's options, which the hook may change (a bulk
 * hook's `where`, `attributes` for the values of a bulk update, `fields`, ...).
 */
export type HookOptions = QueryOptions & {
  where?: unknown;
  attributes?: unknown;
  fields?: unknown;
  individualHooks?: boolean;
  [option: string]: unknown;
};

/**
 * A static hook adder such as `User.beforeCreate(fn)` or `User.beforeCreate('name', fn)`:
 * the same as `User.addHook('beforeCreate', ...)`, with the arguments the hook receives typed.
 */
export interface HookAdder<Args extends unknown[]> {
  (fn: (...args: Args) => unknown): void;
  (name: string, fn: (...args: Args) => unknown): void;
}

/** A hook adder whose hook receives one instance of the model it is called on. */
export interface InstanceHookAdder {
  <M extends Model>(this: ModelStatic<M>, fn: (instance: M, options: HookOptions) => unknown): void;
  <M extends Model>(this: ModelStatic<M>, name: string, fn: (instance: M, options: HookOptions) => unknown): void;
}

/** A hook adder whose hook receives the instances of a bulk write (`beforeBulkCreate`). */
export interface InstancesHookAdder {
  <M extends Model>(this: ModelStatic<M>, fn: (instances: M[], options: HookOptions) => unknown): void;
  <M extends Model>(this: ModelStatic<M>, name: string, fn: (instances: M[], options: HookOptions) => unknown): void;
}

/** `validationFailed(instance, options, error)`. */
export interface ValidationFailedHookAdder {
  <M extends Model>(this: ModelStatic<M>, fn: (instance: M, options: HookOptions, error: unknown) => unknown): void;
  <M extends Model>(
    this: ModelStatic<M>,
    name: string,
    fn: (instance: M, options: HookOptions, error: unknown) => unknown,
  ): void;
}

/** `afterFind(result, options)`: the result is what the finder resolves to. */
export interface AfterFindHookAdder {
  <M extends Model>(this: ModelStatic<M>, fn: (result: M | M[] | null, options: HookOptions) => unknown): void;
  <M extends Model>(
    this: ModelStatic<M>,
    name: string,
    fn: (result: M | M[] | null, options: HookOptions) => unknown,
  ): void;
}

/**
 * Puts a static adder for every hook name on `model` (`User.beforeCreate(fn)`), as Sequelize's
 * models have. Each is a plain delegate to `addHook`, so hooks added either way are the same.
 * Defined once on Model; subclasses inherit them as statics.
 */
export function installHookAdders(model: {
  addHook(hook: HookName, fnOrName: HookFunction | string, fn?: HookFunction): void;
}): void {
  for (const hook of HOOK_NAMES) {
    Object.defineProperty(model, hook, {
      configurable: true,
      writable: true,
      enumerable: false,
      value: function addNamedHook(this: typeof model, fnOrName: HookFunction | string, fn?: HookFunction): void {
        this.addHook(hook, fnOrName, fn);
      },
    });
  }
}
