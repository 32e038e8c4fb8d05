import { HOOK_NAMES, type HookName } from '@strata/core';
import { registrationOf } from './registry';
import { decoratorSite, misuse } from './misuse';

/** A decorator for a static method that becomes one of the model's hooks. */
export type HookDecorator = (target: object, property: string | symbol, descriptor: PropertyDescriptor) => void;

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
  return (target, property, descriptor) => {
    const site = decoratorSite(decoratorName, target, property);
    if (!site.isStatic) {
      throw misuse(site, `@${decoratorName} decorates static methods (static ${site.property}(...) {...})`);
    }
    if (typeof descriptor?.value !== 'function') throw misuse(site, `@${decoratorName} decorates methods`);
    registrationOf(site.owner).hooks.push({ hook, method: site.property });
  };
}

/** One decorator per hook name in core's HOOK_NAMES, named in PascalCase (`BeforeCreate`). */
export const hookDecorators = Object.fromEntries(
  HOOK_NAMES.map((hook) => [decoratorNameOf(hook), hookDecorator(hook)]),
) as { readonly [K in HookName as Capitalize<K>]: HookDecorator };
