import { registerSqliteFunctions, sqliteOperators } from './sqlite-operators';
import Database from 'better-sqlite3';
import type { Knex } from 'knex';
import type { DataType } from '../../definition/data-types';
import type { AttributeDefinition } from '../../definition/model-definition';
import { InvalidQueryError } from '../../errors/errors';
import type {
  Dialect,
  DriverConnection,
  IndexSpec,
  ExecuteOptions,
  IsolationLevel,
  QueryResult,
  RowStream,
} from '../dialect';
import { buildCreateIndex } from '../index-sql';
import { Mutex } from '../mutex';
import { defaultPool, type PoolOptions } from '../pool-options';
import { sqliteCodec } from './sqlite-codec';
import { convertSqliteError } from './sqlite-errors';
import { sqliteOpenError } from './sqlite-open-error';
import { sqliteIntrospector } from './sqlite-introspector';
import { sqliteSchema } from './sqlite-schema';
import { sqliteStream } from './sqlite-stream';
import { sqliteDriverOptions } from './sqlite-driver-options';
import { ownCollation, type CollatedColumn, type ColumnCollation } from '../collation';
import type { ColumnDescription } from '../dialect';
import { aggregateFunctions } from '../aggregate-functions';

export interface SqliteConnection extends DriverConnection {
  readonly database: Database.Database;
}

/** A prepared statement and the safeIntegers mode last set on it (undefined: never set). */
interface CachedStatement {
  readonly statement: Database.Statement;
  /** `statement.reader`, read once: it is a native accessor. */
  readonly reader: boolean;
  exactIntegers: boolean | undefined;
}

export interface SqliteOptions {
  /** A file path, or ':memory:' (the default). */
  storage?: string;
  /** Only `acquire` applies: how long a query waits for the one connection (default 60000 ms). */
  pool?: PoolOptions;
  /**
   * How long a statement waits for another connection (another process) to release the
   * database's lock before it fails with a LockTimeoutError (default 5000 ms). The wait is
   * asynchronous: the event loop keeps serving other work while Strata retries.
   */
  busyTimeout?: number;
  /**
   * How transactions without an explicit `type`/`isolationLevel` begin: `'IMMEDIATE'` (the
   * default) takes the write lock at BEGIN, so a transaction that reads and then writes cannot
   * fail halfway with a stale snapshot (SQLITE_BUSY_SNAPSHOT); `'DEFERRED'` is SQLite's own default.
   */
  transactionType?: 'DEFERRED' | 'IMMEDIATE' | 'EXCLUSIVE';
  /** better-sqlite3's `readonly`, `fileMustExist` and `nativeBinding` (see sqlite-driver-options.ts). */
  dialectOptions?: Record<string, unknown>;
}

/** The first and the longest pause between two attempts of a statement refused with SQLITE_BUSY. */
const BUSY_FIRST_PAUSE_MS = 2;
const BUSY_LONGEST_PAUSE_MS = 50;

const TRANSACTION_TYPES = ['DEFERRED', 'IMMEDIATE', 'EXCLUSIVE'];
/** SQLite's built-in collations (an application could register more, Strata does not). */
const SQLITE_COLLATIONS = ['BINARY', 'NOCASE', 'RTRIM'];
/** The types a SQLite column `collate` applies to (CITEXT is NOCASE by definition). */
const SQLITE_TEXT_TYPES = ['STRING', 'CHAR', 'TEXT', 'ENUM', 'UUID'];

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * better-sqlite3 is synchronous and SQLite has one writer, so the dialect keeps one connection
 * and a lock: a transaction holds the connection until it ends, everything else waits its turn.
 * Prepared statements are cached per SQL text.
 */
export class SqliteDialect implements Dialect {
  readonly name = 'sqlite' as const;
  readonly knexClient = 'better-sqlite3';
  readonly randomFunction = 'RANDOM';
  readonly supports = {
    returning: true,
    transactionalDdl: true,
    rowLocks: false,
    rowLockOf: false,
    nullsOrdering: true,
    arrays: false,
    singleConnection: true,
    nativeEnums: false,
    partialIndexes: true,
    deferrableConstraints: false,
    tableEngines: false,
    insertId: true,
    schemas: false,
    searchPath: false,
  };
  readonly codec = sqliteCodec;
  readonly operators = sqliteOperators;
  readonly introspector = sqliteIntrospector;
  readonly schema = sqliteSchema;
  readonly databaseName: string;
  readonly aggregateFunctions = aggregateFunctions([
    ['TOTAL', 'number'],
    ['GROUP_CONCAT', 'as returned'],
    ['JSON_GROUP_ARRAY', 'as returned'],
  ]);
  readonly acquireTimeout: number;
  /** SQLITE_MAX_VARIABLE_NUMBER as better-sqlite3 builds SQLite ("too many SQL variables" beyond). */
  readonly maxBoundParameters = 32_766;

  /** Opened on first use, as a pool opens its first connection: constructing a connection never touches the file. */
  private opened: SqliteConnection | undefined;
  private readonly lock = new Mutex();
  private readonly statements = new Map<string, CachedStatement>();
  readonly busyTimeout: number;
  private readonly transactionType: string;
  private readonly driverOptions: Database.Options;

  constructor(options: SqliteOptions) {
    this.databaseName = options.storage ?? ':memory:';
    this.driverOptions = sqliteDriverOptions(options.dialectOptions);
    this.acquireTimeout = options.pool?.acquire ?? defaultPool.acquire;
    this.busyTimeout = options.busyTimeout ?? 5000;
    this.transactionType = options.transactionType ?? 'IMMEDIATE';
    if (!TRANSACTION_TYPES.includes(this.transactionType)) {
      throw new InvalidQueryError(
        `transactionType is one of ${TRANSACTION_TYPES.join(', ')} (got ${String(options.transactionType)})`,
      );
    }
  }

  /** The one connection, opened now if this is its first use (a missing directory is reported here). */
  private get connection(): SqliteConnection {
    if (this.opened) return this.opened;
    let database: Database.Database;
    try {
      // timeout 0: SQLite's own busy handler would sleep on this thread, blocking the event loop
      // for up to the whole timeout; Strata waits for the lock asynchronously instead (execute).
      database = new Database(this.databaseName, { ...this.driverOptions, timeout: 0 });
    } catch (error) {
      throw sqliteOpenError(error, this.databaseName);
    }
    database.pragma('foreign_keys = ON');
    registerSqliteFunctions(database);
    // WAL is a property of the file: a read-only connection can neither set it nor needs to.
    if (this.databaseName !== ':memory:' && this.databaseName !== '' && !this.driverOptions.readonly) {
      database.pragma('journal_mode = WAL');
      database.pragma('synchronous = NORMAL');
    }
    this.opened = { dialect: 'sqlite', database };
    return this.opened;
  }

  async acquire(): Promise<DriverConnection> {
    const connection = this.connection; // opened before taking the lock, so a failure to open leaves it free
    await this.lock.acquire(
      this.acquireTimeout,
      () =>
        `The SQLite connection stayed busy (a transaction holds it) for ${this.acquireTimeout} ms (pool.acquire); ` +
        'end that transaction, or raise pool.acquire',
    );
    return connection;
  }

  release(): void {
    this.lock.release();
  }

  acquireNow(): DriverConnection | undefined {
    const connection = this.connection;
    return this.lock.tryAcquire() ? connection : undefined;
  }

  /**
   * Runs a statement, waiting without blocking for a lock another connection holds: a statement
   * refused with SQLITE_BUSY is tried again after a growing pause (2 ms up to 50 ms) until
   * `busyTimeout` has passed, then its error (a LockTimeoutError) is thrown.
   */
  async execute(
    connection: DriverConnection,
    sql: string,
    bindings: readonly unknown[],
    options?: ExecuteOptions,
  ): Promise<QueryResult> {
    const started = Date.now();
    for (let pauseMs = BUSY_FIRST_PAUSE_MS; ; pauseMs = Math.min(pauseMs * 2, BUSY_LONGEST_PAUSE_MS)) {
      try {
        return this.executeNow(connection, sql, bindings, options);
      } catch (error) {
        const waited = Date.now() - started;
        if (!this.isBusy(connection, error, sql) || waited >= this.busyTimeout) throw error;
        await pause(Math.min(pauseMs, this.busyTimeout - waited));
      }
    }
  }

  /**
   * Whether `error` is SQLITE_BUSY on a statement SQLite allows to be tried again as it is:
   * outside a transaction, a BEGIN, or a COMMIT (https://www.sqlite.org/rescode.html#busy).
   * Inside a transaction any other statement must not be retried alone (the transaction may
   * hold a stale snapshot); the transaction's `retry` reruns it whole.
   */
  isBusy(connection: DriverConnection, error: unknown, sql: string): boolean {
    const code = (error as { code?: unknown } | null)?.code;
    if (code !== 'SQLITE_BUSY' && code !== 'SQLITE_BUSY_RECOVERY') return false;
    if (this.busyTimeout <= 0) return false;
    return !(connection as SqliteConnection).database.inTransaction || /^\s*(BEGIN|COMMIT)\b/i.test(sql);
  }

  executeNow(
    connection: DriverConnection,
    sql: string,
    bindings: readonly unknown[],
    options?: ExecuteOptions,
  ): QueryResult {
    const cached = this.prepare((connection as SqliteConnection).database, sql);
    const statement = cached.statement;
    if (cached.reader) {
      const exact = options?.exactIntegers ?? false;
      // Toggling safeIntegers is a native call: only when this statement's mode changes.
      if (cached.exactIntegers !== exact) {
        statement.safeIntegers(exact);
        cached.exactIntegers = exact;
      }
      if (options?.firstRowOnly) {
        // get() builds no array: a findByPk costs a fifth less in the driver.
        const row = statement.get(...bindings) as Record<string, unknown> | undefined;
        return row === undefined ? { rows: [], affectedRows: 0 } : { rows: [row], affectedRows: 1 };
      }
      const rows = statement.all(...bindings) as Record<string, unknown>[];
      return { rows, affectedRows: rows.length };
    }
    const info = statement.run(...bindings);
    // SQLite reports the last row's id; a multi-row INSERT's ids are consecutive, so the first is:
    const insertId = Number(info.lastInsertRowid) - info.changes + 1;
    return { rows: [], affectedRows: info.changes, insertId };
  }

  stream(
    connection: DriverConnection,
    sql: string,
    bindings: readonly unknown[],
    batchSize: number,
    options?: ExecuteOptions,
  ): RowStream {
    return sqliteStream(connection as SqliteConnection, sql, bindings, batchSize, options);
  }

  private prepare(database: Database.Database, sql: string): CachedStatement {
    let cached = this.statements.get(sql);
    if (!cached) {
      const statement = database.prepare(sql);
      cached = { statement, reader: statement.reader, exactIntegers: undefined };
      if (this.statements.size >= 1000) this.statements.clear();
      this.statements.set(sql, cached);
    }
    return cached;
  }

  convertError(error: unknown, sql: string, bindings: readonly unknown[]): Error {
    return convertSqliteError(error, sql, bindings);
  }

  async close(): Promise<void> {
    this.statements.clear();
    this.opened?.database.close();
  }

  beginTransaction(isolationLevel?: IsolationLevel, mode: { type?: string } = {}): string[] {
    if (!isolationLevel) {
      const type = mode.type ?? this.transactionType;
      if (!TRANSACTION_TYPES.includes(type)) {
        throw new InvalidQueryError(`SQLite transaction types are ${TRANSACTION_TYPES.join(', ')} (got ${type})`);
      }
      return [`BEGIN ${type}`];
    }
    if (!TRANSACTION_TYPES.includes(isolationLevel)) {
      throw new InvalidQueryError(
        `SQLite transactions are DEFERRED, IMMEDIATE or EXCLUSIVE (got ${isolationLevel}); ` +
          'SQLite is always serializable',
      );
    }
    return [`BEGIN ${isolationLevel}`];
  }

  columnType(type: DataType): string {
    switch (type.key) {
      case 'STRING':
        return `VARCHAR(${type.length})`;
      case 'CHAR':
        return `CHAR(${type.length})`;
      case 'DECIMAL':
        // TEXT affinity keeps every digit; NUMERIC affinity would round to a double.
        return type.length === undefined ? 'DECIMAL_TEXT' : `DECIMAL_TEXT(${type.length},${type.scale})`;
      case 'DATE':
        return 'DATETIME';
      case 'DATEONLY':
        return 'DATE';
      case 'UUID':
        return 'CHAR(36)';
      case 'JSON':
      case 'JSONB':
      case 'ENUM':
        return 'TEXT';
      case 'ARRAY':
        throw new InvalidQueryError('ARRAY columns exist only on PostgreSQL; use JSON on SQLite');
      case 'CITEXT':
        // Sequelize's CITEXT on SQLite (NOCASE folds ASCII letters only). The type name keeps
        // TEXT affinity and tells the schema diff a CITEXT column from a TEXT one.
        return 'CITEXT COLLATE NOCASE';
      case 'INET':
      case 'CIDR':
      case 'MACADDR':
      case 'RANGE':
      case 'TSVECTOR':
      case 'HSTORE':
      case 'GEOGRAPHY':
        throw new InvalidQueryError(`${type.key} columns exist only on PostgreSQL; SQLite has no ${type.key} type`);
      case 'GEOMETRY':
        throw new InvalidQueryError(
          'GEOMETRY columns exist only on PostgreSQL (PostGIS) and MySQL; SQLite has no GEOMETRY type',
        );
      default:
        return type.key;
    }
  }

  /**
   * ` COLLATE NOCASE` for a column's `collate`: SQLite has three collations built in (BINARY,
   * its default, NOCASE, which folds ASCII letters, and RTRIM); any other name is an error
   * naming SQLite, as is a `charset` (text is always UTF-8 here). CITEXT is NOCASE already.
   */
  columnCollation(column: CollatedColumn): ColumnCollation {
    const { collate, charset } = ownCollation(column, SQLITE_TEXT_TYPES, 'SQLite');
    if (charset !== undefined) {
      throw new InvalidQueryError('SQLite has no character set per column (its text is UTF-8); give collate instead');
    }
    if (collate === undefined) return {};
    const builtIn = collate.toUpperCase();
    if (!SQLITE_COLLATIONS.includes(builtIn)) {
      throw new InvalidQueryError(
        `SQLite has only the built-in collations ${SQLITE_COLLATIONS.join(', ')} (got ${JSON.stringify(collate)})`,
      );
    }
    return { collate: builtIn };
  }

  collationClause({ collate }: ColumnCollation): string {
    return collate === undefined ? '' : ` COLLATE ${collate}`;
  }

  collationDifference(column: CollatedColumn, live: ColumnDescription): string | undefined {
    if (column.type.key === 'CITEXT') return undefined;
    // BINARY is SQLite's default: asking for it, or for nothing, is the same column.
    const normal = (name: string | null | undefined): string | undefined =>
      name === undefined || name === null || name.toUpperCase() === 'BINARY' ? undefined : name.toUpperCase();
    const expected = normal(column.collate);
    const actual = normal(live.collation);
    return expected === actual ? undefined : `collation ${actual ?? 'BINARY'} -> ${expected ?? 'BINARY'}`;
  }

  createIndexSql(index: IndexSpec): { sql: string; bindings: unknown[] } {
    return buildCreateIndex(index, { database: 'SQLite', method: 'none', prefixLength: false, collate: true });
  }

  tableCommentSql(): string | undefined {
    return undefined;
  }

  addAutoIncrementColumn(table: Knex.CreateTableBuilder, attribute: AttributeDefinition): void {
    table.increments(attribute.field, { primaryKey: true });
  }

  caseInsensitiveLike(negated: boolean): string {
    return `LOWER(??) ${negated ? 'NOT LIKE' : 'LIKE'} LOWER(?)`;
  }

  placeholder(_position: number): string {
    return '?';
  }

  /**
   * better-sqlite3 builds SQLite with STAT4, which marks a bare `LIMIT ?` as a parameter the
   * plan may depend on: binding it expires the prepared statement, so every execution would
   * prepare it again (a findByPk took three times as long). A CAST is evaluated at run time
   * and keeps the statement prepared.
   */
  limitClause(hasLimit: boolean, hasOffset: boolean): string {
    const limit = hasLimit ? 'limit cast(? as integer)' : 'limit -1';
    return hasOffset ? `${limit} offset cast(? as integer)` : limit;
  }
}
