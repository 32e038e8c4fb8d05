import { Model, type ModelOptions } from '@strata/core';
import { registrationOf, settleRegistrations } from './registry';
import { assertModelClass } from './misuse';

type ModelClass = abstract new (...args: never[]) => unknown;

/**
 * Named scopes (the model option `scopes`), given as a function so that scopes can refer to
 * models declared later in the file or in files that import this one: it is called when the
 * model is added to a connection.
 *
 * @example
 * ```ts
 * @Scopes(() => ({
 *   active: { where: { active: true } },
 *   olderThan: (age: number) => ({ where: { age: { [Op.gt]: age } } }),
 * }))
 * @Table
 * class User extends Model { ... }
 * ```
 */
export function Scopes(
  scopes: NonNullable<ModelOptions['scopes']> | (() => NonNullable<ModelOptions['scopes']>),
): <C extends ModelClass>(target: C, context?: ClassDecoratorContext<C>) => void {
  return (target, context) => {
    assertModelClass('Scopes', target);
    if (context) settleRegistrations(target, context);
    // sequelize-typescript's older form gives the scopes object itself; the function form
    // (called when the models are added) is the one that can name models imported circularly.
    registrationOf(target).scopes = typeof scopes === 'function' ? scopes : () => scopes;
  };
}

/**
 * The scope every query of the model starts from (the model option `defaultScope`);
 * `Model.unscoped()` leaves it out. A function, called when the model is added to a connection.
 *
 * @example
 * ```ts
 * @DefaultScope(() => ({ where: { deletedByAdmin: false } }))
 * @Table
 * class Post extends Model { ... }
 * ```
 */
export function DefaultScope(
  scope: NonNullable<ModelOptions['defaultScope']> | (() => NonNullable<ModelOptions['defaultScope']>),
): <C extends ModelClass>(target: C, context?: ClassDecoratorContext<C>) => void {
  return (target, context) => {
    assertModelClass('DefaultScope', target);
    if (context) settleRegistrations(target, context);
    registrationOf(target).defaultScope = typeof scope === 'function' ? scope : () => scope;
  };
}

type ScopeValue = NonNullable<ModelOptions['scopes']>[string];

/**
 * sequelize-typescript's object-form scopes may name included models by getter
 * (`include: [() => Manufacturer]`, `{ model: () => Manufacturer }`), so that a scope can refer
 * to a model its file imports circularly. The getters are called when the models are added;
 * only `include` entries and their `model` are read this way, and a getter that does not
 * return a model is left as it was (the include then reports it).
 */
export function resolveIncludeGetters<S extends ScopeValue | NonNullable<ModelOptions['defaultScope']>>(scope: S): S {
  if (typeof scope !== 'object' || scope === null || !('include' in scope)) return scope;
  const include: unknown = scope.include;
  const resolved = Array.isArray(include) ? include.map(resolveIncludeEntry) : resolveIncludeEntry(include);
  return { ...scope, include: resolved };
}

function resolveIncludeEntry(entry: unknown): unknown {
  if (typeof entry === 'function') return resolveGetter(entry);
  if (typeof entry !== 'object' || entry === null) return entry;
  const withModel = 'model' in entry ? { ...entry, model: resolveGetter(entry.model) } : entry;
  return resolveIncludeGetters(withModel as ScopeValue);
}

/** A zero-argument function returning a model class is a getter; anything else stays. */
function resolveGetter(value: unknown): unknown {
  if (typeof value !== 'function' || value.length !== 0 || isModelClass(value)) return value;
  try {
    const result: unknown = (value as () => unknown)();
    return isModelClass(result) ? result : value;
  } catch {
    return value;
  }
}

function isModelClass(value: unknown): boolean {
  const prototype: unknown = typeof value === 'function' ? (value as { prototype?: unknown }).prototype : undefined;
  return typeof prototype === 'object' && prototype !== null && prototype instanceof Model;
}
