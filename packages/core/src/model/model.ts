import { randomUUID } from 'node:crypto';
import { associate, associationsOf, clearAssociations } from '../associations';
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
import { DataTypes } from '../definition/data-types';
import { assertDialectCanStore } from '../definition/dialect-check';
import type {
  AttributeDefinition,
  AttributesInput,
  InstanceThis,
  ModelDefinition,
  ModelOptions,
} from '../definition/model-definition';
import { EmptyResultError, InvalidQueryError, ModelDefinitionError, OptimisticLockError } from '../errors/errors';
import { callAssociationHelper, type AssociationGetResult } from '../associations/instance-helpers';
import { HookRegistry, type HookFunction, type HookName } from '../hooks/hooks';
import { SAVE_HOOKS, withHookTransaction } from '../hooks/hook-transaction';
import { validateWithHooks } from '../hooks/validation-hooks';
import { Hydrator } from '../hydration/hydrate';
import { toNative, applyWhere } from '../compile/select';
import { compileUpdate } from '../compile/update';
import type {
  AggregateOptions,
  CountOptions,
  FindOptions,
  GroupedCount,
  WhereOptions,
  WithIncludes,
} from '../normalize/find-options';
import * as finders from '../execution/finders';
import type { FindOrCreateOptions } from '../execution/finders';
import { hydrateRow, runOptions } from '../execution/query-context';
import { type WhereContext } from '../compile/where';
import { bulkCreate, type BulkCreateOptions } from '../writes/bulk-create';
import { increment, type IncrementFields, type IncrementOptions } from '../writes/increment';
import { insertRows, isTimestamp, stampCreate } from '../writes/insert';
import { createWithIncludes, type NestedCreateOptions } from '../writes/nested-create';
import {
  databaseFilled,
  prepareRow,
  validateValues,
  validateValuesSync,
  type ValidateOptions,
} from '../writes/prepare-row';
import { requireWhere } from '../writes/require-where';
import { upsert, type UpsertOptions } from '../writes/upsert';
import {
  hasModelState,
  modelState,
  runHooks,
  setModelState,
  type ModelHost,
  type ModelState,
} from '../runtime/model-state';
import {
  addScope,
  baseModel,
  scopedModel,
  unscopedModel,
  withScope,
  type AddScopeOptions,
  type ScopeDefinition,
  type ScopeSelector,
} from '../normalize/scopes';
import type { Attributes, CreationAttributes, QueryOptions } from './types';
import type { Strata } from '../connection/strata';
import type { Transaction } from '../transactions/transaction';
import { dropModels, syncModels, type SyncOptions } from '../schema/sync';

export type { BulkCreateOptions, FindOrCreateOptions, IncrementFields, IncrementOptions, UpsertOptions };

export interface BuildOptions {
  /** false for rows loaded from the database (defaults are not applied, nothing is dirty). */
  isNewRecord?: boolean;
  /** Set values as they are, bypassing attribute setters. */
  raw?: boolean;
}

export interface InitOptions extends ModelOptions {
  /** The connection to initialise the model on. */
  strata: { readonly modelHost: ModelHost };
}

export interface SaveOptions extends QueryOptions {
  /** Write only these attributes. */
  fields?: readonly string[];
  /** Run validators first (default true). */
  validate?: boolean;
  /** Do not touch updatedAt. */
  silent?: boolean;
}

export interface CreateOptions extends SaveOptions {
  /** Associated values to create (or link) with the instance: see docs/associations.md. */
  include?: NestedCreateOptions['include'];
}

export interface UpdateOptions<A = Record<string, unknown>> extends QueryOptions {
  where?: WhereOptions<A>;
  /** Update every row: required when no where is given. */
  all?: boolean;
  fields?: ReadonlyArray<keyof A & string>;
  validate?: boolean;
  paranoid?: boolean;
  silent?: boolean;
  /** Also return the updated rows (emulated where the dialect has no RETURNING). */
  returning?: boolean;
  /**
   * Load the matching rows and run beforeUpdate/afterUpdate for each, saving them one by one
   * (default: one UPDATE statement and only the bulk hooks).
   */
  individualHooks?: boolean;
}

export interface DestroyOptions<A = Record<string, unknown>> extends QueryOptions {
  where?: WhereOptions<A>;
  /** Delete every row: required when no where is given. */
  all?: boolean;
  /** Delete soft-deletable rows for real. */
  force?: boolean;
  /** TRUNCATE the table. */
  truncate?: boolean;
  /**
   * Load the matching rows and run beforeDestroy/afterDestroy (restore: beforeRestore/
   * afterRestore) for each (default: one statement and only the bulk hooks).
   */
  individualHooks?: boolean;
}

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
 */
export class Model {
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
    const state = modelState(new.target);
    this.dataValues = {};
    if (this.isNewRecord) {
      // Nothing is stored yet: every previous value is undefined.
      this._previousDataValues = NOTHING_STORED;
      applyDefaults(state.definition, this.dataValues, (name) => this.changedNames().add(name));
    }
    if (values) this.set(values as Record<string, unknown>, { raw: options.raw });
    if (!this.isNewRecord) this.markClean();
  }

  // ----- definition -------------------------------------------------------------------

  /**
   * Defines the model's attributes and options on a connection. The same definition is
   * produced by `db.define(name, attributes, options)` and by the decorators.
   */
  static init<M extends Model>(this: ModelClass<M>, attributes: AttributesInput, options: InitOptions): ModelClass<M> {
    const { strata, ...modelOptions } = options;
    const host = strata.modelHost;
    const name = modelOptions.modelName ?? this.name;
    const definition = buildModelDefinition(name, attributes, modelOptions);
    assertDialectCanStore(definition, host.dialect, host.knex);
    const hooks = new HookRegistry();
    for (const [hook, fns] of Object.entries(modelOptions.hooks ?? {})) {
      for (const entry of Array.isArray(fns) ? fns : [fns]) {
        if (typeof entry === 'function') hooks.add(hook as HookName, entry);
        else hooks.add(hook as HookName, entry.name, entry.fn);
      }
    }
    setModelState(this, { definition, host, hydrator: new Hydrator(definition, host.dialect.codec), hooks });
    clearAssociations(this);
    defineAccessors(this, definition);
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
    modelState(this).hooks.add(hook, fnOrName, fn);
  }

  static removeHook(hook: HookName, nameOrFn: string | HookFunction): void {
    modelState(this).hooks.remove(hook, nameOrFn);
  }

  static hasHook(hook: HookName): boolean {
    return modelState(this).hooks.has(hook);
  }

  /** The normalised definition (attributes, options) this model was initialised with. */
  static get definition(): ModelDefinition {
    return modelState(this).definition;
  }

  static get modelName(): string {
    return modelState(this).definition.name;
  }

  static get tableName(): string {
    return modelState(this).definition.tableName;
  }

  /** The connection this model is initialised on. */
  static get strata(): unknown {
    return modelState(this).host.owner;
  }

  static get primaryKeyAttribute(): string {
    return modelState(this).definition.primaryKeys[0];
  }

  static isInitialized(): boolean {
    return hasModelState(this);
  }

  /**
   * The model's attributes by name, as Sequelize returns them: a plain object (including
   * foreign keys added by associations and the implicit id and timestamps).
   * @example Object.keys(User.getAttributes()) // ['id', 'email', 'createdAt', 'updatedAt']
   */
  static getAttributes(): Readonly<Record<string, AttributeDefinition>> {
    return Object.fromEntries(modelState(this).definition.attributes);
  }

  /**
   * Creates this model's table (with its indexes and foreign keys) if it does not exist;
   * `{ force: true }` drops it first. `db.sync()` does the same for every model, in dependency order.
   * @example await User.sync({ force: true });
   */
  static async sync(options: SyncOptions = {}): Promise<void> {
    await syncModels(modelState(this).host.owner as Strata, [this], options);
  }

  /** Drops this model's table (if it exists). */
  static async drop(options: { logging?: SyncOptions['logging'] } = {}): Promise<void> {
    await dropModels(modelState(this).host.owner as Strata, [this], options);
  }

  // ----- associations ----------------------------------------------------------------

  /**
   * `User.hasOne(Profile)`: the target holds the foreign key (`userId`). Returns the
   * association, usable in `include: [association]`.
   */
  static hasOne(this: typeof Model, target: typeof Model, options?: HasOneOptions): HasOne {
    return associate('hasOne', this, target, options);
  }

  /**
   * `User.hasMany(Post, { as, foreignKey, sourceKey, onDelete, onUpdate, constraints, scope })`:
   * the targets hold the foreign key (`userId`); adds `getPosts`, `addPost`, ... to instances.
   * @example User.associations.posts === User.hasMany(Post)
   */
  static hasMany(this: typeof Model, target: typeof Model, options?: HasManyOptions): HasMany {
    return associate('hasMany', this, target, options);
  }

  /** `Post.belongsTo(User, { as, foreignKey, targetKey })`: this model holds the foreign key (`userId`). */
  static belongsTo(this: typeof Model, target: typeof Model, options?: BelongsToOptions): BelongsTo {
    return associate('belongsTo', this, target, options);
  }

  /** `Post.belongsToMany(Tag, { through: PostTag | 'post_tags', as, foreignKey, otherKey })`. */
  static belongsToMany(this: typeof Model, target: typeof Model, options: BelongsToManyOptions): BelongsToMany {
    return associate('belongsToMany', this, target, options);
  }

  /** The model's associations by alias: `include: [User.associations.posts]`. */
  static get associations(): Readonly<Record<string, Association>> {
    return Object.fromEntries(associationsOf(this));
  }

  // ----- building and finding ---------------------------------------------------------

  /** A new, unsaved instance: `User.build(values)` is the same as `new User(values)`. */
  static build<M extends Model>(this: ModelClass<M>, values?: CreationAttributes<M>, options?: BuildOptions): M {
    return new this(values as object, options);
  }

  /**
   * The rows matching `where` (after the active scopes), as instances, or as plain objects
   * with `raw: true`. See docs/querying.md for every option.
   * @example await User.findAll({ where: { age: { [Op.gte]: 18 } }, order: [['name', 'ASC']], limit: 10 })
   */
  static findAll<M extends Model, const I>(
    this: ModelClass<M>,
    options: FindOptions<Attributes<M>> & { include: I },
  ): Promise<Array<WithIncludes<M, I>>>;
  static findAll<M extends Model>(this: ModelClass<M>, options?: FindOptions<Attributes<M>>): Promise<M[]>;
  static findAll<M extends Model>(
    this: ModelClass<M>,
    options: FindOptions<Attributes<M>> & { /** The first row only (or null), as in Sequelize. */ plain: true },
  ): Promise<M | null>;
  static findAll<M extends Model>(
    this: ModelClass<M>,
    options: FindOptions<Attributes<M>> & { plain?: boolean } = {},
  ): Promise<M[] | M | null> {
    if (!options.plain) return finders.findAll<M>(this, options as FindOptions);
    // `plain: true` (as in Sequelize): the first row only, without adding a LIMIT.
    const { plain: _plain, ...rest } = options;
    return finders.findAll<M>(this, rest as FindOptions).then((rows) => rows[0] ?? null);
  }

  /** The first row matching `where`, or null (`rejectOnEmpty` throws EmptyResultError instead). */
  static findOne<M extends Model, const I>(
    this: ModelClass<M>,
    options: FindOptions<Attributes<M>> & { include: I },
  ): Promise<WithIncludes<M, I> | null>;
  static findOne<M extends Model>(this: ModelClass<M>, options?: FindOptions<Attributes<M>>): Promise<M | null>;
  static findOne<M extends Model>(this: ModelClass<M>, options: FindOptions<Attributes<M>> = {}): Promise<M | null> {
    return finders.findOne<M>(this, options as FindOptions);
  }

  /** The row with this primary key value, or null. An object or array as key is an error. */
  static findByPk<M extends Model, const I>(
    this: ModelClass<M>,
    key: unknown,
    options: Omit<FindOptions<Attributes<M>>, 'where'> & { include: I },
  ): Promise<WithIncludes<M, I> | null>;
  static findByPk<M extends Model>(
    this: ModelClass<M>,
    key: unknown,
    options?: Omit<FindOptions<Attributes<M>>, 'where'>,
  ): Promise<M | null>;
  static findByPk<M extends Model>(
    this: ModelClass<M>,
    key: unknown,
    options: Omit<FindOptions<Attributes<M>>, 'where'> = {},
  ): Promise<M | null> {
    return finders.findByPk<M>(this, key, options as FindOptions);
  }

  /**
   * One page of rows and the total the where matches: `{ count, rows }`.
   * @example const { count, rows } = await User.findAndCountAll({ where, limit: 20, offset: 40 })
   */
  static findAndCountAll<M extends Model, const I>(
    this: ModelClass<M>,
    options: FindOptions<Attributes<M>> & { col?: keyof Attributes<M> & string; include: I },
  ): Promise<{ count: number; rows: Array<WithIncludes<M, I>> }>;
  static findAndCountAll<M extends Model>(
    this: ModelClass<M>,
    options?: FindOptions<Attributes<M>> & { col?: keyof Attributes<M> & string },
  ): Promise<{ count: number; rows: M[] }>;
  static findAndCountAll<M extends Model>(
    this: ModelClass<M>,
    options: FindOptions<Attributes<M>> & { col?: keyof Attributes<M> & string } = {},
  ): Promise<{ count: number; rows: M[] }> {
    return finders.findAndCountAll<M>(this, options as FindOptions);
  }

  /**
   * The number of rows matching `where` (`col`, `distinct` to count values instead); with
   * `group`, one `{ ...groupValues, count }` per group.
   * @example await Item.count({ group: ['category'] }) // [{ category: 'fruit', count: 2 }, ...]
   */
  static count<M extends Model>(
    this: ModelClass<M>,
    options: CountOptions<Attributes<M>> & { group: NonNullable<CountOptions<Attributes<M>>['group']> },
  ): Promise<GroupedCount<Attributes<M>>[]>;
  static count<M extends Model>(this: ModelClass<M>, options?: CountOptions<Attributes<M>>): Promise<number>;
  static count<M extends Model>(
    this: ModelClass<M>,
    options: CountOptions<Attributes<M>> = {},
  ): Promise<number | GroupedCount<Attributes<M>>[]> {
    return finders.count(this, options as CountOptions) as Promise<number | GroupedCount<Attributes<M>>[]>;
  }

  /** The largest value of an attribute among the matching rows (null when none match). */
  static max<M extends Model, K extends keyof Attributes<M> & string>(
    this: ModelClass<M>,
    attribute: K,
    options: AggregateOptions<Attributes<M>> = {},
  ): Promise<Attributes<M>[K] | null> {
    return finders.aggregate(this, attribute, 'max', options as AggregateOptions) as Promise<Attributes<M>[K] | null>;
  }

  /** The smallest value of an attribute among the matching rows (null when none match). */
  static min<M extends Model, K extends keyof Attributes<M> & string>(
    this: ModelClass<M>,
    attribute: K,
    options: AggregateOptions<Attributes<M>> = {},
  ): Promise<Attributes<M>[K] | null> {
    return finders.aggregate(this, attribute, 'min', options as AggregateOptions) as Promise<Attributes<M>[K] | null>;
  }

  /** The sum of an attribute over the matching rows (0 when none match; DECIMAL/BIGINT as a string). */
  static sum<M extends Model>(
    this: ModelClass<M>,
    attribute: keyof Attributes<M> & string,
    options: AggregateOptions<Attributes<M>> = {},
  ): Promise<number> {
    return finders.aggregate(this, attribute, 'sum', options as AggregateOptions) as Promise<number>;
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
    return finders.aggregate(this, attribute, aggregateFunction, options as AggregateOptions);
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
    return finders.findOrCreate<M>(this, options as FindOrCreateOptions);
  }

  /** Finds the row matching `where`, or builds an unsaved one; resolves to `[instance, built]`. */
  static findOrBuild<M extends Model>(
    this: ModelClass<M>,
    options: FindOrCreateOptions<Attributes<M>>,
  ): Promise<[M, boolean]> {
    return finders.findOrBuild<M>(this, options as FindOrCreateOptions);
  }

  /** Find, else create, else find again (no transaction of its own); `[instance, created]`. */
  static findCreateFind<M extends Model>(
    this: ModelClass<M>,
    options: FindOrCreateOptions<Attributes<M>>,
  ): Promise<[M, boolean]> {
    return finders.findCreateFind<M>(this, options as FindOrCreateOptions);
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
    addScope(this, name, scope, options);
  }

  // ----- writing ----------------------------------------------------------------------

  /** Builds and saves an instance; validates first unless `validate: false`. */
  static create<M extends Model>(
    this: ModelClass<M>,
    values: CreationAttributes<M>,
    options: CreateOptions = {},
  ): Promise<M> {
    // Not async (one promise layer less per create), so errors are turned into rejections here.
    try {
      if (options.include !== undefined) return createWithIncludes(this, values as object, options) as Promise<M>;
      return new this(values as object).save(options);
    } catch (error) {
      return Promise.reject(error as Error);
    }
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
    return bulkCreate<M>(this, records as ReadonlyArray<object>, options as BulkCreateOptions);
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
    values: Partial<Attributes<M>>,
    options: UpdateOptions<Attributes<M>>,
  ): Promise<[number, M[]?]> {
    // Not async (one promise layer less per update), so errors are turned into rejections here.
    try {
      const state = modelState(this);
      const { definition } = state;
      requireWhere(definition, 'update', options);
      if (typeof values !== 'object' || values === null || Array.isArray(values)) {
        throw new InvalidQueryError(`${definition.name}.update takes an object of attribute values`);
      }
      const hookNames: HookName[] = options.individualHooks
        ? [...BULK_UPDATE_HOOKS, 'beforeUpdate', 'afterUpdate']
        : BULK_UPDATE_HOOKS;
      return withHookTransaction(state, hookNames, options as UpdateOptions, (opts, hasUpdateHooks) =>
        hasUpdateHooks || (opts.hooks !== false && opts.individualHooks)
          ? this.updateWithHooks<M>(state, values as Record<string, unknown>, opts)
          : this.updateMatching<M>(state, values as Record<string, unknown>, opts),
      );
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  /** @internal static update between the bulk hooks (and per row with individualHooks). */
  private static async updateWithHooks<M extends Model>(
    this: ModelClass<M>,
    state: ModelState,
    values: Record<string, unknown>,
    options: UpdateOptions,
  ): Promise<[number, M[]?]> {
    const hooked = options.hooks !== false;
    // As in Sequelize, bulk hooks see the values as `options.attributes` and may change them.
    const hookOptions = { ...options, attributes: { ...values } };
    if (hooked) await runHooks(state, 'beforeBulkUpdate', hookOptions);
    const result =
      hooked && hookOptions.individualHooks
        ? await this.updateEach<M>(state, hookOptions.attributes, hookOptions)
        : await this.updateMatching<M>(state, hookOptions.attributes, hookOptions);
    if (hooked) await runHooks(state, 'afterBulkUpdate', hookOptions);
    return result;
  }

  /** @internal static update with individualHooks: load, run hooks per instance, save each. */
  private static async updateEach<M extends Model>(
    this: ModelClass<M>,
    state: ModelState,
    values: Record<string, unknown>,
    options: UpdateOptions,
  ): Promise<[number, M[]?]> {
    const instances = await this.findAll<M>({
      where: options.where,
      paranoid: options.paranoid,
      transaction: options.transaction,
      logging: options.logging,
      hooks: false,
    } as FindOptions<Attributes<M>>);
    for (const instance of instances) {
      instance.set(values);
      await runHooks(state, 'beforeUpdate', instance, options);
    }
    for (const instance of instances) {
      await instance.save({
        transaction: options.transaction,
        logging: options.logging,
        fields: options.fields as readonly string[] | undefined,
        validate: options.validate,
        silent: options.silent,
        hooks: false,
      });
    }
    for (const instance of instances) await runHooks(state, 'afterUpdate', instance, options);
    return options.returning ? [instances.length, instances] : [instances.length];
  }

  /** @internal static update as one UPDATE statement. */
  private static async updateMatching<M extends Model>(
    this: ModelClass<M>,
    state: ModelState,
    values: Record<string, unknown>,
    options: UpdateOptions,
  ): Promise<[number, M[]?]> {
    const { definition, host } = state;
    const changes: Record<string, unknown> = { ...values };
    if (definition.timestamps.updatedAt && !options.silent) changes[definition.timestamps.updatedAt] = new Date();
    const names = Object.keys(changes).filter(
      (name) =>
        !options.fields ||
        (options.fields as readonly string[]).includes(name) ||
        name === definition.timestamps.updatedAt,
    );
    for (const name of names) {
      const attribute = definition.attributes.get(name);
      if (!attribute)
        throw new InvalidQueryError(`${definition.name}.update: ${JSON.stringify(name)} is not an attribute`);
    }
    if (options.validate !== false && !validateValuesSync(definition, changes, changes, { fields: names })) {
      await validateValues(definition, changes, changes, { fields: names });
    }
    const row = prepareRow(
      definition,
      host.dialect.codec,
      changes,
      names.map((n) => definition.attributes.get(n)!),
    );
    if (Object.keys(row).length === 0) return [0];
    const context = { definition, dialect: host.dialect, knex: host.knex };
    const scoped = withScope(this, { where: options.where, paranoid: options.paranoid });
    if (!options.returning) {
      const result = await host.executor.run(compileUpdate(context, row, scoped, false), runOptions(options, state));
      return [result.affectedRows];
    }
    if (host.dialect.supports.returning) {
      const result = await host.executor.run(compileUpdate(context, row, scoped, true), runOptions(options, state));
      return [result.rows.length, result.rows.map((r) => hydrateRow<M>(baseModel(this), state, r))];
    }
    // Without RETURNING, the rows are read before and after the UPDATE: one transaction keeps
    // them consistent (a savepoint inside the given or bound one, never a separate transaction).
    const transactionOption = options.transaction === undefined ? {} : { transaction: options.transaction };
    return host.executor.managed(transactionOption, async (transaction): Promise<[number, M[]?]> => {
      const keys = await this.matchingKeys({ ...options, transaction });
      const compiled = compileUpdate(context, row, scoped, false);
      const result = await host.executor.run(compiled, runOptions({ ...options, transaction }, state));
      if (keys.length === 0) return [result.affectedRows, []];
      const rows = await this.unscoped().findAll<M>({
        where: keysWhere(definition, keys),
        paranoid: false,
        transaction,
        hooks: false,
      } as FindOptions<Attributes<M>>);
      return [result.affectedRows, rows];
    });
  }

  /**
   * Deletes the rows matching `where` (soft-deletes them on paranoid models unless
   * `force`) and resolves to the number of rows. A where is required; `{ all: true }`
   * deletes every row on purpose, `{ truncate: true }` empties the table.
   * Hooks: beforeBulkDestroy(options)/afterBulkDestroy; beforeDestroy/afterDestroy per
   * instance only with `individualHooks: true`.
   */
  static async destroy<M extends Model>(this: ModelClass<M>, options: DestroyOptions<Attributes<M>>): Promise<number> {
    const state = modelState(this);
    if (!options.truncate) requireWhere(state.definition, 'destroy', options);
    const hookNames: HookName[] = options.individualHooks
      ? [...BULK_DESTROY_HOOKS, 'beforeDestroy', 'afterDestroy']
      : BULK_DESTROY_HOOKS;
    return withHookTransaction(state, hookNames, options as DestroyOptions, async (opts) => {
      const hooked = opts.hooks !== false;
      const hookOptions = { ...opts };
      if (hooked) await runHooks(state, 'beforeBulkDestroy', hookOptions);
      let count: number;
      if (hookOptions.truncate) {
        await this.truncate(hookOptions);
        count = 0;
      } else if (hooked && hookOptions.individualHooks) {
        const instances = await this.findAll<M>({
          where: hookOptions.where,
          paranoid: hookOptions.force ? false : undefined,
          transaction: hookOptions.transaction,
          logging: hookOptions.logging,
          hooks: false,
        } as FindOptions<Attributes<M>>);
        for (const instance of instances) await runHooks(state, 'beforeDestroy', instance, hookOptions);
        for (const instance of instances) {
          await instance.destroy({
            transaction: hookOptions.transaction,
            logging: hookOptions.logging,
            force: hookOptions.force,
            hooks: false,
          });
        }
        for (const instance of instances) await runHooks(state, 'afterDestroy', instance, hookOptions);
        count = instances.length;
      } else {
        count = await this.destroyMatching(state, hookOptions);
      }
      if (hooked) await runHooks(state, 'afterBulkDestroy', hookOptions);
      return count;
    });
  }

  /** @internal static destroy as one DELETE (or soft-delete UPDATE) statement. */
  private static async destroyMatching(state: ModelState, options: DestroyOptions): Promise<number> {
    const { definition, host } = state;
    const scopedWhere = withScope(this, { where: options.where }).where;
    const where: WhereContext = { definition, dialect: host.dialect, tableAlias: definition.tableName };
    const deletedAt = definition.timestamps.deletedAt;
    const builder = host.knex.queryBuilder().from(definition.tableName);
    if (definition.paranoid && deletedAt && !options.force) {
      const attribute = definition.attributes.get(deletedAt)!;
      builder.update({ [attribute.field]: host.dialect.codec.toDatabase(attribute.type, new Date()) });
      applyWhere(builder, host.knex, { where: scopedWhere }, where);
    } else {
      builder.delete();
      applyWhere(builder, host.knex, { where: scopedWhere, paranoid: false }, where);
    }
    const result = await host.executor.run(toNative(builder), runOptions(options, state));
    return result.affectedRows;
  }

  /**
   * Brings soft-deleted rows back (paranoid models). Hooks: beforeBulkRestore/afterBulkRestore;
   * beforeRestore/afterRestore per instance only with `individualHooks: true`.
   */
  static async restore<M extends Model>(
    this: ModelClass<M>,
    options: DestroyOptions<Attributes<M>> = {},
  ): Promise<number> {
    const state = modelState(this);
    const { definition, host } = state;
    const deletedAt = definition.timestamps.deletedAt;
    if (!definition.paranoid || !deletedAt) {
      throw new InvalidQueryError(`${definition.name} is not paranoid: there is nothing to restore`);
    }
    const hookNames: HookName[] = options.individualHooks
      ? [...BULK_RESTORE_HOOKS, 'beforeRestore', 'afterRestore']
      : BULK_RESTORE_HOOKS;
    return withHookTransaction(state, hookNames, options as DestroyOptions, async (opts) => {
      const hooked = opts.hooks !== false;
      const hookOptions = { ...opts };
      if (hooked) await runHooks(state, 'beforeBulkRestore', hookOptions);
      // The same rows the UPDATE below matches: no scope, soft-deleted ones included.
      const instances =
        hooked && hookOptions.individualHooks
          ? await this.unscoped().findAll<M>({
              where: hookOptions.where,
              paranoid: false,
              transaction: hookOptions.transaction,
              logging: hookOptions.logging,
              hooks: false,
            } as FindOptions<Attributes<M>>)
          : [];
      for (const instance of instances) await runHooks(state, 'beforeRestore', instance, hookOptions);
      const attribute = definition.attributes.get(deletedAt)!;
      const builder = host.knex
        .queryBuilder()
        .from(definition.tableName)
        .update({ [attribute.field]: null });
      const where: WhereContext = { definition, dialect: host.dialect, tableAlias: definition.tableName };
      applyWhere(builder, host.knex, { where: hookOptions.where, paranoid: false }, where);
      const result = await host.executor.run(toNative(builder), runOptions(hookOptions, state));
      for (const instance of instances) {
        instance.dataValues[deletedAt] = null;
        instance.markClean();
        await runHooks(state, 'afterRestore', instance, hookOptions);
      }
      if (hooked) await runHooks(state, 'afterBulkRestore', hookOptions);
      return result.affectedRows;
    });
  }

  /** Deletes every row of the table. */
  static async truncate(options: QueryOptions = {}): Promise<void> {
    const state = modelState(this);
    const builder = state.host.knex.queryBuilder().from(state.definition.tableName).delete();
    await state.host.executor.run(toNative(builder), runOptions(options, state));
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
    return upsert<M>(this, values as object, options as UpsertOptions);
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
    return increment<M>(this, fields as IncrementFields, options as IncrementOptions, 1);
  }

  /** Subtracts from numeric attributes in the database; see increment. */
  static decrement<M extends Model>(
    this: ModelClass<M>,
    fields: IncrementFields<Attributes<M>>,
    options: IncrementOptions<Attributes<M>>,
  ): Promise<[number, M[]?]> {
    return increment<M>(this, fields as IncrementFields, options as IncrementOptions, -1);
  }

  /** @internal The primary keys of the rows a where matches. */
  private static async matchingKeys(options: {
    where?: unknown;
    paranoid?: boolean;
    transaction?: Transaction | null;
  }): Promise<Record<string, unknown>[]> {
    const definition = modelState(this).definition;
    const rows: unknown[] = await this.findAll({
      where: options.where as WhereOptions,
      paranoid: options.paranoid,
      attributes: [...definition.primaryKeys],
      raw: true,
      lock: true,
      transaction: options.transaction,
      hooks: false,
    } as FindOptions);
    return rows as unknown as Record<string, unknown>[];
  }

  // ----- instance ---------------------------------------------------------------------

  /**
   * An attribute's value through its getter, or (without a key) every attribute as an object.
   * `get({ plain: true })` gives plain values with included models as plain objects too.
   */
  get(key: string, options?: { raw?: boolean; plain?: boolean }): unknown;
  get(options?: { raw?: boolean; plain?: boolean }): Record<string, unknown>;
  get(
    keyOrOptions?: string | { raw?: boolean; plain?: boolean },
    options?: { raw?: boolean; plain?: boolean },
  ): unknown {
    const definition = modelState(this.constructor).definition;
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
    const definition = modelState(this.constructor).definition;
    if (!options?.raw) {
      const attribute = definition.attributes.get(keyOrValues);
      if (attribute?.set) {
        attribute.set.call(this as unknown as InstanceThis, valueOrOptions);
        return this;
      }
      const setter = definition.options.setterMethods?.[keyOrValues];
      if (setter) {
        (setter as (this: InstanceThis, value: unknown) => void).call(this as unknown as InstanceThis, valueOrOptions);
        return this;
      }
    }
    this.setDataValue(keyOrValues, valueOrOptions);
    return this;
  }

  getDataValue(key: string): unknown {
    return this.dataValues[key];
  }

  setDataValue(key: string, value: unknown): void {
    const previous = this.dataValues[key];
    this.keepPrevious();
    this.dataValues[key] = value;
    if (this.isNewRecord || !sameValue(previous, value)) this.changedNames().add(key);
  }

  /** Before a write to dataValues: keeps the stored values, once, as the previous ones. */
  private keepPrevious(): void {
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
   * Runs the validators by hand (with the beforeValidate/afterValidate/validationFailed hooks
   * unless `hooks: false`); throws ValidationError listing every failure. `fields` validates
   * only those attributes (model validators still run); `skip` leaves attributes or model
   * validators out.
   */
  async validate(
    options: { fields?: readonly string[]; skip?: readonly string[]; hooks?: boolean } = {},
  ): Promise<void> {
    const state = modelState(this.constructor);
    await validateWithHooks(state, this, options, () => ({
      fields: options.fields,
      skip: options.skip,
      skipNullCheckFor: databaseFilled(state.definition),
    }));
  }

  /**
   * Inserts a new record or updates the changed attributes of a loaded one. Hooks, in order:
   * beforeValidate, afterValidate (or validationFailed), beforeCreate/beforeUpdate, beforeSave,
   * the write, afterCreate/afterUpdate, afterSave. When any of them exists the whole save runs
   * in a transaction (a savepoint inside an existing one), so a throwing hook writes nothing.
   */
  save(options: SaveOptions = {}): Promise<this> {
    // Not async (one promise layer less per save), so errors are turned into rejections here.
    try {
      const state = modelState(this.constructor);
      return withHookTransaction(state, SAVE_HOOKS, options, (opts, hooked) =>
        this.isNewRecord ? this.insertSelf(state, opts, hooked) : this.updateSelf(state, opts, hooked),
      );
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  /** Sets the values and saves the changed attributes. */
  async update(values: Partial<Attributes<this>>, options: SaveOptions = {}): Promise<this> {
    this.set(values as Record<string, unknown>);
    return this.save(options);
  }

  /**
   * Deletes this row (soft-deletes it on paranoid models unless `force`), between the
   * beforeDestroy and afterDestroy hooks.
   */
  async destroy(options: QueryOptions & { force?: boolean } = {}): Promise<void> {
    const state = modelState(this.constructor);
    await withHookTransaction(state, DESTROY_HOOKS, options, async (opts) => {
      const hooked = opts.hooks !== false;
      if (hooked) await runHooks(state, 'beforeDestroy', this, opts);
      await this.destroySelf(state, opts);
      if (hooked) await runHooks(state, 'afterDestroy', this, opts);
    });
  }

  private async destroySelf(state: ModelState, options: QueryOptions & { force?: boolean }): Promise<void> {
    const { definition, host } = state;
    const deletedAt = definition.timestamps.deletedAt;
    const builder = host.knex.queryBuilder().from(definition.tableName).where(this.keyWhere(definition));
    if (definition.paranoid && deletedAt && !options.force) {
      const now = new Date();
      const attribute = definition.attributes.get(deletedAt)!;
      builder.update({ [attribute.field]: host.dialect.codec.toDatabase(attribute.type, now) });
      await host.executor.run(toNative(builder), runOptions(options, state));
      this.dataValues[deletedAt] = now;
      this.markClean();
      return;
    }
    builder.delete();
    await host.executor.run(toNative(builder), runOptions(options, state));
  }

  /** Brings this soft-deleted row back, between the beforeRestore and afterRestore hooks. */
  async restore(options: QueryOptions = {}): Promise<void> {
    const model = this.constructor as typeof Model;
    const state = modelState(model);
    const definition = state.definition;
    await withHookTransaction(state, RESTORE_HOOKS, options, async (opts) => {
      const hooked = opts.hooks !== false;
      if (hooked) await runHooks(state, 'beforeRestore', this, opts);
      await model.restore({ ...opts, where: this.primaryKeyValues(definition), hooks: false });
      if (definition.timestamps.deletedAt) this.dataValues[definition.timestamps.deletedAt] = null;
      this.markClean();
      if (hooked) await runHooks(state, 'afterRestore', this, opts);
    });
  }

  /** Reloads the values from the database. */
  async reload(options: QueryOptions = {}): Promise<this> {
    const model = this.constructor as typeof Model;
    const definition = modelState(model).definition;
    const fresh = await model.findOne({ ...options, where: this.primaryKeyValues(definition), paranoid: false });
    if (!fresh) throw new EmptyResultError(`${definition.name}: the row no longer exists`);
    this.dataValues = fresh.dataValues;
    this.markClean();
    return this;
  }

  /**
   * Adds to numeric attributes of this row in the database (`SET x = x + ?`, so concurrent
   * increments add up) and refreshes those attributes here; other unsaved changes are kept.
   * @example await product.increment('stock', { by: 2 })
   */
  async increment(
    fields: IncrementFields<Attributes<this>>,
    options: Omit<IncrementOptions<Attributes<this>>, 'where' | 'all' | 'returning'> = {},
  ): Promise<this> {
    return this.incrementSelf(fields as IncrementFields, options, 1);
  }

  /** Subtracts from numeric attributes of this row; see increment. */
  async decrement(
    fields: IncrementFields<Attributes<this>>,
    options: Omit<IncrementOptions<Attributes<this>>, 'where' | 'all' | 'returning'> = {},
  ): Promise<this> {
    return this.incrementSelf(fields as IncrementFields, options, -1);
  }

  private async incrementSelf(fields: IncrementFields, options: IncrementOptions, sign: 1 | -1): Promise<this> {
    const model = (this.constructor as typeof Model).unscoped();
    const definition = modelState(model).definition;
    const [, rows] = await increment(
      model,
      fields,
      { ...options, where: this.primaryKeyValues(definition), returning: true, paranoid: false },
      sign,
    );
    const fresh = rows?.[0];
    if (!fresh) throw new EmptyResultError(`${definition.name}: the row no longer exists`);
    const names = typeof fields === 'string' ? [fields] : Array.isArray(fields) ? fields : Object.keys(fields);
    const touched = [...names, ...(definition.timestamps.updatedAt ? [definition.timestamps.updatedAt] : [])];
    for (const name of touched) {
      this.dataValues[name] = fresh.dataValues[name];
      const stored = this._previousDataValues;
      if (stored !== undefined && stored !== NOTHING_STORED) stored[name] = fresh.dataValues[name];
      this._changed?.delete(name);
    }
    return this;
  }

  /** True when both are instances of the same model with the same primary key. */
  equals(other: Model | null | undefined): boolean {
    if (!other || other.constructor !== this.constructor) return false;
    const definition = modelState(this.constructor).definition;
    return definition.primaryKeys.every((key) => sameValue(this.dataValues[key], other.dataValues[key]));
  }

  toJSON(): Record<string, unknown> {
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

  private primaryKeyValues(definition: ModelDefinition): Record<string, unknown> {
    const where: Record<string, unknown> = {};
    for (const key of definition.primaryKeys) {
      const value = this.dataValues[key];
      if (value === undefined || value === null) {
        throw new InvalidQueryError(
          `${definition.name}: this instance has no ${key}, so it cannot be found in the database`,
        );
      }
      where[key] = value;
    }
    return where;
  }

  /** The primary key condition, by column, with values as the driver binds them. */
  private keyWhere(definition: ModelDefinition): Record<string, unknown> {
    const values = this.primaryKeyValues(definition);
    const codec = modelState(this.constructor).host.dialect.codec;
    const where: Record<string, unknown> = {};
    for (const key of Object.keys(values)) {
      const attribute = definition.attributes.get(key)!;
      where[`${definition.tableName}.${attribute.field}`] = codec.toDatabase(attribute.type, values[key]);
    }
    return where;
  }

  /**
   * Runs before<Create|Update> and beforeSave, then validates again the attributes those hooks
   * changed (as Sequelize does), since they were validated with their old values.
   */
  /**
   * Validation before a write: between the validation hooks when the save is hooked, else
   * without them and, for a model without validators, without a promise.
   */
  private validateForSave(
    state: ModelState,
    options: SaveOptions,
    hooked: boolean,
    validateOptions: () => ValidateOptions,
  ): Promise<void> | undefined {
    if (hooked) return validateWithHooks(state, this, options, validateOptions);
    const resolved = validateOptions();
    if (validateValuesSync(state.definition, this.dataValues, this, resolved)) return undefined;
    return validateValues(state.definition, this.dataValues, this, resolved);
  }

  private async runBeforeWriteHooks(
    state: ModelState,
    hook: 'beforeCreate' | 'beforeUpdate',
    options: SaveOptions,
    validateOptions: ValidateOptions,
  ): Promise<void> {
    if (options.hooks === false) return;
    const before = { ...this.dataValues };
    await runHooks(state, hook, this, options);
    await runHooks(state, 'beforeSave', this, options);
    const changedByHooks = Object.keys(this.dataValues).filter(
      (name) => state.definition.attributes.has(name) && !sameValue(before[name], this.dataValues[name]),
    );
    if (changedByHooks.length > 0 && options.validate !== false) {
      await validateValues(state.definition, this.dataValues, this, { ...validateOptions, fields: changedByHooks });
    }
  }

  /** `hooked`: the model or its connection has save hooks (and `hooks: false` was not given). */
  private async insertSelf(state: ModelState, options: SaveOptions, hooked: boolean): Promise<this> {
    const { definition, host } = state;
    stampCreate(definition, this.dataValues, new Date());
    const validateOptions = { fields: options.fields, skipNullCheckFor: databaseFilled(definition) };
    const validating =
      options.validate !== false && this.validateForSave(state, options, hooked, () => validateOptions);
    if (validating) await validating;
    if (hooked) await this.runBeforeWriteHooks(state, 'beforeCreate', options, validateOptions);
    const fields = options.fields ? new Set(options.fields) : undefined;
    const written = fields
      ? definition.columnAttributes.filter((a) => fields.has(a.name) || isTimestamp(definition, a.name))
      : definition.columnAttributes;
    const row = prepareRow(definition, host.dialect.codec, this.dataValues, written);
    const [inserted] = await insertRows(state, [row], options);
    Object.assign(this.dataValues, inserted);
    this.markClean();
    if (hooked) {
      await runHooks(state, 'afterCreate', this, options);
      await runHooks(state, 'afterSave', this, options);
    }
    return this;
  }

  private async updateSelf(state: ModelState, options: SaveOptions, hooked: boolean): Promise<this> {
    const { definition, host } = state;
    const changedNames = (): string[] =>
      [...(this._changed ?? [])].filter((name) => {
        const attribute = definition.attributes.get(name);
        return attribute && !attribute.virtual && (!options.fields || options.fields.includes(name));
      });
    if (changedNames().length === 0) return this;
    this.keepPrevious();
    const updatedAt = definition.timestamps.updatedAt;
    if (updatedAt && !options.silent) this.dataValues[updatedAt] = new Date();
    const withTimestamp = (names: string[]): string[] =>
      updatedAt && !options.silent && !names.includes(updatedAt) ? [...names, updatedAt] : names;
    const validating =
      options.validate !== false &&
      this.validateForSave(state, options, hooked, () => ({ fields: withTimestamp(changedNames()) }));
    if (validating) await validating;
    if (hooked) await this.runBeforeWriteHooks(state, 'beforeUpdate', options, {});
    const names = withTimestamp(changedNames());
    const version = definition.version;
    const currentVersion = version ? Number(this.previous(version) ?? 0) : 0;
    if (version) {
      this.dataValues[version] = currentVersion + 1;
      if (!names.includes(version)) names.push(version);
    }
    const row = prepareRow(
      definition,
      host.dialect.codec,
      this.dataValues,
      names.map((n) => definition.attributes.get(n)!),
    );
    const where = this.primaryKeyValues(definition);
    if (version) where[version] = currentVersion;
    const context = { definition, dialect: host.dialect, knex: host.knex };
    const compiled = compileUpdate(context, row, { where, paranoid: false }, false);
    const result = await host.executor.run(compiled, runOptions(options, state));
    if (version && result.affectedRows === 0) {
      this.dataValues[version] = currentVersion;
      throw new OptimisticLockError(definition.name, this.primaryKeyValues(definition), currentVersion);
    }
    this.markClean();
    if (hooked) {
      await runHooks(state, 'afterUpdate', this, options);
      await runHooks(state, 'afterSave', this, options);
    }
    return this;
  }
}

const BULK_UPDATE_HOOKS: HookName[] = ['beforeBulkUpdate', 'afterBulkUpdate'];
const BULK_DESTROY_HOOKS: HookName[] = ['beforeBulkDestroy', 'afterBulkDestroy'];
const BULK_RESTORE_HOOKS: HookName[] = ['beforeBulkRestore', 'afterBulkRestore'];
const DESTROY_HOOKS: HookName[] = ['beforeDestroy', 'afterDestroy'];
const RESTORE_HOOKS: HookName[] = ['beforeRestore', 'afterRestore'];

/** A new record's previous values: none (shared, never written: keepPrevious leaves it alone). */
const NOTHING_STORED: Record<string, unknown> = Object.freeze({});

function applyDefaults(
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

function keysWhere(definition: ModelDefinition, keys: Record<string, unknown>[]): Record<string, unknown> {
  if (definition.primaryKeys.length === 1) {
    const key = definition.primaryKeys[0];
    return { [key]: keys.map((k) => k[key]) };
  }
  return { [Symbol.for('strata.or')]: keys };
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (Buffer.isBuffer(a) && Buffer.isBuffer(b)) return a.equals(b);
  if (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null) {
    return JSON.stringify(a) === JSON.stringify(b);
  }
  return false;
}

function plainValue(value: unknown): unknown {
  if (value instanceof Model) return value.get({ plain: true });
  if (Array.isArray(value)) return value.map(plainValue);
  return value;
}

/** Attribute accessors on the prototype: `user.email` reads and writes through get/set. */
function defineAccessors(model: typeof Model, definition: ModelDefinition): void {
  for (const name of [
    ...definition.attributes.keys(),
    ...Object.keys(definition.options.getterMethods ?? {}),
    ...Object.keys(definition.options.setterMethods ?? {}),
  ]) {
    if (Object.prototype.hasOwnProperty.call(model.prototype, name)) continue;
    if (name in Model.prototype) {
      throw new ModelDefinitionError(
        `${definition.name}.${name}: "${name}" is a Model method and cannot be an attribute name`,
      );
    }
    Object.defineProperty(model.prototype, name, {
      configurable: true,
      enumerable: false,
      get(this: Model) {
        return this.get(name);
      },
      set(this: Model, value: unknown) {
        this.set(name, value);
      },
    });
  }
}

/**
 * A plain class field (`email: string;` without `declare`) becomes an own property of every
 * instance and hides the accessor, so reads and writes would silently miss the stored values.
 */
function assertNoShadowingFields(model: typeof Model, definition: ModelDefinition): void {
  const probe = new (model as unknown as new (values?: object, options?: BuildOptions) => Model)(undefined, {
    isNewRecord: false,
    raw: true,
  });
  const shadowed = [...definition.attributes.keys()].filter((name) =>
    Object.prototype.hasOwnProperty.call(probe, name),
  );
  if (shadowed.length > 0) {
    throw new ModelDefinitionError(
      `${definition.name}: the class fields ${shadowed.join(', ')} shadow the attribute accessors; ` +
        `declare them with \`declare ${shadowed[0]}: ...\` (or remove the field) so values reach the database`,
    );
  }
}
