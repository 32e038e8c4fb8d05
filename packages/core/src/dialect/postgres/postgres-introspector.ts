import type { PoolClient } from 'pg';
import type { DriverConnection, Introspector } from '../dialect';
import { tableRef } from '../../definition/table-ref';
import type { PostgresConnection } from './postgres-dialect';

async function rows<T>(connection: DriverConnection, sql: string, values: unknown[]): Promise<T[]> {
  const client: PoolClient = (connection as PostgresConnection).client;
  return (await client.query(sql, values)).rows as T[];
}

export const postgresIntrospector: Introspector = {
  async showAllTables(connection, schema) {
    const result = await rows<{ name: string }>(
      connection,
      // Tables an extension owns (PostGIS's spatial_ref_sys) are the extension's, not the app's:
      // the schema diff must never offer to drop them.
      `SELECT table_name AS name FROM information_schema.tables t
        WHERE table_schema = COALESCE($1::text, current_schema()::text) AND table_type = 'BASE TABLE'
          AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                           WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.deptype = 'e'
                             AND d.objid = (quote_ident(t.table_schema) || '.' || quote_ident(t.table_name))::regclass)
        ORDER BY table_name`,
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
      comment: string | null;
      primary_key: boolean;
      collation: string | null;
    }>(
      connection,
      `SELECT c.column_name AS name,
              CASE WHEN EXISTS (SELECT 1 FROM pg_catalog.pg_type t WHERE t.oid = a.atttypid AND t.typtype = 'e')
                   THEN 'ENUM(' || (SELECT string_agg(quote_literal(e.enumlabel), ',' ORDER BY e.enumsortorder)
                                      FROM pg_catalog.pg_enum e WHERE e.enumtypid = a.atttypid) || ')'
                   ELSE pg_catalog.format_type(a.atttypid, a.atttypmod) END AS type,
              c.is_nullable AS nullable,
              c.column_default AS default_value,
              c.collation_name AS collation,
              pg_catalog.col_description(a.attrelid, a.attnum) AS comment,
              EXISTS (SELECT 1 FROM pg_catalog.pg_index i
                       WHERE i.indrelid = a.attrelid AND i.indisprimary AND a.attnum = ANY(i.indkey)) AS primary_key
         FROM information_schema.columns c
         JOIN pg_catalog.pg_attribute a
           ON a.attrelid = (quote_ident(c.table_schema) || '.' || quote_ident(c.table_name))::regclass
          AND a.attname = c.column_name
        WHERE c.table_schema = COALESCE($2::text, current_schema()::text) AND c.table_name = $1
        ORDER BY c.ordinal_position`,
      [tableName, schema ?? null],
    );
    const result: Awaited<ReturnType<Introspector['describeTable']>> = {};
    for (const column of columns) {
      result[column.name] = {
        // An ENUM column is reported with its values, whose case is theirs (as MySQL reports it).
        type: column.type.startsWith('ENUM(') ? column.type : column.type.toUpperCase(),
        allowNull: column.nullable === 'YES',
        defaultValue: column.default_value,
        primaryKey: column.primary_key,
        autoIncrement: /^nextval\(/.test(column.default_value ?? ''),
        comment: column.comment,
        collation: column.collation,
      };
    }
    return result;
  },

  async showIndexes(connection, table) {
    const { tableName, schema } = tableRef(table);
    const result = await rows<{ name: string; unique: boolean; primary: boolean; fields: string[] }>(
      connection,
      `SELECT i.relname AS name, ix.indisunique AS unique, ix.indisprimary AS primary,
              ARRAY(SELECT a.attname FROM unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord)
                      JOIN pg_catalog.pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
                     ORDER BY k.ord)::text[] AS fields
         FROM pg_catalog.pg_class t
         JOIN pg_catalog.pg_index ix ON t.oid = ix.indrelid
         JOIN pg_catalog.pg_class i ON i.oid = ix.indexrelid
         JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
        WHERE t.relname = $1 AND n.nspname = COALESCE($2::text, current_schema()::text)
        ORDER BY i.relname`,
      [tableName, schema ?? null],
    );
    return result;
  },

  async showAllSchemas(connection) {
    // As Sequelize lists them: without PostgreSQL's own schemas and without public.
    const result = await rows<{ name: string }>(
      connection,
      `SELECT nspname AS name FROM pg_catalog.pg_namespace
        WHERE nspname NOT LIKE 'pg\\_%' AND nspname NOT IN ('information_schema', 'public')
        ORDER BY nspname`,
      [],
    );
    return result.map((r) => r.name);
  },

  async defaultSchema(connection) {
    const [row] = await rows<{ name: string | null }>(connection, 'SELECT current_schema() AS name', []);
    return row.name ?? 'public';
  },

  async showForeignKeys(connection, table) {
    const { tableName, schema } = tableRef(table);
    const result = await rows<{
      name: string;
      columns: string[];
      referenced_table: string;
      referenced_schema: string;
      referenced_columns: string[];
      on_delete: string;
      on_update: string;
    }>(
      connection,
      `SELECT con.conname AS name,
              ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
                      JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
                     ORDER BY k.ord)::text[] AS columns,
              ref.relname AS referenced_table,
              refn.nspname AS referenced_schema,
              ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
                      JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum
                     ORDER BY k.ord)::text[] AS referenced_columns,
              CASE con.confdeltype WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' WHEN 'd' THEN 'SET DEFAULT'
                   WHEN 'r' THEN 'RESTRICT' ELSE 'NO ACTION' END AS on_delete,
              CASE con.confupdtype WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' WHEN 'd' THEN 'SET DEFAULT'
                   WHEN 'r' THEN 'RESTRICT' ELSE 'NO ACTION' END AS on_update
         FROM pg_catalog.pg_constraint con
         JOIN pg_catalog.pg_class t ON t.oid = con.conrelid
         JOIN pg_catalog.pg_class ref ON ref.oid = con.confrelid
         JOIN pg_catalog.pg_namespace refn ON refn.oid = ref.relnamespace
         JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
        WHERE con.contype = 'f' AND t.relname = $1 AND n.nspname = COALESCE($2::text, current_schema()::text)`,
      [tableName, schema ?? null],
    );
    return result.map((fk) => ({
      name: fk.name,
      columns: fk.columns,
      referencedTable: fk.referenced_table,
      referencedSchema: fk.referenced_schema,
      referencedColumns: fk.referenced_columns,
      onDelete: fk.on_delete,
      onUpdate: fk.on_update,
    }));
  },
};
