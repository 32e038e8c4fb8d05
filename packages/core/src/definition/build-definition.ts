import { checkValidatorSpecs } from '@strata/validation';
import { deferrableMode } from './deferrable';
import { ModelDefinitionError } from '../errors/errors';
import { DataTypes, isDataTypeInput, normalizeDataType } from './data-types';
import { checkOptions } from '../options/check-options';
import { ATTRIBUTE_OPTIONS, INDEX_OPTIONS } from '../options/known-keys';
import { isPrototypeKey } from './instance-values';
import {
  attributeDefinition,
  type AttributeDefinition,
  type AttributeOptions,
  type AttributesInput,
  type ModelDefinition,
  type ModelOptions,
} from './model-definition';
import { pluralizeName, underscore } from './naming';
import { checkUnknownAttributes } from './unknown-attributes';
import { checkSchemaName } from './table-ref';

/**
 * Turns what the user wrote (attributes + options, merged with the connection's `define`
 * defaults) into the normalised ModelDefinition. Every problem found is reported at once.
 */
export function buildModelDefinition(
  modelName: string,
  attributesInput: AttributesInput,
  options: ModelOptions,
): ModelDefinition {
  const problems: string[] = [];
  const underscored = options.underscored ?? false;
  const fieldName = (name: string, explicit?: string): string => explicit ?? (underscored ? underscore(name) : name);

  checkUnknownAttributes(options.unknownAttributes, modelName);
  for (const index of options.indexes ?? []) checkOptions(INDEX_OPTIONS, index, undefined, `index of ${modelName}`);
  const tableCollate = collationName(options.collate, `${modelName}: collate`, problems);
  const tableCharset = collationName(options.charset, `${modelName}: charset`, problems);
  const attributes = new Map<string, AttributeDefinition>();
  for (const [name, raw] of Object.entries(attributesInput)) {
    if (isPrototypeKey(name)) {
      // Its values would be refused on every write (see isPrototypeKey), so it cannot be an attribute.
      problems.push(`${modelName}.${name}: ${JSON.stringify(name)} is not allowed as an attribute name`);
      continue;
    }
    const spec: AttributeOptions = isDataTypeInput(raw) ? { type: raw } : (raw as AttributeOptions);
    // Not an object (a type name string): the data type check below names the problem.
    if (typeof spec === 'object') checkOptions(ATTRIBUTE_OPTIONS, spec, undefined, `attribute ${modelName}.${name}`);
    if (!spec || spec.type === undefined) {
      problems.push(`${modelName}.${name}: no data type (give { type: DataTypes.X })`);
      continue;
    }
    let type;
    try {
      type = normalizeDataType(spec.type);
    } catch {
      problems.push(`${modelName}.${name}: ${String(spec.type)} is not a data type`);
      continue;
    }
    if (type.key === 'ENUM' && spec.values && !type.values?.length) {
      type = DataTypes.ENUM(spec.values);
    }
    const primaryKey = spec.primaryKey ?? false;
    attributes.set(
      name,
      attributeDefinition({
        name,
        field: fieldName(name, spec.field),
        type,
        allowNull: spec.allowNull ?? !primaryKey,
        defaultValue: spec.defaultValue,
        hasDefault: spec.defaultValue !== undefined,
        primaryKey,
        autoIncrement: spec.autoIncrement ?? false,
        unique: normalizeUnique(spec.unique),
        uniqueMessage: typeof spec.unique === 'object' ? spec.unique.msg : undefined,
        comment: spec.comment,
        collate: collationName(spec.collate, `${modelName}.${name}: collate`, problems),
        charset: collationName(spec.charset, `${modelName}.${name}: charset`, problems),
        tableCollate,
        tableCharset,
        references: spec.references && {
          ...referencedTable(spec.references.model),
          key: spec.references.key ?? 'id',
          deferrable: deferrableMode(spec.references.deferrable, `${modelName}.${name}`),
        },
        onDelete: spec.onDelete,
        onUpdate: spec.onUpdate,
        validate: spec.validate,
        get: spec.get,
        set: spec.set,
        virtual: type.key === 'VIRTUAL',
      }),
    );
  }

  if (![...attributes.values()].some((a) => a.primaryKey)) {
    if (attributes.has('id')) {
      problems.push(`${modelName}.id: an attribute named id must be the primary key (add primaryKey: true)`);
    } else {
      const id = implicitAttribute('id', fieldName('id'), {
        type: DataTypes.INTEGER(),
        primaryKey: true,
        autoIncrement: true,
        allowNull: false,
      });
      // The implicit key comes first, as a reader of the table would expect.
      const rest = [...attributes];
      attributes.clear();
      attributes.set('id', id);
      for (const [name, attribute] of rest) attributes.set(name, attribute);
    }
  }

  const timestampsOn = options.timestamps ?? true;
  const timestampName = (value: string | boolean | undefined, fallback: string): string | undefined =>
    !timestampsOn || value === false ? undefined : typeof value === 'string' ? value : fallback;
  const timestamps = {
    createdAt: timestampName(options.createdAt, 'createdAt'),
    updatedAt: timestampName(options.updatedAt, 'updatedAt'),
    deletedAt: options.paranoid ? timestampName(options.deletedAt, 'deletedAt') : undefined,
  };
  if (options.paranoid && !timestamps.deletedAt) {
    problems.push(`${modelName}: paranoid needs timestamps and a deletedAt attribute`);
  }
  for (const [key, name] of Object.entries(timestamps)) {
    if (!name || attributes.has(name)) continue;
    attributes.set(
      name,
      implicitAttribute(name, fieldName(name), {
        type: DataTypes.DATE(),
        allowNull: key === 'deletedAt',
      }),
    );
  }

  const version =
    options.version === true ? 'version' : typeof options.version === 'string' ? options.version : undefined;
  if (version && !attributes.has(version)) {
    attributes.set(
      version,
      implicitAttribute(version, fieldName(version), {
        type: DataTypes.INTEGER(),
        allowNull: false,
        defaultValue: 0,
      }),
    );
  }

  try {
    checkValidatorSpecs(
      modelName,
      [...attributes.values()].map((a) => ({ name: a.name, allowNull: a.allowNull, validate: a.validate })),
    );
  } catch (error) {
    problems.push((error as Error).message);
  }

  const seenFields = new Map<string, string>();
  for (const attribute of attributes.values()) {
    if (attribute.virtual) continue;
    const other = seenFields.get(attribute.field);
    if (other) problems.push(`${modelName}.${attribute.name}: column ${attribute.field} is also used by ${other}`);
    seenFields.set(attribute.field, attribute.name);
  }

  let schema: string | undefined;
  try {
    schema = checkSchemaName(options.schema, modelName);
  } catch (error) {
    problems.push((error as Error).message);
  }

  if (problems.length > 0) {
    throw new ModelDefinitionError(`Invalid model ${modelName}:\n  - ${problems.join('\n  - ')}`);
  }

  const columnAttributes = [...attributes.values()].filter((a) => !a.virtual);
  const tableName = options.tableName ?? (options.freezeTableName ? modelName : pluralizeName(modelName));
  return {
    name: modelName,
    tableName,
    schema,
    attributes,
    columnAttributes,
    primaryKeys: columnAttributes.filter((a) => a.primaryKey).map((a) => a.name),
    fieldToAttribute: new Map(columnAttributes.map((a) => [a.field, a.name])),
    timestamps,
    paranoid: Boolean(options.paranoid && timestamps.deletedAt),
    version,
    underscored,
    indexes: options.indexes ?? [],
    options,
    modelValidators: options.validate ?? {},
  };
}

/**
 * The table a `references.model` names: a table name, `{ tableName, schema }`, or a model class,
 * whose `getTableName()` says both (as Sequelize reads it).
 */
function referencedTable(model: NonNullable<AttributeOptions['references']>['model']): {
  table: string;
  schema?: string;
} {
  if (typeof model === 'string') return { table: model };
  const named = typeof model.getTableName === 'function' ? model.getTableName() : model;
  if (typeof named === 'string') return { table: named };
  const { tableName, name, schema } = named as { tableName?: string; name?: string; schema?: string };
  const table = tableName ?? name ?? '';
  const checked = checkSchemaName(schema, `references ${table}`, ModelDefinitionError);
  return checked === undefined ? { table } : { table, schema: checked };
}

function normalizeUnique(unique: AttributeOptions['unique']): string | boolean {
  if (unique === undefined || unique === false) return false;
  if (unique === true) return true;
  if (typeof unique === 'string') return unique;
  return unique.name ?? true;
}

function implicitAttribute(
  name: string,
  field: string,
  spec: Partial<AttributeOptions> & { type: ReturnType<typeof normalizeDataType> },
): AttributeDefinition {
  return attributeDefinition({
    name,
    field,
    type: spec.type,
    allowNull: spec.allowNull ?? true,
    defaultValue: spec.defaultValue,
    hasDefault: spec.defaultValue !== undefined,
    primaryKey: spec.primaryKey ?? false,
    autoIncrement: spec.autoIncrement ?? false,
    unique: false,
    comment: undefined,
    references: undefined,
    onDelete: undefined,
    onUpdate: undefined,
    validate: undefined,
    get: undefined,
    set: undefined,
    virtual: false,
  });
}

/**
 * A collation or character set name as written (`utf8mb4_bin`, `C`, `en-US-x-icu`,
 * `en_US.utf8`): letters, digits and `_ . @ -` only, since the dialect writes it into DDL.
 * A problem is recorded (and undefined returned) for anything else.
 */
function collationName(value: unknown, where: string, problems: string[]): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && /^[A-Za-z0-9_.@-]+$/.test(value)) return value;
  problems.push(
    `${where} must be a collation or character set name (letters, digits, _ . @ -), got ${JSON.stringify(value)}`,
  );
  return undefined;
}
