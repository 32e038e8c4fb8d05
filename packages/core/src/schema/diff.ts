import {
  compileCreateTable,
  defaultIndexName,
  isColumnDefaultFunction,
  isStaticDefault,
} from '../compile/create-table';
import type { Strata } from '../connection/strata';
import { DataTypes, type DataType } from '../definition/data-types';
import type {
  AttributeDefinition,
  AttributeOptions,
  ModelDefinition,
  ReferentialAction,
} from '../definition/model-definition';
import type { ColumnDescription, Dialect, ForeignKeyDescription, IndexDescription } from '../dialect/dialect';
import type { Model } from '../model/model';
import { runtimeOf } from '../runtime/model-runtime';
import { dependencyOrder } from './dependency-order';
import { tableIdentifier, tableLabel, type TableName } from '../definition/table-ref';

/**
 * One difference between the models and the live schema, as the change that removes it. A
 * table in a schema is named `{ tableName, schema }` (as the query interface takes it), any
 * other by its name.
 */
export type SchemaChange =
  | { kind: 'createSchema'; schema: string }
  | { kind: 'createTable'; table: TableName; definition: ModelDefinition }
  | { kind: 'dropTable'; table: TableName; columns: Record<string, ColumnDescription> }
  | { kind: 'addColumn'; table: TableName; column: string; attribute: AttributeDefinition }
  | { kind: 'removeColumn'; table: TableName; column: string; previous: ColumnDescription }
  | {
      kind: 'changeColumn';
      table: TableName;
      column: string;
      attribute: AttributeDefinition;
      previous: ColumnDescription;
      /** What differs, for the generated file and messages: `type VARCHAR(50) -> VARCHAR(100)`. */
      reasons: string[];
    }
  | { kind: 'addIndex'; table: TableName; index: ExpectedIndex }
  | { kind: 'removeIndex'; table: TableName; index: IndexDescription }
  | { kind: 'addForeignKey'; table: TableName; foreignKey: ExpectedForeignKey }
  | { kind: 'removeForeignKey'; table: TableName; foreignKey: ForeignKeyDescription };

/** An index the models call for, as `diffSchema` reports it missing. */
export interface ExpectedIndex {
  name: string;
  fields: string[];
  unique: boolean;
  /** The model's index method (`GIN`), so an index the diff adds is the one the model declares. */
  using?: string;
  /** MySQL's FULLTEXT or SPATIAL. */
  type?: 'FULLTEXT' | 'SPATIAL';
}

/** A foreign key the models call for, as `diffSchema` reports it missing. */
export interface ExpectedForeignKey {
  column: string;
  referencedTable: string;
  /** The referenced table's schema, when the model names one. */
  referencedSchema?: string;
  referencedColumn: string;
  onDelete: string | undefined;
  onUpdate: string | undefined;
}

/** The options of `diffSchema` (what `strata migration:generate` runs). */
export interface DiffOptions {
  /**
   * Tables in the database that no model describes become dropTable changes (default false):
   * those of the default schema and of every schema a model names.
   */
  dropUnknownTables?: boolean;
  /** Tables never reported (the migration runner's meta tables). */
  ignoreTables?: readonly string[];
}

/** Whether applying the change can lose data (dropping a table or a column). */
export function isDestructive(change: SchemaChange): boolean {
  return change.kind === 'dropTable' || change.kind === 'removeColumn';
}

/**
 * Compares model definitions with the live schema (through the dialect's introspector) and
 * lists the changes that would make the schema match the models: tables, columns (type as
 * the dialect writes it, nullability, static default), indexes and foreign keys.
 *
 * The trap it is built around: each database reports types and defaults in its own words
 * (`character varying(255)`, `int(11)`, `'a'::text`), so the dialect's schema helper normalises
 * both sides before comparing; a schema created from the models reports no changes.
 *
 * @example
 * const changes = await diffSchema(db, [User.definition, Post.definition]);
 * if (changes.length > 0) console.log(changes.map(describeChange));
 */
export async function diffSchema(
  strata: Strata,
  definitions: readonly ModelDefinition[],
  options: DiffOptions = {},
): Promise<SchemaChange[]> {
  const queryInterface = strata.getQueryInterface();
  const dialect = strata.dialect;
  const schemas = [...new Set(definitions.map((d) => d.schema))];
  const named = schemas.filter((schema): schema is string => schema !== undefined);
  // Which schema "no schema" is, so a foreign key into `public` (as the database reports every
  // key's schema) and one into no schema compare equal.
  const defaultSchema = dialect.supports.schemas ? await queryInterface.defaultSchema() : undefined;
  const liveSchemas = named.length > 0 ? new Set(await queryInterface.showAllSchemas()) : new Set<string>();
  const changes: SchemaChange[] = [];
  for (const schema of named) {
    if (schema !== defaultSchema && schema !== 'public' && !liveSchemas.has(schema)) {
      changes.push({ kind: 'createSchema', schema });
    }
  }
  const existing = new Map<string | undefined, Set<string>>();
  for (const schema of [undefined, ...named]) {
    const missing = schema !== undefined && changes.some((c) => c.kind === 'createSchema' && c.schema === schema);
    existing.set(schema, new Set(missing ? [] : await queryInterface.showAllTables({ schema })));
  }
  const ignored = new Set(options.ignoreTables ?? []);
  const modelled = new Set(definitions.map((d) => tableIdentifier(d)));
  const sameSchema = (a: string | undefined, b: string | undefined): boolean =>
    (a ?? defaultSchema) === (b ?? defaultSchema);

  for (const definition of definitions) {
    const table = tableNameOf(definition);
    if (!existing.get(definition.schema)?.has(definition.tableName)) {
      changes.push({ kind: 'createTable', table, definition });
      continue;
    }
    const columns = await queryInterface.describeTable(table);
    const expectedFields = new Set(definition.columnAttributes.map((a) => a.field));
    for (const attribute of definition.columnAttributes) {
      const live = columns[attribute.field];
      if (!live) {
        changes.push({ kind: 'addColumn', table, column: attribute.field, attribute });
        continue;
      }
      const reasons = columnDifferences(dialect, attribute, live);
      if (reasons.length > 0) {
        changes.push({ kind: 'changeColumn', table, column: attribute.field, attribute, previous: live, reasons });
      }
    }
    for (const [field, live] of Object.entries(columns)) {
      if (!expectedFields.has(field)) changes.push({ kind: 'removeColumn', table, column: field, previous: live });
    }

    const liveForeignKeys = await queryInterface.showForeignKeys(table);
    const expectedForeignKeys = expectedForeignKeysOf(definition);
    for (const expected of expectedForeignKeys) {
      if (!liveForeignKeys.some((live) => foreignKeyMatches(expected, live, sameSchema))) {
        changes.push({ kind: 'addForeignKey', table, foreignKey: expected });
      }
    }
    for (const live of liveForeignKeys) {
      if (!expectedForeignKeys.some((expected) => foreignKeyMatches(expected, live, sameSchema))) {
        changes.push({ kind: 'removeForeignKey', table, foreignKey: live });
      }
    }

    const liveIndexes = (await queryInterface.showIndex(table)).filter((i) => !i.primary);
    const expectedIndexes = expectedIndexesOf(definition);
    for (const expected of expectedIndexes) {
      if (!liveIndexes.some((live) => indexMatches(expected, live)))
        changes.push({ kind: 'addIndex', table, index: expected });
    }
    for (const live of liveIndexes) {
      if (expectedIndexes.some((expected) => indexMatches(expected, live))) continue;
      // An index the database keeps behind a foreign key belongs to the key, not to the model.
      if (!live.unique && liveForeignKeys.some((fk) => sameList(fk.columns, live.fields.slice(0, fk.columns.length)))) {
        continue;
      }
      // A column dropped from the model takes its indexes with it.
      if (live.fields.some((f) => !expectedFields.has(f))) continue;
      changes.push({ kind: 'removeIndex', table, index: live });
    }
  }

  if (options.dropUnknownTables) {
    for (const [schema, tables] of existing) {
      for (const tableName of tables) {
        const table = schema === undefined ? tableName : { tableName, schema };
        if (modelled.has(tableIdentifier(table)) || ignored.has(tableName)) continue;
        changes.push({ kind: 'dropTable', table, columns: await queryInterface.describeTable(table) });
      }
    }
  }
  return changes;
}

/** How a change names a model's table: `{ tableName, schema }` in a schema, else the name. */
function tableNameOf(definition: ModelDefinition): TableName {
  return definition.schema === undefined
    ? definition.tableName
    : { tableName: definition.tableName, schema: definition.schema };
}

/** A one-line description of a change, for logs and generated files. */
export function describeChange(change: SchemaChange): string {
  if (change.kind === 'createSchema') return `create schema ${change.schema}`;
  const table = tableLabel(change.table);
  switch (change.kind) {
    case 'createTable':
      return `create table ${table}`;
    case 'dropTable':
      return `drop table ${table}`;
    case 'addColumn':
      return `add column ${table}.${change.column}`;
    case 'removeColumn':
      return `remove column ${table}.${change.column}`;
    case 'changeColumn':
      return `change column ${table}.${change.column} (${change.reasons.join('; ')})`;
    case 'addIndex':
      return `add index ${change.index.name} on ${table} (${change.index.fields.join(', ')})`;
    case 'removeIndex':
      return `remove index ${change.index.name} on ${table}`;
    case 'addForeignKey':
      return `add foreign key ${table}.${change.foreignKey.column} -> ${referencedLabel(change.foreignKey)}`;
    case 'removeForeignKey':
      return `remove foreign key ${table}(${change.foreignKey.columns.join(', ')}) -> ${referencedLabel(change.foreignKey)}`;
  }
}

function referencedLabel(foreignKey: { referencedTable: string; referencedSchema?: string }): string {
  return tableLabel({ tableName: foreignKey.referencedTable, schema: foreignKey.referencedSchema });
}

function columnDifferences(dialect: Dialect, attribute: AttributeDefinition, live: ColumnDescription): string[] {
  const reasons: string[] = [];
  const { normalizeColumnType, normalizeDefault } = dialect.schema;
  const isSerialKey = attribute.autoIncrement && attribute.primaryKey;
  if (!isSerialKey) {
    const expectedType = normalizeColumnType(dialect.columnType(attribute.type));
    const liveType = normalizeColumnType(live.type);
    if (expectedType !== liveType) reasons.push(`type ${liveType} -> ${expectedType}`);
  }
  const collation = dialect.collationDifference(attribute, live);
  if (collation) reasons.push(collation);
  if (!attribute.primaryKey && attribute.allowNull !== live.allowNull) {
    reasons.push(attribute.allowNull ? 'allow null' : 'not null');
  }
  if (!isSerialKey) {
    const expectedDefault =
      attribute.hasDefault && isStaticDefault(attribute.defaultValue) && attribute.defaultValue !== null
        ? normalizeDefault(String(dialect.codec.toDatabase(attribute.type, attribute.defaultValue)))
        : undefined;
    const dynamicDefault = attribute.hasDefault && !isStaticDefault(attribute.defaultValue);
    const liveDefault = live.defaultValue === null ? undefined : normalizeDefault(live.defaultValue);
    if (!dynamicDefault && expectedDefault !== liveDefault) {
      reasons.push(`default ${liveDefault ?? 'none'} -> ${expectedDefault ?? 'none'}`);
    }
  }
  return reasons;
}

/**
 * The data type that a live column holds, found by asking the dialect which type it writes
 * that way (so it is right for every dialect); undefined when none matches.
 */
export function dataTypeForColumn(dialect: Dialect, liveType: string): DataType | undefined {
  const normalized = dialect.schema.normalizeColumnType(liveType);
  // ENUM('a','b') as MySQL and PostgreSQL (named types) report it.
  const enumValues = /^ENUM\((.*)\)$/is.exec(liveType.trim());
  if (enumValues) {
    const values = [...(enumValues[1] as string).matchAll(/'((?:[^']|'')*)'/g)].map((m) =>
      (m[1] as string).replace(/''/g, "'"),
    );
    return DataTypes.ENUM(values);
  }
  const sized = /\((\d+)(?:,(\d+))?\)/.exec(normalized);
  const length = sized ? Number(sized[1]) : undefined;
  const scale = sized?.[2] !== undefined ? Number(sized[2]) : 0;
  const candidates: DataType[] = [
    DataTypes.STRING(length),
    DataTypes.CHAR(length),
    DataTypes.DECIMAL(length, scale),
    DataTypes.INTEGER(),
    DataTypes.BIGINT(),
    DataTypes.SMALLINT(),
    DataTypes.BOOLEAN(),
    DataTypes.TEXT(),
    DataTypes.DATE(),
    DataTypes.DATEONLY(),
    DataTypes.TIME(),
    DataTypes.UUID(),
    DataTypes.DOUBLE(),
    DataTypes.FLOAT(),
    DataTypes.REAL(),
    DataTypes.JSONB(),
    DataTypes.JSON(),
    DataTypes.BLOB(),
    DataTypes.TINYINT(),
    DataTypes.MEDIUMINT(),
    DataTypes.INTEGER.UNSIGNED,
    DataTypes.BIGINT.UNSIGNED,
    DataTypes.SMALLINT.UNSIGNED,
    DataTypes.TINYINT.UNSIGNED,
    DataTypes.MEDIUMINT.UNSIGNED,
    DataTypes.INTEGER.ZEROFILL,
    DataTypes.CITEXT(),
    DataTypes.INET(),
    DataTypes.CIDR(),
    DataTypes.MACADDR(),
    DataTypes.TSVECTOR(),
    DataTypes.HSTORE(),
    DataTypes.GEOMETRY(),
  ];
  for (const candidate of candidates) {
    try {
      if (dialect.schema.normalizeColumnType(dialect.columnType(candidate)) === normalized) return candidate;
    } catch {
      // A type this dialect cannot store is not a candidate.
    }
  }
  return undefined;
}

function expectedIndexesOf(definition: ModelDefinition): ExpectedIndex[] {
  const table = definition.tableName;
  const fieldOf = (name: string): string => definition.attributes.get(name)?.field ?? name;
  const indexes: ExpectedIndex[] = [];
  const composites = new Map<string, string[]>();
  for (const attribute of definition.columnAttributes) {
    if (attribute.primaryKey) continue;
    if (attribute.unique === true) {
      indexes.push({ name: defaultIndexName(table, [attribute.field], true), fields: [attribute.field], unique: true });
    } else if (typeof attribute.unique === 'string') {
      composites.set(attribute.unique, [...(composites.get(attribute.unique) ?? []), attribute.field]);
    }
  }
  for (const [name, fields] of composites) indexes.push({ name, fields, unique: true });
  for (const index of definition.indexes) {
    const fields = index.fields.map((f) => fieldOf(typeof f === 'string' ? f : f.name));
    const unique = index.unique ?? false;
    const using = index.using ?? index.method;
    indexes.push({
      name: index.name ?? defaultIndexName(table, fields, unique),
      fields,
      unique,
      ...(using ? { using } : {}),
      ...(index.type ? { type: index.type } : {}),
    });
  }
  return indexes;
}

function expectedForeignKeysOf(definition: ModelDefinition): ExpectedForeignKey[] {
  return definition.columnAttributes
    .filter((a) => a.references)
    .map((a) => ({
      column: a.field,
      referencedTable: a.references?.table as string,
      referencedSchema: a.references?.schema,
      referencedColumn: a.references?.key as string,
      onDelete: a.onDelete,
      onUpdate: a.onUpdate,
    }));
}

function indexMatches(expected: ExpectedIndex, live: IndexDescription): boolean {
  return expected.unique === live.unique && sameList(expected.fields, live.fields);
}

function foreignKeyMatches(
  expected: ExpectedForeignKey,
  live: ForeignKeyDescription,
  sameSchema: (a: string | undefined, b: string | undefined) => boolean,
): boolean {
  return (
    sameList([expected.column], live.columns) &&
    expected.referencedTable === live.referencedTable &&
    sameSchema(expected.referencedSchema, live.referencedSchema) &&
    sameList([expected.referencedColumn], live.referencedColumns) &&
    sameAction(expected.onDelete, live.onDelete) &&
    sameAction(expected.onUpdate, live.onUpdate)
  );
}

/** Unspecified, NO ACTION and RESTRICT behave alike for a migration's purpose (MySQL reports RESTRICT). */
function sameAction(expected: string | undefined, live: string | null): boolean {
  const normal = (action: string | null | undefined): string => {
    const text = (action ?? 'NO ACTION').toUpperCase();
    return text === 'RESTRICT' ? 'NO ACTION' : text;
  };
  return normal(expected) === normal(live);
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

const PHASES: ReadonlyArray<SchemaChange['kind']> = [
  'createSchema',
  'removeForeignKey',
  'removeIndex',
  'createTable',
  'addColumn',
  'changeColumn',
  'removeColumn',
  'addIndex',
  'addForeignKey',
  'dropTable',
];

/**
 * Puts changes in an order that can run: keys and indexes that go away first, new tables
 * before the columns and keys that point at them, dropped tables last.
 */
export function orderChanges(changes: readonly SchemaChange[]): SchemaChange[] {
  return [...changes].sort((a, b) => PHASES.indexOf(a.kind) - PHASES.indexOf(b.kind));
}

/**
 * An attribute definition back in the options shape addColumn/changeColumn take, without its
 * uniqueness and foreign key (the diff reports those as index and key changes of their own).
 */
export function columnOptionsOf(attribute: AttributeDefinition, dialect?: Dialect): AttributeOptions {
  const options: AttributeOptions = { type: attribute.type, allowNull: attribute.allowNull };
  // With the dialect, the collation the column gets (on MySQL also one it inherits from the
  // model), so a migration or a changed column keeps it whatever the table's default.
  const { collate, charset } = dialect
    ? dialect.columnCollation(attribute)
    : { collate: attribute.collate, charset: attribute.charset };
  if (collate) options.collate = collate;
  if (charset) options.charset = charset;
  // A function default (`fn('gen_random_uuid')`) is the column's DEFAULT, so it is part of the column.
  if (
    attribute.hasDefault &&
    (isStaticDefault(attribute.defaultValue) || isColumnDefaultFunction(attribute.defaultValue))
  ) {
    options.defaultValue = attribute.defaultValue;
  }
  if (attribute.primaryKey) options.primaryKey = true;
  if (attribute.autoIncrement) options.autoIncrement = true;
  if (attribute.comment) options.comment = attribute.comment;
  return options;
}

/** Applies changes (in a workable order) through the query interface. */
export async function applySchemaChanges(strata: Strata, changes: readonly SchemaChange[]): Promise<void> {
  const queryInterface = strata.getQueryInterface();
  for (const change of orderChanges(changes)) {
    switch (change.kind) {
      case 'createSchema':
        await queryInterface.createSchema(change.schema);
        break;
      case 'createTable':
        for (const statement of compileCreateTable(change.definition, strata.dialect, strata.knex)) {
          await strata.executor.run(statement);
        }
        break;
      case 'dropTable':
        await queryInterface.dropTable(change.table);
        break;
      case 'addColumn':
        await queryInterface.addColumn(change.table, change.column, columnOptionsOf(change.attribute, strata.dialect));
        break;
      case 'changeColumn':
        await queryInterface.changeColumn(
          change.table,
          change.column,
          columnOptionsOf(change.attribute, strata.dialect),
        );
        break;
      case 'removeColumn':
        await queryInterface.removeColumn(change.table, change.column);
        break;
      case 'addIndex':
        await queryInterface.addIndex(change.table, change.index.fields, {
          name: change.index.name,
          unique: change.index.unique,
          using: change.index.using,
          type: change.index.type,
        });
        break;
      case 'removeIndex':
        await queryInterface.removeIndex(change.table, change.index.name);
        break;
      case 'addForeignKey':
        await queryInterface.addConstraint(change.table, {
          type: 'foreign key',
          fields: [change.foreignKey.column],
          references: {
            table: { tableName: change.foreignKey.referencedTable, schema: change.foreignKey.referencedSchema },
            field: change.foreignKey.referencedColumn,
          },
          onDelete: change.foreignKey.onDelete as ReferentialAction | undefined,
          onUpdate: change.foreignKey.onUpdate as ReferentialAction | undefined,
        });
        break;
      case 'removeForeignKey':
        await queryInterface.removeConstraint(change.table, change.foreignKey.name ?? change.foreignKey.columns);
        break;
    }
  }
}

/**
 * diffSchema for the models initialised on a connection (all of them by default).
 * @example const changes = await diffModels(db); // [] when the schema matches
 */
export async function diffModels(
  strata: Strata,
  models: ReadonlyArray<typeof Model> = Object.values(strata.models),
  options: DiffOptions = {},
): Promise<SchemaChange[]> {
  const definitions = dependencyOrder([...models]).map((model) => runtimeOf(model).definition);
  return diffSchema(strata, definitions, options);
}
