import { InvalidQueryError } from '../errors/errors';

/**
 * A table in a named schema, as Sequelize names one: `{ tableName: 'invoices', schema: 'billing' }`
 * is PostgreSQL's `"billing"."invoices"` (MySQL: the `billing` database's table). No schema:
 * the connection's default (PostgreSQL's `search_path`, MySQL's current database).
 */
export interface TableRef {
  readonly tableName: string;
  readonly schema?: string;
}

/** How a table is named wherever the query interface takes one: its name, or `{ tableName, schema }`. */
export type TableName = string | TableRef;

/** `{ tableName, schema }` for a table name in either form, its schema checked. */
export function tableRef(table: TableName): TableRef {
  if (typeof table === 'string') return { tableName: table };
  if (table === null || typeof table !== 'object' || typeof table.tableName !== 'string') {
    throw new InvalidQueryError(`A table is named by a string or { tableName, schema }, got ${describe(table)}`);
  }
  const schema = checkSchemaName(table.schema, `table ${table.tableName}`);
  return schema === undefined ? { tableName: table.tableName } : { tableName: table.tableName, schema };
}

/**
 * The schema name as given, after checking it is one: a non-empty string without a dot. knex
 * quotes each dot-separated part of an identifier on its own, so a dot inside a schema name
 * would silently name another object; it is refused instead. `undefined` stays undefined.
 */
export function checkSchemaName(
  schema: unknown,
  owner: string,
  ErrorClass: new (message: string) => Error = InvalidQueryError,
): string | undefined {
  if (schema === undefined || schema === null) return undefined;
  if (typeof schema !== 'string' || schema.length === 0 || schema.includes('.')) {
    throw new ErrorClass(`${owner}: schema must be a non-empty name without dots, got ${describe(schema)}`);
  }
  return schema;
}

/**
 * The table as a knex identifier: `schema.table` when it has a schema, which knex quotes part
 * by part (`"billing"."invoices"`, `` `billing`.`invoices` ``), exactly as its own `withSchema`
 * writes it; the plain name otherwise. Names never reach SQL text unquoted.
 */
export function tableIdentifier(table: TableName): string {
  if (typeof table === 'string') return table;
  // Hot path (every find's cache key): a definition's schema was checked when it was built,
  // and the query interface checks what it is given (tableRef) before compiling.
  return table.schema === undefined ? table.tableName : `${table.schema}.${table.tableName}`;
}

/** What `Model.getTableName()` returns for a model with a schema (Sequelize's shape). */
export interface QualifiedTableName extends TableRef {
  readonly schema: string;
  readonly delimiter: '.';
  toString(): string;
}

/** `{ tableName, schema, delimiter: '.' }`, printing as `schema.tableName`. */
export function qualifiedTableName(tableName: string, schema: string): QualifiedTableName {
  const name = { tableName, schema, delimiter: '.' as const };
  // Not enumerable, so the object compares and serialises as its three fields.
  Object.defineProperty(name, 'toString', { value: () => `${schema}.${tableName}`, enumerable: false });
  return name as QualifiedTableName;
}

/** The table for messages and logs: `billing.invoices`, or `invoices`. */
export function tableLabel(table: TableName): string {
  return tableIdentifier(table);
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : value === null ? 'null' : typeof value;
}
