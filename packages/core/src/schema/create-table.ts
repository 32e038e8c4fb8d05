import type { Knex } from 'knex';
import type { AttributeDefinition, ModelDefinition } from '../definition/model-definition';
import type { Dialect } from '../dialect/dialect';
import type { CompiledQuery } from '../execution/executor';

/**
 * CREATE TABLE (and its indexes) for a model, built with knex's schema builder: every column
 * with its type, nullability, default, uniqueness, comment and foreign key, the primary key,
 * composite unique constraints and the model's indexes.
 */
export function compileCreateTable(definition: ModelDefinition, dialect: Dialect, knex: Knex): CompiledQuery[] {
  const build = (table: Knex.CreateTableBuilder): void => {
    const primaryKeys = definition.columnAttributes.filter((a) => a.primaryKey);
    const composites = new Map<string, string[]>();
    for (const attribute of definition.columnAttributes) {
      if (attribute.autoIncrement && attribute.primaryKey && primaryKeys.length === 1) {
        dialect.addAutoIncrementColumn(table, attribute);
        continue;
      }
      defineColumn(table, attribute, dialect);
      if (typeof attribute.unique === 'string') {
        composites.set(attribute.unique, [...(composites.get(attribute.unique) ?? []), attribute.field]);
      }
    }
    if (primaryKeys.length > 0 && !(primaryKeys.length === 1 && primaryKeys[0].autoIncrement)) {
      table.primary(primaryKeys.map((a) => a.field));
    }
    for (const [name, fields] of composites) table.unique(fields, { indexName: name });
    if (definition.options.comment) table.comment(definition.options.comment);
    if (definition.options.engine) table.engine(definition.options.engine);
  };
  const statements = knex.schema.createTable(definition.tableName, build).toSQL();
  for (const index of definition.indexes) {
    const fields = index.fields.map((f) =>
      typeof f === 'string' ? fieldOf(definition, f) : fieldOf(definition, f.name),
    );
    const name = index.name ?? `${definition.tableName}_${fields.join('_')}${index.unique ? '_unique' : ''}`;
    statements.push(
      ...knex.schema
        .alterTable(definition.tableName, (table) => {
          if (index.unique) table.unique(fields, { indexName: name });
          else table.index(fields, name, index.using ? { indexType: index.using } : undefined);
        })
        .toSQL(),
    );
  }
  return statements.map((s) => ({ sql: s.sql, bindings: s.bindings ?? [] }));
}

function fieldOf(definition: ModelDefinition, name: string): string {
  return definition.attributes.get(name)?.field ?? name;
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
  options: { alter?: boolean } = {},
): Knex.ColumnBuilder {
  const column =
    attribute.type.key === 'ENUM' && !options.alter
      ? table.enu(attribute.field, [...(attribute.type.values ?? [])])
      : table.specificType(attribute.field, dialect.columnType(attribute.type));
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
  if (attribute.unique === true) column.unique();
  if (attribute.references) {
    const reference = column.references(attribute.references.key).inTable(attribute.references.table);
    if (attribute.onDelete) reference.onDelete(attribute.onDelete);
    if (attribute.onUpdate) reference.onUpdate(attribute.onUpdate);
    if (attribute.references.deferrable) reference.deferrable('deferred');
  }
  return column;
}

/** Whether a default value can be written into the column definition (not a function or NOW). */
export function isStaticDefault(value: unknown): boolean {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}
