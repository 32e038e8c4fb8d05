import { propertyDecorator } from './property-decorator';

/**
 * A decorator that adds one validator to a property's `validate` object; used to generate
 * one decorator per row of @strata/validation's builtInValidators table.
 */
export function validatorDecorator(validatorKey: string, decoratorName: string) {
  function decorate(spec: unknown): PropertyDecorator {
    return propertyDecorator(decoratorName, (entry) => {
      entry.options.validate = { ...entry.options.validate, [validatorKey]: spec };
    });
  }
  function decorator(target: object, property: string | symbol): void;
  function decorator(argumentOrOptions?: unknown): PropertyDecorator;
  function decorator(targetOrArgument?: unknown, property?: string | symbol): PropertyDecorator | void {
    if (property !== undefined) return decorate(true)(targetOrArgument as object, property);
    return decorate(targetOrArgument === undefined ? true : targetOrArgument);
  }
  return decorator;
}

/**
 * The value must be an email address.
 * @example @IsEmail @Column declare email: string;
 * @example @IsEmail({ msg: 'Give a real address' }) @Column declare email: string;
 */
export const IsEmail = validatorDecorator('isEmail', 'IsEmail');
