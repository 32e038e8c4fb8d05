import { ValidationError, ValidationErrorItem, assertValid, type AttributeValidationSpec } from '@strata/validation';
import { messagesIncludeValues, type AttributeDefinition, type ModelDefinition } from '../definition/model-definition';
import { coerceValue } from '../definition/value-types';
import type { TypeCodec } from '../dialect/dialect';

const specCache = new WeakMap<ModelDefinition, AttributeValidationSpec[]>();

function validationSpecs(definition: ModelDefinition): AttributeValidationSpec[] {
  let specs = specCache.get(definition);
  if (!specs) {
    specs = [...definition.attributes.values()].map((attribute) => ({
      name: attribute.name,
      allowNull: attribute.allowNull,
      validate: attribute.validate,
      typeCheck: (value: unknown) => {
        const result = coerceValue(attribute.type, value, messagesIncludeValues(definition));
        // The same message as prepareRow's, so the error reads alike with or without validation.
        return 'error' in result ? `${definition.name}.${attribute.name}: ${result.error}` : null;
      },
    }));
    specCache.set(definition, specs);
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
  definition: ModelDefinition,
  values: Record<string, unknown>,
  instance: object,
  options: ValidateOptions = {},
): Promise<void> {
  try {
    if (validateValuesSync(definition, values, instance, options)) return VALID;
  } catch (error) {
    return Promise.reject(error as Error);
  }
  return assertValid({
    modelName: definition.name,
    values,
    attributes: validationSpecs(definition),
    modelValidators: definition.modelValidators,
    instance,
    messagesIncludeValues: messagesIncludeValues(definition),
    fields: options.fields ? [...options.fields] : undefined,
    skip: options.skip ? [...options.skip] : undefined,
    skipNullCheckFor: options.skipNullCheckFor ? [...options.skipNullCheckFor] : undefined,
  });
}

const onlyBuiltInChecks = new WeakMap<ModelDefinition, boolean>();

/** A model without validators (attribute or model-wide) is checked for null and type alone. */
function hasOnlyBuiltInChecks(definition: ModelDefinition): boolean {
  let only = onlyBuiltInChecks.get(definition);
  if (only === undefined) {
    only =
      Object.keys(definition.modelValidators).length === 0 &&
      [...definition.attributes.values()].every((a) => a.validate === undefined);
    onlyBuiltInChecks.set(definition, only);
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
  definition: ModelDefinition,
  values: Record<string, unknown>,
  instance: object,
  options: ValidateOptions = {},
): boolean {
  if (!hasOnlyBuiltInChecks(definition)) return false;
  const fields = options.fields;
  const skipNullCheckFor = options.skipNullCheckFor;
  let errors: ValidationErrorItem[] | undefined;
  for (const spec of validationSpecs(definition)) {
    const path = spec.name;
    if (fields !== undefined && !fields.includes(path)) continue;
    if (options.skip?.includes(path)) continue;
    // Own properties only, as in assertValid: an attribute called `constructor` must not read Object's.
    const value = Object.prototype.hasOwnProperty.call(values, path) ? values[path] : undefined;
    let item: ValidationErrorItem | undefined;
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
export function databaseFilled(definition: ModelDefinition): readonly string[] {
  let names = databaseFilledNames.get(definition);
  if (!names) {
    const { createdAt, updatedAt } = definition.timestamps;
    names = [
      ...definition.columnAttributes.filter((a) => a.autoIncrement).map((a) => a.name),
      ...[createdAt, updatedAt].filter((name): name is string => name !== undefined),
    ];
    databaseFilledNames.set(definition, names);
  }
  return names;
}

const databaseFilledNames = new WeakMap<ModelDefinition, readonly string[]>();

/**
 * Brings each value to its attribute's JS type (writing the normalised value back into
 * `values`) and then to what the driver binds, keyed by column name. A value of the wrong
 * type is a ValidationError naming the model and attribute, raised before any SQL is built,
 * even when validation is switched off.
 */
export function prepareRow(
  definition: ModelDefinition,
  codec: TypeCodec,
  values: Record<string, unknown>,
  attributes: Iterable<AttributeDefinition>,
): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  const errors: ValidationErrorItem[] = [];
  for (const attribute of attributes) {
    if (attribute.virtual) continue;
    const value = values[attribute.name];
    if (value === undefined) continue;
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
    values[attribute.name] = coerced.value;
    row[attribute.field] = codec.toDatabase(attribute.type, coerced.value);
  }
  if (errors.length > 0) throw new ValidationError(undefined, errors, { modelName: definition.name });
  return row;
}
