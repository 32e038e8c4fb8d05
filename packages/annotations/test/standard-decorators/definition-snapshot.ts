import type { Model } from '@strata/core';

type ModelClass = typeof Model;

/**
 * A model's definition and associations as plain data, so that two model sets compiled
 * different ways can be compared with toEqual: data types by their SQL name, functions by
 * their name (hooks are wrapped, so by their count and names), classes by their name, and the
 * Op symbols of a where by their description.
 */
export function definitionSnapshot(model: ModelClass): unknown {
  const definition = model.definition;
  const hooks = Object.fromEntries(
    Object.entries(definition.options.hooks ?? {}).map(([hook, entries]) => [
      hook,
      (Array.isArray(entries) ? entries : [entries]).map((entry) =>
        typeof entry === 'function' ? 'hook' : `hook ${entry.name}`,
      ),
    ]),
  );
  return plain({
    name: definition.name,
    tableName: definition.tableName,
    primaryKeys: definition.primaryKeys,
    timestamps: definition.timestamps,
    paranoid: definition.paranoid,
    version: definition.version,
    attributes: [...definition.attributes.values()],
    indexes: definition.indexes,
    options: { ...definition.options, hooks },
    modelValidators: Object.keys(definition.modelValidators),
    associations: Object.entries(model.associations).map(([as, association]) => ({
      as,
      type: association.associationType,
      foreignKey: association.foreignKey,
      target: association.target.name,
    })),
  });
}

function plain(value: unknown, seen = new Set<unknown>()): unknown {
  if (typeof value === 'function') {
    const name = (value as { name?: string }).name;
    return /^class\b/.test(Function.prototype.toString.call(value)) ? `class ${name}` : `function ${name ?? ''}`;
  }
  if (typeof value === 'symbol') return value.toString();
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return value.toISOString();
  if (isDataType(value)) return `type ${String(value)}`;
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => plain(item, seen));
  if (value instanceof Map) return [...value.entries()].map(([key, item]) => [key, plain(item, seen)]);
  const result: Record<string, unknown> = {};
  for (const key of Reflect.ownKeys(value)) {
    const item = (value as Record<string | symbol, unknown>)[key];
    if (item !== undefined) result[String(key)] = plain(item, seen);
  }
  seen.delete(value);
  return result;
}

function isDataType(value: object): boolean {
  return 'key' in value && 'length' in value && Object.isFrozen(value);
}
