import type { UnknownAttributes } from './unknown-attributes';
import type { AttributeValidators, ModelValidatorFn } from '@strata/validation';
import type { DataType, DataTypeInput } from './data-types';
import type { DeferrableInput, DeferrableMode } from './deferrable';

/**
 * `this` inside attribute getters/setters and model validators: the instance, whose concrete
 * type the definition cannot name.
 */
export interface InstanceThis {
  /** The stored value of an attribute, without its getter. */
  getDataValue(key: string): unknown;
  /** Sets an attribute's value without its setter. */
  setDataValue(key: string, value: unknown): void;
  [attribute: string]: unknown;
}

/** What a user writes for one attribute in `Model.init`/`db.define` (or a decorator registers). */
export interface AttributeOptions {
  type: DataTypeInput;
  allowNull?: boolean;
  /** A literal, a function called per row, `DataTypes.NOW`, `DataTypes.UUIDV1` or `DataTypes.UUIDV4`. */
  defaultValue?: unknown;
  primaryKey?: boolean;
  autoIncrement?: boolean;
  /** `true`, or a name shared by several attributes for a composite unique constraint. */
  unique?: boolean | string | { name?: string; msg?: string };
  /** The column name, when it differs from the attribute name. */
  field?: string;
  comment?: string;
  /**
   * The column's collation: MySQL `COLLATE utf8mb4_bin`, PostgreSQL `COLLATE "C"`, SQLite's
   * built-in `NOCASE`, `BINARY` or `RTRIM`. Text columns only (STRING, CHAR, TEXT, CITEXT, ENUM,
   * UUID on MySQL). See docs/models.md "Character sets and collations".
   */
  collate?: string;
  /** The column's character set (MySQL only; an error naming the dialect elsewhere). */
  charset?: string;
  /**
   * A foreign key to a table name, `{ tableName, schema }` for a table in another schema, or an
   * initialised model class (`key` defaults to `'id'`).
   * `deferrable: true` (or `Deferrable.INITIALLY_DEFERRED`) checks it at commit on PostgreSQL,
   * `Deferrable.INITIALLY_IMMEDIATE` per statement unless deferred with SET CONSTRAINTS; other
   * dialects have no deferrable constraints and create an ordinary key.
   */
  references?: {
    model:
      | string
      | {
          tableName?: string;
          name?: string;
          schema?: string;
          /** A model class's own table name (its schema included), read when `tableName` is absent. */
          getTableName?(): unknown;
        };
    key?: string;
    deferrable?: DeferrableInput;
  };
  onDelete?: ReferentialAction;
  onUpdate?: ReferentialAction;
  validate?: AttributeValidators;
  values?: readonly string[];
  /**
   * A getter: what reading the attribute gives (`this` is the instance; `this.getDataValue(name)`
   * reads the stored value).
   */
  get?(this: InstanceThis): unknown;
  /** A setter: what writing the attribute does (`this.setDataValue(name, value)` stores a value). */
  set?(this: InstanceThis, value: unknown): void;
}

/** What the database does to referring rows when the referred row is deleted or its key changes. */
export type ReferentialAction = 'CASCADE' | 'SET NULL' | 'SET DEFAULT' | 'RESTRICT' | 'NO ACTION';

/**
 * The attributes given to `Model.init` and `db.define`: by name, a data type (`DataTypes.STRING`) or
 * its options (`{ type, allowNull, defaultValue, validate, ... }`).
 */
export type AttributesInput = Record<string, AttributeOptions | DataTypeInput>;

/** One attribute, normalised: every field present, names resolved. Read-only downstream. */
export interface AttributeDefinition {
  readonly name: string;
  readonly field: string;
  readonly type: DataType;
  readonly allowNull: boolean;
  readonly defaultValue: unknown;
  readonly hasDefault: boolean;
  readonly primaryKey: boolean;
  readonly autoIncrement: boolean;
  readonly unique: string | boolean;
  /** `unique: { msg }`: the message a UniqueConstraintError on this attribute's key carries. */
  readonly uniqueMessage?: string;
  readonly comment: string | undefined;
  /** The attribute's own `collate` and `charset` options. */
  readonly collate?: string;
  readonly charset?: string;
  /** The model's `collate` and `charset` options, which MySQL text columns inherit. */
  readonly tableCollate?: string;
  readonly tableCharset?: string;
  /** `schema`: the referenced table's schema, when it is not the connection's default. */
  readonly references: { table: string; schema?: string; key: string; deferrable: DeferrableMode | false } | undefined;
  readonly onDelete: ReferentialAction | undefined;
  readonly onUpdate: ReferentialAction | undefined;
  readonly validate: AttributeValidators | undefined;
  /** The attribute's getter, if it has one. */
  readonly get: ((this: InstanceThis) => unknown) | undefined;
  /** The attribute's setter, if it has one. */
  readonly set: ((this: InstanceThis, value: unknown) => void) | undefined;
  readonly virtual: boolean;
}

/**
 * An AttributeDefinition with its properties always in this order, so that every attribute of
 * every model shares one object shape: the write and read loops that go over attributes then
 * stay monomorphic (an attribute built with one property more or in another order made V8
 * deoptimise them).
 */
export function attributeDefinition(spec: AttributeDefinition): AttributeDefinition {
  return {
    name: spec.name,
    field: spec.field,
    type: spec.type,
    allowNull: spec.allowNull,
    defaultValue: spec.defaultValue,
    hasDefault: spec.hasDefault,
    primaryKey: spec.primaryKey,
    autoIncrement: spec.autoIncrement,
    unique: spec.unique,
    uniqueMessage: spec.uniqueMessage,
    comment: spec.comment,
    collate: spec.collate,
    charset: spec.charset,
    tableCollate: spec.tableCollate,
    tableCharset: spec.tableCharset,
    references: spec.references,
    onDelete: spec.onDelete,
    onUpdate: spec.onUpdate,
    validate: spec.validate,
    get: spec.get,
    set: spec.set,
    virtual: spec.virtual,
  };
}

/**
 * One entry of a model's `indexes`. Dialects use what they have and say so: `where` (a partial
 * index) is refused on MySQL when the model is defined; `using` is ignored on SQLite, `length`
 * outside MySQL, `collate` on MySQL (its columns carry their collation).
 *
 * @example { name: 'posts_live_title', unique: true, fields: ['title'], where: { deletedAt: null } }
 */
export interface IndexOptions {
  /** Default: `<table>_<columns>`, plus `_unique` for unique indexes. */
  name?: string;
  /** Attribute (or column) names, or per-field `{ name, order, length, collate }`. */
  fields: Array<string | { name: string; order?: 'ASC' | 'DESC'; length?: number; collate?: string }>;
  unique?: boolean;
  /** The index method: `BTREE`, `HASH`, `GIN`, ... */
  using?: string;
  /** Sequelize's other name for `using`. */
  method?: string;
  /** `FULLTEXT` (what MySQL's `Op.match` searches) or `SPATIAL`: MySQL only, an error elsewhere. */
  type?: 'FULLTEXT' | 'SPATIAL';
  /** A where object (as in finders): only rows matching it are indexed. */
  where?: Record<string, unknown>;
}

/**
 * The options of `Model.init`, `db.define`, `@Table` and the connection's `define` defaults: naming,
 * timestamps, soft delete, scopes, hooks, indexes, validators. See docs/models.md and docs/options.md.
 * @example
 * User.init(attributes, { strata: db, tableName: 'users', paranoid: true, defaultScope: { where: {
 * active: true } } });
 */
export interface ModelOptions {
  modelName?: string;
  tableName?: string;
  freezeTableName?: boolean;
  /**
   * The schema the table lives in (PostgreSQL; on MySQL the database): every statement names
   * the table `"schema"."table"`. Default: none, the connection's `searchPath` / current
   * database decides. SQLite has no schemas and refuses it. See docs/models.md.
   */
  schema?: string;
  /** Adds createdAt/updatedAt (default true). */
  timestamps?: boolean;
  /** `false` switches one off; a string renames the attribute. */
  createdAt?: string | boolean;
  updatedAt?: string | boolean;
  deletedAt?: string | boolean;
  /** Soft delete: destroy sets deletedAt and finders hide those rows. Needs timestamps. */
  paranoid?: boolean;
  /** Column names in snake_case (attribute names stay as written). */
  underscored?: boolean;
  /** Optimistic locking: `true` adds a `version` attribute, a string names it. */
  version?: boolean | string;
  indexes?: IndexOptions[];
  comment?: string;
  engine?: string;
  /**
   * MySQL: the table's default character set and collation (`DEFAULT CHARSET=utf8mb4
   * COLLATE=utf8mb4_bin`), which its text columns take unless they name their own. Ignored
   * with a warning on PostgreSQL and SQLite, whose character set is the database's (give a
   * column `collate` there).
   */
  charset?: string;
  collate?: string;
  validate?: Record<string, ModelValidatorFn>;
  defaultScope?: Record<string, unknown>;
  /** Named scopes: find options (or functions returning them) that `Model.scope('name')` applies. */
  scopes?: Record<string, Record<string, unknown> | ((...args: never[]) => Record<string, unknown>)>;
  /** Hook functions by hook name; `{ name, fn }` names one so `removeHook(hook, name)` can remove it. */
  hooks?: Record<string, ModelOptionsHook | ModelOptionsHook[]>;
  /** Sequelize's getters that are no attribute: `instance.name` and `toJSON()` read them. */
  getterMethods?: Record<string, (this: InstanceThis) => unknown>;
  /** Sequelize's setters that are no attribute: `build({ name })` and `set('name', value)` call them. */
  setterMethods?: Record<string, (this: InstanceThis, value: never) => void>;
  /**
   * Let this model's ValidationError and InvalidQueryError messages quote the values they are
   * about (`Validation isEmail on email failed for the string "x"`, `where.age: the string "x"
   * ...`). Off by default: messages reach logs, error trackers and API responses, and values
   * are user input (passwords, tokens, personal data), so by default a message names the
   * attribute, the rule and the value's kind and size (`a string of 9 characters`). The value
   * itself is always readable as `error.errors[i].value`.
   */
  errorMessagesIncludeValues?: boolean;
  /**
   * A key of the values given to build, create, bulkCreate, set or update that is no attribute,
   * virtual, getter/setter method or association of this model: `'error'` (the default) throws
   * an InvalidQueryError naming the model and the key, `'ignore'` drops it as Sequelize does.
   * Overrides the connection's `unknownAttributes`. See docs/writes.md.
   */
  unknownAttributes?: UnknownAttributes;
}

/**
 * The one metadata shape: `Model.init`, `db.define` and the decorators all produce it, and
 * everything downstream (sync, compilation, hydration, validation) reads only this.
 */
export interface ModelDefinition {
  readonly name: string;
  readonly tableName: string;
  /** The table's schema (`schema` option), or undefined for the connection's default. */
  readonly schema: string | undefined;
  readonly attributes: ReadonlyMap<string, AttributeDefinition>;
  /** Attribute names that are stored in columns (every attribute but VIRTUAL ones). */
  readonly columnAttributes: readonly AttributeDefinition[];
  readonly primaryKeys: readonly string[];
  readonly fieldToAttribute: ReadonlyMap<string, string>;
  readonly timestamps: { createdAt?: string; updatedAt?: string; deletedAt?: string };
  readonly paranoid: boolean;
  readonly version: string | undefined;
  readonly underscored: boolean;
  readonly indexes: readonly IndexOptions[];
  readonly options: Readonly<ModelOptions>;
  readonly modelValidators: Readonly<Record<string, ModelValidatorFn>>;
}

/** Whether the model's error messages may quote the values they are about (`errorMessagesIncludeValues`). */
export function messagesIncludeValues(definition: ModelDefinition): boolean {
  return definition.options.errorMessagesIncludeValues === true;
}

/** One entry of the `hooks` model option: a function, or a named one. */
export type ModelOptionsHook =
  | ((...args: never[]) => unknown)
  | {
      /** The hook's name, for `removeHook(hook, name)`. */
      name: string;
      /** The hook function. */
      fn: (...args: never[]) => unknown;
    };
