import { HOOK_NAMES, type HookName } from '@strata/core';
import { deferRegistration, registrationOf } from './registry';
import { decoratorSite, isStandardContext, misuse, standardDecoratorSite, type DecoratorSite } from './misuse';

/**
 * A decorator for a static method that becomes one of the model's hooks, under legacy
 * (`experimentalDecorators`) and standard decorators alike.
 */
export interface HookMethodDecorator {
  /** The legacy form (`experimentalDecorators`). */
  (target: object, property: string | symbol, descriptor: PropertyDescriptor): void;
  /**
   * The standard-decorator form (TypeScript 5+ without `experimentalDecorators`).
   *
   * @typeParam This - the model class
   * @typeParam Method - the decorated static method
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the constraint ClassMethodDecoratorContext itself puts on Method
  <This, Method extends (this: This, ...args: any) => any>(
    method: Method,
    context: ClassMethodDecoratorContext<This, Method>,
  ): void;
}

/** Options of the called form of a hook decorator. */
export interface HookDecoratorOptions {
  /** Names the hook, so `Model.removeHook(hook, name)` can remove it. */
  name: string;
}

/** A hook decorator, bare (`@BeforeCreate`) or named (`@BeforeCreate({ name: 'lowercaseEmail' })`). */
export interface HookDecorator extends HookMethodDecorator {
  // `never` rest: keeps a bare standard use (`@BeforeCreate static f()`) off this called form.
  (options: HookDecoratorOptions, ...standardContext: never[]): HookMethodDecorator;
}

function decoratorNameOf(hook: HookName): string {
  return hook[0].toUpperCase() + hook.slice(1);
}

/**
 * Makes a static method a hook of the model (the model option `hooks`), called with the hook's
 * Sequelize arguments (`beforeCreate(instance, options)`, `beforeBulkCreate(instances, options)`,
 * `beforeFind(options)`...) and `this` bound to the model class. Subclasses inherit it.
 */
export function hookDecorator(hook: HookName): HookDecorator {
  const decoratorName = decoratorNameOf(hook);
  const register =
    (name: string | undefined): HookMethodDecorator =>
    (target: unknown, property: unknown, descriptor?: PropertyDescriptor) => {
      const registerAt = (site: DecoratorSite, method: unknown): void => {
        if (!site.isStatic) {
          throw misuse(
            site,
            `@${decoratorName} decorates static methods (static ${site.property}(...) {...}); ${site.property} is not a static method`,
          );
        }
        if (typeof method !== 'function') throw misuse(site, `@${decoratorName} decorates methods`);
        // Model.beforeCreate(fn) is the static that adds a hook: a method of that name would hide it.
        if (site.property === hook) {
          throw misuse(
            site,
            `@${decoratorName} cannot decorate a method named ${hook}: the name is reserved for Model.${hook}(fn), which adds a hook; rename the method`,
          );
        }
        registrationOf(site.owner).hooks.push({ hook, method: site.property, ...(name !== undefined && { name }) });
      };
      if (isStandardContext(property)) {
        // Standard: the class does not exist yet; register once it does.
        const kindIsMethod = property.kind === 'method';
        deferRegistration(property, (owner) =>
          registerAt(standardDecoratorSite(decoratorName, owner, property), kindIsMethod ? target : undefined),
        );
        return;
      }
      registerAt(decoratorSite(decoratorName, target as object, property as string | symbol), descriptor?.value);
    };
  function decorator(
    targetOrOptions: object | HookDecoratorOptions,
    property?: unknown,
    descriptor?: PropertyDescriptor,
  ): HookMethodDecorator | void {
    if (property === undefined) return register((targetOrOptions as HookDecoratorOptions).name);
    (register(undefined) as (...args: unknown[]) => void)(targetOrOptions, property, descriptor);
  }
  return decorator as HookDecorator;
}

/**
 * One decorator per hook name in core's HOOK_NAMES, named in PascalCase (`BeforeCreate`); each is
 * also exported by its own name, which is how users import them.
 * @internal
 */
export const hookDecorators = Object.fromEntries(
  HOOK_NAMES.map((hook) => [decoratorNameOf(hook), hookDecorator(hook)]),
) as { readonly [K in HookName as Capitalize<K>]: HookDecorator };
