import type { Model } from '../model/model';

/**
 * Puts an association's loaded value on an instance: in `dataValues` (what `get()` and
 * `toJSON()` read) and as a property of the instance itself, as Sequelize does. An
 * association that was not loaded is no property at all (`'posts' in user` is false), rather
 * than a property of every instance that reads undefined.
 *
 * @example setIncludedValue(user, 'posts', posts); // user.posts === posts
 */
export function setIncludedValue(instance: Model, alias: string, value: unknown): void {
  instance.dataValues[alias] = value;
  exposeIncludedValue(instance, alias);
}

/**
 * Makes `instance[alias]` read and write `dataValues[alias]`. It replaces a plain own property
 * of that name too: a class field the compiler defined (`posts: Post[]` without `declare`)
 * would otherwise hide the loaded value behind `undefined`.
 */
export function exposeIncludedValue(instance: Model, alias: string): void {
  const own = Object.getOwnPropertyDescriptor(instance, alias);
  if (own?.get === readIncluded(alias).get || own?.configurable === false) return;
  Object.defineProperty(instance, alias, readIncluded(alias));
}

const accessors = new Map<string, PropertyDescriptor>();

/** One shared accessor per alias, so exposing is idempotent and cheap across many rows. */
function readIncluded(alias: string): PropertyDescriptor {
  let descriptor = accessors.get(alias);
  if (!descriptor) {
    descriptor = {
      configurable: true,
      enumerable: false,
      get(this: Model) {
        return this.dataValues[alias];
      },
      set(this: Model, value: unknown) {
        this.dataValues[alias] = value;
      },
    };
    accessors.set(alias, descriptor);
  }
  return descriptor;
}

const includedBy = new WeakMap<Model, unknown>();

/**
 * Records the `include` a find loaded an instance with, so `instance.reload()` loads the same
 * associations again, as Sequelize's reload does.
 */
export function rememberInclude(instance: Model, include: unknown): void {
  includedBy.set(instance, include);
}

/** The `include` the instance was found with (undefined when it was found without one). */
export function rememberedInclude(instance: Model): unknown {
  return includedBy.get(instance);
}
