import type { Knex } from 'knex';
import type { AttributeDefinition, IndexOptions, ModelDefinition } from '../definition/model-definition';
import type { Dialect, IndexSpec } from '../dialect/dialect';
import { ModelDefinitionError } from '../errors/errors';
import type { CompiledQuery } from '../execution/executor';
import { compileWhere } from '../compile/where';

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
      defineColumn(table, attribute, dialect, { indexPrefix: definition.tableName });
      if (typeof attribute.unique === 'string') {
        composites.set(attribute.unique, [...(composites.get(attribute.unique) ?? []), attribute.field]);
      }
      if (attribute.type.key === 'ENUM' && !dialect.supports.nativeEnums) {
        const values = (attribute.type.values ?? []).map((v) => literal('?', [v]));
        table.check(
          literal(`?? IN (${values.join(', ')})`, [attribute.field]),
          [],
          `${definition.tableName}_${attribute.field}_enum`,
        );
      }
    }
    if (primaryKeys.length > 0 && !(primaryKeys.length === 1 && primaryKeys[0].autoIncrement)) {
      table.primary(primaryKeys.map((a) => a.field));
    }
    for (const [name, fields] of composites) table.unique(fields, { indexName: name });
    if (definition.options.engine && dialect.supports.tableEngines) table.engine(definition.options.engine);
  };
  const statements: CompiledQuery[] = knex.schema
    .createTable(definition.tableName, build)
    .toSQL()
    .map((s) => ({ sql: s.sql, bindings: s.bindings ?? [] }));
  const commentSql = dialect.tableCommentSql();
  if (definition.options.comment && commentSql) {
    statements.push({ sql: literal(commentSql, [definition.tableName, definition.options.comment]), bindings: [] });
  }
  for (const index of definition.indexes) {
    const compiled = dialect.createIndexSql(indexSpec(definition, dialect, index));
    statements.push({ sql: literal(compiled.sql, compiled.bindings), bindings: [] });
  }
  return statements;
}

/** The name an index gets when the model does not give one: table, columns, and `_unique`. */
export function defaultIndexName(definition: ModelDefinition, fields: readonly string[], unique: boolean): string {
  return `${definition.tableName}_${fields.join('_')}${unique ? '_unique' : ''}`;
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
    table: definition.tableName,
    name:
      index.name ??
      defaultIndexName(
        definition,
        columns.map((c) => c.field),
        index.unique ?? false,
      ),
    unique: index.unique ?? false,
    using: index.using,
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
  options: { alter?: boolean; indexPrefix?: string } = {},
): Knex.ColumnBuilder {
  const column = table.specificType(attribute.field, dialect.columnType(attribute.type));
  if (!attribute.allowNull) column.notNullable();
  else if (options.alter) column.nullable();
  if (attribute.hasDefault && isStaticDefault(attribute.defaultValue)) {
    column.defaultTo(dialect.codec.toDatabase(attribute.type, attribute.defaultValue) as Knex.Value);
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
    const reference = column.references(attribute.references.key).inTable(attribute.references.table);
    if (attribute.onDelete) reference.onDelete(attribute.onDelete);
    if (attribute.onUpdate) reference.onUpdate(attribute.onUpdate);
    if (attribute.references.deferrable && dialect.supports.deferrableConstraints) reference.deferrable('deferred');
  }
  return column;
}

/** Whether a default value can be written into the column definition (not a function or NOW). */
export function isStaticDefault(value: unknown): boolean {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}
