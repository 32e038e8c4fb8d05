import { ModelDefinitionError } from '@strata/core';
import { Is as IsPattern, Length as LengthSpec } from './validators.generated';
import { ModelValidator } from './model-validator';
import {
  applyBare,
  propertyDecorator,
  type AttributeDecorator,
  type BareOrCalledAttributeDecorator,
} from './property-decorator';
import type { StandardContext } from './misuse';
import type { ValidatorSpecInput } from './validators';

/** A custom validator: called with the value and `this` bound to the instance; it fails by throwing. */
export type CustomValidatorFunction = (value: unknown) => unknown;

/** The spec `validate: { is: ... }` takes: a RegExp, a pattern string, [pattern, flags], or `{ args, msg }`. */
export type PatternSpec = ValidatorSpecInput;

function addValidator(decoratorName: string, validatorKey: string, spec: ValidatorSpecInput): AttributeDecorator {
  return propertyDecorator(decoratorName, (entry) => {
    entry.options.validate = { ...entry.options.validate, [validatorKey]: spec };
  });
}

/** `hexColor` -> `isHexColor`: the validator key sequelize-typescript gives a named function. */
function customValidatorKey(name: string): string {
  return `is${name[0].toUpperCase()}${name.slice(1)}`;
}

/**
 * Matches a pattern (`@Is(/^[a-f0-9]{6}$/i)`, as `validate: { is }`), or runs a custom
 * validator function, as in sequelize-typescript: `@Is(hexColor)` registers it as
 * `isHexColor` (from the function's name), `@Is('HexColor', fn)` under the name given. The
 * key is the error's `validatorKey`.
 */
export function Is(name: string, validator: CustomValidatorFunction): AttributeDecorator;
export function Is(validator: CustomValidatorFunction): AttributeDecorator;
export function Is(pattern: PatternSpec): AttributeDecorator;
export function Is(
  specOrNameOrValidator: PatternSpec | CustomValidatorFunction | string,
  validator?: CustomValidatorFunction,
): AttributeDecorator {
  if (typeof specOrNameOrValidator === 'string' && typeof validator === 'function') {
    return addValidator('Is', customValidatorKey(specOrNameOrValidator), validator as ValidatorSpecInput);
  }
  if (typeof specOrNameOrValidator === 'function') {
    const fn = specOrNameOrValidator as CustomValidatorFunction;
    if (!fn.name) {
      throw new ModelDefinitionError(
        'Passed validator function must have a name: @Is(fn) takes a named function (function hexColor(value) {...}), or give one: @Is(name, fn)',
      );
    }
    return addValidator('Is', customValidatorKey(fn.name), fn as ValidatorSpecInput);
  }
  return IsPattern(specOrNameOrValidator);
}

/** Options of sequelize-typescript's `@Length({ min, max, msg })`. */
export interface LengthOptions {
  min?: number;
  max?: number;
  msg?: string;
}

function isLengthOptions(spec: unknown): spec is LengthOptions {
  return (
    typeof spec === 'object' &&
    spec !== null &&
    !Array.isArray(spec) &&
    !('args' in spec) &&
    ('min' in spec || 'max' in spec || 'msg' in spec)
  );
}

/**
 * The length is between `min` (default 0) and `max` (default none), inclusive:
 * `@Length({ min: 2, max: 10, msg })` as in sequelize-typescript, or the `validate` form
 * `@Length([2, 10])` / `@Length({ args: [2, 10], msg })`.
 */
export function Length(
  spec: LengthOptions | ValidatorSpecInput,
  ...bareUse: [property?: string | symbol | StandardContext]
): AttributeDecorator {
  // Used bare (`@Length` with no argument): the generated decorator refuses it, naming the property.
  const [bareProperty] = bareUse;
  if (bareProperty !== undefined) {
    return (
      LengthSpec as unknown as (target: object, property: string | symbol | StandardContext) => AttributeDecorator
    )(spec as object, bareProperty);
  }
  if (!isLengthOptions(spec)) return LengthSpec(spec);
  const range = spec.max === undefined ? [spec.min ?? 0] : [spec.min ?? 0, spec.max];
  return LengthSpec(spec.msg === undefined ? range : { args: range, msg: spec.msg });
}

function mustBeArray(value: unknown): void {
  if (!Array.isArray(value)) throw new Error('Value must be an array');
}
// The validator key (and an error's validatorKey) is the function's name.
Object.defineProperty(mustBeArray, 'name', { value: 'isArray' });

/** The value is an array (for ARRAY and JSON columns). */
export const IsArray: BareOrCalledAttributeDecorator<never> = function IsArray(
  target?: object,
  property?: string | symbol | StandardContext,
  descriptor?: PropertyDescriptor,
): unknown {
  const decorator = addValidator('IsArray', 'isArray', mustBeArray as ValidatorSpecInput);
  if (property === undefined) return decorator;
  return applyBare(decorator, target, property, descriptor);
} as BareOrCalledAttributeDecorator<never>;

/** sequelize-typescript's name for {@link ModelValidator}: makes an instance method a model-wide validator. */
export const Validator = ModelValidator;
