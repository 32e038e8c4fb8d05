import { describeValue } from '@strata/validation';
import { InvalidQueryError } from '../errors/errors';
import { Op } from '../compile/operators';
import type { Model } from '../model/model';
import { attachRuntime, runtimeOf } from '../runtime/model-runtime';

/** A scope: find options (where, attributes, order, limit, include...) or a function returning them. */
export type ScopeOptions = Record<string, unknown>;
/**
 * A scope as `addScope` and the `scopes` option take it: find options, or a function of the scope's
 * arguments returning them.
 */
export type ScopeDefinition = ScopeOptions | ((...args: never[]) => ScopeOptions);

/**
 * What `Model.scope(...)` accepts: scope names, `{ method: [name, ...args] }` for a function
 * scope with arguments, or lists of those. `'defaultScope'` names the default scope.
 */
export type ScopeSelector = string | { method: readonly [string, ...unknown[]] } | readonly ScopeSelector[];

/** The options of `Model.addScope(name, scope, options)`. */
export interface AddScopeOptions {
  /** Replace a scope of the same name instead of throwing. */
  override?: boolean;
}

/** A model's scopes, kept on its ModelRuntime (so they outlive definition rebuilds). */
export interface ScopeRegistry {
  defaultScope: ScopeOptions | undefined;
  scopes: Map<string, ScopeDefinition>;
}

/** A scoped variant of a model: the model it narrows and the merged options of its scopes. */
interface ScopedVariant {
  base: typeof Model;
  options: ScopeOptions;
}

/**
 * Where a variant class keeps its ScopedVariant, as a non-enumerable own property. Not on the
 * runtime: a variant shares its base's runtime (definition, caches, hooks), and only this
 * selection is its own.
 */
const VARIANT = Symbol('strata.scopedVariant');

interface VariantHolder {
  [VARIANT]?: ScopedVariant;
}

/** The variant's own selection; undefined for a model that is not a variant (own property only). */
function variantOf(model: object): ScopedVariant | undefined {
  return Object.hasOwn(model, VARIANT) ? (model as VariantHolder)[VARIANT] : undefined;
}

/** The model a scoped variant was made from (the model itself when it is not a variant). */
export function baseModel<T extends typeof Model>(model: T): T {
  return (variantOf(model)?.base as T | undefined) ?? model;
}

/**
 * The options the model's active scopes add to a query: the scopes chosen with
 * `Model.scope(...)`, nothing after `unscoped()`, else the default scope.
 */
export function activeScope(model: typeof Model): ScopeOptions {
  const variant = variantOf(model);
  if (variant) return variant.options;
  return runtimeOf(model).scopes.defaultScope ?? {};
}

/**
 * Merges scope or finder options, later over earlier:
 * - `where`: both apply (combined with AND), so a later scope narrows and never widens.
 * - `attributes`: the later list wins; two `{ exclude }` forms exclude the union.
 * - `include`: the lists are concatenated.
 * - every other key (order, limit, offset, group, paranoid, raw...): the later value wins.
 */
export function mergeScopeOptions(earlier: ScopeOptions, later: ScopeOptions): ScopeOptions {
  const merged: ScopeOptions = { ...earlier };
  for (const key of Object.keys(later)) {
    const next = later[key];
    if (next === undefined) continue;
    const previous = merged[key];
    if (key === 'where' && previous !== undefined) {
      merged.where = { [Op.and]: [previous, next] };
    } else if (key === 'include' && previous !== undefined) {
      merged.include = [...asList(previous), ...asList(next)];
    } else if (key === 'attributes' && isExcludeOnly(previous) && isExcludeOnly(next)) {
      merged.attributes = { exclude: [...new Set([...previous.exclude, ...next.exclude])] };
    } else {
      merged[key] = next;
    }
  }
  return merged;
}

/** Finder options with the model's active scopes applied underneath them. */
export function withScope<T extends object>(model: typeof Model, options: T): T {
  const scope = activeScope(model);
  if (Object.keys(scope).length === 0) return options;
  return mergeScopeOptions(scope, options as ScopeOptions) as T;
}

/** Creates the variant `Model.scope(...)` returns. */
export function scopedModel<T extends typeof Model>(model: T, selectors: readonly ScopeSelector[]): T {
  const base = baseModel(model);
  const runtime = runtimeOf(base);
  let options: ScopeOptions = {};
  for (const selector of flatten(selectors)) {
    options = mergeScopeOptions(options, resolveSelector(runtime.definition.name, runtime.scopes, selector));
  }
  return variant(base, options);
}

/** The variant `Model.unscoped()` returns: no scope at all, not even the default one. */
export function unscopedModel<T extends typeof Model>(model: T): T {
  return variant(baseModel(model), {});
}

/** Adds a named scope (or, named 'defaultScope', replaces the default scope). */
export function addScope(
  model: typeof Model,
  name: string,
  scope: ScopeDefinition,
  options: AddScopeOptions = {},
): void {
  const { definition, scopes } = runtimeOf(baseModel(model));
  if (name === 'defaultScope') {
    if (typeof scope === 'function') {
      throw new InvalidQueryError(`${definition.name}: the default scope must be an object, not a function`);
    }
    if (scopes.defaultScope && !options.override) {
      throw new InvalidQueryError(`${definition.name} already has a default scope; pass { override: true }`);
    }
    scopes.defaultScope = scope;
    return;
  }
  if (scopes.scopes.has(name) && !options.override) {
    throw new InvalidQueryError(`${definition.name} already has a scope named ${name}; pass { override: true }`);
  }
  scopes.scopes.set(name, scope);
}

function variant<T extends typeof Model>(base: T, options: ScopeOptions): T {
  // A subclass sharing the base's runtime: its finders build instances of the base model, so a
  // scoped query returns ordinary instances (instanceof, equals and hooks all see the base).
  const scoped = class extends (base as typeof Model) {};
  Object.defineProperty(scoped, 'name', { value: base.name });
  attachRuntime(scoped, runtimeOf(base));
  const selection: ScopedVariant = { base, options };
  Object.defineProperty(scoped, VARIANT, { value: selection, configurable: false, enumerable: false, writable: false });
  return scoped as unknown as T;
}

function resolveSelector(modelName: string, scopes: ScopeRegistry, selector: ScopeSelector): ScopeOptions {
  if (typeof selector === 'string') {
    if (selector === 'defaultScope') return scopes.defaultScope ?? {};
    const scope = scopes.scopes.get(selector);
    if (scope === undefined) throw unknownScope(modelName, scopes, selector);
    return typeof scope === 'function' ? (scope as () => ScopeOptions)() : scope;
  }
  if (selector && typeof selector === 'object' && 'method' in selector && Array.isArray(selector.method)) {
    const [name, ...args] = selector.method as [unknown, ...unknown[]];
    if (typeof name !== 'string') {
      throw new InvalidQueryError(`${modelName}.scope({ method }): the first element must be the scope name`);
    }
    const scope = scopes.scopes.get(name);
    if (scope === undefined) throw unknownScope(modelName, scopes, name);
    if (typeof scope !== 'function') {
      throw new InvalidQueryError(`${modelName}: scope ${name} is an object, it takes no arguments`);
    }
    return (scope as (...a: unknown[]) => ScopeOptions)(...args);
  }
  throw new InvalidQueryError(
    `${modelName}.scope(): expected a scope name or { method: [name, ...args] }, got ${describeValue(selector)}`,
  );
}

function unknownScope(modelName: string, scopes: ScopeRegistry, name: string): InvalidQueryError {
  const defined = [...(scopes.defaultScope ? ['defaultScope'] : []), ...scopes.scopes.keys()];
  return new InvalidQueryError(
    `${modelName} has no scope named ${JSON.stringify(name)}; defined scopes: ${defined.join(', ') || 'none'}`,
  );
}

function flatten(selectors: readonly ScopeSelector[]): ScopeSelector[] {
  return selectors.flatMap((s) => (Array.isArray(s) ? flatten(s as readonly ScopeSelector[]) : [s as ScopeSelector]));
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

function isExcludeOnly(value: unknown): value is { exclude: string[] } {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Array.isArray((value as { exclude?: unknown }).exclude) &&
    (value as { include?: unknown }).include === undefined
  );
}
