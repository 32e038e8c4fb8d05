import { ValidationErrorItem } from '@strata/validation';
import type { ModelDefinition } from '../definition/model-definition';
import { UniqueConstraintError } from '../errors/errors';
import type { ModelRuntime } from '../runtime/model-runtime';
import { defaultIndexName } from '../compile/create-table';

/** One unique key of a model: its attributes, and the message its `unique: { msg }` gives. */
export interface UniqueKey {
  attributes: string[];
  msg: string | undefined;
}

/**
 * Rewrites a UniqueConstraintError raised by a write to `definition`'s table in the model's
 * terms: `fields` become attribute names on every dialect (MySQL names only the index,
 * `users_email_unique`; SQLite and PostgreSQL name columns, which differ from attributes
 * when `field` is set), the message becomes the key's `unique: { msg }` when it has one
 * (else names the model and attributes), and `errors` gets one `'unique violation'` item per
 * attribute. Any other error, or a constraint the model does not declare, passes unchanged.
 *
 * The trap: only a write that knows its model can do this; raw queries keep the dialect's
 * column or index names.
 *
 * @example
 * runOptions: { mapError: (error) => uniqueErrorForModel(runtime, error) }
 */
export function uniqueErrorForModel(runtime: ModelRuntime, error: Error): Error {
  if (!(error instanceof UniqueConstraintError)) return error;
  const definition = runtime.definition;
  const key = keyOf(runtime, error);
  if (!key) return error;
  const driverMessage = error.message.replace(/^Unique constraint failed: /, '');
  const message = key.msg ?? `${definition.name}: ${key.attributes.join(', ')} must be unique (${driverMessage})`;
  const errors = key.attributes.map(
    (path) =>
      new ValidationErrorItem({
        message: key.msg ?? `${path} must be unique`,
        type: 'unique violation',
        path,
        validatorKey: 'not_unique',
      }),
  );
  return new UniqueConstraintError(
    message,
    { sql: error.sql, parameters: error.parameters, fields: key.attributes, constraint: error.constraint, errors },
    error.cause,
  );
}

/** The model's key the error names: by constraint or index name first, else by its columns. */
function keyOf(runtime: ModelRuntime, error: UniqueConstraintError): UniqueKey | undefined {
  const definition = runtime.definition;
  const named = namedKeys(runtime);
  for (const name of [error.constraint, ...error.fields]) {
    const key = name === undefined ? undefined : named.get(name.toLowerCase());
    if (key) return key;
  }
  if (error.fields.length === 0) return undefined;
  const attributes: string[] = [];
  for (const field of error.fields) {
    const name = definition.fieldToAttribute.get(field) ?? (definition.attributes.has(field) ? field : undefined);
    if (name === undefined) return undefined;
    attributes.push(name);
  }
  return { attributes, msg: messageOf(definition, attributes) };
}

/**
 * Every name a unique key of the model can carry in the database, lower-cased: the primary
 * key's (`PRIMARY` on MySQL, `<table>_pkey` on PostgreSQL), knex's `<table>_<column>_unique`
 * for `unique: true`, the shared name of a composite `unique: 'name'`, and unique indexes.
 * Built once per definition and kept on the runtime.
 */
function namedKeys(runtime: ModelRuntime): ReadonlyMap<string, UniqueKey> {
  const cached = runtime.uniqueConstraints;
  if (cached) return cached;
  const definition = runtime.definition;
  const keys = new Map<string, UniqueKey>();
  const add = (name: string, attributes: string[]): void => {
    keys.set(name.toLowerCase(), { attributes, msg: messageOf(definition, attributes) });
  };
  if (definition.primaryKeys.length > 0) {
    add('PRIMARY', [...definition.primaryKeys]);
    add(`${definition.tableName}_pkey`, [...definition.primaryKeys]);
  }
  const composites = new Map<string, string[]>();
  for (const attribute of definition.columnAttributes) {
    if (attribute.unique === true) add(`${definition.tableName}_${attribute.field}_unique`, [attribute.name]);
    else if (typeof attribute.unique === 'string') {
      composites.set(attribute.unique, [...(composites.get(attribute.unique) ?? []), attribute.name]);
    }
  }
  for (const [name, attributes] of composites) add(name, attributes);
  for (const index of definition.indexes) {
    if (!index.unique) continue;
    const attributes = index.fields.map((entry) => {
      const name = typeof entry === 'string' ? entry : entry.name;
      return definition.attributes.has(name) ? name : (definition.fieldToAttribute.get(name) ?? name);
    });
    const columns = attributes.map((name) => definition.attributes.get(name)?.field ?? name);
    add(index.name ?? defaultIndexName(definition.tableName, columns, true), attributes);
  }
  runtime.uniqueConstraints = keys;
  return keys;
}

/** The `unique: { msg }` of the key's attributes (the first one given, for a composite key). */
function messageOf(definition: ModelDefinition, attributes: readonly string[]): string | undefined {
  for (const name of attributes) {
    const msg = definition.attributes.get(name)?.uniqueMessage;
    if (msg !== undefined) return msg;
  }
  return undefined;
}
