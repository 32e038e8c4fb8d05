import { EagerLoadingError, ModelDefinitionError } from '../errors/errors';
import { modelState } from '../runtime/model-state';
import type { Association } from './association';

const registry = new WeakMap<object, Map<string, Association>>();

/** The associations declared on a model, by alias (an empty map for none). */
export function associationsOf(model: object): ReadonlyMap<string, Association> {
  return registry.get(model) ?? new Map();
}

/** Forgets a model's associations: `Model.init` starts the model afresh (a new definition, maybe a new connection). */
export function clearAssociations(model: object): void {
  registry.delete(model);
}

/**
 * Records an association under its alias. Two associations of one model under one alias, or an
 * alias that is also an attribute name, would make includes and values ambiguous: both throw.
 */
export function registerAssociation(association: Association): void {
  assertAliasAvailable(association.source, association.as);
  let own = registry.get(association.source);
  if (!own) registry.set(association.source, (own = new Map()));
  own.set(association.as, association);
}

/** Checked before an association changes anything (its foreign key), so a refused one leaves no trace. */
export function assertAliasAvailable(source: object, as: string): void {
  const definition = modelState(source).definition;
  if (registry.get(source)?.has(as)) {
    throw new ModelDefinitionError(
      `${definition.name} already has an association named ${as}; give the new one another \`as\``,
    );
  }
  if (definition.attributes.has(as)) {
    throw new ModelDefinitionError(
      `${definition.name}: the association alias ${as} is also an attribute name; choose another \`as\``,
    );
  }
}

/** The error for an include that names no association of the model. */
export function unknownAssociation(model: object, wanted: string): EagerLoadingError {
  const name = modelState(model).definition.name;
  const valid = [...associationsOf(model).keys()];
  return new EagerLoadingError(
    `${wanted} is not associated to ${name}; valid associations of ${name}: ${valid.length ? valid.join(', ') : 'none'}`,
  );
}
