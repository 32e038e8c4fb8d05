import { mysqlOperators } from './mysql-operators';
import type { Knex } from 'knex';
import mysql from 'mysql2/promise';
import type { DataType } from '../../definition/data-types';
import type { AttributeDefinition } from '../../definition/model-definition';
import { ConnectionLostError } from '../../errors/connection-errors';
import { checkoutLive, type PoolCheckout } from '../pool-checkout';
import { ConnectionError, InvalidQueryError } from '../../errors/errors';
import type {
  Dialect,
  DriverConnection,
  ExecuteOptions,
  TypeCodec,
  IndexSpec,
  IsolationLevel,
  MultiRowInsertKeys,
  QueryResult,
} from '../dialect';
import { buildCreateIndex } from '../index-sql';
import { closeWithin } from '../close-within';
import { abortConnection, abortable, changesSession, withDeadline, type AbortableConnection } from '../query-deadline';
import {
  checkSessionSettingName,
  defaultPool,
  defaultTimeouts,
  type ServerConnectionOptions,
  type TimeoutOptions,
} from '../pool-options';
import { mysqlCodecIn, toWireParameter, zoneTypeCast } from './mysql-codec';
import { offsetMinutesAt, offsetText, parseTimeZone, type TimeZone } from '../time-zone';
import { convertMysqlError } from './mysql-errors';
import { mysqlIntrospector } from './mysql-introspector';
import { mysqlSchema } from './mysql-schema';
import { mysqlStream } from './mysql-stream';
import type { RowStream } from '../dialect';
import { BITWISE_AGGREGATES, STATISTICAL_AGGREGATES, aggregateFunctions } from '../aggregate-functions';
import { ownCollation, type CollatedColumn, type ColumnCollation } from '../collation';
import type { ColumnDescription } from '../dialect';

export interface MysqlConnection extends DriverConnection, AbortableConnection {
  readonly client: mysql.PoolConnection;
  /** Closed on release instead of pooled: a statement changed its session, or it failed. */
  discard: boolean;
  /** Given back already (close() may force it): a second release is a no-op. */
  released: boolean;
}

/** The parts of mysql2's callback pool (behind the promise pool) that `poolSize` reads. */
interface MysqlCorePool {
  _allConnections: { length: number };
  _freeConnections: { length: number };
}

/** mysql2's own view of a connection (no round trip): closing, failed, or its socket gone. */
interface DriverState {
  _closing?: boolean;
  _fatalError?: unknown;
  _protocolError?: unknown;
  _isMariaDB?: boolean;
  stream?: { destroyed?: boolean; readableEnded?: boolean };
}

function driverState(client: mysql.PoolConnection): DriverState {
  return client.connection as unknown as DriverState;
}

function isDead(client: mysql.PoolConnection): boolean {
  const state = driverState(client);
  return Boolean(
    state._closing ||
    state._fatalError ||
    state._protocolError ||
    state.stream?.destroyed ||
    state.stream?.readableEnded,
  );
}

/** Statements MariaDB's `SET STATEMENT max_statement_time=.. FOR` can carry (not transaction control or SET). */
const TIMED_BY_PREFIX = /^\s*(SELECT|INSERT|UPDATE|DELETE|REPLACE|WITH)\b/i;

/** mysql2's `maxPreparedStatements` unless dialectOptions say otherwise (see the pool options). */
export const MAX_PREPARED_STATEMENTS_PER_CONNECTION = 128;

/** The server settings that decide how a multi-row INSERT's keys are known. */
export interface InsertKeySettings {
  /** `SELECT VERSION()`, e.g. `8.0.36` or `10.11.6-MariaDB-0+deb12u1`. */
  version: string;
  /** `@@auto_increment_increment`: the step between keys the session allocates. */
  autoIncrementIncrement: number;
  /** `@@innodb_autoinc_lock_mode`: 0 traditional, 1 consecutive, 2 interleaved. */
  autoincLockMode: number;
}

/** MariaDB 10.5+ has INSERT ... RETURNING (MySQL has none): each row's key, whatever the settings. */
export function hasInsertReturning(version: string): boolean {
  const mariadb = /(\d+)\.(\d+)\.\d+-MariaDB/i.exec(version);
  return mariadb !== null && Number(mariadb[1]) * 1000 + Number(mariadb[2]) >= 10_005;
}

/**
 * How a multi-row INSERT learns its keys on a server with these settings. Without RETURNING,
 * InnoDB's lock modes 0 (traditional) and 1 (consecutive) allocate a multi-row
 * INSERT ... VALUES its keys in one consecutive run of the session's step; mode 2 (interleaved,
 * MySQL 8's default) lets concurrent inserts take keys from one another's runs, so only one row
 * per statement gives exact keys. (`auto_increment_offset` only decides where the run starts,
 * which the insert id already says.)
 */
export function insertKeysMethod(settings: InsertKeySettings): MultiRowInsertKeys {
  if (hasInsertReturning(settings.version)) return { method: 'returning' };
  if (settings.autoincLockMode === 0 || settings.autoincLockMode === 1) {
    return { method: 'insert-id', step: settings.autoIncrementIncrement };
  }
  return { method: 'row-by-row' };
}

const STANDARD_LEVELS = ['READ UNCOMMITTED', 'READ COMMITTED', 'REPEATABLE READ', 'SERIALIZABLE'];

export class MysqlDialect implements Dialect {
  readonly name = 'mysql' as const;
  readonly knexClient = 'mysql2';
  readonly randomFunction = 'RAND';
  readonly defaultPort = 3306;
  readonly supports = {
    returning: false,
    transactionalDdl: false,
    rowLocks: true,
    rowLockOf: false,
    nullsOrdering: false,
    arrays: false,
    singleConnection: false,
    nativeEnums: true,
    partialIndexes: false,
    deferrableConstraints: false,
    tableEngines: true,
    insertId: true,
    schemas: true,
    searchPath: false,
  };
  readonly codec: TypeCodec;
  /** The connection's `timezone`: DATETIME values and the session's `time_zone` are in it. */
  private readonly zone: TimeZone;
  readonly operators = mysqlOperators;
  readonly introspector = mysqlIntrospector;
  readonly schema = mysqlSchema;
  readonly databaseName: string;
  readonly bareReferenceSchema?: string;
  readonly aggregateFunctions = aggregateFunctions([
    ...STATISTICAL_AGGREGATES,
    ...BITWISE_AGGREGATES,
    ['STD', 'number'],
    ['GROUP_CONCAT', 'as returned'],
    ['JSON_ARRAYAGG', 'as returned'],
  ]);
  /**
   * A #private field: util.inspect and JSON.stringify cannot reach it, and the driver's pool
   * config holds the password in clear (inspecting a connection, a model or an error's
   * context would print it).
   */
  readonly #pool: mysql.Pool;
  /** The server's version, read once per pool (all its connections reach one server). */
  private serverVersion: Promise<string> | undefined;
  /** Per driver connection: its session's key settings, read on first need, forgotten after a SET. */
  private readonly sessionKeySettings = new WeakMap<object, Promise<Omit<InsertKeySettings, 'version'>>>();
  readonly acquireTimeout: number;
  /** How acquire() checks clients out of the driver pool (see checkoutLive). */
  private readonly checkout: PoolCheckout<mysql.PoolConnection>;
  /** A prepared statement counts its placeholders in 16 bits (ER_PS_MANY_PARAM beyond). */
  readonly maxBoundParameters = 65_535;
  readonly timeouts: Required<TimeoutOptions>;
  /** The connections handed out and not yet given back, for close() to end after its grace period. */
  /** close() was called: acquire() refuses with a ConnectionError naming it. */
  private closing = false;
  private readonly checkedOut = new Set<MysqlConnection>();

  constructor(options: ServerConnectionOptions) {
    const pool = { ...defaultPool, ...options.pool };
    this.zone = parseTimeZone(options.timezone);
    this.codec = mysqlCodecIn(this.zone);
    this.databaseName = options.database ?? '';
    if (this.databaseName !== '') this.bareReferenceSchema = this.databaseName;
    this.acquireTimeout = pool.acquire;
    this.checkout = {
      database: 'MySQL',
      acquireTimeout: pool.acquire,
      giveBack: (client) => client.release(),
      convertError: (error) => convertMysqlError(error, '', []),
      isDead,
      discard: (client) => client.destroy(),
    };
    this.timeouts = {
      connectTimeout: options.connectTimeout ?? defaultTimeouts.connectTimeout,
      timeout: options.timeout ?? defaultTimeouts.timeout,
      lockTimeout: options.lockTimeout ?? defaultTimeouts.lockTimeout,
      idleInTransactionTimeout: options.idleInTransactionTimeout ?? defaultTimeouts.idleInTransactionTimeout,
      closeTimeout: options.closeTimeout ?? defaultTimeouts.closeTimeout,
    };
    this.#pool = mysql.createPool({
      connectTimeout: this.timeouts.connectTimeout,
      enableKeepAlive: true,
      host: options.host ?? 'localhost',
      port: options.port ?? 3306,
      database: options.database,
      user: options.username,
      password: options.password,
      connectionLimit: pool.max,
      maxIdle: Math.max(pool.min, 0) || pool.max,
      idleTimeout: pool.idle,
      // mysql2 takes fixed offsets only; Strata converts every DATETIME itself for other zones
      // (the codec writes wall-clock text, zoneTypeCast reads it), so this covers what bypasses that.
      timezone: this.zone.kind === 'offset' ? this.zone.text : 'Z',
      ...(this.zone.kind === 'utc' ? {} : { typeCast: zoneTypeCast(this.zone) }),
      charset: 'utf8mb4',
      supportBigNumbers: true,
      bigNumberStrings: true,
      decimalNumbers: false,
      dateStrings: ['DATE'],
      // JSON as text on MySQL 8 (JSON type) and MariaDB (LONGTEXT flagged json), parsed once by the codec.
      jsonStrings: true,
      // mysql2 keeps each connection's prepared statements (one per distinct SQL text) until
      // evicted, 16,000 by default; the server allows max_prepared_stmt_count (16,382 by default)
      // across ALL connections, and refuses to prepare beyond it. Query shapes are cached, so an
      // app's hot statements fit in far fewer: 128 per connection keeps even 12 processes with
      // pools of 10 under the server's default.
      maxPreparedStatements: MAX_PREPARED_STATEMENTS_PER_CONNECTION,
      ...driverOptions(options.dialectOptions),
    });
    // Strata's own session settings, sent once per new connection before its first statement
    // (mysql2 queues them ahead of it): the server enforces them.
    const sessionSettings = this.sessionSettings.bind(this);
    const session = Object.entries(options.session ?? {}).map(([name, value]) => ({
      sql: `SET SESSION ${checkSessionSettingName(name)} = ?`,
      value,
    }));
    const ready = this.sessionReady;
    this.#pool.pool.on('connection', (raw) => {
      const statements: Array<{ sql: string; values: unknown[] }> = [
        ...sessionSettings(Boolean((raw as unknown as DriverState)._isMariaDB)).map((sql) => ({ sql, values: [] })),
        // The user's session settings, values bound (escaped by mysql2 before any sql_mode applies).
        ...session.map((setting) => ({ sql: setting.sql, values: [setting.value] })),
      ];
      if (statements.length === 0) return;
      const settled = Promise.all(
        statements.map(
          ({ sql, values }) =>
            new Promise<void>((resolve, reject) => {
              raw.query(sql, values, (error) => (error ? reject(error) : resolve()));
            }),
        ),
      );
      settled.catch(() => undefined);
      ready.set(raw, settled);
    });
  }

  /**
   * Per new driver connection: its session settings, sent when it opened. acquire() awaits them
   * once, so a setting the server refuses (a misspelt name) fails the first query clearly
   * instead of being ignored.
   */
  private readonly sessionReady = new WeakMap<object, Promise<unknown>>();

  private async sessionSettingsApplied(client: mysql.PoolConnection): Promise<void> {
    const settled = this.sessionReady.get(client.connection);
    if (!settled) return;
    try {
      await settled;
      this.sessionReady.delete(client.connection);
    } catch (error) {
      client.destroy();
      const cause = error as Error;
      throw new ConnectionError(`MySQL refused a session setting (session, timeout or lockTimeout): ${cause.message}`, {
        cause,
      });
    }
  }

  /**
   * The SET statements that apply `timezone`, `timeout` and `lockTimeout` to a new connection
   * (see also `session`). A named zone's offset is the one in force as the connection opens
   * (Sequelize does the same; servers without time zone tables know no names): pooled
   * connections live for `pool.idle` ms unused, so one spanning a daylight saving change is
   * unlikely but possible, and only `NOW()`-style server clocks would be an hour off on it.
   */
  private sessionSettings(isMariaDB: boolean): string[] {
    const settings: string[] = [];
    if (this.zone.kind !== 'utc') {
      settings.push(`SET time_zone = '${offsetText(offsetMinutesAt(this.zone, Date.now()))}'`);
    }
    const { timeout, lockTimeout } = this.timeouts;
    if (lockTimeout > 0) settings.push(`SET SESSION innodb_lock_wait_timeout = ${Math.ceil(lockTimeout / 1000)}`);
    if (timeout > 0) {
      settings.push(
        isMariaDB
          ? `SET SESSION max_statement_time = ${timeout / 1000}`
          : `SET SESSION max_execution_time = ${Math.round(timeout)}`,
      );
    }
    return settings;
  }

  /**
   * A connection from the pool within pool.acquire ms. A pooled connection mysql2 already knows
   * is dead (killed while idle, its server restarted) is closed and replaced before it is
   * handed out.
   */
  async acquire(): Promise<DriverConnection> {
    if (this.closing)
      throw new ConnectionError('This MySQL connection was closed (close()); open a new Strata to query again');
    const client = await checkoutLive(() => this.#pool.getConnection(), this.checkout);
    await this.sessionSettingsApplied(client);
    const connection: MysqlConnection = {
      dialect: 'mysql',
      client,
      discard: false,
      released: false,
      abortInFlight: undefined,
    };
    this.checkedOut.add(connection);
    return connection;
  }

  release(connection: DriverConnection, broken = false): void {
    const mysqlConnection = connection as MysqlConnection;
    if (mysqlConnection.released) return;
    mysqlConnection.released = true;
    this.checkedOut.delete(mysqlConnection);
    const client = mysqlConnection.client;
    if (broken || mysqlConnection.discard || isDead(client)) client.destroy();
    else client.release();
  }

  /**
   * Runs one statement. The time limit: the connection's `timeout` is a session setting the
   * server enforces; a call's own `timeout` rides on the statement on MariaDB
   * (`SET STATEMENT max_statement_time=.. FOR`), and otherwise is Strata's alone. Either way,
   * a server that stays silent past the limit (plus a margin when the server enforces it) gets
   * its connection closed.
   */
  async execute(
    connection: DriverConnection,
    sql: string,
    bindings: readonly unknown[],
    options: ExecuteOptions = {},
  ): Promise<QueryResult> {
    const mysqlConnection = connection as MysqlConnection;
    const { client } = mysqlConnection;
    if (isDead(client)) {
      mysqlConnection.discard = true;
      throw new ConnectionLostError('Connection to MySQL lost before the statement was sent', {
        sql,
        sentToServer: false,
        retryable: true,
      });
    }
    if (changesSession(sql)) {
      this.sessionKeySettings.delete(client.connection);
      mysqlConnection.discard = true;
    }
    const limit = options.timeout ?? this.timeouts.timeout;
    let text = sql;
    let serverEnforced = limit === this.timeouts.timeout;
    if (!serverEnforced && limit > 0 && driverState(client)._isMariaDB && TIMED_BY_PREFIX.test(sql)) {
      text = `SET STATEMENT max_statement_time=${limit / 1000} FOR ${sql}`;
      serverEnforced = true;
    }
    // Values go as parameters of a server-side prepared statement, never into the SQL text:
    // mysql2's client-side interpolation escapes with backslashes, which a session with
    // NO_BACKSLASH_ESCAPES reads as ordinary characters (a quote in a value would end the string).
    const sent = (
      bindings.length === 0 ? client.query(text) : client.execute(text, bindings.map(toWireParameter))
    ).catch((error: unknown) => {
      // mysql2 marks errors after which the connection is unusable (killed, lost, protocol).
      if ((error as { fatal?: unknown } | null)?.fatal === true) mysqlConnection.discard = true;
      throw error;
    });
    const [result] = await withDeadline(
      abortable(sent, mysqlConnection),
      limit,
      serverEnforced,
      () => {
        mysqlConnection.discard = true;
        client.destroy();
      },
      sql,
    );
    if (Array.isArray(result)) {
      return { rows: result as Record<string, unknown>[], affectedRows: result.length };
    }
    const header = result as mysql.ResultSetHeader;
    return { rows: [], affectedRows: header.affectedRows, insertId: header.insertId };
  }

  stream(connection: DriverConnection, sql: string, bindings: readonly unknown[], batchSize: number): RowStream {
    return mysqlStream(connection as MysqlConnection, sql, bindings, batchSize);
  }

  async multiRowInsertKeys(connection: DriverConnection): Promise<MultiRowInsertKeys> {
    const { client } = connection as MysqlConnection;
    this.serverVersion ??= this.readServerVersion(client);
    const version = await this.serverVersion;
    if (hasInsertReturning(version)) return { method: 'returning' };
    let session = this.sessionKeySettings.get(client.connection);
    if (!session) {
      session = this.readSessionKeySettings(client);
      this.sessionKeySettings.set(client.connection, session);
    }
    return insertKeysMethod({ version, ...(await session) });
  }

  private async readServerVersion(client: mysql.PoolConnection): Promise<string> {
    try {
      const [rows] = await client.query<mysql.RowDataPacket[]>('SELECT VERSION() AS version');
      return String(rows[0].version);
    } catch (error) {
      this.serverVersion = undefined;
      throw error;
    }
  }

  private async readSessionKeySettings(client: mysql.PoolConnection): Promise<Omit<InsertKeySettings, 'version'>> {
    try {
      const [rows] = await client.query<mysql.RowDataPacket[]>(
        'SELECT @@SESSION.auto_increment_increment AS increment, @@GLOBAL.innodb_autoinc_lock_mode AS lockMode',
      );
      return { autoIncrementIncrement: Number(rows[0].increment), autoincLockMode: Number(rows[0].lockMode) };
    } catch (error) {
      this.sessionKeySettings.delete(client.connection);
      throw error;
    }
  }

  upsertInsertedFromAffectedRows(affectedRows: number): boolean {
    // ON DUPLICATE KEY UPDATE counts 1 for an insert, 2 for an update, 0 for an unchanged row.
    return affectedRows === 1;
  }

  poolSize(): { size: number; idle: number } {
    // mysql2 counts its connections only in the core pool's (untyped) queues.
    const core = (this.#pool as unknown as { pool: MysqlCorePool }).pool;
    return { size: core._allConnections.length, idle: core._freeConnections.length };
  }

  onConnect(listener: () => void): void {
    this.#pool.on('connection', listener);
  }

  convertError(error: unknown, sql: string, bindings: readonly unknown[]): Error {
    return convertMysqlError(error, sql, bindings);
  }

  /** Ends the pool; connections still in use after closeTimeout ms are destroyed. */
  async close(): Promise<void> {
    this.closing = true;
    await closeWithin(this.#pool.end(), this.timeouts.closeTimeout, () => {
      for (const connection of [...this.checkedOut]) {
        abortConnection(connection, 'MySQL');
        this.release(connection, true);
      }
    });
  }

  beginTransaction(isolationLevel?: IsolationLevel): string[] {
    if (!isolationLevel) return ['START TRANSACTION'];
    if (!STANDARD_LEVELS.includes(isolationLevel)) {
      throw new InvalidQueryError(`MySQL isolation levels are ${STANDARD_LEVELS.join(', ')} (got ${isolationLevel})`);
    }
    return [`SET TRANSACTION ISOLATION LEVEL ${isolationLevel}`, 'START TRANSACTION'];
  }

  columnType(type: DataType): string {
    const sign = `${type.unsigned ? ' UNSIGNED' : ''}${type.zerofill ? ' ZEROFILL' : ''}`;
    switch (type.key) {
      case 'STRING':
        return `VARCHAR(${type.length})${type.binary ? ' BINARY' : ''}`;
      case 'CHAR':
        return `CHAR(${type.length})${type.binary ? ' BINARY' : ''}`;
      case 'TEXT':
        return 'LONGTEXT';
      case 'INTEGER':
      case 'SMALLINT':
      case 'TINYINT':
      case 'MEDIUMINT':
      case 'BIGINT':
        return `${type.key}${sign}`;
      case 'FLOAT':
      case 'DOUBLE':
      case 'REAL':
        return `DOUBLE${sign}`;
      case 'DECIMAL':
        // MySQL has no unbounded DECIMAL (a bare one is DECIMAL(10,0), which rounds): its widest.
        return type.length === undefined ? `DECIMAL(65,30)${sign}` : `DECIMAL(${type.length},${type.scale})${sign}`;
      case 'BOOLEAN':
        return 'TINYINT(1)';
      case 'DATE':
        return 'DATETIME(3)';
      case 'DATEONLY':
        return 'DATE';
      case 'UUID':
        return 'CHAR(36)';
      case 'JSON':
      case 'JSONB':
        return 'JSON';
      case 'BLOB':
        return 'LONGBLOB';
      case 'ENUM':
        return `ENUM(${(type.values ?? []).map((v) => `'${v.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`).join(',')})`;
      case 'ARRAY':
        throw new InvalidQueryError('ARRAY columns exist only on PostgreSQL; use JSON on MySQL');
      case 'CITEXT':
        throw new InvalidQueryError(
          'CITEXT columns exist only on PostgreSQL and SQLite; on MySQL use STRING or TEXT (its default collations compare case-insensitively)',
        );
      case 'GEOMETRY':
        // The SRID travels with each value (MariaDB has no SRID column attribute).
        return type.geometryType ?? 'GEOMETRY';
      case 'INET':
      case 'CIDR':
      case 'MACADDR':
      case 'RANGE':
      case 'TSVECTOR':
      case 'HSTORE':
      case 'GEOGRAPHY':
        throw new InvalidQueryError(`${type.key} columns exist only on PostgreSQL; MySQL has no ${type.key} type`);
      default:
        return type.key;
    }
  }

  columnCollation(column: CollatedColumn): ColumnCollation {
    return effectiveCollation(column);
  }

  collationClause({ collate, charset }: ColumnCollation): string {
    return `${charset ? ` CHARACTER SET ${charset}` : ''}${collate ? ` COLLATE ${collate}` : ''}`;
  }

  collationDifference(column: CollatedColumn, live: ColumnDescription): string | undefined {
    const { collate, charset } = effectiveCollation(column);
    // MySQL reports every text column's collation; one the model does not name is the table's.
    if (collate && collate.toLowerCase() !== live.collation?.toLowerCase()) {
      return `collation ${live.collation ?? 'none'} -> ${collate}`;
    }
    if (!collate && charset && charset.toLowerCase() !== live.charset?.toLowerCase()) {
      return `charset ${live.charset ?? 'none'} -> ${charset}`;
    }
    return undefined;
  }

  createIndexSql(index: IndexSpec): { sql: string; bindings: unknown[] } {
    return buildCreateIndex(index, {
      database: 'MySQL',
      method: 'after-columns',
      prefixLength: true,
      collate: false,
      indexTypes: true,
    });
  }

  tableCommentSql(): string | undefined {
    return 'ALTER TABLE ?? COMMENT = ?';
  }

  addAutoIncrementColumn(table: Knex.CreateTableBuilder, attribute: AttributeDefinition): void {
    // Signed, like the foreign keys that will reference it (knex's increments() is unsigned).
    const type = attribute.type.key === 'BIGINT' ? 'BIGINT' : 'INTEGER';
    table.specificType(attribute.field, `${type} NOT NULL AUTO_INCREMENT`).primary();
  }

  caseInsensitiveLike(negated: boolean): string {
    return `LOWER(??) ${negated ? 'NOT LIKE' : 'LIKE'} LOWER(?)`;
  }

  placeholder(_position: number): string {
    return '?';
  }
}

/** The MySQL types with a character set and collation (UUID is CHAR(36) here). */
const MYSQL_TEXT_TYPES = ['STRING', 'CHAR', 'TEXT', 'ENUM', 'UUID'];

/**
 * A MySQL text column's character set and collation: its own, else the model's (written on the
 * column too, so changing a column keeps them whatever the table's default is). One the column
 * names replaces both of the model's, since a model charset with a column collation of another
 * charset would contradict. A BINARY string keeps its binary collation.
 */
function effectiveCollation(column: CollatedColumn): ColumnCollation {
  const own = ownCollation(column, MYSQL_TEXT_TYPES, 'MySQL');
  const inherits =
    own.collate === undefined &&
    own.charset === undefined &&
    MYSQL_TEXT_TYPES.includes(column.type.key) &&
    !column.type.binary;
  const result = inherits ? { collate: column.tableCollate, charset: column.tableCharset } : own;
  for (const name of [result.collate, result.charset]) {
    if (name !== undefined && !/^\w+$/.test(name)) {
      throw new InvalidQueryError(
        `MySQL character set and collation names are letters, digits and _ (got ${JSON.stringify(name)})`,
      );
    }
  }
  return result;
}

/**
 * `dialectOptions` for mysql2, without `preparedStatements`: Strata's PostgreSQL switch, which
 * portable code may give every dialect and mysql2 would warn about (statements with values are
 * always server-side prepared here).
 */
function driverOptions(dialectOptions: Record<string, unknown> | undefined): Record<string, unknown> {
  const { preparedStatements: _strataOnly, ...driver } = dialectOptions ?? {};
  return driver;
}
