import {
  columnOptionsOf,
  dataTypeForColumn,
  describeChange,
  isDestructive,
  orderChanges,
  type AttributeDefinition,
  type AttributeOptions,
  type ColumnDescription,
  Fn,
  type DataType,
  type ModelDefinition,
  type SchemaChange,
  type Strata,
  type TableName,
} from '@strata/core';

type Dialect = Strata['dialect'];

/** A migration's body as code lines: what `up` runs and what `down` runs to reverse it. */
export interface RenderedMigration {
  up: string[];
  down: string[];
  destructive: string[];
}

/** `DataTypes.STRING(100)` for a data type, as a migration file writes it (with MySQL's UNSIGNED, ZEROFILL). */
export function dataTypeCode(type: DataType): string {
  const base = baseTypeCode(type);
  return type.zerofill ? `${base}.ZEROFILL` : type.unsigned ? `${base}.UNSIGNED` : base;
}

function baseTypeCode(type: DataType): string {
  switch (type.key) {
    case 'STRING':
    case 'CHAR':
      return type.length === 255 ? `DataTypes.${type.key}` : `DataTypes.${type.key}(${type.length})`;
    case 'DECIMAL':
      return `DataTypes.DECIMAL(${type.length}, ${type.scale ?? 0})`;
    case 'ENUM':
      return `DataTypes.ENUM(${(type.values ?? []).map((v) => JSON.stringify(v)).join(', ')})`;
    case 'ARRAY':
      return `DataTypes.ARRAY(${dataTypeCode(type.element as DataType)})`;
    case 'RANGE':
      // The subtype alone picks PostgreSQL's range type (a DECIMAL's precision does not).
      return `DataTypes.RANGE(DataTypes.${(type.element as DataType).key})`;
    case 'GEOMETRY':
    case 'GEOGRAPHY':
      if (type.geometryType === undefined && type.srid === undefined) return `DataTypes.${type.key}`;
      return `DataTypes.${type.key}(${[q(type.geometryType ?? 'GEOMETRY'), ...(type.srid === undefined ? [] : [type.srid])].join(', ')})`;
    default:
      return `DataTypes.${type.key}`;
  }
}

function optionsCode(options: AttributeOptions, extra: Partial<AttributeDefinition> = {}): string {
  const parts = [`type: ${dataTypeCode(options.type as DataType)}`];
  if (options.primaryKey) parts.push('primaryKey: true');
  if (options.autoIncrement) parts.push('autoIncrement: true');
  parts.push(`allowNull: ${options.allowNull ?? true}`);
  if (options.defaultValue !== undefined) parts.push(`defaultValue: ${defaultCode(options.defaultValue)}`);
  if (extra.unique === true) parts.push('unique: true');
  if (extra.references) {
    const model = tableCode({ tableName: extra.references.table, schema: extra.references.schema });
    parts.push(`references: { model: ${model}, key: ${JSON.stringify(extra.references.key)} }`);
  }
  if (extra.onDelete) parts.push(`onDelete: ${JSON.stringify(extra.onDelete)}`);
  if (extra.onUpdate) parts.push(`onUpdate: ${JSON.stringify(extra.onUpdate)}`);
  if (options.comment) parts.push(`comment: ${JSON.stringify(options.comment)}`);
  if (options.charset) parts.push(`charset: ${JSON.stringify(options.charset)}`);
  if (options.collate) parts.push(`collate: ${JSON.stringify(options.collate)}`);
  return `{ ${parts.join(', ')} }`;
}

/** A default as code: a value as JSON, a database function as `fn('name')` (imported by the file). */
function defaultCode(value: unknown): string {
  return value instanceof Fn ? `fn(${q(value.name)})` : JSON.stringify(value);
}

/** A live column back in options form (for `down`), typed by asking the dialect which type it writes that way. */
function liveOptions(dialect: Dialect, column: ColumnDescription): { code: string; unknownType: boolean } {
  const type = dataTypeForColumn(dialect, column.type);
  const parts = [`type: ${type ? dataTypeCode(type) : `DataTypes.TEXT /* was ${column.type}: adjust */`}`];
  if (column.primaryKey) parts.push('primaryKey: true');
  if (column.autoIncrement) parts.push('autoIncrement: true');
  parts.push(`allowNull: ${column.allowNull}`);
  const defaultValue = liveDefault(column, type);
  if (defaultValue !== undefined) parts.push(`defaultValue: ${defaultCode(defaultValue)}`);
  // The collation the column had (MySQL reports one for every text column, the others only a declared one).
  if (column.collation) parts.push(`collate: ${JSON.stringify(column.collation)}`);
  return { code: `{ ${parts.join(', ')} }`, unknownType: !type };
}

function liveDefault(column: ColumnDescription, type: DataType | undefined): unknown {
  if (column.defaultValue === null || column.autoIncrement) return undefined;
  // A function call the database runs (`gen_random_uuid()`, MySQL 8's `(uuid())`).
  const call = /^\(?([a-z_][a-z0-9_]*)\(\)\)?$/i.exec(column.defaultValue.trim());
  if (call) return new Fn(call[1] as string, []);
  let text = column.defaultValue.trim().replace(/::([a-z_][a-z0-9_ ]*|"(?:[^"]|"")+")(\(\d+(,\d+)?\))?$/i, '');
  if (/^'.*'$/s.test(text)) text = text.slice(1, -1).replace(/''/g, "'");
  if (type?.key === 'BOOLEAN') return /^(1|true|t)$/i.test(text);
  if (/^-?\d+(\.\d+)?$/.test(text) && type && !['STRING', 'CHAR', 'TEXT', 'DECIMAL', 'BIGINT'].includes(type.key)) {
    return Number(text);
  }
  return text;
}

const q = (value: string): string => JSON.stringify(value);

/** A table as the query interface takes it: `"users"`, or `{ tableName: "invoices", schema: "billing" }`. */
function tableCode(table: TableName): string {
  if (typeof table === 'string') return q(table);
  return table.schema === undefined
    ? q(table.tableName)
    : `{ tableName: ${q(table.tableName)}, schema: ${q(table.schema)} }`;
}

function createTableLines(definition: ModelDefinition, dialect: Dialect): string[] {
  const table = tableCode(definition);
  const lines = [`await queryInterface.createTable(${table}, {`];
  for (const attribute of definition.columnAttributes) {
    lines.push(`  ${q(attribute.field)}: ${optionsCode(columnOptionsOf(attribute, dialect), attribute)},`);
  }
  // MySQL's table defaults, for the columns a later migration adds without a collation of their own.
  const { charset, collate } = definition.options;
  const tableOptions = dialect.supports.tableEngines
    ? [charset && `charset: ${q(charset)}`, collate && `collate: ${q(collate)}`].filter(Boolean)
    : [];
  lines.push(tableOptions.length > 0 ? `}, { ${tableOptions.join(', ')} });` : '});');
  const composites = new Map<string, string[]>();
  for (const attribute of definition.columnAttributes) {
    if (typeof attribute.unique === 'string') {
      composites.set(attribute.unique, [...(composites.get(attribute.unique) ?? []), attribute.field]);
    }
  }
  for (const [name, fields] of composites) {
    lines.push(
      `await queryInterface.addIndex(${table}, ${JSON.stringify(fields)}, { name: ${q(name)}, unique: true });`,
    );
  }
  for (const index of definition.indexes) {
    const fields = index.fields.map((f) => {
      const name = typeof f === 'string' ? f : f.name;
      return definition.attributes.get(name)?.field ?? name;
    });
    const name = index.name ?? `${definition.tableName}_${fields.join('_')}${index.unique ? '_unique' : ''}`;
    const using = index.using ?? index.method;
    lines.push(
      `await queryInterface.addIndex(${table}, ${JSON.stringify(fields)}, { name: ${q(name)}, unique: ${index.unique ?? false}` +
        (using ? `, using: ${q(using)}` : '') +
        (index.type ? `, type: ${q(index.type)}` : '') +
        ' });',
    );
  }
  return lines;
}

/**
 * The up and down code for a list of changes. `down` undoes `up` in reverse order; a change
 * that loses data (drop table, drop column) is listed in `destructive` and marked in the code.
 */
export function renderChanges(changes: readonly SchemaChange[], dialect: Dialect): RenderedMigration {
  const up: string[] = [];
  const down: string[][] = [];
  const destructive: string[] = [];
  for (const change of orderChanges(changes)) {
    if (change.kind === 'createSchema') {
      up.push(`await queryInterface.createSchema(${q(change.schema)});`);
      down.push([`await queryInterface.dropSchema(${q(change.schema)});`]);
      continue;
    }
    const table = tableCode(change.table);
    if (isDestructive(change)) {
      destructive.push(describeChange(change));
      up.push(`// DESTRUCTIVE: ${describeChange(change)} (its data is lost; down restores the structure only)`);
    }
    switch (change.kind) {
      case 'createTable':
        up.push(...createTableLines(change.definition, dialect));
        down.push([`await queryInterface.dropTable(${table});`]);
        break;
      case 'dropTable': {
        up.push(`await queryInterface.dropTable(${table});`);
        const lines = [`await queryInterface.createTable(${table}, {`];
        for (const [name, column] of Object.entries(change.columns)) {
          lines.push(`  ${q(name)}: ${liveOptions(dialect, column).code},`);
        }
        lines.push('});');
        down.push(lines);
        break;
      }
      case 'addColumn':
        up.push(
          `await queryInterface.addColumn(${table}, ${q(change.column)}, ${optionsCode(columnOptionsOf(change.attribute, dialect))});`,
        );
        down.push([`await queryInterface.removeColumn(${table}, ${q(change.column)});`]);
        break;
      case 'removeColumn':
        up.push(`await queryInterface.removeColumn(${table}, ${q(change.column)});`);
        down.push([
          `await queryInterface.addColumn(${table}, ${q(change.column)}, ${liveOptions(dialect, change.previous).code});`,
        ]);
        break;
      case 'changeColumn':
        up.push(`// ${change.reasons.join('; ')}`);
        up.push(
          `await queryInterface.changeColumn(${table}, ${q(change.column)}, ${optionsCode(columnOptionsOf(change.attribute, dialect))});`,
        );
        down.push([
          `await queryInterface.changeColumn(${table}, ${q(change.column)}, ${liveOptions(dialect, change.previous).code});`,
        ]);
        break;
      case 'addIndex':
        up.push(
          `await queryInterface.addIndex(${table}, ${JSON.stringify(change.index.fields)}, { name: ${q(change.index.name)}, unique: ${change.index.unique}` +
            (change.index.using ? `, using: ${q(change.index.using)}` : '') +
            (change.index.type ? `, type: ${q(change.index.type)}` : '') +
            ' });',
        );
        down.push([`await queryInterface.removeIndex(${table}, ${q(change.index.name)});`]);
        break;
      case 'removeIndex':
        up.push(`await queryInterface.removeIndex(${table}, ${q(change.index.name)});`);
        down.push([
          `await queryInterface.addIndex(${table}, ${JSON.stringify(change.index.fields)}, { name: ${q(change.index.name)}, unique: ${change.index.unique} });`,
        ]);
        break;
      case 'addForeignKey': {
        const fk = change.foreignKey;
        up.push(
          `await queryInterface.addConstraint(${table}, { type: 'foreign key', fields: [${q(fk.column)}], ` +
            `references: { table: ${tableCode({ tableName: fk.referencedTable, schema: fk.referencedSchema })}, field: ${q(fk.referencedColumn)} }` +
            (fk.onDelete ? `, onDelete: ${q(fk.onDelete)}` : '') +
            (fk.onUpdate ? `, onUpdate: ${q(fk.onUpdate)}` : '') +
            ' });',
        );
        down.push([`await queryInterface.removeConstraint(${table}, [${q(fk.column)}]);`]);
        break;
      }
      case 'removeForeignKey': {
        const fk = change.foreignKey;
        up.push(`await queryInterface.removeConstraint(${table}, ${JSON.stringify(fk.columns)});`);
        const action = (name: string, value: string | null) =>
          value && value !== 'NO ACTION' && value !== 'RESTRICT' ? `, ${name}: ${q(value)}` : '';
        down.push([
          `await queryInterface.addConstraint(${table}, { type: 'foreign key', fields: ${JSON.stringify(fk.columns)}, ` +
            `references: { table: ${tableCode({ tableName: fk.referencedTable, schema: fk.referencedSchema })}, field: ${q(fk.referencedColumns[0])} }` +
            action('onDelete', fk.onDelete) +
            action('onUpdate', fk.onUpdate) +
            ' });',
        ]);
        break;
      }
    }
  }
  return { up, down: down.reverse().flat(), destructive };
}

/** A migration or seed file in the project's language, with the given bodies. */
export function migrationFile(
  language: 'ts' | 'js',
  body: { up: string[]; down: string[]; header?: string[] },
): string {
  const indent = (lines: string[]) => (lines.length > 0 ? lines.map((l) => `    ${l}`).join('\n') : '    // ...');
  const header = (body.header ?? []).map((l) => `// ${l}`).join('\n');
  // fn() defaults (`defaultValue: fn('gen_random_uuid')`) need the import.
  const usesFn = [...body.up, ...body.down].some((line) => /defaultValue: fn\(/.test(line));
  // Destructure DataTypes only where it is used, so strict tsconfigs see no unused names.
  const params = (lines: string[]) =>
    lines.length === 0 || lines.some((l) => l.includes('DataTypes.'))
      ? '{ queryInterface, DataTypes }'
      : '{ queryInterface }';
  if (language === 'ts') {
    return `${header ? `${header}\n` : ''}import type { MigrationContext } from '@strata/cli';
${usesFn ? "import { fn } from '@strata/core';\n" : ''}
export default {
  async up(${params(body.up)}: MigrationContext): Promise<void> {
${indent(body.up)}
  },

  async down(${params(body.down)}: MigrationContext): Promise<void> {
${indent(body.down)}
  },
};
`;
  }
  return `'use strict';
${header ? `${header}\n` : ''}${usesFn ? "const { fn } = require('@strata/core');\n" : ''}
/** @type {import('@strata/cli').Migration} */
module.exports = {
  async up(${params(body.up)}) {
${indent(body.up)}
  },

  async down(${params(body.down)}) {
${indent(body.down)}
  },
};
`;
}

/** A file name prefix that sorts in creation order: 20260102030405. */
export function timestampPrefix(date = new Date()): string {
  return date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/** `add age` / `AddAge` -> `add-age`, for file names. */
export function kebab(name: string): string {
  return name
    .replace(/([a-z\d])([A-Z])/g, '$1-$2')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase();
}
