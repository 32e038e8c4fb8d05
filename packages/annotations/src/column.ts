import 'reflect-metadata';
import { DataTypes, ModelDefinitionError, type AttributeOptions, type DataTypeInput } from '@strata/core';
import {
  applyBare,
  claimDataType,
  propertyDecorator,
  type AttributeDecorator,
  type BareOrCalledAttributeDecorator,
} from './property-decorator';
import type { StandardContext } from './misuse';
import type { PropertyRegistration } from './registry';

/** What `@Column(...)` takes: a data type, or attribute options (with `type`). */
export type ColumnArgument = DataTypeInput | Partial<AttributeOptions> | string;

function isDataTypeArgument(value: ColumnArgument): value is DataTypeInput {
  return (
    typeof value === 'function' ||
    (typeof value === 'object' &&
      value !== null &&
      'key' in value &&
      typeof (value as { toString?: unknown }).toString === 'function' &&
      !('type' in value))
  );
}

function columnDecorator(argument?: ColumnArgument): AttributeDecorator {
  return propertyDecorator(
    'Column',
    (entry, target, property, accessor) => {
      registerColumn(entry, target, property, argument);
      // On get/set accessors, as in sequelize-typescript: they become the attribute's getter and
      // setter (they read and write through getDataValue/setDataValue), so get() and toJSON() use them too.
      if (accessor?.get) entry.options.get = accessor.get as NonNullable<AttributeOptions['get']>;
      if (accessor?.set) entry.options.set = accessor.set as NonNullable<AttributeOptions['set']>;
    },
    { acceptsAccessors: true },
  );
}

function registerColumn(
  entry: PropertyRegistration,
  target: object,
  property: string,
  argument?: ColumnArgument,
): void {
  const className = (target as { name: string }).name;
  entry.isColumn = true;
  // Absent when the compiler emits no metadata (esbuild, tsx, swc): then the type must be explicit.
  entry.designType = Reflect.getMetadata('design:type', (target as { prototype: object }).prototype, property);
  if (argument === undefined) return;
  if (typeof argument === 'string') {
    // sequelize-typescript's `@Column('VARCHAR(255)')`: a SQL type name.
    entry.options.type = dataTypeFromSqlName(argument, `${className}.${property}`);
    claimDataType(entry, `@Column('${argument}')`, className, property);
    return;
  }
  if (isDataTypeArgument(argument)) {
    entry.options.type = argument;
    claimDataType(entry, `@Column(${describeType(argument)})`, className, property);
    return;
  }
  const { type, ...rest } = argument;
  if (type !== undefined) {
    entry.options.type = type;
    claimDataType(entry, `@Column({ type: ${describeType(type)} })`, className, property);
  }
  Object.assign(entry.options, rest);
}

/** SQL type names `@Column('...')` accepts, and the data type each is. */
const SQL_TYPE_NAMES: Readonly<Record<string, (size?: number, scale?: number) => DataTypeInput>> = {
  VARCHAR: (size) => DataTypes.STRING(size),
  STRING: (size) => DataTypes.STRING(size),
  CHAR: (size) => DataTypes.CHAR(size),
  TEXT: () => DataTypes.TEXT,
  INTEGER: () => DataTypes.INTEGER,
  INT: () => DataTypes.INTEGER,
  SMALLINT: () => DataTypes.SMALLINT,
  BIGINT: () => DataTypes.BIGINT,
  FLOAT: () => DataTypes.FLOAT,
  DOUBLE: () => DataTypes.DOUBLE,
  REAL: () => DataTypes.REAL,
  DECIMAL: (size, scale) => DataTypes.DECIMAL(size, scale),
  NUMERIC: (size, scale) => DataTypes.DECIMAL(size, scale),
  BOOLEAN: () => DataTypes.BOOLEAN,
  DATE: () => DataTypes.DATE,
  DATETIME: () => DataTypes.DATE,
  DATEONLY: () => DataTypes.DATEONLY,
  TIME: () => DataTypes.TIME,
  UUID: () => DataTypes.UUID,
  JSON: () => DataTypes.JSON,
  JSONB: () => DataTypes.JSONB,
  BLOB: () => DataTypes.BLOB,
};

/** `'VARCHAR(255)'`, `'DECIMAL(10,2)'`, `'TEXT'` as a data type; anything else is a definition error. */
function dataTypeFromSqlName(name: string, where: string): DataTypeInput {
  const match = /^\s*([A-Za-z]+)\s*(?:\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\))?\s*$/.exec(name);
  const make = match ? SQL_TYPE_NAMES[match[1].toUpperCase()] : undefined;
  if (!match || !make) {
    throw new ModelDefinitionError(
      `${where}: @Column(${JSON.stringify(name)}) is not a type Strata knows; give a data type, e.g. @Column(DataTypes.STRING(255))`,
    );
  }
  return make(
    match[2] === undefined ? undefined : Number(match[2]),
    match[3] === undefined ? undefined : Number(match[3]),
  );
}

function describeType(input: DataTypeInput): string {
  try {
    return String(typeof input === 'function' ? input() : input);
  } catch {
    return 'a data type';
  }
}

/**
 * Marks a property as an attribute (a column). Bare, the type comes from TypeScript's
 * `design:type` (string, number, boolean, Date, Buffer, bigint); give a data type or options
 * for anything else, and always for nullable unions like `string | null`.
 *
 * With standard decorators (no `experimentalDecorators`) it decorates an `accessor` field, and
 * the data type is always given, since no type metadata exists there (an auto-increment key
 * and a timestamp property are the exceptions, as without metadata under legacy decorators).
 *
 * @example
 * ```ts
 * @Column declare name: string;
 * @Column(DataTypes.STRING(100)) declare title: string | null;
 * @Column({ type: DataTypes.DECIMAL(10, 2), allowNull: false }) declare price: string;
 * @Column(DataTypes.STRING) accessor name!: string; // standard decorators
 * ```
 */
export const Column: BareOrCalledAttributeDecorator<ColumnArgument> = function Column(
  targetOrArgument?: object | ColumnArgument,
  property?: string | symbol | StandardContext,
  descriptor?: PropertyDescriptor,
): unknown {
  if (property !== undefined) return applyBare(columnDecorator(), targetOrArgument, property, descriptor);
  return columnDecorator(targetOrArgument as ColumnArgument | undefined);
} as BareOrCalledAttributeDecorator<ColumnArgument>;

// A fake-timer library (sinon, jest) replaces the global Date with its own constructor, which either
// shares Date.prototype or extends Date. A design:type may be the real Date or the fake one, whichever
// the global names when the model is added: both mean DATE.
function isDateConstructor(designType: unknown): boolean {
  if (typeof designType !== 'function' || designType === Object) return false;
  const prototype: unknown = (designType as { prototype?: unknown }).prototype;
  const current: unknown = Date.prototype;
  return (
    prototype === current ||
    (typeof prototype === 'object' && prototype !== null && Object.getPrototypeOf(prototype) === current) ||
    Object.getPrototypeOf(current) === prototype
  );
}

/** Maps the constructor TypeScript emits as design:type to a data type, when it is unambiguous. */
export function inferDataType(designType: unknown): DataTypeInput | undefined {
  if (isDateConstructor(designType)) return DataTypes.DATE;
  switch (designType) {
    case String:
      return DataTypes.STRING;
    case Number:
      return DataTypes.INTEGER;
    case Boolean:
      return DataTypes.BOOLEAN;
    case Buffer:
      return DataTypes.BLOB;
    case BigInt:
      return DataTypes.BIGINT;
    default:
      return undefined;
  }
}
