import { DataTypes, Strata, type AttributesInput, type DataType } from '@strata/core';
import { CliError } from './errors';

/** One `name:type` pair of `--attributes`. */
export interface AttributeSpec {
  name: string;
  type: DataType;
}

const SIMPLE_TYPES: Record<string, () => DataType> = {
  string: () => DataTypes.STRING(),
  char: () => DataTypes.CHAR(),
  text: DataTypes.TEXT,
  integer: DataTypes.INTEGER,
  int: DataTypes.INTEGER,
  bigint: DataTypes.BIGINT,
  smallint: DataTypes.SMALLINT,
  float: DataTypes.FLOAT,
  double: DataTypes.DOUBLE,
  real: DataTypes.REAL,
  decimal: () => DataTypes.DECIMAL(),
  boolean: DataTypes.BOOLEAN,
  date: DataTypes.DATE,
  dateonly: DataTypes.DATEONLY,
  time: DataTypes.TIME,
  uuid: DataTypes.UUID,
  json: DataTypes.JSON,
  jsonb: DataTypes.JSONB,
  blob: DataTypes.BLOB,
};

const TS_TYPES: Partial<Record<DataType['key'], string>> = {
  INTEGER: 'number',
  SMALLINT: 'number',
  FLOAT: 'number',
  DOUBLE: 'number',
  REAL: 'number',
  BIGINT: 'string',
  DECIMAL: 'string',
  BOOLEAN: 'boolean',
  DATE: 'Date',
  BLOB: 'Buffer',
  JSON: 'unknown',
  JSONB: 'unknown',
};

/**
 * Parses `firstName:string,email:string(100),role:enum:{staff,lead}` (sequelize-cli's
 * format; a length in parentheses is allowed) into attributes.
 */
export function parseAttributes(text: string): AttributeSpec[] {
  const specs: AttributeSpec[] = [];
  for (const part of splitTopLevel(text)) {
    const trimmed = part.trim();
    if (!trimmed) continue;
    const [name, typeName = '', ...rest] = trimmed.split(':');
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      throw new CliError(`--attributes: ${JSON.stringify(name)} is not a valid attribute name (in "${trimmed}")`);
    }
    const sized = /^([a-z]+)\((\d+)(?:,\s*(\d+))?\)$/i.exec(typeName);
    const key = (sized ? sized[1] : typeName).toLowerCase();
    let type: DataType;
    if (key === 'enum') {
      const values = /^\{(.*)\}$/.exec(rest.join(':'))?.[1];
      if (!values) throw new CliError(`--attributes: ${name}:enum needs its values, e.g. ${name}:enum:{a,b}`);
      type = DataTypes.ENUM(values.split(',').map((v) => v.trim()));
    } else if (sized && key === 'string') type = DataTypes.STRING(Number(sized[2]));
    else if (sized && key === 'char') type = DataTypes.CHAR(Number(sized[2]));
    else if (sized && key === 'decimal') type = DataTypes.DECIMAL(Number(sized[2]), Number(sized[3] ?? 0));
    else if (SIMPLE_TYPES[key]) type = SIMPLE_TYPES[key]();
    else {
      throw new CliError(
        `--attributes: unknown type ${JSON.stringify(typeName)} for ${name}; use one of ${Object.keys(SIMPLE_TYPES).join(', ')}, enum:{a,b}`,
      );
    }
    specs.push({ name, type });
  }
  if (specs.length === 0)
    throw new CliError('--attributes is empty: give name:type pairs, e.g. firstName:string,age:integer');
  return specs;
}

/** Splits on the commas that separate attributes, not those inside `(10,2)` or `{a,b}`. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    if (char === '(' || char === '{') depth++;
    if (char === ')' || char === '}') depth = Math.max(0, depth - 1);
    if (char === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts;
}

/** The definition the generated model will have (built by core, so names follow its rules). */
export function probeDefinition(modelName: string, specs: AttributeSpec[]) {
  const probe = new Strata({ dialect: 'sqlite', storage: ':memory:' });
  const attributes: AttributesInput = Object.fromEntries(specs.map((s) => [s.name, s.type]));
  const model = probe.define(modelName, attributes);
  void probe.close();
  return { definition: model.definition, dialect: probe.dialect };
}

/** The decorated model class source for a model:generate. */
export function modelSource(
  modelName: string,
  tableName: string,
  specs: AttributeSpec[],
  typeCode: (t: DataType) => string,
): string {
  const columns = specs
    .map(
      (s) =>
        `  @Column(${typeCode(s.type)})\n  declare ${s.name}: ${s.type.key === 'ENUM' ? (s.type.values ?? []).map((v) => JSON.stringify(v)).join(' | ') : (TS_TYPES[s.type.key] ?? 'string')} | null;`,
    )
    .join('\n\n');
  return `import { DataTypes, Model, type CreationOptional } from '@strata/core';
import { AutoIncrement, Column, PrimaryKey, Table } from '@strata/annotations';

// Column types are explicit: the strata CLI loads models without decorator metadata.
@Table({ tableName: ${JSON.stringify(tableName)} })
export class ${modelName} extends Model {
  @PrimaryKey
  @AutoIncrement
  @Column(DataTypes.INTEGER)
  declare id: CreationOptional<number>;

${columns}

  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}
`;
}
