import { inspect, type InspectOptionsStylized } from 'node:util';
import { createSqlBuilder, type SqlBuilder } from '../compile/sql-builder';
import type { AttributesInput, ModelOptions } from '../definition/model-definition';
import type { Dialect } from '../dialect/dialect';
import { createDialect } from '../dialect/registry';
import { parseTimeZone } from '../dialect/time-zone';
import { ConnectionError, ModelDefinitionError } from '../errors/errors';
import { Executor, type Logging } from '../execution/executor';
import { connectionLogging } from '../execution/logging';
import { HookRegistry, type HookFunction, type HookName } from '../hooks/hooks';
import { Model } from '../model/model';
import type { ModelHost } from '../runtime/model-runtime';
import { ShapeCache } from '../compile/compile-cache';
import { resolveModelSource } from '../definition/model-source';
import { QueryInterface } from '../schema/query-interface';
import { syncModels, dropModels, type DropOptions, type SyncOptions } from '../schema/sync';
import { checkConnectionOptions } from '../options/check-connection';
import { checkOptions, optionsRefused } from '../options/check-options';
import {
  DEFINE_OPTIONS,
  DROP_OPTIONS,
  RAW_QUERY_OPTIONS,
  SYNC_OPTIONS,
  TRANSACTION_OPTIONS,
} from '../options/known-keys';
import type { Transaction, TransactionOptions } from '../transactions/transaction';
import { runRawQuery, type RawQueryOptions } from '../execution/raw-query';
import { checkRootAlias, mergeUrlOptions, parseConnectionUrl, type StrataOptions } from './options';
import { checkUnknownAttributes } from '../definition/unknown-attributes';
import { ServerSet } from './replication/server-set';
import { redactReplication } from './replication/replication-options';
import type { PoolEventListener, ServerPoolStats } from './replication/pool-events';
import type { HealthCheckOptions, HealthReport } from './replication/health-check';

/**
 * A connection to one database: the pool, the models initialised on it, transactions and raw
 * queries.
 *
 * @example
 * const db = new Strata({ dialect: 'sqlite', storage: ':memory:', models: [User, Post] });
 * await db.sync();
 * await db.transaction(async () => { await User.create({ email: 'a@b.c' }); });
 * await db.close();
 */
export class Strata {
  /** The options the connection was made with (the password left out). */
  readonly options: Readonly<Omit<StrataOptions, 'password'>>;
  /**
   * The dialect this connection runs on: its name (`db.dialect.name`), what it supports, and how it
   * writes SQL.
   */
  readonly dialect: Dialect;
  /** @internal */ readonly executor: Executor;
  /** @internal */ readonly knex: SqlBuilder;
  /** @internal */ readonly modelHost: ModelHost;
  private readonly registry = new Map<string, typeof Model>();
  private readonly hooks = new HookRegistry();
  /** The primary and any read replicas, each with its pool (see docs/scaling-out.md). */
  private readonly servers: ServerSet;
  private closed = false;

  constructor(urlOrOptions: string | StrataOptions, maybeOptions: StrataOptions = {}) {
    const options: StrataOptions =
      typeof urlOrOptions === 'string'
        ? mergeUrlOptions(parseConnectionUrl(urlOrOptions), maybeOptions)
        : // JavaScript callers can reach here with nothing: the dialect check below then explains.
          (urlOrOptions ?? {});
    checkConnectionOptions(options);
    // Checked here, before any dialect opens a pool, so a misspelt zone fails on every dialect.
    parseTimeZone(options.timezone);
    this.servers = new ServerSet(options, createDialect);
    this.dialect = this.servers.primary.dialect;
    if (options.searchPath !== undefined && !this.dialect.supports.searchPath) {
      void this.servers.close();
      throw new ConnectionError(
        `searchPath is a PostgreSQL option; ${this.dialect.name} has no search path ` +
          '(give each model its schema instead, or leave searchPath out)',
      );
    }
    const { password: _password, ...visible } = options;
    this.options = options.replication ? { ...visible, replication: redactReplication(options.replication) } : visible;
    this.executor = new Executor(
      this.dialect,
      connectionLogging(options.logging),
      options.benchmark ?? false,
      options.logQueryParameters ?? false,
      {
        errorNames: options.errorNames,
        statementRetries: options.retry?.max,
        idleInTransactionTimeout: options.idleInTransactionTimeout,
      },
    );
    if (this.servers.hasReplicas) this.executor.readReplicas = this.servers;
    this.knex = createSqlBuilder(this.dialect.knexClient);
    this.modelHost = {
      dialect: this.dialect,
      executor: this.executor,
      knex: this.knex,
      owner: this,
      hooks: this.hooks,
      shapeCache: new ShapeCache(),
      rootAlias: checkRootAlias(options.rootAlias),
      unknownAttributes: checkUnknownAttributes(options.unknownAttributes, 'new Strata', ConnectionError),
    };
    if (options.models) this.addModels(options.models);
  }

  /** Adds a hook that runs for every model on this connection, after the model's own hooks. */
  addHook(hook: HookName, fnOrName: HookFunction | string, fn?: HookFunction): void {
    this.hooks.add(hook, fnOrName, fn);
  }

  /** Removes a connection-wide hook added with `addHook`, by its name or its function. */
  removeHook(hook: HookName, nameOrFn: string | HookFunction): void {
    this.hooks.remove(hook, nameOrFn);
  }

  /** The models initialised on this connection, by name. */
  get models(): Readonly<Record<string, typeof Model>> {
    return Object.fromEntries(this.registry);
  }

  /** @internal Called by Model.init. */
  registerModel(model: typeof Model): void {
    const name = model.modelName;
    // As in Sequelize, a model defined again under a name replaces the old one (hot reloading,
    // test suites that redefine a model); the old class stays usable only by its own reference.
    this.registry.delete(name);
    this.registry.set(name, model);
  }

  /** The model with this name; an error listing the defined ones when there is none. */
  model(name: string): typeof Model {
    const model = this.registry.get(name);
    if (!model) {
      throw new ModelDefinitionError(
        `No model named ${name}; defined: ${[...this.registry.keys()].join(', ') || 'none'}`,
      );
    }
    return model;
  }

  /**
   * Whether a model of this name is initialised on this connection (Sequelize's
   * `sequelize.isDefined`).
   */
  isDefined(name: string): boolean {
    return this.registry.has(name);
  }

  /**
   * Defines a model without a class of your own. With no class to read attribute types from,
   * its instances accept any attribute name in queries and writes (checked at run time against
   * the definition); declare a class with `declare` fields to have the compiler check them.
   * @example const User = db.define('User', { email: DataTypes.STRING });
   */
  define(modelName: string, attributes: AttributesInput, options: ModelOptions = {}): typeof DefinedModel {
    checkOptions(DEFINE_OPTIONS, options, modelName);
    const model = class extends DefinedModel {};
    Object.defineProperty(model, 'name', { value: modelName });
    return model.init(attributes, { ...this.options.define, ...options, modelName, strata: this });
  }

  /**
   * Initialises model classes that carry their own definition (decorated classes): resolves
   * every registration at once and reports every problem together.
   */
  addModels(models: ReadonlyArray<abstract new (...args: never[]) => unknown>): void {
    const problems: string[] = [];
    const pending: Array<() => void> = [];
    for (const candidate of models) {
      const model = candidate as unknown as typeof Model;
      if (!(model.prototype instanceof Model)) {
        problems.push(`${(candidate as { name?: string }).name ?? String(candidate)} does not extend Model`);
        continue;
      }
      const source = resolveModelSource(model);
      if (!source) {
        if (!model.isInitialized)
          problems.push(`${model.name} has no definition (decorate it with @Table or call init)`);
        continue;
      }
      pending.push(() => {
        const { attributes, options } = source.definition(this);
        model.init(attributes, { ...this.options.define, ...options, strata: this });
      });
    }
    for (const step of pending) {
      try {
        step();
      } catch (error) {
        problems.push((error as Error).message);
      }
    }
    for (const candidate of models) {
      const source = resolveModelSource(candidate as unknown as typeof Model);
      if (!source?.associate) continue;
      try {
        source.associate(this);
      } catch (error) {
        problems.push((error as Error).message);
      }
    }
    if (problems.length > 0) throw new ModelDefinitionError(`Cannot add models:\n  - ${problems.join('\n  - ')}`);
  }

  /** Creates the tables of every model (in dependency order). See SyncOptions. */
  async sync(options: SyncOptions = {}): Promise<this> {
    checkOptions(SYNC_OPTIONS, options, 'db');
    await syncModels(this, [...this.registry.values()], options);
    return this;
  }

  /** Drops the tables of every model, dependants first. */
  async drop(options: DropOptions = {}): Promise<void> {
    checkOptions(DROP_OPTIONS, options, 'db');
    await dropModels(this, [...this.registry.values()], options);
  }

  /**
   * Runs `callback` in a transaction that every query inside it uses without being told
   * (including queries started concurrently and inside hooks). Commits when the callback
   * resolves, rolls back when it throws, and resolves to the callback's value. Inside another
   * transaction it is a savepoint. Without a callback it returns an unmanaged transaction.
   */
  transaction<T>(callback: (transaction: Transaction) => Promise<T> | T): Promise<T>;
  transaction<T>(options: TransactionOptions, callback: (transaction: Transaction) => Promise<T> | T): Promise<T>;
  transaction(options?: TransactionOptions): Promise<Transaction>;
  transaction<T>(
    optionsOrCallback?: TransactionOptions | ((transaction: Transaction) => Promise<T> | T),
    maybeCallback?: (transaction: Transaction) => Promise<T> | T,
  ): Promise<T | Transaction> {
    const callback = typeof optionsOrCallback === 'function' ? optionsOrCallback : maybeCallback;
    const options = typeof optionsOrCallback === 'object' && optionsOrCallback !== null ? optionsOrCallback : {};
    const refused = optionsRefused(TRANSACTION_OPTIONS, options, 'db');
    if (refused) return refused;
    if (!callback) return this.executor.begin(options);
    return this.executor.managed(options, callback);
  }

  /**
   * Runs raw SQL. `replacements` (`:name` or `?`) and `bind` values are always sent as bound
   * parameters. Resolves to `[results, metadata]`, or to the rows with `type: QueryTypes.SELECT`.
   */
  query(sql: string, options: RawQueryOptions = {}): Promise<unknown> {
    return optionsRefused(RAW_QUERY_OPTIONS, options, 'db') ?? runRawQuery(this, sql, options);
  }

  /** Schema operations (createTable, addColumn, describeTable, ...) as migrations use them. */
  getQueryInterface(): QueryInterface {
    return new QueryInterface(this);
  }

  /** Checks the database answers; throws ConnectionError when it does not. */
  async authenticate(): Promise<void> {
    try {
      await this.executor.run({ sql: 'SELECT 1', bindings: [] }, { transaction: null });
    } catch (error) {
      throw this.executor.nameError(
        error instanceof ConnectionError
          ? error
          : new ConnectionError(`Cannot reach the database: ${(error as Error).message}`, { cause: error }),
      );
    }
  }

  /**
   * Runs `callback` with every read it makes (and the async work it starts) on the primary:
   * read-your-writes for a request that reads what it just wrote, which a lagging replica may
   * not have yet. Without read replicas it just runs `callback`. Resolves to its value.
   * @example await db.readYourWrites(async () => { await user.update({ name }); return User.findByPk(user.id); });
   */
  readYourWrites<T>(callback: () => Promise<T> | T): Promise<T> {
    return this.servers.readYourWrites(async () => callback());
  }

  /** Each server's pool (the primary first, then the read replicas): size, idle, waiting, acquire time. */
  poolStats(): ServerPoolStats[] {
    return this.servers.stats();
  }

  /**
   * Calls `listener` on each pool event of every server (connect, acquire, release, error, and a
   * replica going down or coming back). Returns a function that removes the listener.
   */
  onPoolEvent(listener: PoolEventListener): () => void {
    return this.servers.onPoolEvent(listener);
  }

  /**
   * Checks every server with `SELECT 1` at once and reports each (`up`, `down`, `timeout`),
   * within `timeout` ms (default 5000) even when a server accepts connections and never replies.
   * Never throws for an unhealthy server: `healthy` is false and the server's entry says why.
   */
  healthCheck(options: HealthCheckOptions = {}): Promise<HealthReport> {
    return this.servers.healthCheck(options);
  }

  /**
   * What `JSON.stringify(db)` and `util.inspect(db)` show: the options without the password,
   * `dialectOptions` by key only (they may hold credentials or TLS keys), and the model names.
   * Never the dialect or executor, which lead to the driver's pool, whose config holds the
   * password in clear.
   */
  toJSON(): Record<string, unknown> {
    const { dialectOptions, models: _models, ...options } = this.options;
    return {
      dialect: this.dialect.name,
      database: this.dialect.databaseName,
      options: {
        ...options,
        ...(dialectOptions
          ? { dialectOptions: Object.fromEntries(Object.keys(dialectOptions).map((k) => [k, '***'])) }
          : {}),
      },
      models: [...this.registry.keys()],
      closed: this.closed,
    };
  }

  /**
   * How `console.log` shows the connection: its dialect, server, database and models, never the
   * password.
   */
  [inspect.custom](_depth: number, options: InspectOptionsStylized, show: typeof inspect): string {
    return `Strata ${show(this.toJSON(), options)}`;
  }

  /** The dialect's name: `'sqlite'`, `'postgres'` or `'mysql'` (Sequelize's `sequelize.getDialect()`). */
  getDialect(): string {
    return this.dialect.name;
  }

  /** The database this connection uses (the SQLite file for SQLite). */
  getDatabaseName(): string {
    return this.dialect.databaseName;
  }

  /**
   * Closes every connection. Running queries and open transactions get `closeTimeout` ms
   * (default 5000) to finish; then their connections are destroyed, so close() never hangs on
   * a server that stopped answering. The instance cannot be used afterwards.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.servers.close();
  }
}

/** The instance type of a model made by `db.define`: its attributes are only known at run time. */
export class DefinedModel extends Model {
  [attribute: string]: unknown;
}

export type { Logging };
