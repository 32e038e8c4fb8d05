import type { Knex } from 'knex';
import mysql from 'mysql2/promise';
import type { DataType } from '../../definition/data-types';
import type { AttributeDefinition } from '../../definition/model-definition';
import { InvalidQueryError, TimeoutError } from '../../errors/errors';
import type { Dialect, DriverConnection, IndexSpec, IsolationLevel, QueryResult } from '../dialect';
import { buildCreateIndex } from '../index-sql';
import { defaultPool, type ServerConnectionOptions } from '../pool-options';
import { mysqlCodec } from './mysql-codec';
import { convertMysqlError } from './mysql-errors';
import { mysqlIntrospector } from './mysql-introspector';
import { mysqlSchema } from './mysql-schema';

export interface MysqlConnection extends DriverConnection {
  readonly client: mysql.PoolConnection;
}

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
  private readonly pool: mysql.Pool;
  readonly acquireTimeout: number;

  constructor(options: ServerConnectionOptions) {
    const pool = { ...defaultPool, ...options.pool };
    this.databaseName = options.database ?? '';
    this.acquireTimeout = pool.acquire;
    this.pool = mysql.createPool({
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
      ...options.dialectOptions,
    });
  }

  async acquire(): Promise<DriverConnection> {
    const pending = this.pool.getConnection();
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
    const [result] = await (connection as MysqlConnection).client.query(sql, bindings as unknown[]);
    if (Array.isArray(result)) {
      return { rows: result as Record<string, unknown>[], affectedRows: result.length };
    }
    const header = result as mysql.ResultSetHeader;
    return { rows: [], affectedRows: header.affectedRows, insertId: header.insertId };
  }

  upsertInsertedFromAffectedRows(affectedRows: number): boolean {
    // ON DUPLICATE KEY UPDATE counts 1 for an insert, 2 for an update, 0 for an unchanged row.
    return affectedRows === 1;
  }

  convertError(error: unknown, sql: string, bindings: readonly unknown[]): Error {
    return convertMysqlError(error, sql, bindings);
  }

  async close(): Promise<void> {
    await this.pool.end();
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
