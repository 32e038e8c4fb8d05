import { InvalidQueryError, ModelDefinitionError } from '../errors/errors';
import { closestMatch } from '../options/edit-distance';
import type { ModelDefinition } from './model-definition';

/**
 * What a key of the values given to build, create, bulkCreate, set or update does when it names
 * nothing of the model (no attribute, virtual, getter/setter method or association):
 * `'error'` (Strata's default) throws an InvalidQueryError naming the model and the key, so a
 * misspelt attribute is not silently lost; `'ignore'` drops it, as Sequelize does (the
 * `@strata/core/sequelize` preset's default).
 */
export type UnknownAttributes = 'error' | 'ignore';

/**
 * The `unknownAttributes` option (of a model, or of the connection with `ConnectionError`),
 * checked; `undefined` when unset.
 */
export function checkUnknownAttributes(
  value: unknown,
  where: string,
  ErrorClass: new (message: string) => Error = ModelDefinitionError,
): UnknownAttributes | undefined {
  if (value === undefined || value === 'error' || value === 'ignore') return value;
  throw new ErrorClass(
    `${where}: unknownAttributes must be 'error' or 'ignore', got ${typeof value === 'string' ? JSON.stringify(value) : typeof value}`,
  );
}

/** Whether unknown keys are dropped: the model's `unknownAttributes`, else the connection's (`fallback`). */
export function ignoresUnknownAttributes(
  definition: ModelDefinition,
  fallback: UnknownAttributes | undefined,
): boolean {
  return (definition.options.unknownAttributes ?? fallback) === 'ignore';
}

/**
 * Whether `key` may be set on an instance of the model: an attribute (virtual ones included),
 * a getterMethods/setterMethods name (what `toJSON()` gives back), or an association's alias
 * (its values are created along with the instance by `include`).
 */
export function isSettableKey(
  definition: ModelDefinition,
  associations: ReadonlyMap<string, unknown>,
  key: string,
): boolean {
  return (
    definition.attributes.has(key) ||
    associations.has(key) ||
    (definition.options.setterMethods !== undefined && Object.hasOwn(definition.options.setterMethods, key)) ||
    (definition.options.getterMethods !== undefined && Object.hasOwn(definition.options.getterMethods, key))
  );
}

/**
 * The refusal of a key that names nothing of the model, with the closest attribute or
 * association as a suggestion and the way to opt into Sequelize's behaviour.
 *
 * @example unknownAttributeError(definition, ['posts'], 'emial').message
 * // 'User: "emial" is not an attribute or association of User; did you mean "email"? (...)'
 */
export function unknownAttributeError(
  definition: ModelDefinition,
  associations: Iterable<string>,
  key: string,
  method?: string,
): InvalidQueryError {
  const aliases = [...associations];
  const names = [...definition.attributes.keys(), ...aliases];
  const suggestion = closestMatch(key, names);
  const what = method ? `${definition.name}.${method}` : definition.name;
  const kinds = aliases.length > 0 ? 'an attribute or association' : 'an attribute';
  return new InvalidQueryError(
    `${what}: ${JSON.stringify(key)} is not ${kinds} of ${definition.name}` +
      (suggestion ? `; did you mean ${JSON.stringify(suggestion)}?` : `; valid keys: ${names.join(', ')}`) +
      ` (to drop unknown keys silently as Sequelize does, set unknownAttributes: 'ignore' on the model or the connection)`,
  );
}
