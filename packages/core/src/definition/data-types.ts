/**
 * Data types. Each `DataTypes.X` is a factory: `DataTypes.STRING` and `DataTypes.STRING(100)`
 * are both accepted wherever a type is expected (`normalizeDataType` calls a bare factory with
 * its defaults). A type is a plain, immutable description; how it is stored on each database is
 * the dialect's business (see `dialect/<name>/*-codec.ts`).
 *
 * The JS type a value has when read back is the same on every dialect (docs/models.md explains
 * each choice; definition/value-types.ts refuses values that do not fit before any SQL):
 *
 * | type                         | JS type                                          |
 * |------------------------------|--------------------------------------------------|
 * | STRING, TEXT                 | string                                           |
 * | CHAR                         | string without trailing spaces                   |
 * | UUID                         | string, lowercase                                |
 * | INTEGER, SMALLINT            | number                                           |
 * | BIGINT                       | string (every digit, up to int64)                |
 * | FLOAT, DOUBLE, REAL          | number (64-bit on every dialect)                 |
 * | DECIMAL(p, s)                | string with exactly s decimals, never rounded    |
 * | BOOLEAN                      | boolean                                          |
 * | DATE                         | Date (millisecond precision, stored in UTC)      |
 * | DATEONLY                     | string 'YYYY-MM-DD'                              |
 * | TIME                         | string 'HH:MM:SS'                                |
 * | JSON, JSONB                  | any JSON value (JS null is SQL NULL)             |
 * | BLOB                         | Buffer                                           |
 * | ENUM                         | string (one of the values)                       |
 * | ARRAY(t) (postgres only)     | array of t's JS type                             |
 * | VIRTUAL                      | whatever the getter returns (no column)          |
 */

export type DataTypeKey =
  | 'STRING'
  | 'CHAR'
  | 'TEXT'
  | 'INTEGER'
  | 'BIGINT'
  | 'SMALLINT'
  | 'FLOAT'
  | 'DOUBLE'
  | 'REAL'
  | 'DECIMAL'
  | 'BOOLEAN'
  | 'DATE'
  | 'DATEONLY'
  | 'TIME'
  | 'UUID'
  | 'JSON'
  | 'JSONB'
  | 'BLOB'
  | 'ENUM'
  | 'VIRTUAL'
  | 'ARRAY';

export interface DataType {
  readonly key: DataTypeKey;
  /** STRING/CHAR length, DECIMAL precision. */
  readonly length?: number;
  readonly scale?: number;
  readonly values?: readonly string[];
  readonly element?: DataType;
  /** VIRTUAL: the type its getter returns, and the attributes it reads. */
  readonly returnType?: DataType;
  readonly dependencies?: readonly string[];
  /** The type as a user would write it, for error messages: `STRING(100)`. */
  toString(): string;
}

/** A type or a bare factory (`DataTypes.STRING`), as accepted in attribute definitions. */
export type DataTypeInput = DataType | (() => DataType);

function describe(type: Omit<DataType, 'toString'>): DataType {
  const text =
    type.key === 'ENUM'
      ? `ENUM(${(type.values ?? []).map((v) => `'${v}'`).join(', ')})`
      : type.key === 'ARRAY'
        ? `ARRAY(${String(type.element)})`
        : type.length !== undefined
          ? `${type.key}(${type.length}${type.scale !== undefined ? `, ${type.scale}` : ''})`
          : type.key;
  // Every type has every property (most undefined), in one order: one object shape for all of
  // them keeps the per-value code that switches on `type.key` monomorphic.
  return Object.freeze({
    key: type.key,
    length: type.length,
    scale: type.scale,
    values: type.values,
    element: type.element,
    returnType: type.returnType,
    dependencies: type.dependencies,
    toString: () => text,
  });
}

const simple = (key: DataTypeKey) => (): DataType => describe({ key });

/** The JS type a value of this data type is written from and read back as (for messages). */
export function jsTypeName(type: DataType): string {
  switch (type.key) {
    case 'INTEGER':
    case 'SMALLINT':
    case 'FLOAT':
    case 'DOUBLE':
    case 'REAL':
      return 'number';
    case 'BIGINT':
      return 'integer (number, bigint or numeric string)';
    case 'DECIMAL':
      return 'decimal (number or numeric string)';
    case 'BOOLEAN':
      return 'boolean';
    case 'DATE':
      return 'Date (or an ISO 8601 string)';
    case 'DATEONLY':
      return "'YYYY-MM-DD' string (or a Date)";
    case 'BLOB':
      return 'Buffer';
    case 'JSON':
    case 'JSONB':
      return 'JSON value';
    case 'ARRAY':
      return 'array';
    default:
      return 'string';
  }
}

export const DataTypes = {
  STRING: (length = 255): DataType => describe({ key: 'STRING', length }),
  CHAR: (length = 255): DataType => describe({ key: 'CHAR', length }),
  TEXT: simple('TEXT'),
  INTEGER: simple('INTEGER'),
  BIGINT: simple('BIGINT'),
  SMALLINT: simple('SMALLINT'),
  FLOAT: simple('FLOAT'),
  DOUBLE: simple('DOUBLE'),
  REAL: simple('REAL'),
  DECIMAL: (precision = 10, scale = 0): DataType => describe({ key: 'DECIMAL', length: precision, scale }),
  BOOLEAN: simple('BOOLEAN'),
  DATE: simple('DATE'),
  DATEONLY: simple('DATEONLY'),
  TIME: simple('TIME'),
  UUID: simple('UUID'),
  JSON: simple('JSON'),
  JSONB: simple('JSONB'),
  BLOB: simple('BLOB'),
  /**
   * `ENUM('a', 'b')`, `ENUM(['a', 'b'])` or Sequelize's `ENUM({ values: ['a', 'b'] })`; each value
   * must be a string (anything else would be written into the column type as its text).
   */
  ENUM: (...values: string[] | [readonly string[]] | [{ readonly values: readonly string[] }]): DataType => {
    const first: unknown = values[0];
    const list: readonly unknown[] = Array.isArray(first)
      ? first
      : isEnumOptions(first)
        ? first.values
        : (values as readonly unknown[]);
    const wrong = list.find((value) => typeof value !== 'string');
    // No values at all is the bare factory (`{ type: DataTypes.ENUM, values: [...] }` gives them).
    if (wrong !== undefined) {
      throw new TypeError(
        `DataTypes.ENUM takes strings, an array of strings or { values: [...] }; got ${describeEnumArgument(wrong)}`,
      );
    }
    return describe({ key: 'ENUM', values: Object.freeze([...(list as string[])]) });
  },
  VIRTUAL: (returnType?: DataTypeInput, dependencies: readonly string[] = []): DataType =>
    describe({
      key: 'VIRTUAL',
      returnType: returnType === undefined ? undefined : normalizeDataType(returnType),
      dependencies,
    }),
  ARRAY: (element: DataTypeInput): DataType => describe({ key: 'ARRAY', element: normalizeDataType(element) }),
  /** Default value: the current time when the row is built. */
  NOW: Symbol.for('strata.NOW'),
  /** Default value: a time-based (v1) UUID when the row is built. */
  UUIDV1: Symbol.for('strata.UUIDV1'),
  /** Default value: a random (v4) UUID when the row is built. */
  UUIDV4: Symbol.for('strata.UUIDV4'),
} as const;

function isEnumOptions(value: unknown): value is { readonly values: readonly unknown[] } {
  return typeof value === 'object' && value !== null && Array.isArray((value as { values?: unknown }).values);
}

function describeEnumArgument(value: unknown): string {
  try {
    return JSON.stringify(value) ?? typeof value;
  } catch {
    return typeof value;
  }
}

export function isDataType(value: unknown): value is DataType {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as DataType).key === 'string' &&
    typeof (value as DataType).toString === 'function'
  );
}

export function normalizeDataType(input: DataTypeInput): DataType {
  const type = typeof input === 'function' ? input() : input;
  if (!isDataType(type)) throw new TypeError(`Not a data type: ${String(input)}`);
  return type;
}

export function isDataTypeInput(value: unknown): value is DataTypeInput {
  if (isDataType(value)) return true;
  return typeof value === 'function' && Object.values(DataTypes).includes(value as never);
}
