import type { Knex } from 'knex';
import mysql from 'mysql2/promise';
import type { DataType } from '../../definition/data-types';
import type { AttributeDefinition } from '../../definition/model-definition';
import { InvalidQueryError, TimeoutError } from '../../errors/errors';
import type { Dialect, DriverConnection, IndexSpec, IsolationLevel, MultiRowInsertKeys, QueryResult } from '../dialect';
import { buildCreateIndex } from '../index-sql';
import { defaultPool, type ServerConnectionOptions } from '../pool-options';
import { mysqlCodec, toWireParameter } from './mysql-codec';
import { convertMysqlError } from './mysql-errors';
import { mysqlIntrospector } from './mysql-introspector';
import { mysqlSchema } from './mysql-schema';
import { mysqlStream } from './mysql-stream';
import type { RowStream } from '../dialect';
import { BITWISE_AGGREGATES, STATISTICAL_AGGREGATES, aggregateFunctions } from '../aggregate-functions';

export interface MysqlConnection extends DriverConnection {
  readonly client: mysql.PoolConnection;
}

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

/** Whether a statement can change the session's settings (`SET SESSION ...`, `SET @@...`). */
const SETS_SESSION = /^\s*SET\b/i;

const STANDARD_LEVELS = ['READ UNCOMMITTED', 'READ COMMITTED', 'REPEATABLE READ', 'SERIALIZABLE'];

export class MysqlDialect implements Dialect {
  readonly name = 'mysql' as const;
  readonly knexClient = 'mysql2';
  readonly supports = {
    returning: false,
    transactionalDdl: false,
    rowLocks: true,
    nullsOrdering: false,
    arrays: false,
    singleConnection: false,
    nativeEnums: true,
    partialIndexes: false,
    deferrableConstraints: false,
    tableEngines: true,
    insertId: true,
  };
  readonly codec = mysqlCodec;
  readonly introspector = mysqlIntrospector;
  readonly schema = mysqlSchema;
  readonly databaseName: string;
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
  /** A prepared statement counts its placeholders in 16 bits (ER_PS_MANY_PARAM beyond). */
  readonly maxBoundParameters = 65_535;

  constructor(options: ServerConnectionOptions) {
    const pool = { ...defaultPool, ...options.pool };
    this.databaseName = options.database ?? '';
    this.acquireTimeout = pool.acquire;
    this.#pool = mysql.createPool({
      host: options.host ?? 'localhost',
      port: options.port ?? 3306,
      database: options.database,
      user: options.username,
      password: options.password,
      connectionLimit: pool.max,
      maxIdle: Math.max(pool.min, 0) || pool.max,
      idleTimeout: pool.idle,
      timezone: 'Z',
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
      ...options.dialectOptions,
    });
  }

  async acquire(): Promise<DriverConnection> {
    const pending = this.#pool.getConnection();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new TimeoutError(`No free MySQL connection within ${this.acquireTimeout} ms (pool.acquire)`)),
        this.acquireTimeout,
      );
    });
    try {
      const client = await Promise.race([pending, timeout]);
      return { dialect: 'mysql', client } as MysqlConnection;
    } catch (error) {
      // The connection may still arrive after the timeout: give it back to the pool.
      pending.then((client) => client.release()).catch(() => undefined);
      throw convertMysqlError(error, '', []);
    } finally {
      clearTimeout(timer);
    }
  }

  release(connection: DriverConnection, broken = false): void {
    const client = (connection as MysqlConnection).client;
    if (broken) client.destroy();
    else client.release();
  }

  async execute(connection: DriverConnection, sql: string, bindings: readonly unknown[]): Promise<QueryResult> {
    const { client } = connection as MysqlConnection;
    if (SETS_SESSION.test(sql)) this.sessionKeySettings.delete(client.connection);
    // Values go as parameters of a server-side prepared statement, never into the SQL text:
    // mysql2's client-side interpolation escapes with backslashes, which a session with
    // NO_BACKSLASH_ESCAPES reads as ordinary characters (a quote in a value would end the string).
    const [result] =
      bindings.length === 0 ? await client.query(sql) : await client.execute(sql, bindings.map(toWireParameter));
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

  convertError(error: unknown, sql: string, bindings: readonly unknown[]): Error {
    return convertMysqlError(error, sql, bindings);
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }

  beginTransaction(isolationLevel?: IsolationLevel): string[] {
    if (!isolationLevel) return ['START TRANSACTION'];
    if (!STANDARD_LEVELS.includes(isolationLevel)) {
      throw new InvalidQueryError(`MySQL isolation levels are ${STANDARD_LEVELS.join(', ')} (got ${isolationLevel})`);
    }
    return [`SET TRANSACTION ISOLATION LEVEL ${isolationLevel}`, 'START TRANSACTION'];
  }

  columnType(type: DataType): string {
    switch (type.key) {
      case 'STRING':
        return `VARCHAR(${type.length})`;
      case 'CHAR':
        return `CHAR(${type.length})`;
      case 'TEXT':
        return 'LONGTEXT';
      case 'FLOAT':
      case 'DOUBLE':
        return 'DOUBLE';
      case 'REAL':
        return 'DOUBLE';
      case 'DECIMAL':
        return `DECIMAL(${type.length},${type.scale})`;
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
      default:
        return type.key;
    }
  }

  createIndexSql(index: IndexSpec): { sql: string; bindings: unknown[] } {
    return buildCreateIndex(index, { method: 'after-columns', prefixLength: true, collate: false });
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
