import { CONNECTION_URL_FORMS, dialectOfUrlScheme, embeddedDatabaseUrl } from '../dialect/connection-url';
import type { DialectOption } from '../dialect/dialect';
import type { PoolOptions, SessionSettings, TimeoutOptions } from '../dialect/pool-options';
import type { ErrorNames } from '../errors/error-names';
import type { Logging } from '../execution/executor';
import type { ModelOptions } from '../definition/model-definition';
import type { UnknownAttributes } from '../definition/unknown-attributes';
import { ConnectionError } from '../errors/errors';
import type { ReplicationOptions } from './replication/replication-options';
import type { AssociationNaming } from '../associations/foreign-key';

/** The connection option `retry`: single statements outside transactions, see docs/production.md. */
export interface StatementRetryOptions {
  /**
   * How many times a statement outside a transaction runs again on a fresh connection when its
   * connection turned out to be dead: any statement when it had not been sent yet, a read
   * (SELECT) also when it had. Default 2; 0 turns it off.
   */
  max?: number;
}

export interface StrataOptions extends TimeoutOptions {
  dialect?: DialectOption;
  /** SQLite: a file path or ':memory:'. */
  storage?: string;
  host?: string;
  port?: number;
  database?: string;
  username?: string;
  password?: string;
  pool?: PoolOptions;
  /** Receives every statement sent (default: false, nothing is logged). */
  logging?: Logging;
  /** Pass each statement's run time to `logging`. */
  benchmark?: boolean;
  /**
   * Show bound values: `logging` lines get `-- parameters: [...]`, and DatabaseErrors name them
   * in their message, `util.inspect` and JSON output (with the driver's error whole). Off by
   * default, because values are user input (passwords, tokens, personal data) and logs and
   * error trackers are read by more people than the database is. Turn it on in development.
   */
  logQueryParameters?: boolean;
  /** Defaults merged into every model's options (`underscored`, `timestamps`, ...). */
  define?: ModelOptions;
  /**
   * The time zone the database session reads and writes date-times in, as in Sequelize: a UTC
   * offset (`'+05:30'`) or an IANA name (`'Europe/Oslo'`); default `'+00:00'`. JavaScript Dates
   * stay the same instants whatever it is. PostgreSQL: the session's `TimeZone` (timestamptz
   * output, `::date` casts, `date_trunc`). MySQL: DATETIME columns hold the wall-clock time in
   * this zone and the session's `time_zone` matches it, so `NOW()` agrees. SQLite has no session
   * zone: DATE stays ISO 8601 text in UTC there. See docs/options.md.
   */
  timezone?: string;
  /** Models to initialise on this connection: decorated classes, or classes set up by a model source. */
  models?: ReadonlyArray<abstract new (...args: never[]) => unknown>;
  /**
   * How associations name what the user did not name: `'strata'` (default: `post.user`,
   * `userId`) or `'sequelize'` (Sequelize v6's `post.User`, `UserId`). See docs/moving-from-sequelize.md.
   */
  associationNaming?: AssociationNaming;
  /** Extra options handed to the driver as they are. */
  dialectOptions?: Record<string, unknown>;
  /**
   * How a find's SQL names the model's own table: `'table'` (the default) by its table name
   * (`FROM "Users" ... "Users"."id"`), `'model'` by the model's name as Sequelize does
   * (`FROM "Users" AS "User" ... "User"."id"`), so `literal('"User"."id"')` and
   * `col('User.name')` written for Sequelize keep working. Only SELECTs use the alias;
   * UPDATE and DELETE name the table, as in Sequelize. See docs/querying.md.
   */
  rootAlias?: RootAlias;
  /**
   * A key of the values given to build, create, bulkCreate, set or update that names nothing
   * of the model: `'error'` (the default) throws an InvalidQueryError naming the model and the
   * key (with the closest attribute as a suggestion); `'ignore'` drops it silently, as
   * Sequelize does (the `@strata/core/sequelize` preset's default). A model's own
   * `unknownAttributes` option wins. See docs/writes.md.
   */
  unknownAttributes?: UnknownAttributes;
  /** Read replicas: a primary for writes and servers for reads (see docs/scaling-out.md). */
  replication?: ReplicationOptions | false;
  /**
   * `'strata'` (default): errors are named after their class (`UniqueConstraintError`);
   * `'sequelize'`: errors thrown through this connection carry Sequelize's names
   * (`SequelizeUniqueConstraintError`, `SequelizeValidationError`, `SequelizeDatabaseError`).
   * Classes, and so `instanceof`, are the same either way.
   */
  errorNames?: ErrorNames;
  /**
   * Server session settings every pooled connection starts with (`{ time_zone: '+09:00' }`),
   * PostgreSQL and MySQL: the supported way to configure a session, since a raw `SET` only
   * changes the connection it ran on, which is then closed rather than pooled.
   */
  session?: SessionSettings;
  /**
   * PostgreSQL's `search_path` for every pooled connection (`'tenant_a, public'`): where tables
   * named without a schema are created and found, by models and raw queries alike. Set in the
   * login of each new connection (as `session.search_path`, which it replaces). PostgreSQL only:
   * other dialects refuse it. See docs/models.md.
   */
  searchPath?: string;
  /** Runs a statement outside a transaction again when its connection was dead (see StatementRetryOptions). */
  retry?: StatementRetryOptions;
  /** SQLite: how long a statement waits for another process's lock, without blocking (default 5000 ms). */
  busyTimeout?: number;
  /**
   * How transactions begin when they name no `type` (Sequelize's `transactionType`). SQLite
   * only: `'IMMEDIATE'` (Strata's default) takes the write lock at BEGIN; `'DEFERRED'`,
   * `'EXCLUSIVE'`. Other dialects ignore it.
   */
  transactionType?: 'DEFERRED' | 'IMMEDIATE' | 'EXCLUSIVE';
}

/** What a SELECT calls the model's own table: its table name, or its model name (Sequelize). */
export type RootAlias = 'table' | 'model';

/** The `rootAlias` option, checked: 'table' (also when unset) or 'model'. */
export function checkRootAlias(value: unknown): RootAlias {
  if (value === undefined || value === 'table') return 'table';
  if (value === 'model') return 'model';
  throw new ConnectionError(
    `rootAlias must be 'table' or 'model', got ${typeof value === 'string' ? JSON.stringify(value) : typeof value}`,
  );
}

/**
 * Reads `sqlite::memory:`, `sqlite:relative/file.db`, `sqlite:///abs/file.db`,
 * `postgres://user:pass@host:5432/db` and `mysql://...` (or `mariadb://`) into options.
 */
export function parseConnectionUrl(url: string): StrataOptions {
  const embedded = embeddedDatabaseUrl(url);
  if (embedded) return embedded;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConnectionError(
      `Not a connection URL: ${redactPassword(url)} (percent-encode special characters in the password)`,
    );
  }
  const dialect = dialectOfUrlScheme(parsed.protocol.replace(/:$/, ''));
  if (!dialect) {
    throw new ConnectionError(`Unknown database in URL ${redactPassword(url)}: use ${CONNECTION_URL_FORMS}`);
  }
  return {
    dialect,
    host: decodeURIComponent(parsed.hostname) || undefined,
    port: parsed.port ? Number(parsed.port) : undefined,
    database: decodeURIComponent(parsed.pathname.replace(/^\//, '')) || undefined,
    username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
  };
}

/**
 * The URL with its password replaced by `***`, for error messages. A URL that failed to parse
 * may hold an unencoded `/`, `@` or `#` in its password, so the password is everything from
 * the first `:` after the user to the last `@`. Without an `@`, what follows `user:` is a
 * port when it is digits, and is hidden otherwise (it may be a password whose `@` is missing).
 *
 * @example redactPassword('postgres://app:s3cr/t@db/prod') // 'postgres://app:***@db/prod'
 */
export function redactPassword(url: string): string {
  const match = /^([^:/]+:\/\/)([^:@/]*):(.*)$/s.exec(url);
  if (!match) return url;
  const [, scheme, user, rest] = match;
  const at = rest.lastIndexOf('@');
  if (at >= 0) return `${scheme}${user}:***${rest.slice(at)}`;
  return /^\d*(\/|$)/.test(rest) ? url : `${scheme}${user}:***`;
}

/**
 * The options of `new Strata(url, options)`: the URL's parts win, except an explicit sqlite
 * `storage`, which wins over the URL's path as in Sequelize (`'sqlite://root@localhost/db'`
 * with `{ storage: ':memory:' }` is in memory).
 */
export function mergeUrlOptions(fromUrl: StrataOptions, explicit: StrataOptions): StrataOptions {
  const merged = { ...explicit, ...fromUrl };
  // Only a file database has a storage, so the option can win whatever the URL names.
  if (explicit.storage !== undefined) merged.storage = explicit.storage;
  return merged;
}
