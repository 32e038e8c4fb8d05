import { randomUUID } from 'node:crypto';
import { isExpression } from '../compile/expressions';
import { InvalidQueryError } from '../errors/errors';
import { DataTypes } from './data-types';
import type { ModelDefinition } from './model-definition';
import { uuidV1 } from './uuid-v1';

/**
 * Fills a new instance's values with the attributes' defaults: `DataTypes.NOW` and
 * `DataTypes.UUIDV4` are computed, a function is called, an object is cloned so that instances
 * never share (and mutate) one default array or object. An expression (`fn('gen_random_uuid')`)
 * is kept as it is: the database computes it in the INSERT. `markChanged` hears every name set.
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
  // A cloned fn() would be a plain object that no longer reads as SQL.
  return typeof value === 'object' &&
    value !== null &&
    !(value instanceof Date) &&
    !Buffer.isBuffer(value) &&
    !isExpression(value)
    ? structuredClone(value)
    : value;
}

/**
 * Keys that reach an object's prototype machinery instead of naming a value. A JSON body can
 * carry them as ordinary keys: assigning `values.__proto__ = {...}` swaps the prototype, whose
 * members are then read as values past validation, and `constructor`/`prototype` lead to
 * Object.prototype itself. So they are never attribute names and never keys of values.
 */
const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export function isPrototypeKey(key: string): boolean {
  return PROTOTYPE_KEYS.has(key);
}

/** The refusal of a prototype key among a model's values, naming the model and the key. */
export function prototypeKeyError(modelName: string, key: string): InvalidQueryError {
  return new InvalidQueryError(
    `${modelName}: the key ${JSON.stringify(key)} is not allowed in values; it names the object's prototype, not an attribute`,
  );
}

/**
 * Refuses values holding a prototype key before anything copies or reads them (a spread copy
 * keeps `__proto__` as an own key, which a later assignment would turn into the prototype).
 *
 * @example assertNoPrototypeKeys(definition, JSON.parse(body)) // throws on {"__proto__": ...}
 */
export function assertNoPrototypeKeys(definition: ModelDefinition, values: object): void {
  for (const key of Object.keys(values)) {
    if (PROTOTYPE_KEYS.has(key)) throw prototypeKeyError(definition.name, key);
  }
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
