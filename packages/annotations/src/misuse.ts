import { Model, ModelDefinitionError } from '@strata/core';

/** The class a decorator was applied to, and whether to a static member. */
export interface DecoratorSite {
  owner: object;
  className: string;
  property: string;
  isStatic: boolean;
}

/**
 * Where a member decorator landed. Misuse that can be seen here (a decorator on a class that
 * is not a model) throws at once, while the class is being defined, naming `Class.property`.
 */
export function decoratorSite(decoratorName: string, target: object, property: string | symbol): DecoratorSite {
  const isStatic = typeof target === 'function';
  const owner = isStatic ? target : target.constructor;
  const className = (owner as { name?: string }).name || 'anonymous class';
  const site = { owner, className, property: String(property), isStatic };
  const prototype = (owner as { prototype?: unknown }).prototype;
  if (!(prototype instanceof Model)) {
    throw misuse(site, `@${decoratorName} is used on a class that does not extend Model`);
  }
  return site;
}

/** A ModelDefinitionError naming the decorated member. */
export function misuse(site: Pick<DecoratorSite, 'className' | 'property'>, message: string): ModelDefinitionError {
  return new ModelDefinitionError(`${site.className}.${site.property}: ${message}`);
}

/** Class decorators: refuse a class that does not extend Model while it is being defined. */
export function assertModelClass(decoratorName: string, target: object): void {
  if (!((target as { prototype?: unknown }).prototype instanceof Model)) {
    const className = (target as { name?: string }).name || 'anonymous class';
    throw new ModelDefinitionError(`${className}: @${decoratorName} is used on a class that does not extend Model`);
  }
}
