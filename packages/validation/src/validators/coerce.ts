/**
 * Turning a value into the string validator.js inspects.
 *
 * validator.js validates strings only. Sequelize feeds it `String(value)`, so an array
 * `['a', 'b']` becomes `'a,b'` and an object with a custom `toString` becomes whatever that
 * returns; a value of the wrong type can then pass `isIn`, `len` or `is`. Here only values
 * with one obvious text form are converted; anything else makes the validator fail.
 */

/**
 * The text form of a scalar value, or `undefined` when the value has none.
 *
 * - strings as they are;
 * - numbers, bigints and booleans through `String()` (`12` -> `'12'`);
 * - valid Dates as ISO 8601 (`toISOString()`); an invalid Date has no text form;
 * - anything else (arrays, plain objects, Buffers, symbols, functions): `undefined`.
 */
export function toValidatorString(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'bigint':
    case 'boolean':
      return String(value);
    default:
      if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
      return undefined;
  }
}

/** Whether {@link toValidatorString} accepts the value. */
export function hasValidatorString(value: unknown): boolean {
  return toValidatorString(value) !== undefined;
}

/** A short description of a value's type for error messages (`array`, `object`, `null`). */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (value instanceof RegExp) return 'RegExp';
  if (value instanceof Date) return 'Date';
  return typeof value;
}
