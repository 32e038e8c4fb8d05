import { ModelDefinitionError } from '../errors/errors';

/** Every lifecycle hook a model (or the connection, for all its models) can have. */
export const HOOK_NAMES = [
  'beforeValidate',
  'afterValidate',
  'validationFailed',
  'beforeCreate',
  'afterCreate',
  'beforeSave',
  'afterSave',
  'beforeUpdate',
  'afterUpdate',
  'beforeDestroy',
  'afterDestroy',
  'beforeRestore',
  'afterRestore',
  'beforeUpsert',
  'afterUpsert',
  'beforeBulkCreate',
  'afterBulkCreate',
  'beforeBulkUpdate',
  'afterBulkUpdate',
  'beforeBulkDestroy',
  'afterBulkDestroy',
  'beforeBulkRestore',
  'afterBulkRestore',
  'beforeFind',
  // Sequelize's later find phases; Strata has no includeAll expansion, so both run right after beforeFind.
  'beforeFindAfterExpandIncludeAll',
  'beforeFindAfterOptions',
  'afterFind',
  'beforeCount',
  'beforeSync',
  'afterSync',
  // Sequelize's connection-level hooks. A model accepts them (sequelize-typescript models declare
  // them) but, as in Sequelize, never runs them: they belong to the connection.
  'beforeBulkSync',
  'afterBulkSync',
  'beforeConnect',
  'afterConnect',
  'beforeDefine',
  'afterDefine',
  'beforeInit',
  'afterInit',
] as const;

/**
 * The name of a lifecycle hook (`'beforeCreate'`, `'afterFind'`, ...), as `addHook` and the hook
 * decorators take it. See docs/hooks.md.
 */
export type HookName = (typeof HOOK_NAMES)[number];

// Hooks receive instances, option objects or results depending on the hook; see docs/hooks.md.
/**
 * A hook function. Its arguments depend on the hook (`beforeCreate(instance, options)`,
 * `beforeBulkCreate(instances, options)`, `beforeFind(options)`); it may be async, and a throw aborts
 * the call.
 */
export type HookFunction = (...args: never[]) => unknown;

interface HookEntry {
  name?: string;
  fn: HookFunction;
}

/** The hooks registered on one model class or one connection. */
export class HookRegistry {
  private readonly hooks = new Map<HookName, HookEntry[]>();

  add(hook: HookName, fnOrName: HookFunction | string, maybeFn?: HookFunction): void {
    if (!HOOK_NAMES.includes(hook)) {
      throw new ModelDefinitionError(`Unknown hook ${JSON.stringify(hook)}; hooks: ${HOOK_NAMES.join(', ')}`);
    }
    const fn = typeof fnOrName === 'function' ? fnOrName : maybeFn;
    if (typeof fn !== 'function') throw new ModelDefinitionError(`addHook('${hook}'): give a function`);
    const name = typeof fnOrName === 'string' ? fnOrName : undefined;
    this.hooks.set(hook, [...(this.hooks.get(hook) ?? []), { name, fn }]);
  }

  remove(hook: HookName, nameOrFn: string | HookFunction): void {
    this.hooks.set(
      hook,
      (this.hooks.get(hook) ?? []).filter((entry) => entry.name !== nameOrFn && entry.fn !== nameOrFn),
    );
  }

  has(hook: HookName): boolean {
    return this.hooks.size > 0 && (this.hooks.get(hook)?.length ?? 0) > 0;
  }

  /** Runs the hooks of one kind in order, awaiting each; a throwing hook aborts the rest. */
  async run(hook: HookName, args: unknown[]): Promise<void> {
    const entries = this.hooks.get(hook);
    if (!entries) return;
    for (const entry of entries) await (entry.fn as (...a: unknown[]) => unknown)(...args);
  }
}
