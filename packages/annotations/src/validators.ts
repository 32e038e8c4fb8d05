import type { AttributeOptions } from '@strata/core';
import {
  applyBare,
  propertyDecorator,
  type AttributeDecorator,
  type BareOrCalledAttributeDecorator,
} from './property-decorator';
import { misuse, type StandardContext } from './misuse';

/** How a built-in validator takes its argument (the `argument` column of builtInValidators). */
export type ValidatorArgument = 'none' | 'optional' | 'required';

/** What one entry of a `validate` object holds: `true`, an argument, `[args]`, `{ args, msg }` or `{ msg }`. */
export type ValidatorSpecInput = NonNullable<AttributeOptions['validate']>[string];

/**
 * A validator decorator usable bare (`@IsEmail`) or with a spec (`@IsEmail({ msg })`), under
 * legacy and standard decorators alike.
 */
export type BareOrSpecDecorator<Spec> = BareOrCalledAttributeDecorator<Spec>;

/** A validator decorator that needs its argument (`@Length([2, 10])`). */
export type SpecDecorator = (spec: ValidatorSpecInput) => AttributeDecorator;

/**
 * The type of a validator decorator, by what its argument is: required (`@Length([2, 10])`),
 * none (`@IsEmail`, or `@IsEmail({ msg })`), or optional (`@IsUUID` or `@IsUUID(4)`).
 */
export type ValidatorDecorator<A extends ValidatorArgument> = A extends 'required'
  ? SpecDecorator
  : A extends 'none'
    ? BareOrSpecDecorator<true | { msg: string }>
    : BareOrSpecDecorator<ValidatorSpecInput>;

/**
 * A decorator that adds one built-in validator to a property's `validate` object, with the
 * spec written as in `validate` (`@Length([2, 10])` is `len: [2, 10]`). validators.generated.ts
 * holds one per row of @strata/validation's builtInValidators table.
 */
export function validatorDecorator<A extends ValidatorArgument>(
  validatorKey: string,
  decoratorName: string,
  argument: A,
): ValidatorDecorator<A> {
  const decorate = (spec: unknown): AttributeDecorator =>
    propertyDecorator(decoratorName, (entry) => {
      entry.options.validate = { ...entry.options.validate, [validatorKey]: spec };
    });
  // Used bare although it needs its argument: refused once the class is known, naming the property.
  const missingArgument = propertyDecorator(decoratorName, (_entry, owner, property) => {
    throw misuse(
      { className: (owner as { name: string }).name, property },
      `@${decoratorName} needs its argument, as in validate: { ${validatorKey}: ... }`,
    );
  });
  function decorator(
    targetOrSpec?: unknown,
    property?: string | symbol | StandardContext,
    descriptor?: PropertyDescriptor,
  ): unknown {
    if (property === undefined) return decorate(targetOrSpec === undefined ? true : targetOrSpec);
    return applyBare(argument === 'required' ? missingArgument : decorate(true), targetOrSpec, property, descriptor);
  }
  return decorator as ValidatorDecorator<A>;
}
