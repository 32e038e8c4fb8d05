import type { Knex } from 'knex';
import type { AttributeDefinition } from '../definition/model-definition';
import { buildModelDefinition } from '../definition/build-definition';
import type { Dialect, ForeignKeyDescription, IndexDescription, IndexSpec } from '../dialect/dialect';
import type { CompiledQuery } from '../execution/executor';
import { createEnumTypeStatements, defineColumn, enumPredicate, schemaStatements } from './create-table';
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

/** DROP TABLE IF EXISTS. */
export function compileDropTable(knex: Knex, table: string): CompiledQuery[] {
  return schemaStatements(knex.schema.dropTableIfExists(table));
}

/** ALTER TABLE ... RENAME TO. */
export function compileRenameTable(knex: Knex, from: string, to: string): CompiledQuery {
  return { sql: knex.raw('ALTER TABLE ?? RENAME TO ??', [from, to]).toSQL().sql, bindings: [] };
}

/** ALTER TABLE ... RENAME COLUMN. */
export function compileRenameColumn(knex: Knex, table: string, from: string, to: string): CompiledQuery {
  return { sql: knex.raw('ALTER TABLE ?? RENAME COLUMN ?? TO ??', [table, from, to]).toSQL().sql, bindings: [] };
}

/** Adds a column as CREATE TABLE would define it (type, nullability, default, uniqueness, foreign key). */
export function compileAddColumn(
  knex: Knex,
  dialect: Dialect,
  table: string,
  attribute: AttributeDefinition,
): CompiledQuery[] {
  return [
    ...createEnumTypeStatements(knex, dialect, table, attribute),
    ...schemaStatements(
      knex.schema.alterTable(table, (builder) => defineColumn(builder, attribute, dialect, { knex, table })),
    ),
  ];
}

/**
 * Changes a column in place to the attribute's type, nullability and default (what the
 * attribute leaves out is reset), for dialects whose ALTER TABLE can.
 */
export function compileAlterColumn(
  knex: Knex,
  dialect: Dialect,
  table: string,
  attribute: AttributeDefinition,
): CompiledQuery[] {
  return schemaStatements(
    knex.schema.alterTable(table, (builder) => defineColumn(builder, attribute, dialect, { knex, alter: true, table })),
  );
}

/** ALTER TABLE ... DROP COLUMN. */
export function compileDropColumn(knex: Knex, table: string, column: string): CompiledQuery[] {
  return schemaStatements(knex.schema.alterTable(table, (builder) => builder.dropColumn(column)));
}

/**
 * Adds a foreign key constraint in place. Its name is required: the dialects that name
 * constraints need one to drop it again.
 */
export function compileAddForeignKey(
  knex: Knex,
  table: string,
  foreignKey: ForeignKeyDescription & { name: string },
): CompiledQuery[] {
  return schemaStatements(
    knex.schema.alterTable(table, (builder) => {
      const reference = builder
        .foreign(foreignKey.columns, foreignKey.name)
        .references(foreignKey.referencedColumns)
        .inTable(foreignKey.referencedTable);
      if (foreignKey.onDelete) reference.onDelete(foreignKey.onDelete);
      if (foreignKey.onUpdate) reference.onUpdate(foreignKey.onUpdate);
    }),
  );
}

/** Drops a foreign key constraint in place, by its name where it has one. */
export function compileDropForeignKey(knex: Knex, table: string, foreignKey: ForeignKeyDescription): CompiledQuery[] {
  return schemaStatements(
    knex.schema.alterTable(table, (builder) => builder.dropForeign(foreignKey.columns, foreignKey.name ?? undefined)),
  );
}

/** Creates an index over `fields`, as a unique constraint when `unique`. */
export function compileAddIndex(
  knex: Knex,
  table: string,
  fields: readonly string[],
  name: string,
  unique: boolean,
): CompiledQuery[] {
  return schemaStatements(
    knex.schema.alterTable(table, (builder) => {
      if (unique) builder.unique([...fields], { indexName: name });
      else builder.index([...fields], name);
    }),
  );
}

/** Drops an index (a unique one as the unique constraint it was created as). */
export function compileDropIndex(knex: Knex, table: string, index: IndexDescription): CompiledQuery[] {
  return schemaStatements(
    knex.schema.alterTable(table, (builder) => {
      if (index.unique) builder.dropUnique(index.fields, index.name);
      else builder.dropIndex(index.fields, index.name);
    }),
  );
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
  table: string,
  condition: { sql: string; bindings: readonly unknown[] },
): CompiledQuery {
  return toNative(
    knex.raw(`SELECT COUNT(*) AS ?? FROM ?? WHERE ${condition.sql}`, [
      'count',
      table,
      ...(condition.bindings as Knex.RawBinding[]),
    ]),
  );
}

/**
 * The number (as count) of rows sharing their value of `columns` (none NULL) with another row:
 * the duplicates that would make a new unique index fail.
 */
export function compileCountDuplicates(knex: Knex, table: string, columns: readonly string[]): CompiledQuery {
  const grouped = knex(table)
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
  table: string,
  column: string,
  referencedTable: string,
  referencedColumn: string,
): CompiledQuery {
  return toNative(
    knex(table)
      .count({ count: '*' })
      .whereNotNull(column)
      .whereNotIn(column, knex(referencedTable).select(referencedColumn).whereNotNull(referencedColumn)),
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
  spec: Omit<IndexSpec, 'where'> & { where?: unknown },
): CompiledQuery {
  if (spec.where !== undefined && !dialect.supports.partialIndexes) {
    throw new InvalidQueryError(`Index ${spec.name} on ${spec.table}: ${dialect.name} has no partial indexes (where)`);
  }
  const definition = buildModelDefinition(spec.table, {}, { tableName: spec.table, timestamps: false });
  const where =
    spec.where === undefined
      ? undefined
      : compileWhere(spec.where, { definition, dialect, tableAlias: spec.table, untypedColumns: true });
  const compiled = dialect.createIndexSql({ ...spec, where });
  return { sql: knex.raw(compiled.sql, compiled.bindings as Knex.RawBinding[]).toQuery(), bindings: [] };
}
