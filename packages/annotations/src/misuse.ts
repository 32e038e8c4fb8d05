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
  return siteOf(decoratorName, isStatic ? target : target.constructor, property, isStatic);
}

/**
 * The same for a standard (TC39) member decorator, once its class is known: standard member
 * decorators run before the class exists, so their registration waits for it (see
 * registry.ts `deferRegistration`).
 */
export function standardDecoratorSite(decoratorName: string, owner: object, context: StandardContext): DecoratorSite {
  return siteOf(decoratorName, owner, context.name ?? '', Boolean(context.static));
}

function siteOf(decoratorName: string, owner: object, property: string | symbol, isStatic: boolean): DecoratorSite {
  const className = (owner as { name?: string }).name || 'anonymous class';
  const site = { owner, className, property: String(property), isStatic };
  const prototype = (owner as { prototype?: unknown }).prototype;
  if (!(prototype instanceof Model)) {
    throw misuse(site, `@${decoratorName} is used on a class that does not extend Model`);
  }
  return site;
}

/**
 * What a standard (TC39) decorator receives as its second argument, where a legacy
 * (`experimentalDecorators`) decorator receives the property name.
 */
export interface StandardContext {
  kind: 'class' | 'method' | 'getter' | 'setter' | 'field' | 'accessor';
  name: string | symbol | undefined;
  static?: boolean;
  private?: boolean;
  /** The class's decorator metadata (undefined when the compiler passes none). */
  metadata?: object | null;
  addInitializer(initializer: (this: unknown) => void): void;
}

/**
 * Whether a decorator was called the standard way: `(value, context)` with a context object,
 * where the legacy way is `(target, propertyName, descriptor?)`.
 */
export function isStandardContext(argument: unknown): argument is StandardContext {
  return (
    typeof argument === 'object' &&
    argument !== null &&
    typeof (argument as { kind?: unknown }).kind === 'string' &&
    'name' in argument
  );
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
