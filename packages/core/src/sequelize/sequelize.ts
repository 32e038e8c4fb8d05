import { Strata } from '../connection/strata';
import type { StrataOptions } from '../connection/options';
import { cast, col, fn, json, literal, where, Cast, Col, Fn, Json, Literal, Where } from '../compile/expressions';
import { Op } from '../compile/operators';
import { DataTypes } from '../definition/data-types';
import { Deferrable } from '../definition/deferrable';
import { ConnectionError } from '../errors/errors';
import type { Logging } from '../execution/executor';
import { QueryTypes } from '../execution/raw-query';
import type { HookFunction, HookName } from '../hooks/hooks';
import { Model } from '../model/model';
import type { WhereOptions } from '../normalize/find-options';
import { Transaction } from '../transactions/transaction';

/**
 * The options of `new Sequelize(...)`: Strata's, plus the Sequelize ones that have a meaning
 * here. Options that would change results are refused when the connection is made (see
 * REFUSED_OPTIONS); docs/moving-from-sequelize.md lists each.
 */
export interface SequelizeOptions extends Omit<StrataOptions, 'logging'> {
  /** `false` (the default here, as in Strata), a function, or `true` for console.log. */
  logging?: Logging | boolean;
  /** Connection-wide hooks by name, as `sequelize.addHook` adds them. */
  hooks?: Partial<Record<HookName, HookFunction | HookFunction[]>>;
  /** Sequelize's string operator aliases (`$gt`): refused, Strata takes `Op` symbols only. */
  operatorsAliases?: unknown;
  /** Accepted and ignored: Strata checks value types on every write anyway. */
  typeValidation?: boolean;
  /** Accepted and ignored: identifiers are always quoted. */
  quoteIdentifiers?: boolean;
  /** Accepted and ignored: table aliases are never shortened. */
  minifyAliases?: boolean;
  /** Accepted and ignored: Strata loads its own drivers (pg, mysql2, better-sqlite3). */
  dialectModule?: unknown;
  /** Refused (see REFUSED_OPTIONS): Sequelize defaults that change results connection-wide. */
  omitNull?: boolean;
  native?: boolean;
  query?: object;
  isolationLevel?: string;
  schema?: string;
}

/** Sequelize options refused with the reason, because accepting them silently would change results. */
const REFUSED_OPTIONS: Readonly<Record<string, string>> = {
  operatorsAliases: 'string operators are refused; write Op symbols ({ [Op.gt]: 1 })',
  omitNull: 'give the values you want written instead',
  native: 'the pg-native driver is not supported; Strata uses pg',
  query: 'give query options per call',
  isolationLevel: 'give isolationLevel per transaction: sequelize.transaction({ isolationLevel }, ...)',
  schema: "give models their schema (define: { schema } for all of them), or set PostgreSQL's searchPath",
};

/** What the constructor's arguments say: a URL (or none) and the options. */
export interface SequelizeArguments {
  url?: string;
  options: SequelizeOptions;
}

/**
 * Reads Sequelize's constructor forms: `(options)`, `(url)`, `(url, options)`,
 * `(database, username, password?, options?)` and `(database, username, options)`, told apart
 * as Sequelize does (one string, or a string and an object, is a URL).
 *
 * @example parseSequelizeArguments(['app', 'root', 'secret', { dialect: 'mysql' }]).options.database // 'app'
 */
export function parseSequelizeArguments(args: readonly unknown[]): SequelizeArguments {
  const [first, second, third, fourth] = args;
  if (args.length === 0 || (args.length === 1 && typeof first === 'object' && first !== null)) {
    return { options: { ...((first as SequelizeOptions | undefined) ?? {}) } };
  }
  if (typeof first === 'string' && (args.length === 1 || (args.length === 2 && typeof second === 'object'))) {
    return { url: first, options: { ...((second as SequelizeOptions | null | undefined) ?? {}) } };
  }
  const options = ((typeof third === 'object' && third !== null ? third : fourth) ?? {}) as SequelizeOptions;
  const password = typeof third === 'string' ? third : options.password;
  const username = typeof second === 'string' ? second : options.username;
  return {
    options: {
      ...options,
      database: typeof first === 'string' ? first : options.database,
      ...(username !== undefined && { username }),
      ...(password !== undefined && { password }),
    },
  };
}

/**
 * The compatibility switch: Sequelize's defaults where Strata's differ, given to every
 * `new Sequelize(...)` unless its options say otherwise (docs/moving-from-sequelize.md).
 * The write guards are not among them: a bulk update/destroy still needs a where or `all: true`.
 */
export function sequelizeDefaults(options: SequelizeOptions): StrataOptions {
  for (const [name, reason] of Object.entries(REFUSED_OPTIONS)) {
    const value = (options as Record<string, unknown>)[name];
    if (value === undefined || value === false || value === null) continue;
    if (name === 'operatorsAliases' && typeof value === 'object' && Object.keys(value).length === 0) continue;
    throw new ConnectionError(`new Sequelize(): the ${name} option is not supported: ${reason}`);
  }
  const {
    logging,
    hooks: _hooks,
    operatorsAliases: _operatorsAliases,
    typeValidation: _typeValidation,
    quoteIdentifiers: _quoteIdentifiers,
    minifyAliases: _minifyAliases,
    dialectModule: _dialectModule,
    omitNull: _omitNull,
    native: _native,
    query: _query,
    isolationLevel: _isolationLevel,
    schema: _schema,
    ...strataOptions
  } = options;
  return {
    // Sequelize's default foreign keys (UserId) and association aliases (post.User, user.Posts).
    associationNaming: 'sequelize',
    // The root table aliased by the model name ("User"), so literal('"User"."id"') keeps working.
    rootAlias: 'model',
    // error.name as Sequelize sets it (SequelizeUniqueConstraintError); the classes are the same.
    errorNames: 'sequelize',
    // A key that names no attribute of the model is dropped from build/create/set/update values.
    unknownAttributes: 'ignore',
    ...strataOptions,
    logging: logging === true ? console.log : logging,
  };
}

/**
 * Sequelize v6's `Sequelize` class on a Strata connection: `import { Sequelize, DataTypes,
 * Model, Op } from '@strata/core/sequelize'` replaces `from 'sequelize'`. It takes Sequelize's
 * constructor forms and sets Sequelize's defaults (sequelizeDefaults); the rest is the Strata
 * connection, guards included.
 *
 * @example
 * const sequelize = new Sequelize('app', 'root', '', { dialect: 'mysql', host: '127.0.0.1' });
 * class User extends Model {}
 * User.init({ name: DataTypes.STRING }, { sequelize });
 * await User.findAll({ where: sequelize.where(sequelize.fn('lower', sequelize.col('name')), 'ann') });
 */
export class SequelizeConnection extends Strata {
  // Sequelize's statics, so `Sequelize.fn(...)`, `Sequelize.Op`, `Sequelize.DataTypes` keep working.
  static readonly fn = fn;
  static readonly col = col;
  static readonly literal = literal;
  static readonly where = where;
  static readonly cast = cast;
  static readonly Op: typeof Op = Op;
  static readonly DataTypes = DataTypes;
  static readonly Model = Model;
  static readonly Transaction = Transaction;
  static readonly QueryTypes = QueryTypes;
  static readonly Deferrable = Deferrable;
  static readonly Fn = Fn;
  static readonly Col = Col;
  static readonly Literal = Literal;
  static readonly Where = Where;
  static readonly Cast = Cast;

  /** `Sequelize.and(a, b)` is `{ [Op.and]: [a, b] }`. */
  static and(...conditions: WhereOptions[]): WhereOptions {
    return { [Op.and]: conditions };
  }

  /** `Sequelize.or(a, b)` is `{ [Op.or]: [a, b] }`. */
  static or(...conditions: WhereOptions[]): WhereOptions {
    return { [Op.or]: conditions };
  }

  /**
   * Sequelize's `json(path)`: a JSON path (`'meta.address.city'`, `'meta.tags[0]'`) for
   * `attributes`, `order` and `where()`; with a value, the condition `path = value`.
   * @example User.findAll({ where: Sequelize.json('meta.theme', 'dark') })
   */
  static json(path: string): Json;
  static json(path: string, value: unknown): Where;
  static json(path: string, value?: unknown): Json | Where {
    return value === undefined ? json(path) : where(json(path), value);
  }

  // The URL form last: ConstructorParameters<typeof Sequelize> (what wrappers use) reads the last overload.
  constructor(database: string, username: string | null, password?: string | null, options?: SequelizeOptions);
  constructor(database: string, username: string | null, options: SequelizeOptions);
  constructor(options?: SequelizeOptions);
  constructor(url: string, options?: SequelizeOptions);
  constructor(...args: unknown[]) {
    const { url, options } = parseSequelizeArguments(args);
    const strataOptions = sequelizeDefaults(options);
    if (url !== undefined) super(url, strataOptions);
    else super(strataOptions);
    for (const [hook, fns] of Object.entries(options.hooks ?? {})) {
      for (const hookFn of Array.isArray(fns) ? fns : [fns]) this.addHook(hook as HookName, hookFn);
    }
  }

  /** `sequelize.fn(...)`, the same as `Sequelize.fn` and core's `fn`. */
  fn(name: string, ...args: unknown[]): Fn {
    return fn(name, ...args);
  }

  /** `sequelize.col(name)`, the same as `Sequelize.col`. */
  col(name: string): Col {
    return col(name);
  }

  /** `sequelize.literal(sql)`: raw SQL, never built from user input. */
  literal(sql: string): Literal {
    return literal(sql);
  }

  /** `sequelize.where(left, operator?, right)`, the same as `Sequelize.where`. */
  where(left: unknown, operator: unknown, right?: unknown): Where {
    return where(left, operator, right);
  }

  /** `sequelize.cast(value, type)`: `CAST(value AS type)`. */
  cast(value: unknown, type: string): Cast {
    return cast(value, type);
  }

  /** `sequelize.json(path, value?)`, the same as `Sequelize.json`. */
  json(path: string): Json;
  json(path: string, value: unknown): Where;
  json(path: string, value?: unknown): Json | Where {
    return value === undefined ? json(path) : where(json(path), value);
  }

  and(...conditions: WhereOptions[]): WhereOptions {
    return SequelizeConnection.and(...conditions);
  }

  or(...conditions: WhereOptions[]): WhereOptions {
    return SequelizeConnection.or(...conditions);
  }

  /** The dialect's random function, for `order: sequelize.random()`. */
  random(): Fn {
    return fn(this.dialect.randomFunction);
  }

  /** Sequelize's alias of `authenticate()`. */
  validate(): Promise<void> {
    return this.authenticate();
  }

  /** The connection settings, without the password (Strata never keeps it readable). */
  get config(): { database: string; username?: string; host?: string; port?: number } {
    return {
      database: this.getDatabaseName(),
      username: this.options.username,
      host: this.options.host,
      port: this.options.port,
    };
  }
}

// Sequelize's data types are statics of the class too (`Sequelize.STRING`), which is how
// sequelize-cli migrations read them from their second argument.
for (const [name, type] of Object.entries(DataTypes)) {
  if (!Object.hasOwn(SequelizeConnection, name)) {
    Object.defineProperty(SequelizeConnection, name, { value: type, enumerable: false });
  }
}

/** The class with its data type statics typed (`Sequelize.INTEGER`). */
export const Sequelize = SequelizeConnection as typeof SequelizeConnection & typeof DataTypes;
export type Sequelize = SequelizeConnection;
