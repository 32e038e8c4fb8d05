import { postgresOperators } from './postgres-operators';
import type { Knex } from 'knex';
import pg from 'pg';
import type { DataType } from '../../definition/data-types';
import type { AttributeDefinition } from '../../definition/model-definition';
import { ConnectionLostError } from '../../errors/connection-errors';
import { checkoutLive, type PoolCheckout } from '../pool-checkout';
import { ConnectionError, InvalidQueryError } from '../../errors/errors';
import type { Dialect, DriverConnection, ExecuteOptions, IndexSpec, IsolationLevel, QueryResult } from '../dialect';
import { buildCreateIndex } from '../index-sql';
import { closeWithin } from '../close-within';
import { abortConnection, abortable, changesSession, withDeadline, type AbortableConnection } from '../query-deadline';
import {
  checkSessionSettingName,
  defaultPool,
  defaultTimeouts,
  type ServerConnectionOptions,
  type SessionSettings,
  type TimeoutOptions,
} from '../pool-options';
import { postgresCodec } from './postgres-codec';
import { convertPostgresError } from './postgres-errors';
import { postgresIntrospector } from './postgres-introspector';
import { postgresSchema } from './postgres-schema';
import { postgresEnumTypes } from './postgres-enum';
import { postgresStream } from './postgres-stream';
import type { RowStream } from '../dialect';
import { PreparedStatements } from './postgres-prepared';
import { parseTimeZone, type TimeZone } from '../time-zone';
import { BITWISE_AGGREGATES, STATISTICAL_AGGREGATES, aggregateFunctions } from '../aggregate-functions';
import { ownCollation, type CollatedColumn, type ColumnCollation } from '../collation';
import type { ColumnDescription } from '../dialect';

export interface PostgresConnection extends DriverConnection, AbortableConnection {
  readonly client: pg.PoolClient;
  /** Set when the client emitted 'error' while checked out: it must not go back to the pool. */
  failed: boolean;
  readonly onError: () => void;
  /** The last query sent on this client, settled or not: the next one waits for it. */
  previous: Promise<unknown>;
  /** A statement changed the session (a raw `SET`): the client is closed on release, not pooled. */
  sessionChanged: boolean;
  /** Given back already (close() may force it): a second release is a no-op. */
  released: boolean;
}

/**
 * Whether pg already knows this client's connection is gone (ended, errored, socket closed):
 * read from the client's own state, so checking costs no round trip.
 */
function isDead(client: pg.PoolClient): boolean {
  const state = client as unknown as {
    _ending?: boolean;
    _queryable?: boolean;
    _connectionError?: boolean;
    connection?: { stream?: { destroyed?: boolean; readableEnded?: boolean } };
  };
  const stream = state.connection?.stream;
  return Boolean(
    state._ending || state._queryable === false || state._connectionError || stream?.destroyed || stream?.readableEnded,
  );
}

/**
 * The `options` startup parameter (`-c name=value ...`) for `session`, after any the driver
 * options already had: the server applies them at login. Spaces and backslashes in values are
 * escaped as PostgreSQL reads them there.
 */
function startupOptions(session: SessionSettings, existing: unknown): string {
  const settings = Object.entries(session).map(
    ([name, value]) => `-c ${checkSessionSettingName(name)}=${String(value).replace(/([\\ ])/g, '\\$1')}`,
  );
  return [typeof existing === 'string' ? existing : '', ...settings].filter(Boolean).join(' ');
}

/**
 * The session setting for the connection's `timezone` (none for UTC: the server's own default
 * stays, as before the option existed). A fixed offset is written in POSIX form with its sign
 * flipped (`+05:30` is `<+05:30>-05:30`), since a bare `'+05:30'` would mean five and a half
 * hours WEST of UTC to PostgreSQL; it is what `SET TIME ZONE INTERVAL '+05:30' HOUR TO MINUTE` sets.
 */
function timeZoneSetting(zone: TimeZone): SessionSettings {
  if (zone.kind === 'utc') return {};
  if (zone.kind === 'named') return { TimeZone: zone.name };
  const flipped = zone.text.startsWith('-') ? `+${zone.text.slice(1)}` : `-${zone.text.slice(1)}`;
  return { TimeZone: `<${zone.text}>${flipped}` };
}

/**
 * pg takes `statement_timeout` and `lock_timeout` in `dialectOptions` as Sequelize users write
 * them; they are the same session settings as Strata's `timeout` and `lockTimeout`. Given both,
 * the driver's would silently win over the one Strata believes the server enforces.
 */
function refuseTwoSpellings(options: ServerConnectionOptions): void {
  const pairs = [
    ['timeout', 'statement_timeout'],
    ['lockTimeout', 'lock_timeout'],
  ] as const;
  for (const [strata, driver] of pairs) {
    if (options[strata] !== undefined && options.dialectOptions?.[driver] !== undefined) {
      throw new ConnectionError(
        `PostgreSQL: give either ${strata} or dialectOptions.${driver}, not both (they set the same session setting)`,
      );
    }
  }
}

/** The session settings with `searchPath` as their `search_path` (it replaces one given there). */
function searchPathSession(session: SessionSettings | undefined, searchPath: unknown): SessionSettings | undefined {
  if (searchPath === undefined) return session;
  if (typeof searchPath !== 'string' || searchPath.trim() === '') {
    throw new ConnectionError(`searchPath must be a non-empty string of schema names, got ${typeof searchPath}`);
  }
  return { ...session, search_path: searchPath };
}

/** Closes the client's socket at once (a silent server would never answer a polite end()). */
function destroySocket(client: pg.PoolClient): void {
  (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
}

const OID_DATE = 1082;
const OID_DATE_ARRAY = 1182;
const OID_NUMERIC_ARRAY = 1231;
const OID_TEXT_ARRAY = 1009;
/** The built-in range type of each subtype DataTypes.RANGE takes (it refuses the others). */
const POSTGRES_RANGE_TYPES: Partial<Record<DataType['key'], string>> = {
  INTEGER: 'INT4RANGE',
  BIGINT: 'INT8RANGE',
  DECIMAL: 'NUMRANGE',
  DATE: 'TSTZRANGE',
  DATEONLY: 'DATERANGE',
};
const STANDARD_LEVELS = ['READ UNCOMMITTED', 'READ COMMITTED', 'REPEATABLE READ', 'SERIALIZABLE'];
/** The types whose PostgreSQL columns are collatable (ENUM is TEXT here). */
const POSTGRES_TEXT_TYPES = ['STRING', 'CHAR', 'TEXT', 'CITEXT', 'ENUM'];

/**
 * Keeps DATEONLY a 'YYYY-MM-DD' string instead of a local-midnight Date that can shift a day,
 * and reads date[] and numeric[] elements as text like their scalar types (pg would make Dates
 * and floats of them).
 */
const typeParsers = {
  getTypeParser(oid: number, format?: string) {
    if (oid === OID_DATE) return (value: string) => value;
    if (oid === OID_DATE_ARRAY || oid === OID_NUMERIC_ARRAY)
      return pg.types.getTypeParser(OID_TEXT_ARRAY as never, 'text');
    return pg.types.getTypeParser(oid, format as never);
  },
};

export class PostgresDialect implements Dialect {
  readonly name = 'postgres' as const;
  readonly knexClient = 'pg';
  readonly randomFunction = 'RANDOM';
  readonly defaultPort = 5432;
  readonly supports = {
    returning: true,
    transactionalDdl: true,
    rowLocks: true,
    rowLockOf: true,
    nullsOrdering: true,
    arrays: true,
    singleConnection: false,
    nativeEnums: true,
    partialIndexes: true,
    deferrableConstraints: true,
    tableEngines: false,
    insertId: false,
    schemas: true,
    searchPath: true,
  };
  readonly codec = postgresCodec;
  readonly operators = postgresOperators;
  readonly introspector = postgresIntrospector;
  readonly schema = postgresSchema;
  readonly enumTypes = postgresEnumTypes;
  readonly databaseName: string;
  /** Named prepared statements for repeated shapes (`dialectOptions.preparedStatements`, off by default). */
  private readonly statements: PreparedStatements;
  readonly aggregateFunctions = aggregateFunctions([
    ...STATISTICAL_AGGREGATES,
    ...BITWISE_AGGREGATES,
    ['BOOL_AND', 'as returned'],
    ['BOOL_OR', 'as returned'],
    ['EVERY', 'as returned'],
    ['ARRAY_AGG', 'as returned'],
    ['JSON_AGG', 'as returned'],
    ['JSONB_AGG', 'as returned'],
  ]);
  /** A row an upsert inserted has no deleting transaction yet (xmax = 0); an updated one has. */
  readonly upsertInsertedExpression = '(xmax = 0)';
  readonly acquireTimeout: number;
  /** How acquire() checks clients out of the driver pool (see checkoutLive). */
  private readonly checkout: PoolCheckout<pg.PoolClient>;
  /** The wire protocol's Bind message counts its parameters in 16 bits. */
  readonly maxBoundParameters = 65_535;
  /**
   * A #private field: util.inspect and JSON.stringify cannot reach it, and the driver's pool
   * config holds the password in clear (inspecting a connection, a model or an error's
   * context would print it).
   */
  readonly #pool: pg.Pool;
  readonly timeouts: Required<TimeoutOptions>;
  /** close() was called: acquire() refuses with a ConnectionError naming it. */
  private closing = false;
  /** The connections handed out and not yet given back, for close() to end after its grace period. */
  private readonly checkedOut = new Set<PostgresConnection>();

  constructor(options: ServerConnectionOptions) {
    refuseTwoSpellings(options);
    this.statements = PreparedStatements.fromDialectOptions(options.dialectOptions);
    const pool = { ...defaultPool, ...options.pool };
    this.databaseName = options.database ?? 'postgres';
    this.acquireTimeout = pool.acquire;
    this.checkout = {
      database: 'PostgreSQL',
      acquireTimeout: pool.acquire,
      giveBack: (client) => client.release(),
      convertError: (error) => convertPostgresError(error, '', []),
      isDead,
      discard: (client) => client.release(true),
    };
    this.timeouts = {
      connectTimeout: options.connectTimeout ?? defaultTimeouts.connectTimeout,
      timeout: options.timeout ?? defaultTimeouts.timeout,
      lockTimeout: options.lockTimeout ?? defaultTimeouts.lockTimeout,
      idleInTransactionTimeout: options.idleInTransactionTimeout ?? defaultTimeouts.idleInTransactionTimeout,
      closeTimeout: options.closeTimeout ?? defaultTimeouts.closeTimeout,
    };
    const connectTimeout = this.timeouts.connectTimeout;
    // The connection's timezone first, so an explicit `session: { TimeZone }` wins over it;
    // searchPath is search_path set like any session setting: in the login of every connection.
    const session = searchPathSession(
      { ...timeZoneSetting(parseTimeZone(options.timezone)), ...options.session },
      options.searchPath,
    );
    // pg reads one connectionTimeoutMillis for two waits: a free pool slot and a new client's
    // connect. The pool's wait is acquire()'s own (pool.acquire); the client's is connectTimeout.
    class StrataPgClient extends pg.Client {
      constructor(config?: pg.ClientConfig) {
        super({ ...config, connectionTimeoutMillis: connectTimeout });
      }
    }
    this.#pool = new pg.Pool({
      Client: StrataPgClient,
      host: options.host ?? 'localhost',
      port: options.port ?? 5432,
      database: this.databaseName,
      user: options.username,
      password: options.password,
      max: pool.max,
      min: pool.min,
      idleTimeoutMillis: pool.idle,
      connectionTimeoutMillis: 0,
      // Session settings sent with the login (no extra round trip): the server enforces them.
      statement_timeout: this.timeouts.timeout || undefined,
      lock_timeout: this.timeouts.lockTimeout || undefined,
      keepAlive: true,
      types: typeParsers,
      ...options.dialectOptions,
      ...(session && Object.keys(session).length > 0
        ? { options: startupOptions(session, options.dialectOptions?.options) }
        : {}),
    });
    // An idle client that loses its server emits here; without a listener Node would crash.
    this.#pool.on('error', () => undefined);
  }

  /**
   * A client from the pool within pool.acquire ms. A pooled client pg already knows is dead
   * (killed while idle, its server restarted) is closed and replaced before it is handed out.
   */
  async acquire(): Promise<DriverConnection> {
    if (this.closing)
      throw new ConnectionError('This PostgreSQL connection was closed (close()); open a new Strata to query again');
    return this.track(await checkoutLive(() => this.#pool.connect(), this.checkout));
  }

  private track(client: pg.PoolClient): PostgresConnection {
    // A checked-out client whose server goes away emits 'error'; unheard, Node would crash.
    // The failing query rejects on its own; the listener only marks the client for disposal.
    const connection: PostgresConnection = {
      dialect: 'postgres',
      client,
      failed: false,
      onError: () => {
        connection.failed = true;
      },
      previous: Promise.resolve(),
      sessionChanged: false,
      released: false,
      abortInFlight: undefined,
    };
    client.on('error', connection.onError);
    this.checkedOut.add(connection);
    return connection;
  }

  release(connection: DriverConnection, broken = false): void {
    const postgres = connection as PostgresConnection;
    if (postgres.released) return;
    postgres.released = true;
    this.checkedOut.delete(postgres);
    postgres.client.removeListener('error', postgres.onError);
    postgres.client.release(broken || postgres.failed || postgres.sessionChanged || isDead(postgres.client));
  }

  /**
   * Queries on one client run one after another. Two at once happen inside a transaction
   * (`Promise.all`, findAndCountAll); pg queues them itself but deprecates being asked while
   * busy (pg 9 will refuse), so the dialect waits for the previous query instead.
   *
   * The time limit: the connection's `timeout` is the session's statement_timeout, so the server
   * cancels the statement and Strata only steps in if it stays silent past a margin; a call's
   * own `timeout` is Strata's alone (the connection is closed at the limit).
   */
  async execute(
    connection: DriverConnection,
    sql: string,
    bindings: readonly unknown[],
    options: ExecuteOptions = {},
  ): Promise<QueryResult> {
    const postgres = connection as PostgresConnection;
    if (isDead(postgres.client)) {
      postgres.failed = true;
      throw new ConnectionLostError('Connection to PostgreSQL lost before the statement was sent', {
        sql,
        sentToServer: false,
        retryable: true,
      });
    }
    if (changesSession(sql)) postgres.sessionChanged = true;
    const send = (): Promise<pg.QueryResult> =>
      postgres.client.query(this.statements.config(postgres.client, sql, bindings));
    const sent = postgres.previous.then(send, send).catch((error: unknown) => {
      // FATAL: the server ended the session; the socket may not have closed yet.
      const severity = (error as { severity?: unknown } | null)?.severity;
      if (severity === 'FATAL' || severity === 'PANIC') postgres.failed = true;
      throw error;
    });
    postgres.previous = sent.catch(() => undefined);
    const limit = options.timeout ?? this.timeouts.timeout;
    const serverEnforced = limit === this.timeouts.timeout;
    const result = await withDeadline(
      abortable(sent, postgres),
      limit,
      serverEnforced,
      () => {
        postgres.failed = true;
        destroySocket(postgres.client);
      },
      sql,
    );
    return { rows: result.rows ?? [], affectedRows: result.rowCount ?? 0 };
  }

  poolSize(): { size: number; idle: number } {
    return { size: this.#pool.totalCount, idle: this.#pool.idleCount };
  }

  onConnect(listener: () => void): void {
    this.#pool.on('connect', listener);
  }

  convertError(error: unknown, sql: string, bindings: readonly unknown[]): Error {
    return convertPostgresError(error, sql, bindings);
  }

  /** Ends the pool; connections still in use after closeTimeout ms are destroyed. */
  async close(): Promise<void> {
    this.closing = true;
    await closeWithin(this.#pool.end(), this.timeouts.closeTimeout, () => {
      for (const connection of [...this.checkedOut]) {
        connection.failed = true;
        abortConnection(connection, 'PostgreSQL');
        destroySocket(connection.client);
        this.release(connection, true);
      }
    });
  }

  beginTransaction(isolationLevel?: IsolationLevel): string[] {
    if (!isolationLevel) return ['BEGIN'];
    if (!STANDARD_LEVELS.includes(isolationLevel)) {
      throw new InvalidQueryError(
        `PostgreSQL isolation levels are ${STANDARD_LEVELS.join(', ')} (got ${isolationLevel})`,
      );
    }
    return [`BEGIN ISOLATION LEVEL ${isolationLevel}`];
  }

  columnType(type: DataType): string {
    switch (type.key) {
      case 'STRING':
        return `VARCHAR(${type.length})`;
      case 'CHAR':
        return `CHAR(${type.length})`;
      case 'FLOAT':
      case 'DOUBLE':
      case 'REAL':
        // 64-bit on every dialect, so any JS number round-trips (PostgreSQL's REAL is 32-bit).
        return 'DOUBLE PRECISION';
      case 'DECIMAL':
        // Without a precision, NUMERIC's unbounded form, as Sequelize's bare DECIMAL is here.
        return type.length === undefined ? 'DECIMAL' : `DECIMAL(${type.length},${type.scale})`;
      // PostgreSQL has no TINYINT, MEDIUMINT or UNSIGNED: the narrowest column that holds the range.
      case 'TINYINT':
        return 'SMALLINT';
      case 'SMALLINT':
        return type.unsigned ? 'INTEGER' : 'SMALLINT';
      case 'MEDIUMINT':
        return 'INTEGER';
      case 'INTEGER':
        return type.unsigned ? 'BIGINT' : 'INTEGER';
      case 'DATE':
        return 'TIMESTAMP(3) WITH TIME ZONE';
      case 'DATEONLY':
        return 'DATE';
      case 'TIME':
        return 'TIME';
      case 'BLOB':
        return 'BYTEA';
      case 'ENUM':
        // How the schema diff and messages name it (the introspector reports the same); the
        // column itself is of the named type Dialect.enumTypes creates.
        return `ENUM(${(type.values ?? []).map((v) => `'${v.replace(/'/g, "''")}'`).join(',')})`;
      case 'ARRAY':
        return `${this.columnType(type.element as DataType)}[]`;
      case 'RANGE':
        return POSTGRES_RANGE_TYPES[(type.element as DataType).key] as string;
      case 'GEOMETRY':
      case 'GEOGRAPHY': {
        // As format_type reports them: a geography with a geometry type has SRID 4326 by default.
        const srid = type.srid ?? (type.key === 'GEOGRAPHY' && type.geometryType ? 4326 : undefined);
        if (srid === undefined) return type.geometryType ? `${type.key}(${type.geometryType})` : type.key;
        return `${type.key}(${type.geometryType ?? 'GEOMETRY'},${srid})`;
      }
      case 'VIRTUAL':
        throw new InvalidQueryError('VIRTUAL attributes have no column');
      default:
        return type.key;
    }
  }

  /**
   * ` COLLATE "name"` for a column's `collate` (a quoted identifier: PostgreSQL collation names
   * are case-sensitive, `"C"`, `"en-US-x-icu"`). A `charset` has no per-column meaning here (the
   * database's encoding applies to all text): an error naming PostgreSQL. The model's table-wide
   * options are MySQL's and do not reach the columns.
   */
  columnCollation(column: CollatedColumn): ColumnCollation {
    const { collate, charset } = ownCollation(column, POSTGRES_TEXT_TYPES, 'PostgreSQL');
    if (charset !== undefined) {
      throw new InvalidQueryError(
        "PostgreSQL has no character set per column (the database's encoding applies to all text); give collate instead",
      );
    }
    return { collate };
  }

  collationClause({ collate }: ColumnCollation): string {
    return collate === undefined ? '' : ` COLLATE "${collate}"`;
  }

  collationDifference(column: CollatedColumn, live: ColumnDescription): string | undefined {
    const expected = column.collate;
    const actual = live.collation ?? undefined;
    return expected === actual ? undefined : `collation ${actual ?? 'default'} -> ${expected ?? 'default'}`;
  }

  createIndexSql(index: IndexSpec): { sql: string; bindings: unknown[] } {
    return buildCreateIndex(index, {
      database: 'PostgreSQL',
      method: 'before-columns',
      prefixLength: false,
      collate: true,
      concurrently: true,
      operatorClasses: true,
    });
  }

  tableCommentSql(): string | undefined {
    return 'COMMENT ON TABLE ?? IS ?';
  }

  addAutoIncrementColumn(table: Knex.CreateTableBuilder, attribute: AttributeDefinition): void {
    if (attribute.type.key === 'BIGINT') table.bigIncrements(attribute.field, { primaryKey: true });
    else table.increments(attribute.field, { primaryKey: true });
  }

  caseInsensitiveLike(negated: boolean): string {
    return `?? ${negated ? 'NOT ILIKE' : 'ILIKE'} ?`;
  }

  placeholder(position: number): string {
    return `$${position}`;
  }

  stream(connection: DriverConnection, sql: string, bindings: readonly unknown[], batchSize: number): RowStream {
    return postgresStream((...args) => this.execute(...args), connection, sql, bindings, batchSize);
  }
}
