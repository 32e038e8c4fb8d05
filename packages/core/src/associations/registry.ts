import { EagerLoadingError, ModelDefinitionError } from '../errors/errors';
import { hasRuntime, runtimeOf } from '../runtime/model-runtime';
import type { Association } from './association';

const NO_ASSOCIATIONS: ReadonlyMap<string, Association> = new Map();

/**
 * The associations declared on a model, by alias (an empty map for none, or for a class not
 * initialised). They live on the model's runtime, so `Model.init` (a new runtime) starts the
 * model without any, and a scoped variant sees its base model's.
 */
export function associationsOf(model: object): ReadonlyMap<string, Association> {
  return hasRuntime(model) ? runtimeOf(model).associations : NO_ASSOCIATIONS;
}

/**
 * Records an association under its alias. Two associations of one model under one alias, or an
 * alias that is also an attribute name, would make includes and values ambiguous: both throw.
 */
export function registerAssociation(association: Association): void {
  assertAliasAvailable(association.source, association.as);
  runtimeOf(association.source).associations.set(association.as, association);
}

/** Checked before an association changes anything (its foreign key), so a refused one leaves no trace. */
export function assertAliasAvailable(source: object, as: string): void {
  const { definition, associations } = runtimeOf(source);
  if (associations.has(as)) {
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
  const name = runtimeOf(model).definition.name;
  const valid = [...associationsOf(model).keys()];
  return new EagerLoadingError(
    `${wanted} is not associated to ${name}; valid associations of ${name}: ${valid.length ? valid.join(', ') : 'none'}`,
  );
}
