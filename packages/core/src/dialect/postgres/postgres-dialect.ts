import type { Knex } from 'knex';
import pg from 'pg';
import type { DataType } from '../../definition/data-types';
import type { AttributeDefinition } from '../../definition/model-definition';
import { InvalidQueryError } from '../../errors/errors';
import type { Dialect, DriverConnection, IndexSpec, IsolationLevel, QueryResult } from '../dialect';
import { buildCreateIndex } from '../index-sql';
import { defaultPool, type ServerConnectionOptions } from '../pool-options';
import { postgresCodec } from './postgres-codec';
import { convertPostgresError } from './postgres-errors';
import { postgresIntrospector } from './postgres-introspector';
import { postgresSchema } from './postgres-schema';
import { postgresStream } from './postgres-stream';
import type { RowStream } from '../dialect';
import { PreparedStatements } from './postgres-prepared';
import { BITWISE_AGGREGATES, STATISTICAL_AGGREGATES, aggregateFunctions } from '../aggregate-functions';

export interface PostgresConnection extends DriverConnection {
  readonly client: pg.PoolClient;
  /** Set when the client emitted 'error' while checked out: it must not go back to the pool. */
  failed: boolean;
  readonly onError: () => void;
  /** The last query sent on this client, settled or not: the next one waits for it. */
  previous: Promise<unknown>;
}

const OID_DATE = 1082;
const OID_DATE_ARRAY = 1182;
const OID_NUMERIC_ARRAY = 1231;
const OID_TEXT_ARRAY = 1009;
const STANDARD_LEVELS = ['READ UNCOMMITTED', 'READ COMMITTED', 'REPEATABLE READ', 'SERIALIZABLE'];

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
  readonly supports = {
    returning: true,
    transactionalDdl: true,
    rowLocks: true,
    nullsOrdering: true,
    arrays: true,
    singleConnection: false,
    nativeEnums: false,
    partialIndexes: true,
    deferrableConstraints: true,
    tableEngines: false,
    insertId: false,
  };
  readonly codec = postgresCodec;
  readonly introspector = postgresIntrospector;
  readonly schema = postgresSchema;
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
  /** The wire protocol's Bind message counts its parameters in 16 bits. */
  readonly maxBoundParameters = 65_535;
  /**
   * A #private field: util.inspect and JSON.stringify cannot reach it, and the driver's pool
   * config holds the password in clear (inspecting a connection, a model or an error's
   * context would print it).
   */
  readonly #pool: pg.Pool;

  constructor(options: ServerConnectionOptions) {
    this.statements = PreparedStatements.fromDialectOptions(options.dialectOptions);
    const pool = { ...defaultPool, ...options.pool };
    this.databaseName = options.database ?? 'postgres';
    this.acquireTimeout = pool.acquire;
    this.#pool = new pg.Pool({
      host: options.host ?? 'localhost',
      port: options.port ?? 5432,
      database: this.databaseName,
      user: options.username,
      password: options.password,
      max: pool.max,
      min: pool.min,
      idleTimeoutMillis: pool.idle,
      connectionTimeoutMillis: pool.acquire,
      types: typeParsers,
      ...options.dialectOptions,
    });
    // An idle client that loses its server emits here; without a listener Node would crash.
    this.#pool.on('error', () => undefined);
  }

  async acquire(): Promise<DriverConnection> {
    let client: pg.PoolClient;
    try {
      client = await this.#pool.connect();
    } catch (error) {
      throw convertPostgresError(error, '', []);
    }
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
    };
    client.on('error', connection.onError);
    return connection;
  }

  release(connection: DriverConnection, broken = false): void {
    const { client, failed, onError } = connection as PostgresConnection;
    client.removeListener('error', onError);
    client.release(broken || failed);
  }

  /**
   * Queries on one client run one after another. Two at once happen inside a transaction
   * (`Promise.all`, findAndCountAll); pg queues them itself but deprecates being asked while
   * busy (pg 9 will refuse), so the dialect waits for the previous query instead.
   */
  async execute(connection: DriverConnection, sql: string, bindings: readonly unknown[]): Promise<QueryResult> {
    const postgres = connection as PostgresConnection;
    const send = (): Promise<pg.QueryResult> =>
      postgres.client.query(this.statements.config(postgres.client, sql, bindings));
    const sent = postgres.previous.then(send, send);
    postgres.previous = sent.catch(() => undefined);
    const result = await sent;
    return { rows: result.rows ?? [], affectedRows: result.rowCount ?? 0 };
  }

  convertError(error: unknown, sql: string, bindings: readonly unknown[]): Error {
    return convertPostgresError(error, sql, bindings);
  }

  async close(): Promise<void> {
    await this.#pool.end();
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
        return `DECIMAL(${type.length},${type.scale})`;
      case 'DATE':
        return 'TIMESTAMP(3) WITH TIME ZONE';
      case 'DATEONLY':
        return 'DATE';
      case 'TIME':
        return 'TIME';
      case 'BLOB':
        return 'BYTEA';
      case 'ENUM':
        return 'TEXT';
      case 'ARRAY':
        return `${this.columnType(type.element as DataType)}[]`;
      case 'VIRTUAL':
        throw new InvalidQueryError('VIRTUAL attributes have no column');
      default:
        return type.key;
    }
  }

  createIndexSql(index: IndexSpec): { sql: string; bindings: unknown[] } {
    return buildCreateIndex(index, { method: 'before-columns', prefixLength: false, collate: true });
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
