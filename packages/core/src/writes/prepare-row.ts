import { ValidationError, ValidationErrorItem, assertValid, type AttributeValidationSpec } from '@strata/validation';
import type { AttributeDefinition, ModelDefinition } from '../definition/model-definition';
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
        const result = coerceValue(attribute.type, value);
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

/** Runs the model's attribute and model-wide validators; throws ValidationError listing every failure. */
export async function validateValues(
  definition: ModelDefinition,
  values: Record<string, unknown>,
  instance: object,
  options: ValidateOptions = {},
): Promise<void> {
  await assertValid({
    modelName: definition.name,
    values,
    attributes: validationSpecs(definition),
    modelValidators: definition.modelValidators,
    instance,
    fields: options.fields ? [...options.fields] : undefined,
    skip: options.skip ? [...options.skip] : undefined,
    skipNullCheckFor: options.skipNullCheckFor ? [...options.skipNullCheckFor] : undefined,
  });
}

/**
 * Attributes a write fills itself, so a missing one is not a notNull failure: auto-increment
 * keys (the database) and createdAt/updatedAt (stamped by the insert, which `validate()` on a
 * built instance has not run yet).
 */
export function databaseFilled(definition: ModelDefinition): string[] {
  const { createdAt, updatedAt } = definition.timestamps;
  return [
    ...definition.columnAttributes.filter((a) => a.autoIncrement).map((a) => a.name),
    ...[createdAt, updatedAt].filter((name): name is string => name !== undefined),
  ];
}

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
    const coerced = coerceValue(attribute.type, value);
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
