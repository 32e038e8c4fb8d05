import type { Knex } from 'knex';
import type { ModelDefinition } from '../definition/model-definition';
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
      const column =
        attribute.type.key === 'ENUM'
          ? table.enu(attribute.field, [...(attribute.type.values ?? [])])
          : table.specificType(attribute.field, dialect.columnType(attribute.type));
      if (!attribute.allowNull) column.notNullable();
      if (attribute.hasDefault && isStaticDefault(attribute.defaultValue)) {
        column.defaultTo(dialect.codec.toDatabase(attribute.type, attribute.defaultValue) as Knex.Value);
      }
      if (attribute.comment) column.comment(attribute.comment);
      if (attribute.unique === true) column.unique();
      else if (typeof attribute.unique === 'string') {
        composites.set(attribute.unique, [...(composites.get(attribute.unique) ?? []), attribute.field]);
      }
      if (attribute.references) {
        const reference = column.references(attribute.references.key).inTable(attribute.references.table);
        if (attribute.onDelete) reference.onDelete(attribute.onDelete);
        if (attribute.onUpdate) reference.onUpdate(attribute.onUpdate);
        if (attribute.references.deferrable) reference.deferrable('deferred');
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

function isStaticDefault(value: unknown): boolean {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}
