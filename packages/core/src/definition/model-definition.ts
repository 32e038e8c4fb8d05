import type { AttributeValidators, ModelValidatorFn } from '@strata/validation';
import type { DataType, DataTypeInput } from './data-types';
import type { DeferrableInput, DeferrableMode } from './deferrable';

/**
 * `this` inside attribute getters/setters and model validators: the instance, whose concrete
 * type the definition cannot name.
 */
export interface InstanceThis {
  getDataValue(key: string): unknown;
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
   * A foreign key to a table name, `{ tableName, schema }` for a table in another schema, or an
   * initialised model class (`key` defaults to `'id'`).
   * `deferrable: true` (or `Deferrable.INITIALLY_DEFERRED`) checks it at commit on PostgreSQL,
   * `Deferrable.INITIALLY_IMMEDIATE` per statement unless deferred with SET CONSTRAINTS; other
   * dialects have no deferrable constraints and create an ordinary key.
   */
  references?: {
    model: string | { tableName?: string; name?: string; schema?: string; getTableName?(): unknown };
    key?: string;
    deferrable?: DeferrableInput;
  };
  onDelete?: ReferentialAction;
  onUpdate?: ReferentialAction;
  validate?: AttributeValidators;
  values?: readonly string[];
  get?(this: InstanceThis): unknown;
  set?(this: InstanceThis, value: unknown): void;
}

export type ReferentialAction = 'CASCADE' | 'SET NULL' | 'SET DEFAULT' | 'RESTRICT' | 'NO ACTION';

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
  /** `schema`: the referenced table's schema, when it is not the connection's default. */
  readonly references: { table: string; schema?: string; key: string; deferrable: DeferrableMode | false } | undefined;
  readonly onDelete: ReferentialAction | undefined;
  readonly onUpdate: ReferentialAction | undefined;
  readonly validate: AttributeValidators | undefined;
  readonly get: ((this: InstanceThis) => unknown) | undefined;
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
  /** A where object (as in finders): only rows matching it are indexed. */
  where?: Record<string, unknown>;
}

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
  validate?: Record<string, ModelValidatorFn>;
  defaultScope?: Record<string, unknown>;
  scopes?: Record<string, Record<string, unknown> | ((...args: never[]) => Record<string, unknown>)>;
  /** Hook functions by hook name; `{ name, fn }` names one so `removeHook(hook, name)` can remove it. */
  hooks?: Record<string, ModelOptionsHook | ModelOptionsHook[]>;
  getterMethods?: Record<string, (this: InstanceThis) => unknown>;
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
export type ModelOptionsHook = ((...args: never[]) => unknown) | { name: string; fn: (...args: never[]) => unknown };
