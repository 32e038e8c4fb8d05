import type { Knex } from 'knex';
import { sayOptionIgnored } from '../options/ignored-option';
import type { AttributeDefinition, IndexOptions, ModelDefinition } from '../definition/model-definition';
import type { Dialect, IndexSpec, RawStatement } from '../dialect/dialect';
import type { DataType } from '../definition/data-types';
import { ModelDefinitionError } from '../errors/errors';
import type { CompiledQuery } from '../execution/executor';
import { compileWhere } from './where';
import { Fn } from './expressions';
import { tableIdentifier, tableRef, type TableName, type TableRef } from '../definition/table-ref';

/**
 * CREATE TABLE (and its indexes) for a model: every column with its type, nullability,
 * default, uniqueness, comment and foreign key, the primary key (single, composite, or
 * auto-incrementing), composite unique constraints, ENUM checks, the table comment and engine,
 * and then one CREATE INDEX per entry of the model's `indexes`.
 *
 * DDL takes no bound parameters, so the few literals it holds (defaults, ENUM values, comments,
 * partial-index values) are inlined by knex's escaping for the dialect; they come from the model
 * definition, never from a query's input.
 */
export function compileCreateTable(definition: ModelDefinition, dialect: Dialect, knex: Knex): CompiledQuery[] {
  const literal = (sql: string, bindings: readonly unknown[]): string =>
    knex.raw(sql, bindings as Knex.RawBinding[]).toQuery();
  const build = (table: Knex.CreateTableBuilder): void => {
    const primaryKeys = definition.columnAttributes.filter((a) => a.primaryKey);
    const composites = new Map<string, string[]>();
    for (const attribute of definition.columnAttributes) {
      if (attribute.autoIncrement && attribute.primaryKey && primaryKeys.length === 1) {
        dialect.addAutoIncrementColumn(table, attribute);
        continue;
      }
      defineColumn(table, attribute, dialect, { knex, indexPrefix: definition.tableName, table: definition });
      if (typeof attribute.unique === 'string') {
        composites.set(attribute.unique, [...(composites.get(attribute.unique) ?? []), attribute.field]);
      }
      if (attribute.type.key === 'ENUM' && !dialect.supports.nativeEnums) {
        table.check(enumPredicate(knex, attribute), [], `${definition.tableName}_${attribute.field}_enum`);
      }
    }
    if (primaryKeys.length > 0 && !(primaryKeys.length === 1 && primaryKeys[0].autoIncrement)) {
      table.primary(primaryKeys.map((a) => a.field));
    }
    for (const [name, fields] of composites) table.unique(fields, { indexName: name });
    if (definition.options.engine && dialect.supports.tableEngines) table.engine(definition.options.engine);
    else if (definition.options.engine) {
      sayOptionIgnored(`${definition.name}: the engine option is ignored on ${dialect.name} (a MySQL table option)`);
    }
    // The table's defaults, for columns added later without their own (its text columns name
    // them already: see the dialect's columnCollation). MySQL table options, as ENGINE is.
    const { charset, collate } = definition.options;
    if (dialect.supports.tableEngines) {
      if (charset) table.charset(charset);
      if (collate) table.collate(collate);
    } else if (charset || collate) {
      sayOptionIgnored(
        `${definition.name}: the ${charset ? 'charset' : 'collate'} option is ignored on ${dialect.name} ` +
          '(a MySQL table option; give a column collate instead)',
      );
    }
  };
  const statements = [
    ...definition.columnAttributes.flatMap((attribute) =>
      createEnumTypeStatements(knex, dialect, definition, attribute),
    ),
    ...schemaStatements(schemaBuilder(knex, definition).createTable(definition.tableName, build)),
  ];
  const commentSql = dialect.tableCommentSql();
  if (definition.options.comment && commentSql) {
    statements.push({
      sql: literal(commentSql, [tableIdentifier(definition), definition.options.comment]),
      bindings: [],
    });
  }
  for (const index of definition.indexes) {
    const compiled = dialect.createIndexSql(indexSpec(definition, dialect, index));
    statements.push({ sql: literal(compiled.sql, compiled.bindings), bindings: [] });
  }
  return statements;
}

/**
 * Refuses what {@link compileCreateTable} would refuse, without building the statement: a
 * static default the column's type cannot encode, an index over something that is not an
 * attribute, an index the dialect cannot create. `Model.init` runs it for every model; knex's
 * schema compiler is left for `sync()`, as it was a third of defining a model.
 */
export function checkCreateTable(definition: ModelDefinition, dialect: Dialect): void {
  for (const attribute of definition.columnAttributes) {
    if (attribute.hasDefault && isStaticDefault(attribute.defaultValue)) {
      dialect.codec.toDatabase(attribute.type, attribute.defaultValue);
    }
  }
  for (const index of definition.indexes) dialect.createIndexSql(indexSpec(definition, dialect, index));
}

/**
 * The named ENUM type a column is of (an ENUM, or an ARRAY of one), where the dialect has named
 * enum types (PostgreSQL); undefined elsewhere and for other columns.
 */
export function enumTypeOf(
  dialect: Dialect,
  table: TableName,
  attribute: Pick<AttributeDefinition, 'type' | 'field'>,
): { name: string; values: readonly string[]; array: boolean } | undefined {
  if (!dialect.enumTypes) return undefined;
  const array = attribute.type.key === 'ARRAY';
  const type: DataType | undefined = array ? attribute.type.element : attribute.type;
  if (type?.key !== 'ENUM') return undefined;
  return { name: dialect.enumTypes.typeName(tableRef(table), attribute.field), values: type.values ?? [], array };
}

/** The statements that create a column's named ENUM type before the column (none where it has none). */
export function createEnumTypeStatements(
  knex: Knex,
  dialect: Dialect,
  table: TableName,
  attribute: AttributeDefinition,
): CompiledQuery[] {
  const enumType = enumTypeOf(dialect, table, attribute);
  if (!enumType || !dialect.enumTypes) return [];
  return dialect.enumTypes.create(enumType.name, enumType.values).map((statement) => inlined(knex, statement));
}

/** A raw statement with its literals inlined, escaped by knex for the dialect (DDL takes no bound parameters). */
export function inlined(knex: Pick<Knex, 'raw'>, statement: RawStatement): CompiledQuery {
  return { sql: knex.raw(statement.sql, statement.bindings as Knex.RawBinding[]).toQuery(), bindings: [] };
}

/**
 * The name Strata gives an index it creates when none is given (a model's index or unique
 * column, the query interface's addIndex): `<table>_<fields>`, plus `_unique` for a unique one.
 * The schema diff relies on it to recognise the indexes a model expects.
 */
export function defaultIndexName(tableName: string, fields: readonly string[], unique: boolean): string {
  return `${tableName}_${fields.join('_')}${unique ? '_unique' : ''}`;
}

/**
 * The predicate that keeps an ENUM column to its values where the dialect has no ENUM type:
 * `"status" IN ('open', 'closed')`, with the identifier and the values escaped by knex for the
 * dialect. CREATE TABLE writes it as a named table CHECK; a SQLite table rebuild, which keeps
 * table checks only for unchanged columns, writes it in the changed column's definition.
 */
export function enumPredicate(knex: Knex, attribute: AttributeDefinition): string {
  const values = (attribute.type.values ?? []).map((value) => knex.raw('?', [value]).toQuery());
  return `${knex.raw('??', [attribute.field]).toQuery()} IN (${values.join(', ')})`;
}

function indexSpec(definition: ModelDefinition, dialect: Dialect, index: IndexOptions): IndexSpec {
  const columns = index.fields.map((entry) => {
    const spec = typeof entry === 'string' ? { name: entry } : entry;
    return {
      field: attributeOf(definition, spec.name, 'index').field,
      order: spec.order,
      length: spec.length,
      collate: spec.collate,
    };
  });
  if (index.where && !dialect.supports.partialIndexes) {
    throw new ModelDefinitionError(
      `${definition.name}: index ${index.name ?? columns.map((c) => c.field).join(', ')} has a where, ` +
        `but ${dialect.name} has no partial indexes`,
    );
  }
  return {
    table: tableIdentifier(definition),
    name:
      index.name ??
      defaultIndexName(
        definition.tableName,
        columns.map((c) => c.field),
        index.unique ?? false,
      ),
    unique: index.unique ?? false,
    using: index.using ?? index.method,
    type: index.type,
    columns,
    where: index.where
      ? compileWhere(index.where, { definition, dialect, tableAlias: definition.tableName })
      : undefined,
  };
}

function attributeOf(definition: ModelDefinition, name: string, what: string): AttributeDefinition {
  const attribute = definition.attributes.get(name) ?? definition.columnAttributes.find((a) => a.field === name);
  if (!attribute || attribute.virtual) {
    throw new ModelDefinitionError(
      `${definition.name}: ${what} field ${JSON.stringify(name)} is not an attribute (or column) of the model`,
    );
  }
  return attribute;
}

/**
 * Adds one attribute's column to a table being created or altered: its type, nullability,
 * static default, comment, single-column uniqueness and foreign key. Composite unique names
 * (`unique: 'name'`) are the caller's to collect. With `alter`, the column replaces the
 * existing one (knex's `.alter()`), which PostgreSQL and MySQL can do in place.
 */
export function defineColumn(
  table: Knex.TableBuilder,
  attribute: AttributeDefinition,
  dialect: Dialect,
  options: { knex: Pick<Knex, 'raw'>; alter?: boolean; indexPrefix?: string; table?: TableName },
): Knex.ColumnBuilder {
  const enumType = options.table === undefined ? undefined : enumTypeOf(dialect, options.table, attribute);
  const type = enumType
    ? `${options.knex.raw('??', [enumType.name]).toQuery()}${enumType.array ? '[]' : ''}`
    : dialect.columnType(attribute.type);
  const collation = dialect.collationClause(dialect.columnCollation(attribute));
  const column = table.specificType(attribute.field, type + collation);
  if (!attribute.allowNull) column.notNullable();
  else if (options.alter) column.nullable();
  if (attribute.hasDefault && isStaticDefault(attribute.defaultValue)) {
    column.defaultTo(dialect.codec.toDatabase(attribute.type, attribute.defaultValue) as Knex.Value);
  } else if (attribute.hasDefault && isColumnDefaultFunction(attribute.defaultValue)) {
    // The database's own default (`DEFAULT (gen_random_uuid())`, parenthesized as SQLite and
    // MySQL require for an expression), so rows written by other
    // clients get one too. The name is a checked identifier (Fn); only argument-less calls,
    // since DDL takes no bound parameters.
    column.defaultTo(options.knex.raw(`(${attribute.defaultValue.name}())`));
  }
  if (attribute.comment) column.comment(attribute.comment);
  if (options.alter) {
    column.alter({ alterNullable: true, alterType: true });
    return column;
  }
  if (attribute.unique === true) {
    column.unique(options.indexPrefix ? { indexName: `${options.indexPrefix}_${attribute.field}_unique` } : undefined);
  }
  if (attribute.references) {
    const { table, schema, key } = attribute.references;
    const referenced = referencedTable(dialect, options.table, { tableName: table, schema });
    const reference = column.references(key).inTable(referenced);
    if (attribute.onDelete) reference.onDelete(attribute.onDelete);
    if (attribute.onUpdate) reference.onUpdate(attribute.onUpdate);
    if (attribute.references.deferrable && dialect.supports.deferrableConstraints) {
      reference.deferrable(attribute.references.deferrable);
    }
  }
  return column;
}

/**
 * knex's schema builder for a table: `withSchema(schema)` when the table has one, so every
 * statement it writes names `"schema"."table"` (and DROP INDEX the index in that schema).
 */
export function schemaBuilder(knex: Pick<Knex, 'schema'>, table: TableName): Knex.SchemaBuilder {
  const { schema } = tableRef(table);
  return schema === undefined ? knex.schema : knex.schema.withSchema(schema);
}

/**
 * The knex identifier of the table a foreign key of `owner` references: its schema as given,
 * or, for a bare name from a table in a schema, the dialect's `bareReferenceSchema` (MySQL
 * would otherwise look for it in the owner's database).
 */
export function referencedTable(
  dialect: Pick<Dialect, 'bareReferenceSchema'>,
  owner: TableName | undefined,
  referenced: TableRef,
): string {
  const ownerSchema = owner === undefined ? undefined : tableRef(owner).schema;
  if (referenced.schema === undefined && ownerSchema !== undefined && dialect.bareReferenceSchema !== undefined) {
    return tableIdentifier({ tableName: referenced.tableName, schema: dialect.bareReferenceSchema });
  }
  return tableIdentifier(referenced);
}

/** What a knex schema builder wrote (one builder may write several statements). */
export function schemaStatements(builder: Knex.SchemaBuilder): CompiledQuery[] {
  return builder.toSQL().map((statement) => ({ sql: statement.sql, bindings: statement.bindings ?? [] }));
}

/** Whether a default value can be written into the column definition (not a function or NOW). */
/** `defaultValue: fn('gen_random_uuid')`: a function call without arguments, written into the column's DEFAULT. */
export function isColumnDefaultFunction(value: unknown): value is Fn {
  return value instanceof Fn && value.args.length === 0;
}

export function isStaticDefault(value: unknown): boolean {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}
