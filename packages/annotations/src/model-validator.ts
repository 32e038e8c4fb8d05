import type { AttributeOptions } from '@strata/core';
import { registrationOf } from './registry';
import { decoratorSite, misuse } from './misuse';
import { propertyDecorator } from './property-decorator';

/**
 * Adds validators to the attribute's `validate` object: built-in ones by name and custom
 * functions (called with the value and `this` bound to the instance; they fail by throwing).
 *
 * @example
 * @Validate({ isEven(value: unknown) { if (Number(value) % 2) throw new Error('odd'); }, max: 100 })
 * @Column declare score: number;
 */
export function Validate(validators: NonNullable<AttributeOptions['validate']>): PropertyDecorator {
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
 * @ModelValidator
 * bothCoordsOrNone() {
 *   if ((this.latitude === null) !== (this.longitude === null)) throw new Error('Both or neither');
 * }
 */
export function ModelValidator(target: object, property: string | symbol, descriptor: PropertyDescriptor): void {
  const site = decoratorSite('ModelValidator', target, property);
  if (site.isStatic) throw misuse(site, '@ModelValidator decorates instance methods, not static ones');
  if (typeof descriptor?.value !== 'function') throw misuse(site, '@ModelValidator decorates methods');
  registrationOf(site.owner).modelValidators.push(site.property);
}
