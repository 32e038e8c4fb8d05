import type { PoolConnection } from 'mysql2/promise';
import type { DriverConnection, Introspector } from '../dialect';
import { tableRef } from '../../definition/table-ref';
import type { MysqlConnection } from './mysql-dialect';

async function rows<T>(connection: DriverConnection, sql: string, values: unknown[]): Promise<T[]> {
  const client: PoolConnection = (connection as MysqlConnection).client;
  const [result] = await client.query(sql, values);
  return result as T[];
}

export const mysqlIntrospector: Introspector = {
  async showAllTables(connection, schema) {
    const result = await rows<{ name: string }>(
      connection,
      "SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = COALESCE(?, DATABASE()) AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME",
      [schema ?? null],
    );
    return result.map((r) => r.name);
  },

  async describeTable(connection, table) {
    const { tableName, schema } = tableRef(table);
    const columns = await rows<{
      name: string;
      type: string;
      nullable: string;
      default_value: string | null;
      column_key: string;
      extra: string;
      comment: string;
      collation: string | null;
      charset: string | null;
    }>(
      connection,
      `SELECT COLUMN_NAME AS name, COLUMN_TYPE AS type, IS_NULLABLE AS nullable, COLUMN_DEFAULT AS default_value,
              COLUMN_KEY AS column_key, EXTRA AS extra, COLUMN_COMMENT AS comment,
              COLLATION_NAME AS collation, CHARACTER_SET_NAME AS charset
         FROM information_schema.COLUMNS
        WHERE TABLE_SCHEMA = COALESCE(?, DATABASE()) AND TABLE_NAME = ?
        ORDER BY ORDINAL_POSITION`,
      [schema ?? null, tableName],
    );
    const result: Awaited<ReturnType<Introspector['describeTable']>> = {};
    for (const column of columns) {
      result[column.name] = {
        // An ENUM's values keep their case (a down migration writes them back).
        type: /^enum\(/i.test(column.type) ? `ENUM${column.type.slice(4)}` : column.type.toUpperCase(),
        allowNull: column.nullable === 'YES',
        defaultValue: column.default_value === 'NULL' ? null : column.default_value,
        primaryKey: column.column_key === 'PRI',
        autoIncrement: /auto_increment/i.test(column.extra),
        comment: column.comment || null,
        collation: column.collation,
        charset: column.charset,
      };
    }
    return result;
  },

  async showIndexes(connection, table) {
    const { tableName, schema } = tableRef(table);
    const result = await rows<{ name: string; non_unique: number; column_name: string }>(
      connection,
      `SELECT INDEX_NAME AS name, NON_UNIQUE AS non_unique, COLUMN_NAME AS column_name
         FROM information_schema.STATISTICS
        WHERE TABLE_SCHEMA = COALESCE(?, DATABASE()) AND TABLE_NAME = ?
        ORDER BY INDEX_NAME, SEQ_IN_INDEX`,
      [schema ?? null, tableName],
    );
    const byName = new Map<string, { name: string; unique: boolean; primary: boolean; fields: string[] }>();
    for (const row of result) {
      const index = byName.get(row.name) ?? {
        name: row.name,
        unique: Number(row.non_unique) === 0,
        primary: row.name === 'PRIMARY',
        fields: [],
      };
      index.fields.push(row.column_name);
      byName.set(row.name, index);
    }
    return [...byName.values()];
  },

  async showAllSchemas(connection) {
    const result = await rows<{ name: string }>(
      connection,
      `SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA
        WHERE SCHEMA_NAME NOT IN ('mysql', 'information_schema', 'performance_schema', 'sys')
          AND SCHEMA_NAME <> DATABASE()
        ORDER BY SCHEMA_NAME`,
      [],
    );
    return result.map((r) => r.name);
  },

  async defaultSchema(connection) {
    const [row] = await rows<{ name: string }>(connection, 'SELECT DATABASE() AS name', []);
    return row.name;
  },

  async showForeignKeys(connection, table) {
    const { tableName, schema } = tableRef(table);
    const result = await rows<{
      name: string;
      column_name: string;
      referenced_table: string;
      referenced_schema: string;
      referenced_column: string;
      on_delete: string;
      on_update: string;
    }>(
      connection,
      `SELECT k.CONSTRAINT_NAME AS name, k.COLUMN_NAME AS column_name, k.REFERENCED_TABLE_NAME AS referenced_table,
              k.REFERENCED_TABLE_SCHEMA AS referenced_schema,
              k.REFERENCED_COLUMN_NAME AS referenced_column, r.DELETE_RULE AS on_delete, r.UPDATE_RULE AS on_update
         FROM information_schema.KEY_COLUMN_USAGE k
         JOIN information_schema.REFERENTIAL_CONSTRAINTS r
           ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME
        WHERE k.TABLE_SCHEMA = COALESCE(?, DATABASE()) AND k.TABLE_NAME = ? AND k.REFERENCED_TABLE_NAME IS NOT NULL
        ORDER BY k.CONSTRAINT_NAME, k.ORDINAL_POSITION`,
      [schema ?? null, tableName],
    );
    const byName = new Map<string, Awaited<ReturnType<Introspector['showForeignKeys']>>[number]>();
    for (const row of result) {
      const fk = byName.get(row.name) ?? {
        name: row.name,
        columns: [],
        referencedTable: row.referenced_table,
        referencedSchema: row.referenced_schema,
        referencedColumns: [],
        onDelete: row.on_delete,
        onUpdate: row.on_update,
      };
      fk.columns.push(row.column_name);
      fk.referencedColumns.push(row.referenced_column);
      byName.set(row.name, fk);
    }
    return [...byName.values()];
  },
};
