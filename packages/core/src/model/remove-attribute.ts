import type { ModelDefinition } from '../definition/model-definition';
import { ModelDefinitionError } from '../errors/errors';
import { runtimeOf } from '../runtime/model-runtime';

/**
 * Takes one attribute out of a model's definition (Sequelize's `Model.removeAttribute`): a new
 * definition without it goes to the runtime, as associations add foreign keys, so queries,
 * writes and sync stop naming its column. A timestamp or version attribute stops being one.
 * The instance accessor goes too, so `user.name` is no longer routed to the stored values.
 *
 * An unknown name is an error (Sequelize ignores it): a typo would otherwise leave the
 * attribute in every query.
 */
export function removeAttribute(model: { prototype: object }, name: string): void {
  const runtime = runtimeOf(model);
  const definition = runtime.definition;
  if (!definition.attributes.has(name)) {
    throw new ModelDefinitionError(
      `${definition.name}.removeAttribute(${JSON.stringify(name)}): no such attribute; attributes: ${[
        ...definition.attributes.keys(),
      ].join(', ')}`,
    );
  }
  runtime.replaceDefinition(withoutAttribute(definition, name));
  const accessor = Object.getOwnPropertyDescriptor(model.prototype, name);
  if (accessor?.get && accessor.configurable) delete (model.prototype as Record<string, unknown>)[name];
}

function withoutAttribute(definition: ModelDefinition, name: string): ModelDefinition {
  const attributes = new Map(definition.attributes);
  attributes.delete(name);
  const columnAttributes = [...attributes.values()].filter((a) => !a.virtual);
  const timestamps = Object.fromEntries(
    Object.entries(definition.timestamps).filter(([, attribute]) => attribute !== name),
  ) as ModelDefinition['timestamps'];
  return {
    ...definition,
    attributes,
    columnAttributes,
    primaryKeys: columnAttributes.filter((a) => a.primaryKey).map((a) => a.name),
    fieldToAttribute: new Map(columnAttributes.map((a) => [a.field, a.name])),
    timestamps,
    paranoid: definition.paranoid && timestamps.deletedAt !== undefined,
    version: definition.version === name ? undefined : definition.version,
  };
}
