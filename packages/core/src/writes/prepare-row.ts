import { ValidationError, ValidationErrorItem, assertValid, type AttributeValidationSpec } from '@strata/validation';
import { messagesIncludeValues, type AttributeDefinition, type ModelDefinition } from '../definition/model-definition';
import { coerceValue } from '../definition/value-types';
import type { TypeCodec } from '../dialect/dialect';
import type { ModelRuntime } from '../runtime/model-runtime';
import { isExpression } from '../compile/expressions';
import { isColumnDefaultFunction } from '../compile/create-table';
import { InvalidQueryError } from '../errors/errors';
import type { DataType } from '../definition/data-types';

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/**
 * Whether `value` is already what `coerceValue` would make of it, checked without its
 * allocations (it describes the value for an error message before it knows there is one): a
 * string that fits a STRING/TEXT, an int32 for a signed INTEGER, a boolean, a valid Date. Only
 * these everyday cases; anything else goes through `coerceValue`, which has the last word.
 */
function alreadyCoerced(type: DataType, value: unknown): boolean {
  switch (type.key) {
    case 'STRING':
    case 'TEXT':
      return typeof value === 'string' && (type.length === undefined || value.length <= type.length);
    case 'INTEGER':
      return (
        typeof value === 'number' &&
        !type.unsigned &&
        Number.isInteger(value) &&
        value >= INT32_MIN &&
        value <= INT32_MAX
      );
    case 'BOOLEAN':
      return typeof value === 'boolean';
    case 'DATE':
      return value instanceof Date && !Number.isNaN(value.getTime());
    default:
      return false;
  }
}

/** What `@strata/validation` checks per attribute, built once per definition (kept on the runtime). */
function validationSpecs(runtime: ModelRuntime): AttributeValidationSpec[] {
  let specs = runtime.validationSpecs;
  if (!specs) {
    const definition = runtime.definition;
    specs = [...definition.attributes.values()].map((attribute) => ({
      name: attribute.name,
      allowNull: attribute.allowNull,
      validate: attribute.validate,
      typeCheck: (value: unknown) => {
        if (isExpression(value) || alreadyCoerced(attribute.type, value)) return null;
        const result = coerceValue(attribute.type, value, messagesIncludeValues(definition));
        // The same message as prepareRow's, so the error reads alike with or without validation.
        return 'error' in result ? `${definition.name}.${attribute.name}: ${result.error}` : null;
      },
    }));
    runtime.validationSpecs = specs;
  }
  return specs;
}

export interface ValidateOptions {
  /** Validate only these attributes (partial updates); model validators still run. */
  fields?: readonly string[];
  /** Attributes and model validators to leave out (`instance.validate({ skip })`). */
  skip?: readonly string[];
  /** Attributes the database fills (auto-increment keys): no notNull check. */
  skipNullCheckFor?: readonly string[];
}

/** One settled promise for every synchronous success: no allocation per validated row. */
const VALID: Promise<void> = Promise.resolve();

/** Runs the model's attribute and model-wide validators; throws ValidationError listing every failure. */
export function validateValues(
  runtime: ModelRuntime,
  values: Record<string, unknown>,
  instance: object,
  options: ValidateOptions = {},
): Promise<void> {
  try {
    if (validateValuesSync(runtime, values, instance, options)) return VALID;
  } catch (error) {
    return Promise.reject(error as Error);
  }
  const definition = runtime.definition;
  const skip = withExpressionValues(values, options.skip);
  return assertValid({
    modelName: definition.name,
    values,
    attributes: validationSpecs(runtime),
    modelValidators: definition.modelValidators,
    instance,
    messagesIncludeValues: messagesIncludeValues(definition),
    fields: options.fields ? [...options.fields] : undefined,
    skip: skip ? [...skip] : undefined,
    skipNullCheckFor: options.skipNullCheckFor ? [...options.skipNullCheckFor] : undefined,
  });
}

/**
 * `skip` plus the attributes whose value is an expression (`fn`, `col`, `literal`): SQL the
 * developer wrote, which the database evaluates, so neither the type check nor a validator
 * can judge it (Sequelize skips them too). A plain string is never an expression.
 */
function withExpressionValues(
  values: Record<string, unknown>,
  skip: readonly string[] | undefined,
): readonly string[] | undefined {
  let names: string[] | undefined;
  for (const name of Object.keys(values)) {
    if (isExpression(values[name])) (names ??= [...(skip ?? [])]).push(name);
  }
  return names ?? skip;
}

/** A model without validators (attribute or model-wide) is checked for null and type alone. */
function hasOnlyBuiltInChecks(runtime: ModelRuntime): boolean {
  let only = runtime.onlyBuiltInChecks;
  if (only === undefined) {
    const definition = runtime.definition;
    only =
      Object.keys(definition.modelValidators).length === 0 &&
      [...definition.attributes.values()].every((a) => a.validate === undefined);
    runtime.onlyBuiltInChecks = only;
  }
  return only;
}

/**
 * Validation without promises for a model that has no validators: the same notNull and type
 * checks, failures and messages as `assertValid`, done synchronously. Returns false, having
 * checked nothing, when the model has validators (they may be async): use validateValues.
 * Throws the ValidationError assertValid would.
 */
export function validateValuesSync(
  runtime: ModelRuntime,
  values: Record<string, unknown>,
  instance: object,
  options: ValidateOptions = {},
): boolean {
  if (!hasOnlyBuiltInChecks(runtime)) return false;
  const definition = runtime.definition;
  const fields = options.fields;
  const skipNullCheckFor = options.skipNullCheckFor;
  let errors: ValidationErrorItem[] | undefined;
  for (const spec of validationSpecs(runtime)) {
    const path = spec.name;
    if (fields !== undefined && !fields.includes(path)) continue;
    if (options.skip?.includes(path)) continue;
    // Own properties only, as in assertValid: an attribute called `constructor` must not read Object's.
    const value = Object.prototype.hasOwnProperty.call(values, path) ? values[path] : undefined;
    let item: ValidationErrorItem | undefined;
    if (isExpression(value)) continue;
    if (value === null || value === undefined) {
      if (spec.allowNull !== false || skipNullCheckFor?.includes(path)) continue;
      item = new ValidationErrorItem({
        message: `${definition.name}.${path} cannot be null`,
        type: 'notNull violation',
        path,
        value,
        validatorKey: 'notNull',
        validatorName: 'notNull',
        instance,
      });
    } else {
      const message = spec.typeCheck?.(value);
      if (message === null || message === undefined) continue;
      item = new ValidationErrorItem({
        message: message === '' ? `Validation isOfType on ${path} failed` : message,
        type: 'Validation error',
        path,
        value,
        validatorKey: 'isOfType',
        instance,
      });
    }
    (errors ??= []).push(item);
  }
  if (errors) throw new ValidationError(undefined, errors, { modelName: definition.name });
  return true;
}

/**
 * Attributes a write fills itself, so a missing one is not a notNull failure: auto-increment
 * keys (the database) and createdAt/updatedAt (stamped by the insert, which `validate()` on a
 * built instance has not run yet).
 */
export function databaseFilled(runtime: ModelRuntime): readonly string[] {
  let names = runtime.databaseFilledNames;
  if (!names) {
    const definition = runtime.definition;
    const { createdAt, updatedAt } = definition.timestamps;
    names = [
      ...definition.columnAttributes.filter((a) => a.autoIncrement).map((a) => a.name),
      ...[createdAt, updatedAt].filter((name): name is string => name !== undefined),
    ];
    runtime.databaseFilledNames = names;
  }
  return names;
}

/**
 * Brings each value to its attribute's JS type (writing the normalised value back into
 * `values`) and then to what the driver binds, keyed by column name. A value of the wrong
 * type is a ValidationError naming the model and attribute, raised before any SQL is built,
 * even when validation is switched off. With `expressions: true` (create, save, update) an
 * expression (`fn`, `col`, `literal`) is kept as it is, for the statement's compiler to write
 * as SQL (see compile/write-values); other writes refuse it like any value of the wrong type.
 */
export function prepareRow(
  definition: ModelDefinition,
  codec: TypeCodec,
  values: Record<string, unknown>,
  attributes: Iterable<AttributeDefinition>,
  expressions = false,
): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  const errors: ValidationErrorItem[] = [];
  for (const attribute of attributes) {
    if (attribute.virtual) continue;
    // Own properties only: a value inherited through a prototype was never set (nor validated).
    const value = Object.hasOwn(values, attribute.name) ? values[attribute.name] : undefined;
    if (value === undefined) continue;
    // The attribute's own database default (`fn('gen_random_uuid')`): the column's DEFAULT fills it in.
    if (!expressions && value === attribute.defaultValue && isColumnDefaultFunction(value)) continue;
    if (isExpression(value)) {
      if (expressions) row[attribute.field] = value;
      else {
        errors.push(
          new ValidationErrorItem({
            message: `${definition.name}.${attribute.name}: fn(), col() and literal() are values of create, save and update only`,
            type: 'Validation error',
            path: attribute.name,
            value,
            validatorKey: 'isOfType',
          }),
        );
      }
      continue;
    }
    if (alreadyCoerced(attribute.type, value)) {
      row[attribute.field] = codec.toDatabase(attribute.type, value);
      continue;
    }
    const coerced = coerceValue(attribute.type, value, messagesIncludeValues(definition));
    if ('error' in coerced) {
      errors.push(
        new ValidationErrorItem({
          message: `${definition.name}.${attribute.name}: ${coerced.error}`,
          type: 'Validation error',
          path: attribute.name,
          value,
          validatorKey: 'isOfType',
        }),
      );
      continue;
    }
    let stored: unknown;
    try {
      stored = codec.toDatabase(attribute.type, coerced.value);
    } catch (error) {
      // A value the dialect cannot store (a MultiPoint in MySQL's plain GEOMETRY column).
      if (!(error instanceof InvalidQueryError)) throw error;
      errors.push(
        new ValidationErrorItem({
          message: `${definition.name}.${attribute.name}: ${error.message}`,
          type: 'Validation error',
          path: attribute.name,
          value,
          validatorKey: 'isOfType',
        }),
      );
      continue;
    }
    values[attribute.name] = coerced.value;
    row[attribute.field] = stored;
  }
  if (errors.length > 0) throw new ValidationError(undefined, errors, { modelName: definition.name });
  return row;
}
