import type { Knex } from 'knex';
import type { DataType } from '../definition/data-types';
import type { AttributeDefinition } from '../definition/model-definition';
import type { TableName, TableRef } from '../definition/table-ref';
import type { AggregateResult } from './aggregate-functions';
import type { OperatorSpelling } from './operator-spelling';
import type { CollatedColumn, ColumnCollation } from './collation';

/** The dialects Strata runs on. */
export type DialectName = 'sqlite' | 'postgres' | 'mysql';

/** What `new Strata({ dialect })` accepts: a dialect's name, or `mariadb` for `mysql`. */
export type DialectOption = DialectName | 'mariadb';

/** What a statement returned, in one shape for every driver. */
export interface QueryResult {
  rows: Record<string, unknown>[];
  /** Rows inserted, changed or deleted (for writes). */
  affectedRows: number;
  /**
   * For an INSERT: the auto-generated id of the first inserted row, where the driver reports
   * one (how the other rows' ids follow it: the dialect's `multiRowInsertKeys`).
   */
  insertId?: number | string;
}

/**
 * How one multi-row INSERT on a connection learns the auto-increment keys the database gave its
 * rows, where the dialect has no RETURNING in general:
 * - `returning`: `INSERT ... RETURNING` works on this server after all (MariaDB 10.5+);
 * - `insert-id`: the server allocates one statement's keys consecutively, so they are the
 *   driver's insert id (the first key) and the ones after it in steps of `step`;
 * - `row-by-row`: neither is guaranteed (keys of concurrent inserts may interleave), so each
 *   row is inserted by a statement of its own, whose insert id is exact.
 */
export type MultiRowInsertKeys =
  | { readonly method: 'returning' }
  | { readonly method: 'insert-id'; readonly step: number }
  | { readonly method: 'row-by-row' };

export interface ExecuteOptions {
  /** Read 64-bit integers exactly (SQLite otherwise returns JS numbers). */
  exactIntegers?: boolean;
  /**
   * This statement's time limit in ms, overriding the connection's `timeout` (0: none beyond
   * what the server enforces for the connection). QueryTimeoutError past it.
   */
  timeout?: number;
  /**
   * The caller reads the first row only and the statement returns at most one (a lookup by
   * primary key with LIMIT 1): a driver that can fetch a single row more cheaply may do so.
   */
  firstRowOnly?: boolean;
}

/**
 * Batches of raw rows from `Dialect.stream`. `exclusive`: the connection runs nothing else until
 * the stream ends (mysql2 reads a result to its end before the next command), so statements
 * that must run while it is open need another connection.
 */
export interface RowStream extends AsyncIterable<Record<string, unknown>[]> {
  readonly exclusive: boolean;
}

/** A pooled driver connection; opaque to the engine. */
export interface DriverConnection {
  readonly dialect: DialectName;
}

/**
 * A transaction's isolation level (`db.transaction({ isolationLevel }, ...)`); see
 * docs/transactions.md.
 */
export type IsolationLevel =
  'READ UNCOMMITTED' | 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE' | 'DEFERRED' | 'IMMEDIATE' | 'EXCLUSIVE';

/** One column as `queryInterface.describeTable(table)` reads it from the database. */
export interface ColumnDescription {
  type: string;
  allowNull: boolean;
  defaultValue: string | null;
  primaryKey: boolean;
  autoIncrement: boolean;
  comment: string | null;
  /**
   * The column's collation: on MySQL the one in effect for every text column, on PostgreSQL and
   * SQLite only one the column declares (null or absent otherwise).
   */
  collation?: string | null;
  /** MySQL: the text column's character set. */
  charset?: string | null;
}

/** One index as `queryInterface.showIndex(table)` reads it from the database. */
export interface IndexDescription {
  name: string;
  unique: boolean;
  primary: boolean;
  fields: string[];
}

/** One foreign key as `queryInterface.showForeignKeys(table)` reads it from the database. */
export interface ForeignKeyDescription {
  name: string | null;
  columns: string[];
  referencedTable: string;
  /** The referenced table's schema, where the dialect has schemas (as the database reports it). */
  referencedSchema?: string;
  referencedColumns: string[];
  onDelete: string | null;
  onUpdate: string | null;
}

/**
 * Reads the live schema. Used by describeTable/showIndex, sync({ alter }) and migrations. A
 * table named without a schema is read from the connection's default one (PostgreSQL's
 * `current_schema()`, MySQL's current database).
 */
export interface Introspector {
  /** The tables of `schema`, or of the default schema. */
  showAllTables(connection: DriverConnection, schema?: string): Promise<string[]>;
  describeTable(connection: DriverConnection, table: TableName): Promise<Record<string, ColumnDescription>>;
  showIndexes(connection: DriverConnection, table: TableName): Promise<IndexDescription[]>;
  showForeignKeys(connection: DriverConnection, table: TableName): Promise<ForeignKeyDescription[]>;
  /** The user's schemas, without the system ones and the default one (where `supports.schemas`). */
  showAllSchemas?(connection: DriverConnection): Promise<string[]>;
  /** The schema a table named without one is in (where `supports.schemas`). */
  defaultSchema?(connection: DriverConnection): Promise<string>;
}

/** Converts values between the JS type of a data type and what this dialect's driver binds and returns. */
export interface TypeCodec {
  /** A value already coerced to the data type's JS type, to what the driver binds. */
  toDatabase(type: DataType, value: unknown): unknown;
  /** A parser for what the driver returns for this type, or undefined when no conversion is needed. */
  parserFor(type: DataType): ((raw: unknown) => unknown) | undefined;
  /** A value with no known data type (raw replacements, expressions) to something the driver binds. */
  bindUntyped(value: unknown): unknown;
}

/** Capabilities the engine asks about instead of checking the dialect's name. */
export interface DialectSupports {
  /** INSERT/UPDATE/DELETE ... RETURNING. */
  returning: boolean;
  /** DDL inside a transaction can be rolled back. */
  transactionalDdl: boolean;
  /** `lock: 'UPDATE' | 'SHARE'` and SKIP LOCKED. */
  rowLocks: boolean;
  /** `FOR UPDATE OF <table>` (`lock: { level, of }`); without it the lock covers every table read. */
  rowLockOf: boolean;
  /** Native array columns. */
  arrays: boolean;
  /** ORDER BY ... NULLS FIRST/LAST. */
  nullsOrdering: boolean;
  /** One connection only: transactions queue instead of running side by side. */
  singleConnection: boolean;
  /**
   * ENUM columns of a database type (MySQL's inline ENUM(...), PostgreSQL's named type: see
   * `Dialect.enumTypes`); elsewhere ENUM is text with a CHECK.
   */
  nativeEnums: boolean;
  /** Partial indexes (`CREATE INDEX ... WHERE`). */
  partialIndexes: boolean;
  /** Foreign keys checked at commit (`DEFERRABLE INITIALLY DEFERRED`); elsewhere `deferrable` is ignored. */
  deferrableConstraints: boolean;
  /**
   * MySQL's table options: a storage engine (`ENGINE=`) and a default character set and
   * collation (`DEFAULT CHARSET=... COLLATE=...`) per table; elsewhere the `engine`, `charset`
   * and `collate` model options are ignored with a warning.
   */
  tableEngines: boolean;
  /**
   * The driver reports the keys an INSERT generated (`QueryResult.insertId`), which is cheaper
   * than RETURNING when those keys are all the database filled in.
   */
  insertId: boolean;
  /**
   * Tables in named schemas (`schema` model option, `{ tableName, schema }`): PostgreSQL's
   * schemas, MySQL's databases. Elsewhere a schema is refused, naming the dialect.
   */
  schemas: boolean;
  /** A connection-wide `searchPath` (PostgreSQL's `search_path`). */
  searchPath: boolean;
}

/** One index as CREATE INDEX needs it: column names resolved, the partial where already SQL. */
export interface IndexSpec {
  table: string;
  name: string;
  unique: boolean;
  /** The index method (`BTREE`, `HASH`, `GIN`, ...), where the dialect has a choice. */
  using?: string;
  columns: ReadonlyArray<{
    field: string;
    order?: 'ASC' | 'DESC';
    length?: number;
    collate?: string;
    /** A PostgreSQL operator class (`jsonb_path_ops`). */
    operator?: string;
  }>;
  /** The partial-index predicate as SQL with `??` identifiers and `?` values (inlined as literals). */
  where?: { sql: string; bindings: readonly unknown[] };
  /** MySQL's FULLTEXT or SPATIAL index. */
  type?: 'FULLTEXT' | 'SPATIAL';
  /** PostgreSQL's CREATE INDEX CONCURRENTLY (outside a transaction only). */
  concurrently?: boolean;
}

/** A statement with `??` for identifiers and `?` for literals, which the caller inlines escaped (DDL). */
export interface RawStatement {
  readonly sql: string;
  readonly bindings: readonly unknown[];
}

/**
 * Where an ENUM column is of a named type created apart from its table (PostgreSQL's `CREATE
 * TYPE ... AS ENUM`): how the type is named, created, changed and dropped with its column.
 */
export interface EnumTypes {
  /**
   * The type of one table's column: Sequelize's `enum_<table>_<column>`, in the table's schema
   * (`billing.enum_invoices_status`, which `??` quotes part by part).
   */
  typeName(table: TableRef, column: string): string;
  /** The type's name as an SQL identifier (`"enum_posts_status"`, `"billing"."enum_..."`), for casts. */
  quote(name: string): string;
  /** Creates the type (replacing one left behind under that name). */
  create(name: string, values: readonly string[]): RawStatement[];
  /** Drops the type if it exists. */
  drop(name: string): RawStatement;
  /** A SELECT of the type's values in order, as rows `{ label }` (none: no such type). */
  labels(name: string): RawStatement;
  /**
   * A SELECT of the enum types (named by `typeName`) a table's columns use, as rows `{ name }`
   * (each without its schema, which is the table's).
   */
  typesOfTable(table: TableRef): RawStatement;
  /**
   * Brings the type of `table.column` from its `live` values (none: it does not exist yet) to
   * `values`, before the column itself is altered to it. `usedAtOnce`: values the same
   * transaction uses right after (the column's new default).
   */
  change(
    name: string,
    column: string,
    table: TableRef,
    live: readonly string[],
    values: readonly string[],
    usedAtOnce: readonly string[],
  ): RawStatement[];
}

/**
 * The dialect layer: everything that differs between SQLite, PostgreSQL and MySQL lives behind
 * this interface (connections, type storage, error codes, introspection, DDL details), so the
 * engine never asks which database it is talking to, only what it supports.
 */
export interface Dialect {
  readonly name: DialectName;
  readonly knexClient: string;
  /** The SQL function a random order calls: `RANDOM` (PostgreSQL, SQLite), `RAND` (MySQL). */
  readonly randomFunction: string;
  /** The server's port when the options give none; absent for an embedded database. */
  readonly defaultPort?: number;
  readonly supports: DialectSupports;
  readonly codec: TypeCodec;
  readonly introspector: Introspector;
  readonly schema: SchemaHelper;
  /** ENUM columns of named types (PostgreSQL); absent where ENUM is inline or text. */
  readonly enumTypes?: EnumTypes;

  /**
   * A connection from the pool; rejects with ConnectionAcquireTimeoutError when none is free
   * within `acquireTimeout` ms. A pooled connection the driver already knows is dead is
   * replaced before it is handed out. Every acquired connection must be released exactly once.
   */
  acquire(): Promise<DriverConnection>;
  /**
   * Gives a connection back. `broken: true` closes it instead (a failed ROLLBACK may have left
   * it inside a transaction), so the next user never inherits a half-finished transaction. A
   * connection whose session a statement changed (a raw `SET`), or that failed, is closed too.
   */
  release(connection: DriverConnection, broken?: boolean): void;
  /** The driver pool's open and idle connections, for `db.poolStats()`; absent: derived from use. */
  poolSize?(): { size: number; idle: number };
  /** Calls `listener` each time the driver opens a new connection (the `connect` pool event). */
  onConnect?(listener: () => void): void;
  /** `pool.acquire`: how long acquire() (and a queued savepoint) waits before a TimeoutError. */
  readonly acquireTimeout: number;
  /**
   * The most bound parameters one statement can carry. A statement over it is refused before
   * it is sent (the drivers fail on it with protocol errors that do not say why).
   */
  readonly maxBoundParameters: number;
  execute(
    connection: DriverConnection,
    sql: string,
    bindings: readonly unknown[],
    options?: ExecuteOptions,
  ): Promise<QueryResult>;
  /**
   * For a synchronous driver (better-sqlite3): the connection when it is free right now (the
   * caller then releases it), else undefined. With `executeNow`, a query that does not have
   * to wait costs no promise. Absent for drivers that always go through the event loop; a
   * dialect that has it must have `executeNow` too.
   */
  acquireNow?(): DriverConnection | undefined;
  /** `execute`, synchronously, for drivers that can (see `acquireNow`). */
  executeNow?(
    connection: DriverConnection,
    sql: string,
    bindings: readonly unknown[],
    options?: ExecuteOptions,
  ): QueryResult;
  /**
   * Where `supports.returning` is false: how a multi-row INSERT run on this connection gets its
   * rows' generated keys (it may read the server's settings). Absent: the driver's insert id is
   * the first key and the others follow it by one.
   */
  multiRowInsertKeys?(connection: DriverConnection): Promise<MultiRowInsertKeys>;
  /**
   * The rows of one SELECT on `connection`, read a batch of about `batchSize` rows at a time
   * through the driver's streaming read (a server-side cursor, a row stream, an iterator), so
   * memory holds one batch however many rows match. The caller keeps `connection` until the
   * iteration ends; ending it early (`return()`) or an error closes the cursor first. Absent:
   * the dialect cannot stream (findEach then refuses).
   */
  stream?(
    connection: DriverConnection,
    sql: string,
    bindings: readonly unknown[],
    batchSize: number,
    options?: ExecuteOptions,
  ): RowStream;
  /** Maps a driver error to a Strata error class (same class for the same fault everywhere). */
  convertError(error: unknown, sql: string, bindings: readonly unknown[]): Error;
  /** Closes every connection: waits up to the connection's `closeTimeout`, then destroys those still in use. */
  close(): Promise<void>;

  /**
   * Statements that open a transaction with the given isolation level, or with the given
   * locking `type` (Sequelize's `Transaction.TYPES`: SQLite only, where `IMMEDIATE` takes the
   * write lock at BEGIN; other dialects ignore it).
   */
  beginTransaction(isolationLevel?: IsolationLevel, mode?: { type?: string }): string[];
  /**
   * For a dialect whose `executeNow` can be refused because another process holds the lock:
   * whether this error may be waited out by running the statement again through `execute`,
   * which waits without blocking the event loop.
   */
  isBusy?(connection: DriverConnection, error: unknown, sql: string): boolean;
  /** The column type for a data type, as written in CREATE TABLE. */
  columnType(type: DataType): string;
  /**
   * The collation and character set a column gets: the attribute's `collate`/`charset` and,
   * where the dialect has table defaults (MySQL), the model's for its text columns. An
   * InvalidQueryError naming the dialect for what it lacks (a character set per column on
   * PostgreSQL, a collation SQLite does not have built in).
   */
  columnCollation(column: CollatedColumn): ColumnCollation;
  /** What follows a column's type to set a collation from columnCollation (` COLLATE "C"`), '' for none. */
  collationClause(collation: ColumnCollation): string;
  /**
   * Why a live column's collation is not the one `column` asks for (`collation utf8mb4_general_ci
   * -> utf8mb4_bin`), or undefined when it is, for the schema diff. Where the database reports
   * only explicit collations (PostgreSQL, SQLite) a column that asks for none must have none.
   */
  collationDifference(column: CollatedColumn, live: ColumnDescription): string | undefined;
  /**
   * CREATE INDEX in this dialect's syntax, with `??` for identifiers and `?` for literals (DDL
   * takes no bound parameters, so the caller inlines them escaped). Options the dialect has no
   * use for (a prefix length outside MySQL, a method on SQLite) are left out.
   */
  createIndexSql(index: IndexSpec): { sql: string; bindings: unknown[] };
  /** The statement that sets a table's comment (`??` table, `?` text), or undefined where tables have none. */
  tableCommentSql(): string | undefined;
  /** @internal Adds an auto-incrementing primary key column to a table being created (a knex builder). */
  addAutoIncrementColumn(table: Knex.CreateTableBuilder, attribute: AttributeDefinition): void;
  /**
   * How this dialect writes JSON paths, casts and the operators beyond plain comparison
   * (regexp, containment, ranges, full-text); an operator it lacks is spelled `undefined`.
   */
  readonly operators: OperatorSpelling;
  /** A case-insensitive LIKE: `[sql, bindings]` with `??` for the column. */
  caseInsensitiveLike(negated: boolean): string;
  /** The driver's bound-parameter marker for the n-th value (1-based). */
  placeholder(position: number): string;
  /**
   * A SELECT's closing LIMIT/OFFSET clause with a `?` for each bound value (limit first), where
   * the dialect must write it differently from knex; absent: knex writes it.
   */
  limitClause?(hasLimit: boolean, hasOffset: boolean): string;
  /** The name of the current database (or file). */
  readonly databaseName: string;
  /**
   * Where a foreign key of a table in a named schema references a table named without one,
   * and the database would look for that table in the referencing table's schema rather than
   * the connection's default (MySQL, whose bare REFERENCES name the referencing table's
   * database): the default schema to write out. Absent where a bare name already resolves to the
   * connection's default (PostgreSQL, through search_path).
   */
  readonly bareReferenceSchema?: string;
  /**
   * The aggregate functions `Model.aggregate` may call, by upper-case name, with how each
   * result is read back; any other name is refused (see aggregateFunctions).
   */
  readonly aggregateFunctions: ReadonlyMap<string, AggregateResult>;
  /**
   * An expression an upsert's RETURNING can select that is true when the row was inserted and
   * false when it was updated; absent where the dialect cannot tell (upsert then reports null).
   */
  readonly upsertInsertedExpression?: string;
  /**
   * Where the dialect has no RETURNING: whether an upsert inserted its row, read from the
   * affected-row count the driver reported; absent where the count does not tell.
   */
  upsertInsertedFromAffectedRows?(affectedRows: number): boolean;
}

/**
 * The connection as a schema helper sees it during one query interface call: statements run
 * with that call's options (its transaction, else the bound one; its logging), so a change
 * joins the transaction a migration runs in.
 */
export interface SchemaContext {
  readonly dialect: Dialect;
  /** @internal What the helper hands to compile/'s DDL functions. */
  readonly knex: Knex;
  run(statement: { sql: string; bindings: readonly unknown[] }): Promise<QueryResult>;
  /** Whether `run` runs inside a transaction. */
  inTransaction(): boolean;
  /** Runs `work` in a transaction (a savepoint inside one). */
  transaction<T>(work: () => Promise<T>): Promise<T>;
  /** The table's foreign keys, read where `run` runs. */
  showForeignKeys(table: TableName): Promise<ForeignKeyDescription[]>;
}

/**
 * Which existing values a column change would truncate or convert, for the check sync's alter
 * runs before changing anything. The engine picks the check from the new data type; the
 * dialect's schema helper writes it as a condition on the column.
 * - `length`: longer than `max` characters (a narrower STRING/CHAR);
 * - `integer`: not a whole number between `min` and `max` (an integer type);
 * - `decimal`: not a number, or one that DECIMAL(precision, scale) cannot hold exactly;
 * - `number`: not a number (a floating point type);
 * - `oneOf`: not one of `values` (an ENUM);
 * - `notNull`: NULL (a column becoming NOT NULL);
 * - `anyValue`: any value that is not NULL (a conversion with no finer check).
 */
export type LossyValueCheck =
  | { readonly kind: 'length'; readonly max: number }
  | { readonly kind: 'integer'; readonly min: string; readonly max: string }
  | { readonly kind: 'decimal'; readonly precision: number; readonly scale: number }
  | { readonly kind: 'number' }
  | { readonly kind: 'oneOf'; readonly values: readonly string[] }
  | { readonly kind: 'notNull' }
  | { readonly kind: 'anyValue' };

/**
 * The schema changes that differ between dialects, and how each reports column types and
 * defaults. The query interface, sync and the schema diff ask it instead of asking which
 * database they talk to: where ALTER TABLE can change a column in place the helper alters, where
 * it cannot (SQLite) it rebuilds the table keeping every row.
 */
export interface SchemaHelper {
  /** Changes a column to the attribute's type, nullability and default (what it leaves out is reset). */
  changeColumn(context: SchemaContext, table: TableName, attribute: AttributeDefinition): Promise<void>;
  /** Drops a column, and the foreign keys and unique constraints over it. */
  removeColumn(context: SchemaContext, table: TableName, column: string): Promise<void>;
  /** Adds a foreign key constraint (under its name where the dialect names constraints). */
  addForeignKey(
    context: SchemaContext,
    table: TableName,
    foreignKey: ForeignKeyDescription & { name: string },
  ): Promise<void>;
  /** Drops a foreign key constraint, as the introspector describes it. */
  removeForeignKey(context: SchemaContext, table: TableName, foreignKey: ForeignKeyDescription): Promise<void>;
  /** Creates a schema if it does not exist (where `supports.schemas`). */
  createSchema?(context: SchemaContext, schema: string): Promise<void>;
  /**
   * Drops a schema if it exists (where `supports.schemas`). Without `cascade` a schema that
   * still holds tables is refused and left as it was; with it, its tables go too.
   */
  dropSchema?(context: SchemaContext, schema: string, cascade: boolean): Promise<void>;
  /**
   * ALTER TABLE ... RENAME TO names the new table with its schema (MySQL, where a bare name
   * moves the table to the current database); false: by its bare name (PostgreSQL keeps the schema).
   */
  readonly qualifiedRenameTarget: boolean;
  /**
   * Runs a group of schema changes as one unit as far as the dialect allows: in a transaction
   * where DDL can be rolled back, with whatever a table rebuild needs around it.
   */
  withSchemaTransaction<T>(context: SchemaContext, work: () => Promise<T>): Promise<T>;
  /**
   * A condition true for each row whose value in `column` the check finds would change, as
   * knex raw SQL (`??` identifiers, `?` values, in `bindings` order). Read-only: the alter
   * check counts the rows with it before running any change.
   */
  lossyValuesCondition(column: string, check: LossyValueCheck): { sql: string; bindings: unknown[] };
  /**
   * A column type in one spelling for comparing and naming, whether written by `columnType` or
   * reported by the introspector (`character varying(20)` and `VARCHAR(20)` are one type).
   */
  normalizeColumnType(type: string): string;
  /**
   * A column default in one spelling for comparing: the introspector's report without casts
   * or quotes, or the value the codec binds, as text (`'a'::text` and `a` are one default).
   */
  normalizeDefault(value: string): string;
}
