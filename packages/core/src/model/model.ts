import { associate, associationsOf } from '../associations';
import type {
  Association,
  BelongsTo,
  BelongsToMany,
  BelongsToManyOptions,
  BelongsToOptions,
  HasMany,
  HasManyOptions,
  HasOne,
  HasOneOptions,
} from '../associations';
import { buildModelDefinition } from '../definition/build-definition';
import { qualifiedTableName, type QualifiedTableName } from '../definition/table-ref';
import { assertDialectCanStore } from '../definition/dialect-check';
import { applyDefaults, isPrototypeKey, prototypeKeyError, sameValue } from '../definition/instance-values';
import { ignoresUnknownAttributes, isSettableKey, unknownAttributeError } from '../definition/unknown-attributes';
import type {
  AttributeDefinition,
  AttributesInput,
  InstanceThis,
  ModelDefinition,
  ModelOptions,
} from '../definition/model-definition';
import { callAssociationHelper, type AssociationGetResult } from '../associations/instance-helpers';
import { HookRegistry, type HookFunction, type HookName } from '../hooks/hooks';
import { validateWithHooks } from '../hooks/validation-hooks';
import type {
  AggregateOptions,
  CountOptions,
  FindOptions,
  GroupedCount,
  WithIncludes,
  IncludeCheck,
  AttributeSelection,
  SelectedAttributes,
} from '../normalize/find-options';
import * as finders from '../execution/finders';
import type { FindOrCreateOptions } from '../execution/finders';
import { checkOptions, optionsRefused } from '../options/check-options';
import {
  ADD_SCOPE_OPTIONS,
  AGGREGATE_OPTIONS,
  BELONGS_TO_MANY_OPTIONS,
  BELONGS_TO_OPTIONS,
  BUILD_OPTIONS,
  BULK_CREATE_OPTIONS,
  COUNT_OPTIONS,
  CREATE_OPTIONS,
  DESTROY_OPTIONS,
  DROP_OPTIONS,
  FIND_ALL_OPTIONS,
  FIND_EACH_OPTIONS,
  FIND_AND_COUNT_ALL_OPTIONS,
  FIND_BY_PK_OPTIONS,
  FIND_ONE_OPTIONS,
  FIND_OR_CREATE_OPTIONS,
  HAS_MANY_OPTIONS,
  HAS_ONE_OPTIONS,
  INCREMENT_OPTIONS,
  INIT_OPTIONS,
  INSTANCE_DESTROY_OPTIONS,
  INSTANCE_INCREMENT_OPTIONS,
  RELOAD_OPTIONS,
  RESTORE_OPTIONS,
  SAVE_OPTIONS,
  SYNC_OPTIONS,
  TRUNCATE_OPTIONS,
  UPDATE_OPTIONS,
  UPSERT_OPTIONS,
  VALIDATE_OPTIONS,
} from '../options/known-keys';
import { reload } from '../execution/reload';
import { findEach, type FindEachOptions } from '../execution/find-each';
import { bulkCreate, type BulkCreateOptions } from '../writes/bulk-create';
import { create, type CreateOptions } from '../writes/create';
import type { NestedCreateOptions } from '../writes/nested-create';
import { buildWithIncludes } from '../writes/build-with-include';
import { destroy, destroyInstance, type DestroyOptions } from '../writes/destroy';
import { increment, incrementInstance, type IncrementFields, type IncrementOptions } from '../writes/increment';
import { databaseFilled } from '../writes/prepare-row';
import { restore, restoreInstance } from '../writes/restore';
import { save, type SaveOptions } from '../writes/save';
import { truncate } from '../writes/truncate';
import { update, type UpdateOptions } from '../writes/update';
import { upsert, type UpsertOptions } from '../writes/upsert';
import { attachRuntime, hasRuntime, ModelRuntime, runtimeOf, type ModelHost } from '../runtime/model-runtime';
import {
  addScope,
  scopedModel,
  unscopedModel,
  type AddScopeOptions,
  type ScopeDefinition,
  type ScopeSelector,
} from '../normalize/scopes';
import type { Attributes, CreationAttributes, QueryOptions, WithExpressions } from './types';
import type { Strata } from '../connection/strata';
import { dropModels, syncModels, type DropOptions, type SyncOptions } from '../schema/sync';
import { assertNoShadowingFields, defineAccessors } from './accessors';
import { removeAttribute } from './remove-attribute';
import {
  installHookAdders,
  type AfterFindHookAdder,
  type HookAdder,
  type HookOptions,
  type InstanceHookAdder,
  type InstancesHookAdder,
  type ValidationFailedHookAdder,
} from './hook-adders';
import type { ColumnDescription } from '../dialect/dialect';
import { InvalidQueryError, ModelDefinitionError } from '../errors/errors';

export type {
  BulkCreateOptions,
  CreateOptions,
  DestroyOptions,
  FindOrCreateOptions,
  IncrementFields,
  IncrementOptions,
  SaveOptions,
  UpdateOptions,
  UpsertOptions,
};

/** The options of `Model.build(values, options)` and `new Model(values, options)`. */
export interface BuildOptions {
  /** false for rows loaded from the database (defaults are not applied, nothing is dirty). */
  isNewRecord?: boolean;
  /** Set values as they are, bypassing attribute setters. */
  raw?: boolean;
  /**
   * Builds the associated instances given in `values` too (as create's include does); `save()`
   * then saves the whole graph in one transaction.
   */
  include?: NestedCreateOptions['include'];
}

/**
 * A connection a model can be initialised on (a Strata, or the `Sequelize` of the compatibility
 * preset). Structural rather than the Strata class, so a connection from another copy of this
 * package still fits; its engine side (`modelHost`) is internal and not in the declarations.
 */
export interface ModelConnection {
  /** @internal What the model's runtime runs on. */
  readonly modelHost: ModelHost;
  /** The connection's dialect name (`sqlite`, `postgres`, `mysql`). */
  getDialect(): string;
  /** The database the connection uses. */
  getDatabaseName(): string;
  /** Checks that the database answers. */
  authenticate(): Promise<void>;
}

/**
 * The options of `Model.init(attributes, options)`: the model options plus the connection the model is
 * initialised on (`strata`, or `sequelize` as Sequelize code passes it).
 */
export type InitOptions = ModelOptions &
  (
    | {
        /** The connection to initialise the model on. */
        strata: ModelConnection;
        sequelize?: undefined;
      }
    | {
        /** Sequelize's name for `strata`: the connection to initialise the model on. */
        sequelize: ModelConnection;
        strata?: undefined;
      }
  );

type ModelClass<M extends Model> = { new (values?: object, options?: BuildOptions): M } & typeof Model;

/**
 * The base class of every model. Declare attributes with `declare` fields (a plain class
 * field would shadow the attribute accessor) and initialise the class with `Model.init`,
 * `db.define` or the decorators of @strata/annotations.
 *
 * @example
 * class User extends Model {
 *   declare id: CreationOptional<number>;
 *   declare email: string;
 * }
 * User.init({ email: { type: DataTypes.STRING, allowNull: false } }, { strata: db });
 * const alice = await User.create({ email: 'alice@example.com' });
 *
 * The type parameters are Sequelize's (`Model<InferAttributes<User>, InferCreationAttributes<User>>`),
 * accepted for its typed models: the attribute types are read from the declared fields, which
 * such a model declares anyway.
 */
// The type parameters stay out of the instance type on purpose: a member typed by them would
// make a typed model class unassignable to `typeof Model` (generic construct signatures), which
// every API taking a model class uses.
export class Model<_TModelAttributes = object, _TCreationAttributes = _TModelAttributes> {
  /** The stored values, by attribute name. */
  declare dataValues: Record<string, unknown>;
  /** True until the instance is saved (or when built from values rather than loaded). */
  declare isNewRecord: boolean;
  /**
   * The values as loaded or last saved. Undefined while they are still exactly `dataValues`:
   * the copy is taken on the first write (see keepPrevious), so rows that are only read, the
   * common case, never pay for it.
   */
  declare private _previousDataValues: Record<string, unknown> | undefined;
  /** The attributes changed since; undefined until one is. */
  declare private _changed: Set<string> | undefined;

  constructor(values?: object, options: BuildOptions = {}) {
    this.isNewRecord = options.isNewRecord ?? true;
    this._previousDataValues = undefined;
    this._changed = undefined;
    if (!this.isNewRecord && options.raw) {
      this.dataValues = values as Record<string, unknown>;
      return;
    }
    const runtime = runtimeOf(new.target);
    this.dataValues = {};
    if (this.isNewRecord) {
      // Nothing is stored yet: every previous value is undefined.
      this._previousDataValues = NOTHING_STORED;
      applyDefaults(runtime.definition, this.dataValues, (name) => this.changedNames().add(name));
    }
    if (values) this.set(values as Record<string, unknown>, { raw: options.raw });
    if (!this.isNewRecord) this.markClean();
  }

  // ----- static hook adders (`User.beforeCreate(fn)`, `User.beforeCreate('name', fn)`) ---------
  // Sequelize's shorthand for addHook, one per hook name; installed by installHookAdders below.
  /**
   * Adds a `beforeValidate` hook to this model (`beforeValidate(instance, options)`). Runs before an instance
   * is validated (by save, create or validate()). `Model.beforeValidate(fn)` or `Model.beforeValidate('name',
   * fn)`, the same as `addHook('beforeValidate', ...)`.
   */
  declare static beforeValidate: InstanceHookAdder;
  /**
   * Adds an `afterValidate` hook to this model (`afterValidate(instance, options)`). Runs after an instance
   * passed validation. `Model.afterValidate(fn)` or `Model.afterValidate('name', fn)`, the same as
   * `addHook('afterValidate', ...)`.
   */
  declare static afterValidate: InstanceHookAdder;
  /**
   * Adds a `beforeCreate` hook to this model (`beforeCreate(instance, options)`). Runs before a new instance
   * is inserted (after validation). `Model.beforeCreate(fn)` or `Model.beforeCreate('name', fn)`, the same as
   * `addHook('beforeCreate', ...)`.
   */
  declare static beforeCreate: InstanceHookAdder;
  /**
   * Adds an `afterCreate` hook to this model (`afterCreate(instance, options)`). Runs after a new instance
   * was inserted, in its transaction. `Model.afterCreate(fn)` or `Model.afterCreate('name', fn)`, the same as
   * `addHook('afterCreate', ...)`.
   */
  declare static afterCreate: InstanceHookAdder;
  /**
   * Adds a `beforeSave` hook to this model (`beforeSave(instance, options)`). Runs before an instance is
   * inserted or updated, after beforeCreate/beforeUpdate. `Model.beforeSave(fn)` or `Model.beforeSave('name',
   * fn)`, the same as `addHook('beforeSave', ...)`.
   */
  declare static beforeSave: InstanceHookAdder;
  /**
   * Adds an `afterSave` hook to this model (`afterSave(instance, options)`). Runs after an instance was
   * inserted or updated. `Model.afterSave(fn)` or `Model.afterSave('name', fn)`, the same as
   * `addHook('afterSave', ...)`.
   */
  declare static afterSave: InstanceHookAdder;
  /**
   * Adds a `beforeUpdate` hook to this model (`beforeUpdate(instance, options)`). Runs before a loaded
   * instance's changes are saved. `Model.beforeUpdate(fn)` or `Model.beforeUpdate('name', fn)`, the same as
   * `addHook('beforeUpdate', ...)`.
   */
  declare static beforeUpdate: InstanceHookAdder;
  /**
   * Adds an `afterUpdate` hook to this model (`afterUpdate(instance, options)`). Runs after a loaded
   * instance's changes were saved. `Model.afterUpdate(fn)` or `Model.afterUpdate('name', fn)`, the same as
   * `addHook('afterUpdate', ...)`.
   */
  declare static afterUpdate: InstanceHookAdder;
  /**
   * Adds a `beforeDestroy` hook to this model (`beforeDestroy(instance, options)`). Runs before an instance
   * is deleted (or soft-deleted). `Model.beforeDestroy(fn)` or `Model.beforeDestroy('name', fn)`, the same as
   * `addHook('beforeDestroy', ...)`.
   */
  declare static beforeDestroy: InstanceHookAdder;
  /**
   * Adds an `afterDestroy` hook to this model (`afterDestroy(instance, options)`). Runs after an instance was
   * deleted (or soft-deleted). `Model.afterDestroy(fn)` or `Model.afterDestroy('name', fn)`, the same as
   * `addHook('afterDestroy', ...)`.
   */
  declare static afterDestroy: InstanceHookAdder;
  /**
   * Adds a `beforeRestore` hook to this model (`beforeRestore(instance, options)`). Runs before a
   * soft-deleted instance is restored. `Model.beforeRestore(fn)` or `Model.beforeRestore('name', fn)`, the
   * same as `addHook('beforeRestore', ...)`.
   */
  declare static beforeRestore: InstanceHookAdder;
  /**
   * Adds an `afterRestore` hook to this model (`afterRestore(instance, options)`). Runs after a soft-deleted
   * instance was restored. `Model.afterRestore(fn)` or `Model.afterRestore('name', fn)`, the same as
   * `addHook('afterRestore', ...)`.
   */
  declare static afterRestore: InstanceHookAdder;
  /**
   * Adds a `validationFailed` hook to this model (`validationFailed(instance, options, error)`). Runs when
   * validation failed; it may throw a different error. `Model.validationFailed(fn)` or
   * `Model.validationFailed('name', fn)`, the same as `addHook('validationFailed', ...)`.
   */
  declare static validationFailed: ValidationFailedHookAdder;
  /**
   * Adds a `beforeBulkCreate` hook to this model (`beforeBulkCreate(instances, options)`). Runs before
   * Model.bulkCreate inserts; it may change the instances. `Model.beforeBulkCreate(fn)` or
   * `Model.beforeBulkCreate('name', fn)`, the same as `addHook('beforeBulkCreate', ...)`.
   */
  declare static beforeBulkCreate: InstancesHookAdder;
  /**
   * Adds an `afterBulkCreate` hook to this model (`afterBulkCreate(instances, options)`). Runs after
   * Model.bulkCreate inserted. `Model.afterBulkCreate(fn)` or `Model.afterBulkCreate('name', fn)`, the same
   * as `addHook('afterBulkCreate', ...)`.
   */
  declare static afterBulkCreate: InstancesHookAdder;
  /**
   * Adds a `beforeBulkUpdate` hook to this model (`beforeBulkUpdate(options)`). Runs before Model.update
   * runs; `options.attributes` holds the values. `Model.beforeBulkUpdate(fn)` or
   * `Model.beforeBulkUpdate('name', fn)`, the same as `addHook('beforeBulkUpdate', ...)`.
   */
  declare static beforeBulkUpdate: HookAdder<[options: HookOptions]>;
  /**
   * Adds an `afterBulkUpdate` hook to this model (`afterBulkUpdate(options)`). Runs after Model.update ran.
   * `Model.afterBulkUpdate(fn)` or `Model.afterBulkUpdate('name', fn)`, the same as
   * `addHook('afterBulkUpdate', ...)`.
   */
  declare static afterBulkUpdate: HookAdder<[options: HookOptions]>;
  /**
   * Adds a `beforeBulkDestroy` hook to this model (`beforeBulkDestroy(options)`). Runs before Model.destroy
   * runs. `Model.beforeBulkDestroy(fn)` or `Model.beforeBulkDestroy('name', fn)`, the same as
   * `addHook('beforeBulkDestroy', ...)`.
   */
  declare static beforeBulkDestroy: HookAdder<[options: HookOptions]>;
  /**
   * Adds an `afterBulkDestroy` hook to this model (`afterBulkDestroy(options)`). Runs after Model.destroy
   * ran. `Model.afterBulkDestroy(fn)` or `Model.afterBulkDestroy('name', fn)`, the same as
   * `addHook('afterBulkDestroy', ...)`.
   */
  declare static afterBulkDestroy: HookAdder<[options: HookOptions]>;
  /**
   * Adds a `beforeBulkRestore` hook to this model (`beforeBulkRestore(options)`). Runs before Model.restore
   * runs. `Model.beforeBulkRestore(fn)` or `Model.beforeBulkRestore('name', fn)`, the same as
   * `addHook('beforeBulkRestore', ...)`.
   */
  declare static beforeBulkRestore: HookAdder<[options: HookOptions]>;
  /**
   * Adds an `afterBulkRestore` hook to this model (`afterBulkRestore(options)`). Runs after Model.restore
   * ran. `Model.afterBulkRestore(fn)` or `Model.afterBulkRestore('name', fn)`, the same as
   * `addHook('afterBulkRestore', ...)`.
   */
  declare static afterBulkRestore: HookAdder<[options: HookOptions]>;
  /**
   * Adds a `beforeFind` hook to this model (`beforeFind(options)`). Runs before a finder compiles its query;
   * it may change the options. `Model.beforeFind(fn)` or `Model.beforeFind('name', fn)`, the same as
   * `addHook('beforeFind', ...)`.
   */
  declare static beforeFind: HookAdder<[options: HookOptions]>;
  /**
   * Adds a `beforeFindAfterExpandIncludeAll` hook to this model (`beforeFindAfterExpandIncludeAll(options)`).
   * Runs right after beforeFind (Sequelize's later find phase; Strata has no includeAll expansion).
   * `Model.beforeFindAfterExpandIncludeAll(fn)` or `Model.beforeFindAfterExpandIncludeAll('name', fn)`, the
   * same as `addHook('beforeFindAfterExpandIncludeAll', ...)`.
   */
  declare static beforeFindAfterExpandIncludeAll: HookAdder<[options: HookOptions]>;
  /**
   * Adds a `beforeFindAfterOptions` hook to this model (`beforeFindAfterOptions(options)`). Runs right after
   * beforeFind (Sequelize's later find phase). `Model.beforeFindAfterOptions(fn)` or
   * `Model.beforeFindAfterOptions('name', fn)`, the same as `addHook('beforeFindAfterOptions', ...)`.
   */
  declare static beforeFindAfterOptions: HookAdder<[options: HookOptions]>;
  /**
   * Adds a `beforeCount` hook to this model (`beforeCount(options)`). Runs before Model.count runs.
   * `Model.beforeCount(fn)` or `Model.beforeCount('name', fn)`, the same as `addHook('beforeCount', ...)`.
   */
  declare static beforeCount: HookAdder<[options: HookOptions]>;
  /**
   * Adds a `beforeSync` hook to this model (`beforeSync(options)`). Runs before the model's table is synced.
   * `Model.beforeSync(fn)` or `Model.beforeSync('name', fn)`, the same as `addHook('beforeSync', ...)`.
   */
  declare static beforeSync: HookAdder<[options: HookOptions]>;
  /**
   * Adds an `afterSync` hook to this model (`afterSync(options)`). Runs after the model's table was synced.
   * `Model.afterSync(fn)` or `Model.afterSync('name', fn)`, the same as `addHook('afterSync', ...)`.
   */
  declare static afterSync: HookAdder<[options: HookOptions]>;
  /**
   * Adds an `afterFind` hook to this model (`afterFind(result, options)`). Runs after a finder loaded its
   * result (an instance, a list, or null). `Model.afterFind(fn)` or `Model.afterFind('name', fn)`, the same
   * as `addHook('afterFind', ...)`.
   */
  declare static afterFind: AfterFindHookAdder;
  /**
   * Adds a `beforeUpsert` hook to this model (`beforeUpsert(values, options)`). Runs before Model.upsert
   * writes. `Model.beforeUpsert(fn)` or `Model.beforeUpsert('name', fn)`, the same as
   * `addHook('beforeUpsert', ...)`.
   */
  declare static beforeUpsert: HookAdder<unknown[]>;
  /**
   * Adds an `afterUpsert` hook to this model (`afterUpsert([instance, created], options)`). Runs after
   * Model.upsert wrote. `Model.afterUpsert(fn)` or `Model.afterUpsert('name', fn)`, the same as
   * `addHook('afterUpsert', ...)`.
   */
  declare static afterUpsert: HookAdder<unknown[]>;
  /**
   * Adds a `beforeBulkSync` hook to this model (`beforeBulkSync(options)`). Runs never on a model: a
   * connection-level hook of Sequelize, accepted so sequelize-typescript models compile.
   * `Model.beforeBulkSync(fn)` or `Model.beforeBulkSync('name', fn)`, the same as `addHook('beforeBulkSync',
   * ...)`.
   */
  declare static beforeBulkSync: HookAdder<unknown[]>;
  /**
   * Adds an `afterBulkSync` hook to this model (`afterBulkSync(options)`). Runs never on a model: a
   * connection-level hook of Sequelize, accepted so sequelize-typescript models compile.
   * `Model.afterBulkSync(fn)` or `Model.afterBulkSync('name', fn)`, the same as `addHook('afterBulkSync',
   * ...)`.
   */
  declare static afterBulkSync: HookAdder<unknown[]>;
  /**
   * Adds a `beforeConnect` hook to this model (`beforeConnect(config)`). Runs never on a model: a
   * connection-level hook of Sequelize, accepted so sequelize-typescript models compile.
   * `Model.beforeConnect(fn)` or `Model.beforeConnect('name', fn)`, the same as `addHook('beforeConnect',
   * ...)`.
   */
  declare static beforeConnect: HookAdder<unknown[]>;
  /**
   * Adds an `afterConnect` hook to this model (`afterConnect(connection, config)`). Runs never on a model: a
   * connection-level hook of Sequelize, accepted so sequelize-typescript models compile.
   * `Model.afterConnect(fn)` or `Model.afterConnect('name', fn)`, the same as `addHook('afterConnect', ...)`.
   */
  declare static afterConnect: HookAdder<unknown[]>;
  /**
   * Adds a `beforeDefine` hook to this model (`beforeDefine(attributes, options)`). Runs never on a model: a
   * connection-level hook of Sequelize, accepted so sequelize-typescript models compile.
   * `Model.beforeDefine(fn)` or `Model.beforeDefine('name', fn)`, the same as `addHook('beforeDefine', ...)`.
   */
  declare static beforeDefine: HookAdder<unknown[]>;
  /**
   * Adds an `afterDefine` hook to this model (`afterDefine(model)`). Runs never on a model: a
   * connection-level hook of Sequelize, accepted so sequelize-typescript models compile.
   * `Model.afterDefine(fn)` or `Model.afterDefine('name', fn)`, the same as `addHook('afterDefine', ...)`.
   */
  declare static afterDefine: HookAdder<unknown[]>;
  /**
   * Adds a `beforeInit` hook to this model (`beforeInit(config, options)`). Runs never on a model: a
   * connection-level hook of Sequelize, accepted so sequelize-typescript models compile.
   * `Model.beforeInit(fn)` or `Model.beforeInit('name', fn)`, the same as `addHook('beforeInit', ...)`.
   */
  declare static beforeInit: HookAdder<unknown[]>;
  /**
   * Adds an `afterInit` hook to this model (`afterInit(connection)`). Runs never on a model: a
   * connection-level hook of Sequelize, accepted so sequelize-typescript models compile.
   * `Model.afterInit(fn)` or `Model.afterInit('name', fn)`, the same as `addHook('afterInit', ...)`.
   */
  declare static afterInit: HookAdder<unknown[]>;

  // ----- definition -------------------------------------------------------------------

  /**
   * Defines the model's attributes and options on a connection. The same definition is
   * produced by `db.define(name, attributes, options)` and by the decorators.
   */
  static init<M extends Model>(this: ModelClass<M>, attributes: AttributesInput, options: InitOptions): ModelClass<M> {
    checkOptions(INIT_OPTIONS, options, this);
    const { strata, sequelize, ...givenOptions } = options;
    const connection = strata ?? sequelize;
    if (!connection?.modelHost) {
      throw new ModelDefinitionError(
        `${givenOptions.modelName ?? this.name}.init(): give the connection as { strata } (or { sequelize })`,
      );
    }
    const host = connection.modelHost;
    // The connection's `define` defaults apply under the model's own options, as in Sequelize.
    const connectionDefaults = (host.owner as { options?: { define?: ModelOptions } } | undefined)?.options?.define;
    const modelOptions: ModelOptions = { ...connectionDefaults, ...givenOptions };
    const name = modelOptions.modelName ?? this.name;
    const definition = buildModelDefinition(name, attributes, modelOptions);
    assertDialectCanStore(definition, host.dialect);
    const hooks = new HookRegistry();
    for (const [hook, fns] of Object.entries(modelOptions.hooks ?? {})) {
      for (const entry of Array.isArray(fns) ? fns : [fns]) {
        if (typeof entry === 'function') hooks.add(hook as HookName, entry);
        else hooks.add(hook as HookName, entry.name, entry.fn);
      }
    }
    // A new runtime: whatever an earlier init left (associations, added scopes, caches) is gone.
    attachRuntime(this, new ModelRuntime(definition, host, hooks));
    defineAccessors(this, definition, Model.prototype);
    assertNoShadowingFields(this, definition);
    (host.owner as { registerModel(model: typeof Model): void }).registerModel(this);
    return this;
  }

  /**
   * Adds a lifecycle hook (`beforeCreate`, `afterFind`, ...), optionally named so it can be
   * removed. Hooks may be async; a throwing hook aborts the operation.
   * @example User.addHook('beforeCreate', (user) => { user.email = user.email.toLowerCase(); });
   */
  static addHook(hook: HookName, fnOrName: HookFunction | string, fn?: HookFunction): void {
    runtimeOf(this).hooks.add(hook, fnOrName, fn);
  }

  /**
   * Removes a hook of this model added with `addHook` (or a hook adder, or a decorator), by its name
   * or its function.
   */
  static removeHook(hook: HookName, nameOrFn: string | HookFunction): void {
    runtimeOf(this).hooks.remove(hook, nameOrFn);
  }

  /**
   * Whether this model has at least one hook of this name (the connection's own hooks are not
   * counted).
   */
  static hasHook(hook: HookName): boolean {
    return runtimeOf(this).hooks.has(hook);
  }

  /** The normalised definition (attributes, options) this model was initialised with. */
  static get definition(): ModelDefinition {
    return runtimeOf(this).definition;
  }

  /** The model's name (`User`): the class name unless `modelName` says otherwise. */
  static get modelName(): string {
    return runtimeOf(this).definition.name;
  }

  /** The model's table (`Users` by default: the pluralised model name). */
  static get tableName(): string {
    return runtimeOf(this).definition.tableName;
  }

  /** The connection this model is initialised on. */
  static get strata(): unknown {
    return runtimeOf(this).host.owner;
  }

  /**
   * Sequelize's name for `Model.strata`: the connection this model is initialised on, typed as
   * a Strata connection (`User.sequelize.transaction(...)`, `.query(...)`); with the
   * `@strata/core/sequelize` preset it is that `Sequelize`.
   */
  static get sequelize(): Strata {
    return runtimeOf(this).host.owner as Strata;
  }

  /** The name of the (first) primary key attribute (`id` unless one is declared). */
  static get primaryKeyAttribute(): string {
    return runtimeOf(this).definition.primaryKeys[0];
  }

  /** Every primary key attribute (several for a composite key), as Sequelize's `primaryKeyAttributes`. */
  static get primaryKeyAttributes(): string[] {
    return [...runtimeOf(this).definition.primaryKeys];
  }

  /**
   * The table's name, as Sequelize's `getTableName()` returns it: the plain name, or
   * `{ tableName, schema, delimiter }` for a model with a `schema` (which the query interface
   * takes wherever it names a table). Its `toString()` is `schema.tableName`.
   * @example Invoice.getTableName() // { tableName: 'invoices', schema: 'billing', delimiter: '.' }
   */
  static getTableName(): string | QualifiedTableName {
    const { tableName, schema } = runtimeOf(this).definition;
    return schema === undefined ? tableName : qualifiedTableName(tableName, schema);
  }

  /**
   * The table's columns as the database describes them (`queryInterface.describeTable` of this
   * model's table): type, allowNull, defaultValue, primaryKey by column name.
   * @example (await User.describe()).email.allowNull // false
   */
  static describe(): Promise<Record<string, ColumnDescription>> {
    return (runtimeOf(this).host.owner as Strata).getQueryInterface().describeTable(this.getTableName());
  }

  /**
   * Removes an attribute from the model (Sequelize's `removeAttribute`): queries, writes and
   * sync no longer know it. The common use is `removeAttribute('id')` for a table without an
   * id column. Call it before the model is used, as in Sequelize.
   */
  static removeAttribute(name: string): void {
    removeAttribute(this, name);
  }

  /** Whether this class has been initialised on a connection (a property, as in sequelize-typescript). */
  static get isInitialized(): boolean {
    return hasRuntime(this);
  }

  /**
   * The model's attributes by name, as Sequelize returns them: a plain object (including
   * foreign keys added by associations and the implicit id and timestamps).
   * @example Object.keys(User.getAttributes()) // ['id', 'email', 'createdAt', 'updatedAt']
   */
  static getAttributes(): Readonly<Record<string, AttributeDefinition>> {
    return Object.fromEntries(runtimeOf(this).definition.attributes);
  }

  /** Sequelize's older name for getAttributes(). */
  static get rawAttributes(): Readonly<Record<string, AttributeDefinition>> {
    return this.getAttributes();
  }

  /**
   * The model options it was initialised with, connection `define` defaults included (Sequelize's
   * `Model.options`).
   */
  static get options(): Readonly<ModelOptions> {
    return runtimeOf(this).definition.options;
  }

  /**
   * Creates this model's table (with its indexes and foreign keys) if it does not exist;
   * `{ force: true }` drops it first. `db.sync()` does the same for every model, in dependency order.
   * @example await User.sync({ force: true });
   */
  static async sync(options: SyncOptions = {}): Promise<void> {
    checkOptions(SYNC_OPTIONS, options, this);
    await syncModels(runtimeOf(this).host.owner as Strata, [this], options);
  }

  /** Drops this model's table (if it exists). */
  static async drop(options: DropOptions = {}): Promise<void> {
    checkOptions(DROP_OPTIONS, options, this);
    await dropModels(runtimeOf(this).host.owner as Strata, [this], options);
  }

  // ----- associations ----------------------------------------------------------------

  /**
   * `User.hasOne(Profile)`: the target holds the foreign key (`userId`). Returns the
   * association, usable in `include: [association]`.
   */
  static hasOne(this: typeof Model, target: typeof Model, options?: HasOneOptions): HasOne {
    checkOptions(HAS_ONE_OPTIONS, options, this);
    return associate('hasOne', this, target, options);
  }

  /**
   * `User.hasMany(Post, { as, foreignKey, sourceKey, onDelete, onUpdate, constraints, scope })`:
   * the targets hold the foreign key (`userId`); adds `getPosts`, `addPost`, ... to instances.
   * @example User.associations.posts === User.hasMany(Post)
   */
  static hasMany(this: typeof Model, target: typeof Model, options?: HasManyOptions): HasMany {
    checkOptions(HAS_MANY_OPTIONS, options, this);
    return associate('hasMany', this, target, options);
  }

  /** `Post.belongsTo(User, { as, foreignKey, targetKey })`: this model holds the foreign key (`userId`). */
  static belongsTo(this: typeof Model, target: typeof Model, options?: BelongsToOptions): BelongsTo {
    checkOptions(BELONGS_TO_OPTIONS, options, this);
    return associate('belongsTo', this, target, options);
  }

  /** `Post.belongsToMany(Tag, { through: PostTag | 'post_tags', as, foreignKey, otherKey })`. */
  static belongsToMany(this: typeof Model, target: typeof Model, options: BelongsToManyOptions): BelongsToMany {
    checkOptions(BELONGS_TO_MANY_OPTIONS, options, this);
    return associate('belongsToMany', this, target, options);
  }

  /** The model's associations by alias: `include: [User.associations.posts]`. */
  static get associations(): Readonly<Record<string, Association>> {
    return Object.fromEntries(associationsOf(this));
  }

  // ----- building and finding ---------------------------------------------------------

  /** A new, unsaved instance: `User.build(values)` is the same as `new User(values)`. */
  static build<M extends Model>(this: ModelClass<M>, values?: CreationAttributes<M>, options?: BuildOptions): M {
    checkOptions(BUILD_OPTIONS, options, this);
    if (options?.include !== undefined) return buildWithIncludes(this, values ?? {}, options.include) as M;
    return new this(values as object, options);
  }

  /** New, unsaved instances, one per record (Sequelize's `bulkBuild`). */
  static bulkBuild<M extends Model>(
    this: ModelClass<M>,
    records: ReadonlyArray<CreationAttributes<M>>,
    options?: BuildOptions,
  ): M[] {
    return records.map((values) => new this(values as object, options));
  }

  /**
   * The rows matching `where` (after the active scopes), as instances, or as plain objects
   * with `raw: true`. See docs/querying.md for every option.
   * @example await User.findAll({ where: { age: { [Op.gte]: 18 } }, order: [['name', 'ASC']], limit: 10 })
   */
  static findAll<
    M extends Model,
    const I,
    const S extends AttributeSelection<Attributes<NoInfer<M>>> = AttributeSelection<Attributes<NoInfer<M>>>,
  >(
    this: ModelClass<M>,
    options: FindOptions<Attributes<M>, I & IncludeCheck<NoInfer<M>, I>> & {
      /** Plain rows, not instances. */ raw: true;
      plain?: false;
      attributes?: S;
    },
  ): Promise<Array<SelectedAttributes<M, S> & Record<string, unknown>>>;
  // One signature with and without include: a second, unchecked one would accept what this one refuses.
  static findAll<M extends Model, const I>(
    this: ModelClass<M>,
    options?: FindOptions<Attributes<M>, I & IncludeCheck<NoInfer<M>, I>>,
  ): Promise<Array<WithIncludes<M, I>>>;
  static findAll<M extends Model>(
    this: ModelClass<M>,
    options: FindOptions<Attributes<M>> & { /** The first row only (or null), as in Sequelize. */ plain: true },
  ): Promise<M | null>;
  static findAll<M extends Model>(
    this: ModelClass<M>,
    options: FindOptions<Attributes<M>> & { plain?: boolean } = {},
  ): Promise<M[] | M | null> {
    const refused = optionsRefused(FIND_ALL_OPTIONS, options, this);
    if (refused) return refused;
    if (!options.plain) return finders.findAll<M>(this, options as FindOptions);
    // `plain: true` (as in Sequelize): the first row only, without adding a LIMIT.
    const { plain: _plain, ...rest } = options;
    return finders.findAll<M>(this, rest as FindOptions).then((rows) => rows[0] ?? null);
  }

  /**
   * The rows matching the options as instances, streamed: a server-side cursor on PostgreSQL,
   * the driver's row stream on MySQL, `iterate()` on SQLite, `batchSize` rows (default 1000) at
   * a time, so memory stays flat however many rows match. To-many includes load per batch.
   * Leaving the loop early or an error closes the cursor and gives the connection back.
   *
   * @example for await (const user of User.findEach({ where: { active: true }, include: ['posts'] })) send(user);
   */
  static findEach<M extends Model, const I>(
    this: ModelClass<M>,
    options?: FindEachOptions<Attributes<M>> & { include?: I & IncludeCheck<NoInfer<M>, I> },
  ): AsyncGenerator<WithIncludes<M, I>>;
  static findEach<M extends Model>(
    this: ModelClass<M>,
    options: FindEachOptions<Attributes<M>> = {},
  ): AsyncGenerator<M> {
    checkOptions(FIND_EACH_OPTIONS, options, this);
    return findEach<M>(this, options as FindEachOptions);
  }

  /** The first row matching `where`, or null (`rejectOnEmpty` throws EmptyResultError instead). */
  static findOne<
    M extends Model,
    const I,
    const S extends AttributeSelection<Attributes<NoInfer<M>>> = AttributeSelection<Attributes<NoInfer<M>>>,
  >(
    this: ModelClass<M>,
    options: FindOptions<Attributes<M>, I & IncludeCheck<NoInfer<M>, I>> & {
      /** A plain row, not an instance. */ raw: true;
      attributes?: S;
    },
  ): Promise<(SelectedAttributes<M, S> & Record<string, unknown>) | null>;
  static findOne<M extends Model, const I>(
    this: ModelClass<M>,
    options?: FindOptions<Attributes<M>, I & IncludeCheck<NoInfer<M>, I>>,
  ): Promise<WithIncludes<M, I> | null>;
  static findOne<M extends Model>(this: ModelClass<M>, options: FindOptions<Attributes<M>> = {}): Promise<M | null> {
    return optionsRefused(FIND_ONE_OPTIONS, options, this) ?? finders.findOne<M>(this, options as FindOptions);
  }

  /** The row with this primary key value, or null. An object or array as key is an error. */
  static findByPk<M extends Model, const I>(
    this: ModelClass<M>,
    key: unknown,
    options?: Omit<FindOptions<Attributes<M>, I & IncludeCheck<NoInfer<M>, I>>, 'where'>,
  ): Promise<WithIncludes<M, I> | null>;
  static findByPk<M extends Model>(
    this: ModelClass<M>,
    key: unknown,
    options: Omit<FindOptions<Attributes<M>>, 'where'> = {},
  ): Promise<M | null> {
    return optionsRefused(FIND_BY_PK_OPTIONS, options, this) ?? finders.findByPk<M>(this, key, options as FindOptions);
  }

  /**
   * One page of rows and the total the where matches: `{ count, rows }`.
   * @example const { count, rows } = await User.findAndCountAll({ where, limit: 20, offset: 40 })
   */
  static findAndCountAll<M extends Model, const I>(
    this: ModelClass<M>,
    options?: FindOptions<Attributes<M>, I & IncludeCheck<NoInfer<M>, I>> & { col?: keyof Attributes<M> & string },
  ): Promise<{ count: number; rows: Array<WithIncludes<M, I>> }>;
  static findAndCountAll<M extends Model>(
    this: ModelClass<M>,
    options: FindOptions<Attributes<M>> & { col?: keyof Attributes<M> & string } = {},
  ): Promise<{ count: number; rows: M[] }> {
    return (
      optionsRefused(FIND_AND_COUNT_ALL_OPTIONS, options, this) ??
      finders.findAndCountAll<M>(this, options as FindOptions)
    );
  }

  /**
   * The number of rows matching `where` (`col`, `distinct` to count values instead); with
   * `group`, one `{ ...groupValues, count }` per group.
   * @example await Item.count({ group: ['category'] }) // [{ category: 'fruit', count: 2 }, ...]
   */
  static count<M extends Model, const I>(
    this: ModelClass<M>,
    options: CountOptions<Attributes<M>, I & IncludeCheck<NoInfer<M>, I>> & {
      group: NonNullable<CountOptions<Attributes<M>>['group']>;
    },
  ): Promise<GroupedCount<Attributes<M>>[]>;
  static count<M extends Model, const I>(
    this: ModelClass<M>,
    options?: CountOptions<Attributes<M>, I & IncludeCheck<NoInfer<M>, I>>,
  ): Promise<number>;
  static count<M extends Model>(
    this: ModelClass<M>,
    options: CountOptions<Attributes<M>> = {},
  ): Promise<number | GroupedCount<Attributes<M>>[]> {
    return (
      optionsRefused(COUNT_OPTIONS, options, this) ??
      (finders.count(this, options as CountOptions) as Promise<number | GroupedCount<Attributes<M>>[]>)
    );
  }

  /** The largest value of an attribute among the matching rows (null when none match). */
  static max<M extends Model, K extends keyof Attributes<M> & string>(
    this: ModelClass<M>,
    attribute: K,
    options: AggregateOptions<Attributes<M>> = {},
  ): Promise<Attributes<M>[K] | null> {
    return (
      optionsRefused(AGGREGATE_OPTIONS, options, this, 'max') ??
      (finders.aggregate(this, attribute, 'max', options as AggregateOptions) as Promise<Attributes<M>[K] | null>)
    );
  }

  /** The smallest value of an attribute among the matching rows (null when none match). */
  static min<M extends Model, K extends keyof Attributes<M> & string>(
    this: ModelClass<M>,
    attribute: K,
    options: AggregateOptions<Attributes<M>> = {},
  ): Promise<Attributes<M>[K] | null> {
    return (
      optionsRefused(AGGREGATE_OPTIONS, options, this, 'min') ??
      (finders.aggregate(this, attribute, 'min', options as AggregateOptions) as Promise<Attributes<M>[K] | null>)
    );
  }

  /** The sum of an attribute over the matching rows (0 when none match; DECIMAL/BIGINT as a string). */
  static sum<M extends Model>(
    this: ModelClass<M>,
    attribute: keyof Attributes<M> & string,
    options: AggregateOptions<Attributes<M>> = {},
  ): Promise<number> {
    return (
      optionsRefused(AGGREGATE_OPTIONS, options, this, 'sum') ??
      (finders.aggregate(this, attribute, 'sum', options as AggregateOptions) as Promise<number>)
    );
  }

  /**
   * Any aggregate function over an attribute: `aggregate('age', 'avg', { where })`.
   * The function name must be a plain SQL function name.
   */
  static aggregate<M extends Model>(
    this: ModelClass<M>,
    attribute: (keyof Attributes<M> & string) | '*',
    aggregateFunction: string,
    options: AggregateOptions<Attributes<M>> = {},
  ): Promise<unknown> {
    return (
      optionsRefused(AGGREGATE_OPTIONS, options, this) ??
      finders.aggregate(this, attribute, aggregateFunction, options as AggregateOptions)
    );
  }

  /**
   * Finds the row matching `where` or creates it from `defaults` (plus where's equality values),
   * in a transaction or a savepoint; resolves to `[instance, created]`. Safe when two callers
   * race on a unique key: the loser gets the winner's row and `created: false`.
   * @example const [user, created] = await User.findOrCreate({ where: { email }, defaults: { name } })
   */
  static findOrCreate<M extends Model>(
    this: ModelClass<M>,
    options: FindOrCreateOptions<Attributes<M>>,
  ): Promise<[M, boolean]> {
    return (
      optionsRefused(FIND_OR_CREATE_OPTIONS, options, this) ??
      finders.findOrCreate<M>(this, options as FindOrCreateOptions)
    );
  }

  /** Finds the row matching `where`, or builds an unsaved one; resolves to `[instance, built]`. */
  static findOrBuild<M extends Model>(
    this: ModelClass<M>,
    options: FindOrCreateOptions<Attributes<M>>,
  ): Promise<[M, boolean]> {
    return (
      optionsRefused(FIND_OR_CREATE_OPTIONS, options, this, 'findOrBuild') ??
      finders.findOrBuild<M>(this, options as FindOrCreateOptions)
    );
  }

  /** Find, else create, else find again (no transaction of its own); `[instance, created]`. */
  static findCreateFind<M extends Model>(
    this: ModelClass<M>,
    options: FindOrCreateOptions<Attributes<M>>,
  ): Promise<[M, boolean]> {
    return (
      optionsRefused(FIND_OR_CREATE_OPTIONS, options, this, 'findCreateFind') ??
      finders.findCreateFind<M>(this, options as FindOrCreateOptions)
    );
  }

  // ----- scopes -----------------------------------------------------------------------

  /**
   * This model with the given scopes applied to its finders, counts, updates and deletes
   * (instead of the default scope). Scopes merge as documented in docs/querying.md.
   * @example await User.scope('active', { method: ['olderThan', 30] }).findAll()
   */
  static scope<T extends typeof Model>(this: T, ...scopes: ScopeSelector[]): T {
    return scopes.length === 0 || (scopes.length === 1 && scopes[0] == null)
      ? unscopedModel(this)
      : scopedModel(this, scopes);
  }

  /** This model without any scope, not even the default one. */
  static unscoped<T extends typeof Model>(this: T): T {
    return unscopedModel(this);
  }

  /** Adds a named scope (an object or a function of arguments); 'defaultScope' sets the default. */
  static addScope(name: string, scope: ScopeDefinition, options?: AddScopeOptions): void {
    checkOptions(ADD_SCOPE_OPTIONS, options, this);
    addScope(this, name, scope, options);
  }

  // ----- writing ----------------------------------------------------------------------

  /** Builds and saves an instance; validates first unless `validate: false`. */
  static create<M extends Model>(
    this: ModelClass<M>,
    values: WithExpressions<CreationAttributes<M>>,
    options: CreateOptions = {},
  ): Promise<M> {
    return optionsRefused(CREATE_OPTIONS, options, this) ?? named(this, create<M>(this, values as object, options));
  }

  /**
   * Inserts many rows in one statement per batch, all in one transaction: validation runs
   * on every row first (unless `validate: false`), and one bad row writes no row.
   * With `fields`, only those attributes are written and others are ignored.
   * `ignoreDuplicates`, `updateOnDuplicate` and `returning` as in docs/writes.md.
   */
  static bulkCreate<M extends Model>(
    this: ModelClass<M>,
    records: ReadonlyArray<CreationAttributes<M>>,
    options: BulkCreateOptions<Attributes<M>> = {},
  ): Promise<M[]> {
    return (
      optionsRefused(BULK_CREATE_OPTIONS, options, this) ??
      named(this, bulkCreate<M>(this, records as ReadonlyArray<object>, options as BulkCreateOptions))
    );
  }

  /**
   * Updates every row matching `where` and resolves to `[affectedCount]` (with
   * `returning: true`, `[affectedCount, rows]`). A where is required; `{ all: true }`
   * updates every row on purpose.
   * Hooks: beforeBulkUpdate(options)/afterBulkUpdate, which see the values as
   * `options.attributes` and may change them (and the where); beforeUpdate/afterUpdate per
   * row only with `individualHooks: true`, which loads the rows and saves them one by one.
   */
  static update<M extends Model>(
    this: ModelClass<M>,
    values: WithExpressions<Partial<Attributes<M>>>,
    options: UpdateOptions<Attributes<M>>,
  ): Promise<[number, M[]?]> {
    return (
      optionsRefused(UPDATE_OPTIONS, options, this) ??
      named(this, update<M>(this, values as Record<string, unknown>, options as UpdateOptions))
    );
  }

  /**
   * Deletes the rows matching `where` (soft-deletes them on paranoid models unless
   * `force`) and resolves to the number of rows. A where is required; `{ all: true }`
   * deletes every row on purpose, `{ truncate: true, all: true }` empties the table.
   * Hooks: beforeBulkDestroy(options)/afterBulkDestroy; beforeDestroy/afterDestroy per
   * instance only with `individualHooks: true`.
   */
  static destroy<M extends Model>(this: ModelClass<M>, options: DestroyOptions<Attributes<M>>): Promise<number> {
    return optionsRefused(DESTROY_OPTIONS, options, this) ?? named(this, destroy<M>(this, options as DestroyOptions));
  }

  /**
   * Brings soft-deleted rows back (paranoid models). A where is required; `{ all: true }`
   * restores every row on purpose. Hooks: beforeBulkRestore/afterBulkRestore;
   * beforeRestore/afterRestore per instance only with `individualHooks: true`.
   */
  static restore<M extends Model>(this: ModelClass<M>, options: DestroyOptions<Attributes<M>> = {}): Promise<number> {
    return optionsRefused(RESTORE_OPTIONS, options, this) ?? named(this, restore<M>(this, options as DestroyOptions));
  }

  /** Deletes every row of the table. */
  static truncate(options: QueryOptions = {}): Promise<void> {
    return optionsRefused(TRUNCATE_OPTIONS, options, this) ?? truncate(this, options);
  }

  /**
   * Inserts the row or updates the one with the same primary key or unique attribute, in one
   * statement; resolves to `[instance, created]` with the stored row on every dialect
   * (`created` is null where the database does not say: SQLite).
   */
  static upsert<M extends Model>(
    this: ModelClass<M>,
    values: CreationAttributes<M>,
    options: UpsertOptions<Attributes<M>> = {},
  ): Promise<[M, boolean | null]> {
    return optionsRefused(UPSERT_OPTIONS, options, this) ?? upsert<M>(this, values as object, options as UpsertOptions);
  }

  /**
   * Adds to numeric attributes in the database (`SET x = x + ?`) on the rows `where` matches.
   * @example await Product.increment('stock', { by: 5, where: { id } })
   * @example await Product.increment({ stock: 5, sold: -5 }, { where: { id } })
   */
  static increment<M extends Model>(
    this: ModelClass<M>,
    fields: IncrementFields<Attributes<M>>,
    options: IncrementOptions<Attributes<M>>,
  ): Promise<[number, M[]?]> {
    return (
      optionsRefused(INCREMENT_OPTIONS, options, this) ??
      increment<M>(this, fields as IncrementFields, options as IncrementOptions, 1)
    );
  }

  /** Subtracts from numeric attributes in the database; see increment. */
  static decrement<M extends Model>(
    this: ModelClass<M>,
    fields: IncrementFields<Attributes<M>>,
    options: IncrementOptions<Attributes<M>>,
  ): Promise<[number, M[]?]> {
    return (
      optionsRefused(INCREMENT_OPTIONS, options, this, 'decrement') ??
      increment<M>(this, fields as IncrementFields, options as IncrementOptions, -1)
    );
  }

  // ----- instance ---------------------------------------------------------------------

  /**
   * An attribute's value through its getter, or (without a key) every attribute as an object.
   * `get({ plain: true })` gives plain values with included models as plain objects too.
   */
  get(key: string, options?: { raw?: boolean; plain?: boolean }): unknown;
  get(options?: { raw?: boolean; plain?: boolean }): Attributes<this> & Record<string, unknown>;
  get(
    keyOrOptions?: string | { raw?: boolean; plain?: boolean },
    options?: { raw?: boolean; plain?: boolean },
  ): unknown {
    const definition = runtimeOf(this.constructor).definition;
    if (typeof keyOrOptions === 'string') {
      const attribute = definition.attributes.get(keyOrOptions);
      if (!options?.raw) {
        if (attribute?.get) return attribute.get.call(this as unknown as InstanceThis);
        const getter = definition.options.getterMethods?.[keyOrOptions];
        if (getter) return getter.call(this as unknown as InstanceThis);
      }
      const value = this.dataValues[keyOrOptions];
      if (options?.plain) return plainValue(value);
      return value;
    }
    const result: Record<string, unknown> = {};
    for (const key of Object.keys(this.dataValues)) result[key] = this.get(key, keyOrOptions);
    for (const attribute of definition.attributes.values()) {
      if (attribute.virtual && attribute.get && !(attribute.name in result)) {
        result[attribute.name] = this.get(attribute.name, keyOrOptions);
      }
    }
    for (const name of Object.keys(definition.options.getterMethods ?? {})) {
      result[name] = this.get(name, keyOrOptions);
    }
    return result;
  }

  /** Sets one attribute (through its setter unless `raw`) or several from an object. */
  set(key: string, value: unknown, options?: { raw?: boolean }): this;
  set(values: Record<string, unknown>, options?: { raw?: boolean }): this;
  set(keyOrValues: string | Record<string, unknown>, valueOrOptions?: unknown, options?: { raw?: boolean }): this {
    if (typeof keyOrValues !== 'string') {
      const opts = valueOrOptions as { raw?: boolean } | undefined;
      for (const key of Object.keys(keyOrValues)) this.set(key, keyOrValues[key], opts);
      return this;
    }
    const definition = runtimeOf(this.constructor).definition;
    // Every value set on an instance (build, create, bulkCreate, upsert, update) passes here:
    // the one place a prototype key is refused before a setter lookup or an assignment sees it.
    if (isPrototypeKey(keyOrValues)) throw prototypeKeyError(definition.name, keyOrValues);
    if (!options?.raw) {
      const attribute = definition.attributes.get(keyOrValues);
      if (attribute?.set) {
        attribute.set.call(this as unknown as InstanceThis, valueOrOptions);
        return this;
      }
      if (!attribute && !this.acceptsUnknownKey(keyOrValues)) return this;
      const setter = definition.options.setterMethods?.[keyOrValues];
      if (setter) {
        (setter as (this: InstanceThis, value: unknown) => void).call(this as unknown as InstanceThis, valueOrOptions);
        return this;
      }
    }
    this.setDataValue(keyOrValues, valueOrOptions);
    return this;
  }

  /**
   * For a key that is no attribute: whether set() keeps it (a getter/setter method or an
   * association, whose values build-with-include reads). Any other key throws, or, with
   * `unknownAttributes: 'ignore'` on the model or connection, is dropped (false).
   */
  private acceptsUnknownKey(key: string): boolean {
    const runtime = runtimeOf(this.constructor);
    const { definition } = runtime;
    if (isSettableKey(definition, runtime.associations, key)) return true;
    if (ignoresUnknownAttributes(definition, runtime.host.unknownAttributes)) return false;
    throw unknownAttributeError(definition, runtime.associations.keys(), key);
  }

  /**
   * The stored value of an attribute, without its getter: what a getter uses to read its own
   * attribute.
   */
  getDataValue(key: string): unknown {
    return this.dataValues[key];
  }

  /**
   * Sets an attribute's value without its setter (what a setter uses to store its own attribute) and
   * marks it changed.
   */
  setDataValue(key: string, value: unknown): void {
    if (isPrototypeKey(key)) throw prototypeKeyError((this.constructor as typeof Model).modelName, key);
    const previous = this.dataValues[key];
    this.keepPrevious();
    this.dataValues[key] = value;
    if (this.isNewRecord || !sameValue(previous, value)) this.changedNames().add(key);
  }

  /** @internal Before a write to dataValues: keeps the stored values, once, as the previous ones. */
  keepPrevious(): void {
    if (this._previousDataValues === undefined) this._previousDataValues = { ...this.dataValues };
  }

  private changedNames(): Set<string> {
    return (this._changed ??= new Set());
  }

  /** The changed attribute names (or false), whether one changed, or mark one as changed. */
  changed(): string[] | false;
  changed(key: string): boolean;
  changed(key: string, value: boolean): void;
  changed(key?: string, value?: boolean): string[] | false | boolean | void {
    if (key === undefined) return this._changed?.size ? [...this._changed] : false;
    if (value === undefined) return this._changed?.has(key) ?? false;
    if (value) this.changedNames().add(key);
    else this._changed?.delete(key);
  }

  /** The value an attribute had when the instance was loaded or last saved. */
  previous(key: string): unknown;
  previous(): Record<string, unknown>;
  previous(key?: string): unknown {
    const stored = this._previousDataValues ?? this.dataValues;
    if (key !== undefined) return stored[key];
    const result: Record<string, unknown> = {};
    for (const name of this._changed ?? []) result[name] = stored[name];
    return result;
  }

  /** @internal After a write: the stored values are now the previous ones. */
  markClean(): void {
    this.isNewRecord = false;
    this._previousDataValues = undefined;
    this._changed = undefined;
  }

  /**
   * @internal After a write of some attributes only (instance increment): takes these values as
   * both current and stored, and leaves the other attributes' unsaved changes as they are.
   */
  markStored(values: Record<string, unknown>): void {
    const stored = this._previousDataValues;
    for (const name of Object.keys(values)) {
      this.dataValues[name] = values[name];
      if (stored !== undefined && stored !== NOTHING_STORED) stored[name] = values[name];
      this._changed?.delete(name);
    }
  }

  /**
   * Runs the validators by hand (with the beforeValidate/afterValidate/validationFailed hooks
   * unless `hooks: false`); throws ValidationError listing every failure. `fields` validates
   * only those attributes (model validators still run); `skip` leaves attributes or model
   * validators out.
   */
  async validate(
    options: { fields?: readonly string[]; skip?: readonly string[]; hooks?: boolean } = {},
  ): Promise<void> {
    checkOptions(VALIDATE_OPTIONS, options, this.constructor);
    const runtime = runtimeOf(this.constructor);
    const validating = validateWithHooks(runtime, this, options, () => ({
      fields: options.fields,
      skip: options.skip,
      skipNullCheckFor: databaseFilled(runtime),
    }));
    await runtime.host.executor.named(validating);
  }

  /**
   * Inserts a new record or updates the changed attributes of a loaded one. Hooks, in order:
   * beforeValidate, afterValidate (or validationFailed), beforeCreate/beforeUpdate, beforeSave,
   * the write, afterCreate/afterUpdate, afterSave. When any of them exists the whole save runs
   * in a transaction (a savepoint inside an existing one), so a throwing hook writes nothing.
   */
  save(options: SaveOptions = {}): Promise<this> {
    return (
      optionsRefused(SAVE_OPTIONS, options, this.constructor) ??
      named(this.constructor as typeof Model, save(this, options))
    );
  }

  /** Sets the values and saves the changed attributes. */
  async update(values: WithExpressions<Partial<Attributes<this>>>, options: SaveOptions = {}): Promise<this> {
    checkOptions(SAVE_OPTIONS, options, this.constructor, 'update');
    this.set(values as Record<string, unknown>);
    return this.save(options);
  }

  /**
   * Deletes this row (soft-deletes it on paranoid models unless `force`), between the
   * beforeDestroy and afterDestroy hooks.
   */
  destroy(options: QueryOptions & { force?: boolean } = {}): Promise<void> {
    return (
      optionsRefused(INSTANCE_DESTROY_OPTIONS, options, this.constructor) ??
      named(this.constructor as typeof Model, destroyInstance(this, options))
    );
  }

  /** Brings this soft-deleted row back, between the beforeRestore and afterRestore hooks. */
  restore(options: QueryOptions = {}): Promise<void> {
    return (
      optionsRefused(RELOAD_OPTIONS, options, this.constructor, 'restore') ??
      named(this.constructor as typeof Model, restoreInstance(this, options))
    );
  }

  /** Reloads the values from the database. */
  reload(
    options: QueryOptions & Pick<FindOptions<Attributes<this>>, 'attributes' | 'include' | 'paranoid'> = {},
  ): Promise<this> {
    return (
      optionsRefused(RELOAD_OPTIONS, options, this.constructor) ??
      named(this.constructor as typeof Model, reload(this, options))
    );
  }

  /**
   * Adds to numeric attributes of this row in the database (`SET x = x + ?`, so concurrent
   * increments add up) and refreshes those attributes here; other unsaved changes are kept.
   * @example await product.increment('stock', { by: 2 })
   */
  increment(
    fields: IncrementFields<Attributes<this>>,
    options: Omit<IncrementOptions<Attributes<this>>, 'all' | 'returning'> = {},
  ): Promise<this> {
    return (
      optionsRefused(INSTANCE_INCREMENT_OPTIONS, options, this.constructor) ??
      incrementInstance(this, fields as IncrementFields, options, 1)
    );
  }

  /** Subtracts from numeric attributes of this row; see increment. */
  decrement(
    fields: IncrementFields<Attributes<this>>,
    options: Omit<IncrementOptions<Attributes<this>>, 'all' | 'returning'> = {},
  ): Promise<this> {
    return (
      optionsRefused(INSTANCE_INCREMENT_OPTIONS, options, this.constructor, 'decrement') ??
      incrementInstance(this, fields as IncrementFields, options, -1)
    );
  }

  /** True when both are instances of the same model with the same primary key. */
  equals(other: Model | null | undefined): boolean {
    if (!other || other.constructor !== this.constructor) return false;
    const definition = runtimeOf(this.constructor).definition;
    return definition.primaryKeys.every((key) => sameValue(this.dataValues[key], other.dataValues[key]));
  }

  /** True when `equals` holds for one of `others`. */
  equalsOneOf(others: ReadonlyArray<Model | null | undefined>): boolean {
    return others.some((other) => this.equals(other));
  }

  /**
   * Whether this row is soft-deleted: its deletedAt attribute is set. Only paranoid models
   * soft-delete, so on any other model this throws, as in Sequelize.
   */
  isSoftDeleted(): boolean {
    const definition = runtimeOf(this.constructor).definition;
    const deletedAt = definition.timestamps.deletedAt;
    if (!definition.paranoid || !deletedAt) {
      throw new InvalidQueryError(`${definition.name}.isSoftDeleted(): the model is not paranoid`);
    }
    return this.dataValues[deletedAt] !== null && this.dataValues[deletedAt] !== undefined;
  }

  /**
   * The where that selects this row: its primary key values (Sequelize's `instance.where()`).
   * @example await Post.count({ where: user.where() })
   */
  where(): Record<string, unknown> {
    const definition = runtimeOf(this.constructor).definition;
    return Object.fromEntries(definition.primaryKeys.map((key) => [key, this.dataValues[key]]));
  }

  /**
   * The instance as a plain object: every attribute (typed as the model declares it) and the
   * included associations as plain objects.
   */
  toJSON(): Attributes<this> & Record<string, unknown> {
    return this.get({ plain: true });
  }

  // sequelize-typescript's association helpers: each calls the association's accessor
  // (`$get('posts')` is `getPosts()`), found by alias in associations/instance-helpers.ts.

  /** The associated row(s) of the association named `property`. */
  $get<K extends keyof this & string>(property: K, options?: object): Promise<AssociationGetResult<this[K]>> {
    return callAssociationHelper(this, 'get', property, undefined, options) as Promise<AssociationGetResult<this[K]>>;
  }

  /** Replaces the associated row(s) (rows or primary keys; null unlinks a to-one). */
  $set(property: keyof this & string, rows: unknown, options?: object): Promise<unknown> {
    return callAssociationHelper(this, 'set', property, rows, options);
  }

  /** Links one row or several (rows or primary keys) to a to-many association. */
  $add(property: keyof this & string, rows: unknown, options?: object): Promise<unknown> {
    return callAssociationHelper(this, 'add', property, rows, options);
  }

  /** Creates a row linked through the association. */
  $create<R = unknown>(property: keyof this & string, values: object, options?: object): Promise<R> {
    return callAssociationHelper(this, 'create', property, values, options) as Promise<R>;
  }

  /** Whether the row (or every row of a list) is linked through the association. */
  $has(property: keyof this & string, rows: unknown, options?: object): Promise<boolean> {
    return callAssociationHelper(this, 'has', property, rows, options) as Promise<boolean>;
  }

  /** How many rows the to-many association links. */
  $count(property: keyof this & string, options?: object): Promise<number> {
    return callAssociationHelper(this, 'count', property, undefined, options) as Promise<number>;
  }

  /** Unlinks one row or several from a to-many association. */
  $remove(property: keyof this & string, rows: unknown, options?: object): Promise<unknown> {
    return callAssociationHelper(this, 'remove', property, rows, options);
  }
}

installHookAdders(Model);

/** A new record's previous values: none (shared, never written: keepPrevious leaves it alone). */
const NOTHING_STORED: Record<string, unknown> = Object.freeze({});

function plainValue(value: unknown): unknown {
  if (value instanceof Model) return value.get({ plain: true });
  if (Array.isArray(value)) return value.map(plainValue);
  return value;
}

/** A model call's promise, its rejection named as the model's connection asks (`errorNames`). */
function named<T>(model: typeof Model, work: Promise<T>): Promise<T> {
  return runtimeOf(model).host.executor.named(work);
}
