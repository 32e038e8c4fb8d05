import { randomUUID } from 'node:crypto';
import { InvalidQueryError } from '../errors/errors';
import { DataTypes } from './data-types';
import type { ModelDefinition } from './model-definition';
import { uuidV1 } from './uuid-v1';

/**
 * Fills a new instance's values with the attributes' defaults: `DataTypes.NOW` and
 * `DataTypes.UUIDV4` are computed, a function is called, an object is cloned so that instances
 * never share (and mutate) one default array or object. `markChanged` hears every name set.
 *
 * @example applyDefaults(definition, instance.dataValues, (name) => changed.add(name));
 */
export function applyDefaults(
  definition: ModelDefinition,
  values: Record<string, unknown>,
  markChanged: (name: string) => void,
): void {
  for (const attribute of definition.attributes.values()) {
    if (!attribute.hasDefault) continue;
    const value = attribute.defaultValue;
    values[attribute.name] =
      value === DataTypes.NOW
        ? new Date()
        : value === DataTypes.UUIDV4
          ? randomUUID()
          : value === DataTypes.UUIDV1
            ? uuidV1()
            : typeof value === 'function'
              ? (value as () => unknown)()
              : structuredCloneIfObject(value);
    markChanged(attribute.name);
  }
}

function structuredCloneIfObject(value: unknown): unknown {
  return typeof value === 'object' && value !== null && !(value instanceof Date) && !Buffer.isBuffer(value)
    ? structuredClone(value)
    : value;
}

/**
 * Whether two attribute values are the same for change tracking: dates by time, buffers by
 * bytes, other objects (JSON, arrays) by their JSON text.
 *
 * @example sameValue(new Date(0), new Date(0)) // true
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (Buffer.isBuffer(a) && Buffer.isBuffer(b)) return a.equals(b);
  if (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null) {
    return JSON.stringify(a) === JSON.stringify(b);
  }
  return false;
}

/**
 * The where that finds an instance's row: its primary key values by attribute name. An instance
 * without a key (never saved, or loaded without the key attribute) cannot be found, which is an
 * error here rather than a where that matches nothing, or everything.
 *
 * @example primaryKeyWhere(definition, user.dataValues) // { id: 7 }
 */
export function primaryKeyWhere(definition: ModelDefinition, values: Record<string, unknown>): Record<string, unknown> {
  const where: Record<string, unknown> = {};
  for (const key of definition.primaryKeys) {
    const value = values[key];
    if (value === undefined || value === null) {
      throw new InvalidQueryError(
        `${definition.name}: this instance has no ${key}, so it cannot be found in the database`,
      );
    }
    where[key] = value;
  }
  return where;
}
