import type { Knex } from 'knex';
import type { AttributeDefinition } from '../definition/model-definition';
import { buildModelDefinition } from '../definition/build-definition';
import type { Dialect, ForeignKeyDescription, IndexDescription, IndexSpec } from '../dialect/dialect';
import type { CompiledQuery } from '../execution/executor';
import {
  createEnumTypeStatements,
  defineColumn,
  enumPredicate,
  referencedTable,
  schemaBuilder,
  schemaStatements,
} from './create-table';
import { tableIdentifier, tableLabel, tableRef, type TableName } from '../definition/table-ref';
import { InvalidQueryError } from '../errors/errors';
import { toNative } from './select';
import { compileWhere } from './where';

// The schema changes of the query interface and the dialects' schema helpers, as statements.
// knex's schema builder writes each for the dialect; a builder may write several statements.
// DDL takes no bound parameters: knex inlines the few literals (defaults, comments), which come
// from attribute definitions, never from a query's input.

/** An identifier (`users`, `schema.table`) quoted for the dialect: `"users"` or `` `users` `` (quotes inside doubled). */
export function quoteIdentifier(knex: Knex, identifier: string): string {
  return knex.raw('??', [identifier]).toQuery();
}

/** CREATE SCHEMA IF NOT EXISTS (PostgreSQL; on MySQL the same statement creates a database). */
export function compileCreateSchema(knex: Knex, schema: string): CompiledQuery {
  return { sql: knex.raw('CREATE SCHEMA IF NOT EXISTS ??', [schema]).toSQL().sql, bindings: [] };
}

/** DROP SCHEMA IF EXISTS, with PostgreSQL's CASCADE or RESTRICT where given (MySQL has neither). */
export function compileDropSchema(
  knex: Knex,
  schema: string,
  behaviour: 'CASCADE' | 'RESTRICT' | undefined,
): CompiledQuery {
  const suffix = behaviour === undefined ? '' : ` ${behaviour}`;
  return { sql: knex.raw(`DROP SCHEMA IF EXISTS ??${suffix}`, [schema]).toSQL().sql, bindings: [] };
}

/** DROP TABLE IF EXISTS. */
export function compileDropTable(knex: Knex, table: TableName): CompiledQuery[] {
  return schemaStatements(schemaBuilder(knex, table).dropTableIfExists(tableRef(table).tableName));
}

/**
 * ALTER TABLE ... RENAME TO, within the table's schema. `qualifiedTarget`: the dialect names
 * the new table with its schema (MySQL, where a bare name would move it to the current
 * database); PostgreSQL takes the bare name and keeps the schema.
 */
export function compileRenameTable(knex: Knex, from: TableName, to: string, qualifiedTarget: boolean): CompiledQuery {
  const { schema } = tableRef(from);
  const target = qualifiedTarget ? tableIdentifier({ tableName: to, schema }) : to;
  return { sql: knex.raw('ALTER TABLE ?? RENAME TO ??', [tableIdentifier(from), target]).toSQL().sql, bindings: [] };
}

/** ALTER TABLE ... RENAME COLUMN. */
export function compileRenameColumn(knex: Knex, table: TableName, from: string, to: string): CompiledQuery {
  return {
    sql: knex.raw('ALTER TABLE ?? RENAME COLUMN ?? TO ??', [tableIdentifier(table), from, to]).toSQL().sql,
    bindings: [],
  };
}

/** ALTER TABLE on a table, in its schema (see schemaBuilder). */
function alterTable(knex: Knex, table: TableName, change: (builder: Knex.AlterTableBuilder) => void): CompiledQuery[] {
  return schemaStatements(schemaBuilder(knex, table).alterTable(tableRef(table).tableName, change));
}

/** Adds a column as CREATE TABLE would define it (type, nullability, default, uniqueness, foreign key). */
export function compileAddColumn(
  knex: Knex,
  dialect: Dialect,
  table: TableName,
  attribute: AttributeDefinition,
): CompiledQuery[] {
  return [
    ...createEnumTypeStatements(knex, dialect, table, attribute),
    ...alterTable(knex, table, (builder) => defineColumn(builder, attribute, dialect, { knex, table })),
  ];
}

/**
 * Changes a column in place to the attribute's type, nullability and default (what the
 * attribute leaves out is reset), for dialects whose ALTER TABLE can.
 */
export function compileAlterColumn(
  knex: Knex,
  dialect: Dialect,
  table: TableName,
  attribute: AttributeDefinition,
): CompiledQuery[] {
  return alterTable(knex, table, (builder) => defineColumn(builder, attribute, dialect, { knex, alter: true, table }));
}

/** ALTER TABLE ... DROP COLUMN. */
export function compileDropColumn(knex: Knex, table: TableName, column: string): CompiledQuery[] {
  return alterTable(knex, table, (builder) => builder.dropColumn(column));
}

/**
 * Adds a foreign key constraint in place. Its name is required: the dialects that name
 * constraints need one to drop it again.
 */
export function compileAddForeignKey(
  knex: Knex,
  dialect: Pick<Dialect, 'bareReferenceSchema'>,
  table: TableName,
  foreignKey: ForeignKeyDescription & { name: string },
): CompiledQuery[] {
  const referenced = { tableName: foreignKey.referencedTable, schema: foreignKey.referencedSchema };
  return alterTable(knex, table, (builder) => {
    const reference = builder
      .foreign(foreignKey.columns, foreignKey.name)
      .references(foreignKey.referencedColumns)
      .inTable(referencedTable(dialect, table, referenced));
    if (foreignKey.onDelete) reference.onDelete(foreignKey.onDelete);
    if (foreignKey.onUpdate) reference.onUpdate(foreignKey.onUpdate);
  });
}

/** Drops a foreign key constraint in place, by its name where it has one. */
export function compileDropForeignKey(
  knex: Knex,
  table: TableName,
  foreignKey: ForeignKeyDescription,
): CompiledQuery[] {
  return alterTable(knex, table, (builder) => builder.dropForeign(foreignKey.columns, foreignKey.name ?? undefined));
}

/** Creates an index over `fields`, as a unique constraint when `unique`. */
export function compileAddIndex(
  knex: Knex,
  table: TableName,
  fields: readonly string[],
  name: string,
  unique: boolean,
): CompiledQuery[] {
  return alterTable(knex, table, (builder) => {
    if (unique) builder.unique([...fields], { indexName: name });
    else builder.index([...fields], name);
  });
}

/** Drops an index (a unique one as the unique constraint it was created as). */
export function compileDropIndex(knex: Knex, table: TableName, index: IndexDescription): CompiledQuery[] {
  return alterTable(knex, table, (builder) => {
    if (index.unique) builder.dropUnique(index.fields, index.name);
    else builder.dropIndex(index.fields, index.name);
  });
}

const DEFINITION_TABLE = '__strata_column_definition__';

/**
 * One column's definition as it stands between CREATE TABLE's parentheses (`"name" varchar(20)
 * not null default 'x'`), written by knex exactly as CREATE TABLE writes it, for a table
 * rebuild that assembles its own CREATE TABLE. Uniqueness and the foreign key are left to the
 * table's constraints; an ENUM on a dialect without ENUM types carries its CHECK inline.
 */
export function compileColumnDefinition(knex: Knex, dialect: Dialect, attribute: AttributeDefinition): string {
  const [createTable] = schemaStatements(
    knex.schema.createTable(DEFINITION_TABLE, (builder) =>
      defineColumn(builder, { ...attribute, unique: false, references: undefined }, dialect, { knex }),
    ),
  );
  const column = createTable.sql.slice(createTable.sql.indexOf('(') + 1, createTable.sql.lastIndexOf(')'));
  if (attribute.type.key !== 'ENUM' || dialect.supports.nativeEnums) return column;
  return `${column} CHECK (${enumPredicate(knex, attribute)})`;
}

/**
 * SELECT COUNT(*) AS count of a table's rows matching a condition in knex raw notation (`??`
 * identifiers, `?` bound values): how sync's alter counts the rows a change would harm.
 */
export function compileCountRows(
  knex: Knex,
  table: TableName,
  condition: { sql: string; bindings: readonly unknown[] },
): CompiledQuery {
  return toNative(
    knex.raw(`SELECT COUNT(*) AS ?? FROM ?? WHERE ${condition.sql}`, [
      'count',
      tableIdentifier(table),
      ...(condition.bindings as Knex.RawBinding[]),
    ]),
  );
}

/**
 * The number (as count) of rows sharing their value of `columns` (none NULL) with another row:
 * the duplicates that would make a new unique index fail.
 */
export function compileCountDuplicates(knex: Knex, table: TableName, columns: readonly string[]): CompiledQuery {
  const grouped = knex(tableIdentifier(table))
    .select(knex.raw('COUNT(*) AS ??', ['rows_in_group']))
    .whereNotNull(columns[0] as string)
    .groupBy([...columns])
    .havingRaw('COUNT(*) > 1');
  for (const column of columns.slice(1)) grouped.whereNotNull(column);
  return toNative(
    knex.select(knex.raw('COALESCE(SUM(??), 0) AS ??', ['rows_in_group', 'count'])).from(grouped.as('duplicates')),
  );
}

/**
 * SELECT COUNT(*) AS count of the rows whose `column` is set but names no row of the
 * referenced table: the rows that would make a new foreign key fail.
 */
export function compileCountOrphans(
  knex: Knex,
  table: TableName,
  column: string,
  referencedTable: TableName,
  referencedColumn: string,
): CompiledQuery {
  return toNative(
    knex(tableIdentifier(table))
      .count({ count: '*' })
      .whereNotNull(column)
      .whereNotIn(
        column,
        knex(tableIdentifier(referencedTable)).select(referencedColumn).whereNotNull(referencedColumn),
      ),
  );
}

/**
 * CREATE INDEX from a spec, in the dialect's syntax (see Dialect.createIndexSql), with its
 * literals inlined (DDL takes no bound parameters). A partial index's `where` is a where object
 * over the table's columns, compiled as bulkDelete's filter is.
 */
export function compileCreateIndex(
  knex: Knex,
  dialect: Dialect,
  spec: Omit<IndexSpec, 'where' | 'table'> & { table: TableName; where?: unknown },
): CompiledQuery {
  const { tableName } = tableRef(spec.table);
  if (spec.where !== undefined && !dialect.supports.partialIndexes) {
    throw new InvalidQueryError(
      `Index ${spec.name} on ${tableLabel(spec.table)}: ${dialect.name} has no partial indexes (where)`,
    );
  }
  const definition = buildModelDefinition(tableName, {}, { tableName, timestamps: false });
  // The predicate names columns by the bare table name, which stands for the table in its schema.
  const where =
    spec.where === undefined
      ? undefined
      : compileWhere(spec.where, { definition, dialect, tableAlias: tableName, untypedColumns: true });
  const compiled = dialect.createIndexSql({ ...spec, table: tableIdentifier(spec.table), where });
  return { sql: knex.raw(compiled.sql, compiled.bindings as Knex.RawBinding[]).toQuery(), bindings: [] };
}
