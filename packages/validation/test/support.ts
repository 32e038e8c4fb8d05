import { validateRecord, type AttributeValidators, type ValidationErrorItem } from '../src';

/** Validates one attribute, `field` of model `User`, holding `value`. */
export function errorsFor(
  validate: AttributeValidators,
  value: unknown,
  options: { allowNull?: boolean; instance?: object } = {},
): Promise<ValidationErrorItem[]> {
  return validateRecord({
    modelName: 'User',
    values: { field: value },
    attributes: [{ name: 'field', allowNull: options.allowNull ?? true, validate }],
    ...(options.instance === undefined ? {} : { instance: options.instance }),
  });
}

/** `path:validatorKey` of each failure, for compact assertions. */
export function keysOf(errors: readonly ValidationErrorItem[]): string[] {
  return errors.map((error) => `${error.path}:${error.validatorKey}`);
}
