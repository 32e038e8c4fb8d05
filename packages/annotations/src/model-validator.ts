import type { AttributeOptions } from '@strata/core';
import { deferRegistration, registrationOf } from './registry';
import { decoratorSite, isStandardContext, misuse, standardDecoratorSite, type DecoratorSite } from './misuse';
import { propertyDecorator, type AttributeDecorator } from './property-decorator';

/**
 * Adds validators to the attribute's `validate` object: built-in ones by name and custom
 * functions (called with the value and `this` bound to the instance; they fail by throwing).
 *
 * @example
 * ```ts
 * @Validate({ isEven(value: unknown) { if (Number(value) % 2) throw new Error('odd'); }, max: 100 })
 * @Column declare score: number;
 * ```
 */
export function Validate(validators: NonNullable<AttributeOptions['validate']>): AttributeDecorator {
  return propertyDecorator('Validate', (entry) => {
    entry.options.validate = { ...entry.options.validate, ...validators };
  });
}

/**
 * Makes an instance method a model-wide validator (the model option `validate`): it runs after
 * the attribute validators with `this` bound to the instance, and fails by throwing. Its
 * errors have the method's name as `path` and `validatorKey`.
 *
 * @example
 * ```ts
 * @ModelValidator
 * bothCoordsOrNone() {
 *   if ((this.latitude === null) !== (this.longitude === null)) throw new Error('Both or neither');
 * }
 * ```
 */
export function ModelValidator(target: object, property: string | symbol, descriptor: PropertyDescriptor): void;
/**
 * The standard-decorator form (TypeScript 5+ without `experimentalDecorators`).
 *
 * @typeParam This - the model class's instance type
 * @typeParam Method - the decorated method
 */
export function ModelValidator<This, Method extends (this: This) => unknown>(
  method: Method,
  context: ClassMethodDecoratorContext<This, Method>,
): void;
export function ModelValidator(target: unknown, property: unknown, descriptor?: PropertyDescriptor): void {
  if (isStandardContext(property)) {
    // Standard: the class does not exist yet; register once it does.
    const method = property.kind === 'method' ? target : undefined;
    deferRegistration(property, (owner) =>
      registerModelValidator(standardDecoratorSite('ModelValidator', owner, property), method),
    );
    return;
  }
  registerModelValidator(
    decoratorSite('ModelValidator', target as object, property as string | symbol),
    descriptor?.value,
  );
}

function registerModelValidator(site: DecoratorSite, method: unknown): void {
  if (site.isStatic) throw misuse(site, '@ModelValidator decorates instance methods, not static ones');
  if (typeof method !== 'function') throw misuse(site, '@ModelValidator decorates methods');
  registrationOf(site.owner).modelValidators.push(site.property);
}
