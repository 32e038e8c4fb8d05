import { GEOMETRY_TYPES } from './geometry';

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
 * | INTEGER, SMALLINT, TINYINT,  | number (UNSIGNED: from 0; ranges as on MySQL)    |
 * | MEDIUMINT                    |                                                  |
 * | BIGINT                       | string (every digit, up to int64)                |
 * | FLOAT, DOUBLE, REAL          | number (64-bit on every dialect)                 |
 * | DECIMAL(p, s), NUMERIC       | string with exactly s decimals, never rounded    |
 * | DECIMAL (no arguments)       | string without trailing zeros (unbounded)        |
 * | BOOLEAN                      | boolean                                          |
 * | DATE                         | Date (millisecond precision, stored in UTC)      |
 * | DATEONLY                     | string 'YYYY-MM-DD'                              |
 * | TIME                         | string 'HH:MM:SS'                                |
 * | JSON, JSONB                  | any JSON value (JS null is SQL NULL)             |
 * | BLOB                         | Buffer                                           |
 * | ENUM                         | string (one of the values)                       |
 * | ARRAY(t) (postgres only)     | array of t's JS type                             |
 * | CITEXT (postgres, sqlite)    | string (compared case-insensitively)             |
 * | INET, CIDR, MACADDR          | string, as PostgreSQL prints it (postgres only)  |
 * | TSVECTOR (postgres only)     | string, PostgreSQL's normalized tsvector text    |
 * | HSTORE (postgres only)       | object of string or null values                  |
 * | GEOMETRY, GEOGRAPHY          | GeoJSON geometry { type, coordinates } (PostGIS; |
 * |                              | GEOMETRY on MySQL too)                           |
 * | RANGE(t) (postgres only)     | [] (empty) or [lower, upper], each bound         |
 * |                              | { value, inclusive } (value: t's JS type, null   |
 * |                              | for unbounded, +-Infinity where t has infinity)  |
 * | VIRTUAL                      | whatever the getter returns (no column)          |
 */

export type DataTypeKey =
  | 'STRING'
  | 'CHAR'
  | 'TEXT'
  | 'INTEGER'
  | 'BIGINT'
  | 'SMALLINT'
  | 'TINYINT'
  | 'MEDIUMINT'
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
  | 'ARRAY'
  | 'CITEXT'
  | 'INET'
  | 'CIDR'
  | 'MACADDR'
  | 'RANGE'
  | 'TSVECTOR'
  | 'HSTORE'
  | 'GEOMETRY'
  | 'GEOGRAPHY';

/**
 * One data type, as a `DataTypes.X` factory makes it: a plain, immutable description (its key, length,
 * precision, values...) that each dialect turns into its column type.
 */
export interface DataType {
  readonly key: DataTypeKey;
  /**
   * STRING/CHAR length, DECIMAL precision (undefined: an unbounded DECIMAL), and Sequelize's
   * arguments kept for `toString` only: INTEGER display width, FLOAT/DOUBLE precision, DATE
   * fractional seconds (see DataTypes).
   */
  readonly length?: number;
  readonly scale?: number;
  /** Integers and floats: no negative values (MySQL's UNSIGNED; checked on every dialect). */
  readonly unsigned?: boolean;
  /** MySQL's ZEROFILL (display only; implies UNSIGNED). */
  readonly zerofill?: boolean;
  /** STRING/CHAR: MySQL's BINARY (byte-wise, case-sensitive comparison). */
  readonly binary?: boolean;
  /** TEXT's size argument (`TEXT('long')`), kept for `toString`: TEXT holds any length on every dialect. */
  readonly variant?: 'tiny' | 'medium' | 'long';
  readonly values?: readonly string[];
  readonly element?: DataType;
  /** VIRTUAL: the type its getter returns, and the attributes it reads. */
  readonly returnType?: DataType;
  readonly dependencies?: readonly string[];
  /** GEOMETRY/GEOGRAPHY: the one geometry type the column holds (`POINT`), and its SRID. */
  readonly geometryType?: string;
  readonly srid?: number;
  /** The type as a user would write it, for error messages: `STRING(100)`. */
  toString(): string;
  /** Sequelize's variants: the same type, UNSIGNED / ZEROFILL (numbers) or BINARY (strings). */
  readonly UNSIGNED: DataType;
  readonly ZEROFILL: DataType;
  readonly BINARY: DataType;
}

/** The properties a data type is described by (what `describe` completes into a DataType). */
type DataTypeSpec = Omit<DataType, 'toString' | 'UNSIGNED' | 'ZEROFILL' | 'BINARY'>;

/** A `DataTypes.X` factory, with Sequelize's variants on the factory itself (`DataTypes.INTEGER.UNSIGNED`). */
export type DataTypeFactory<Args extends unknown[]> = ((...args: Args) => DataType) &
  (new (...args: Args) => DataType) & {
    readonly UNSIGNED: DataType;
    readonly ZEROFILL: DataType;
    readonly BINARY: DataType;
  };

/** A type or a bare factory (`DataTypes.STRING`), as accepted in attribute definitions. */
export type DataTypeInput = DataType | (() => DataType);

/** `STRING(255)`, `DECIMAL(10, 2)`, `ENUM('a', 'b')`: how a data type reads in SQL-ish text and messages. */
function dataTypeText(this: DataTypeSpec): string {
  if (this.key === 'ENUM') return `ENUM(${(this.values ?? []).map((v) => `'${v}'`).join(', ')})`;
  if (this.key === 'ARRAY') return `ARRAY(${String(this.element)})`;
  if (this.key === 'RANGE') return `RANGE(${String(this.element)})`;
  if ((this.key === 'GEOMETRY' || this.key === 'GEOGRAPHY') && this.geometryType !== undefined) {
    return `${this.key}(${this.geometryType}${this.srid === undefined ? '' : `, ${this.srid}`})`;
  }
  const sized =
    this.length !== undefined
      ? `${this.key}(${this.length}${this.scale !== undefined ? `, ${this.scale}` : ''})`
      : this.variant !== undefined
        ? `${this.key}('${this.variant}')`
        : this.key;
  return `${sized}${this.unsigned ? ' UNSIGNED' : ''}${this.zerofill ? ' ZEROFILL' : ''}${this.binary ? ' BINARY' : ''}`;
}

/** A variant getter (`UNSIGNED`...): the same type with `changes`. */
const variant = (changes: Partial<DataTypeSpec>): PropertyDescriptor => ({
  get(this: DataTypeSpec): DataType {
    return describe({ ...this, ...changes });
  },
});

// What every type shares: its text and Sequelize's variants (`INTEGER.UNSIGNED`), on the
// prototype rather than on each type, so deep comparisons and copies of a type never walk into
// the variants (each a new type with variants of its own), and a type is cheap to make.
const dataTypePrototype: object = Object.create(Object.prototype, {
  toString: { value: dataTypeText, writable: true, configurable: true },
  UNSIGNED: variant({ unsigned: true }),
  ZEROFILL: variant({ unsigned: true, zerofill: true }),
  BINARY: variant({ binary: true }),
});

function describe(type: DataTypeSpec): DataType {
  // Every type has every property (most undefined), in one order: one object shape for all of
  // them keeps the per-value code that switches on `type.key` monomorphic, and two equal types
  // (`STRING(5)` twice) are deeply equal objects.
  const described = Object.create(dataTypePrototype) as { -readonly [K in keyof DataTypeSpec]: DataTypeSpec[K] };
  described.key = type.key;
  described.length = type.length;
  described.scale = type.scale;
  described.values = type.values;
  described.element = type.element;
  described.returnType = type.returnType;
  described.dependencies = type.dependencies;
  described.unsigned = type.unsigned;
  described.zerofill = type.zerofill;
  described.binary = type.binary;
  described.variant = type.variant;
  described.geometryType = type.geometryType;
  described.srid = type.srid;
  return Object.freeze(described) as DataType;
}

/**
 * A factory callable with or without `new` (Sequelize's docs write `new DataTypes.STRING(128)`):
 * a plain function that returns an object gives that object to `new` as well.
 */
function constructible<Args extends unknown[]>(
  factory: (...args: Args) => DataType,
): ((...args: Args) => DataType) & (new (...args: Args) => DataType) {
  const make = function (...args: Args): DataType {
    return factory(...args);
  };
  return make as ((...args: Args) => DataType) & (new (...args: Args) => DataType);
}

/** Puts the variants on a factory, so `DataTypes.INTEGER.UNSIGNED` is `DataTypes.INTEGER().UNSIGNED`. */
function withVariants<Args extends unknown[]>(factory: (...args: Args) => DataType): DataTypeFactory<Args> {
  const made = constructible(factory);
  for (const variant of ['UNSIGNED', 'ZEROFILL', 'BINARY'] as const) {
    Object.defineProperty(made, variant, { get: () => (made as () => DataType)()[variant], enumerable: false });
  }
  return made as DataTypeFactory<Args>;
}

const simple = (key: DataTypeKey): DataTypeFactory<[]> => withVariants(() => describe({ key }));

/** An integer type: `INTEGER`, `INTEGER(11)` (MySQL's display width, kept for toString). */
const integer = (key: DataTypeKey): DataTypeFactory<[displayWidth?: number]> =>
  withVariants((displayWidth?: number) => describe({ key, length: displayWidth }));

/** A float type: `FLOAT`, `FLOAT(11)`, `FLOAT(11, 10)` (stored as 64-bit on every dialect). */
const float = (key: DataTypeKey): DataTypeFactory<[precision?: number, scale?: number]> =>
  withVariants((precision?: number, scale?: number) => describe({ key, length: precision, scale }));

/**
 * DECIMAL(precision, scale): exact, never rounded. Without arguments it is unbounded, as
 * Sequelize's is on PostgreSQL (NUMERIC); MySQL, which has no unbounded DECIMAL, gets
 * DECIMAL(65, 30), its widest. With a precision only, the scale is 0.
 */
const decimal = withVariants((precision?: number, scale?: number): DataType =>
  describe({ key: 'DECIMAL', length: precision, scale: precision === undefined ? undefined : (scale ?? 0) }),
);

/** The JS type a value of this data type is written from and read back as (for messages). */
export function jsTypeName(type: DataType): string {
  switch (type.key) {
    case 'INTEGER':
    case 'SMALLINT':
    case 'TINYINT':
    case 'MEDIUMINT':
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
    case 'RANGE':
      return 'range ([] or [lower, upper], bounds plain or { value, inclusive })';
    case 'INET':
      return 'IP address string';
    case 'CIDR':
      return 'network string (address/prefix)';
    case 'MACADDR':
      return 'MAC address string';
    case 'HSTORE':
      return 'object of string (or null) values';
    case 'GEOMETRY':
    case 'GEOGRAPHY':
      return 'GeoJSON geometry ({ type, coordinates })';
    default:
      return 'string';
  }
}

/**
 * The data types of attributes: `DataTypes.STRING`, `DataTypes.STRING(100)`, `DataTypes.DECIMAL(10,
 * 2)`, `DataTypes.ENUM('a', 'b')`... Each is a factory, accepted bare or called. A value reads back
 * with the same JS type on every dialect (DATE as a Date in UTC, DECIMAL and BIGINT as exact strings);
 * docs/models.md lists each type and what it becomes on each database.
 * @example
 * User.init({ name: DataTypes.STRING(100), balance: { type: DataTypes.DECIMAL(10, 2), allowNull: false
 * } }, { strata: db });
 */
export const DataTypes = {
  STRING: withVariants((length: number = 255): DataType => describe({ key: 'STRING', length })),
  CHAR: withVariants((length: number = 255): DataType => describe({ key: 'CHAR', length })),
  /** `TEXT`, or Sequelize's `TEXT('tiny' | 'medium' | 'long')`: every TEXT holds any length here. */
  TEXT: withVariants((variant?: 'tiny' | 'medium' | 'long'): DataType => {
    if (variant !== undefined && !['tiny', 'medium', 'long'].includes(String(variant).toLowerCase())) {
      throw new TypeError(`TEXT(${JSON.stringify(variant)}): the size is 'tiny', 'medium' or 'long'`);
    }
    return describe({ key: 'TEXT', variant: variant?.toLowerCase() as DataType['variant'] });
  }),
  INTEGER: integer('INTEGER'),
  BIGINT: integer('BIGINT'),
  SMALLINT: integer('SMALLINT'),
  /** -128..127 (0..255 UNSIGNED); a SMALLINT column on PostgreSQL, INTEGER on SQLite. */
  TINYINT: integer('TINYINT'),
  /** -8388608..8388607 (0..16777215 UNSIGNED); an INTEGER column on PostgreSQL and SQLite. */
  MEDIUMINT: integer('MEDIUMINT'),
  FLOAT: float('FLOAT'),
  DOUBLE: float('DOUBLE'),
  REAL: float('REAL'),
  /** Sequelize's generic number type: a 64-bit float (DOUBLE) here. */
  NUMBER: float('DOUBLE'),
  DECIMAL: decimal,
  /** The same as DECIMAL (PostgreSQL's name). */
  NUMERIC: decimal,
  BOOLEAN: simple('BOOLEAN'),
  /** `DATE`, or `DATE(6)`: the precision is kept for toString; dates are stored to the millisecond (JS Dates hold no more). */
  DATE: withVariants((precision?: number): DataType => describe({ key: 'DATE', length: precision })),
  DATEONLY: simple('DATEONLY'),
  TIME: simple('TIME'),
  UUID: simple('UUID'),
  JSON: simple('JSON'),
  JSONB: simple('JSONB'),
  BLOB: withVariants((variant?: 'tiny' | 'medium' | 'long'): DataType =>
    describe({ key: 'BLOB', variant: variant?.toLowerCase() as DataType['variant'] }),
  ),
  /**
   * `ENUM('a', 'b')`, `ENUM(['a', 'b'])` or Sequelize's `ENUM({ values: ['a', 'b'] })`; each value
   * must be a string (anything else would be written into the column type as its text).
   */
  ENUM: constructible(
    (...values: string[] | [readonly string[]] | [{ readonly values: readonly string[] }]): DataType => {
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
  ),
  /**
   * An attribute with no column: its getter computes it (and `returnType` types it), its setter may
   * write other attributes. `dependencies` lists the attributes the getter reads, selected with it.
   */
  VIRTUAL: constructible((returnType?: DataTypeInput, dependencies: readonly string[] = []): DataType =>
    describe({
      key: 'VIRTUAL',
      returnType: returnType === undefined ? undefined : normalizeDataType(returnType),
      dependencies,
    }),
  ),
  /**
   * An array of `element` values (PostgreSQL only; other dialects refuse it with an error naming the
   * dialect).
   */
  ARRAY: constructible((element: DataTypeInput): DataType =>
    describe({ key: 'ARRAY', element: normalizeDataType(element) }),
  ),
  /** Case-insensitive text: PostgreSQL's citext (needs `CREATE EXTENSION citext`), TEXT COLLATE NOCASE on SQLite. */
  CITEXT: simple('CITEXT'),
  /** An IPv4 or IPv6 host address, optionally with a prefix length (PostgreSQL only). */
  INET: simple('INET'),
  /** An IPv4 or IPv6 network, `address/prefix` with no bits right of the mask (PostgreSQL only). */
  CIDR: simple('CIDR'),
  /** A MAC address (PostgreSQL only), read back as `08:00:2b:01:02:03`. */
  MACADDR: simple('MACADDR'),
  /**
   * PostgreSQL's tsvector, for full-text search with `Op.match` (PostgreSQL only). A string is
   * read as tsvector text (`'fat':1 'cat':2`), not as a document: write `fn('to_tsvector', ...)`
   * for that. It reads back as PostgreSQL prints it (sorted, each lexeme once, quoted).
   */
  TSVECTOR: simple('TSVECTOR'),
  /**
   * PostgreSQL's hstore, a flat map of string keys to string or NULL values (PostgreSQL only;
   * needs `CREATE EXTENSION hstore` in the database). Read and written as a plain object
   * (`{ color: 'red', size: null }`); where compares a whole object, Op.contains a part.
   */
  HSTORE: simple('HSTORE'),
  /**
   * `GEOMETRY`, `GEOMETRY('POINT')`, `GEOMETRY('POINT', 4326)`: a PostGIS geometry on PostgreSQL
   * (needs `CREATE EXTENSION postgis`), MySQL's spatial type on MySQL/MariaDB. Values are GeoJSON
   * geometries (`{ type: 'Point', coordinates: [10.75, 59.91] }`), bound as (E)WKB.
   */
  GEOMETRY: constructible((geometryType?: string, srid?: number): DataType => spatial('GEOMETRY', geometryType, srid)),
  /** `GEOGRAPHY`, `GEOGRAPHY('POINT', 4326)`: PostGIS's geography (PostgreSQL only; SRID 4326 unless given). */
  GEOGRAPHY: constructible((geometryType?: string, srid?: number): DataType =>
    spatial('GEOGRAPHY', geometryType, srid),
  ),
  /**
   * `RANGE(INTEGER | BIGINT | DECIMAL | DATE | DATEONLY)`: PostgreSQL's int4range, int8range,
   * numrange, tstzrange and daterange (PostgreSQL only). Bounds as Sequelize has them: see
   * value-types.ts. Without a subtype, an integer range (as Sequelize's). Any other subtype is refused here, since PostgreSQL has no range of it.
   */
  RANGE: constructible((subtype?: DataTypeInput): DataType => {
    const element = subtype === undefined ? describe({ key: 'INTEGER' }) : normalizeDataType(subtype);
    if (!RANGE_SUBTYPES.includes(element.key)) {
      throw new TypeError(
        `DataTypes.RANGE(${String(element)}): a range's subtype is one of ${RANGE_SUBTYPES.join(', ')}`,
      );
    }
    return describe({ key: 'RANGE', element });
  }),
  /**
   * Sequelize's base class of data types, used to write custom ones. Strata has no custom data
   * types: using it as a type is an error naming the types there are.
   */
  ABSTRACT: (): DataType => {
    throw new TypeError(
      'DataTypes.ABSTRACT is not a column type and Strata has no custom data types; use one of DataTypes.*',
    );
  },
  /** Default value: the current time when the row is built. */
  NOW: Symbol.for('strata.NOW'),
  /** Default value: a time-based (v1) UUID when the row is built. */
  UUIDV1: Symbol.for('strata.UUIDV1'),
  /** Default value: a random (v4) UUID when the row is built. */
  UUIDV4: Symbol.for('strata.UUIDV4'),
} as const;

/** A GEOMETRY or GEOGRAPHY type, its geometry type checked and upper-cased (`'Point'` is `POINT`). */
function spatial(key: 'GEOMETRY' | 'GEOGRAPHY', geometryType?: string, srid?: number): DataType {
  const upper = geometryType?.toUpperCase();
  if (upper !== undefined && !GEOMETRY_TYPES.has(upper) && upper !== 'GEOMETRY') {
    throw new TypeError(
      `DataTypes.${key}(${JSON.stringify(geometryType)}): the geometry type is one of ${[...GEOMETRY_TYPES.keys()].join(', ')}`,
    );
  }
  if (srid !== undefined && (!Number.isInteger(srid) || srid < 0)) {
    throw new TypeError(`DataTypes.${key}: the SRID is a non-negative integer (got ${String(srid)})`);
  }
  return describe({ key, geometryType: upper === 'GEOMETRY' ? undefined : upper, srid });
}

/** The subtypes PostgreSQL has a built-in range of (Sequelize's RANGE takes the same). */
const RANGE_SUBTYPES: readonly DataTypeKey[] = ['INTEGER', 'BIGINT', 'DECIMAL', 'DATE', 'DATEONLY'];

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
