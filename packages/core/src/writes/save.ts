import { OptimisticLockError } from '../errors/errors';
import { compileUpdate } from '../compile/update';
import { primaryKeyWhere, sameValue } from '../definition/instance-values';
import { runOptions } from '../execution/query-context';
import { withHookTransaction } from '../hooks/hook-transaction';
import { saveBuiltGraph } from './build-with-include';
import type { HookName } from '../hooks/hooks';
import { VALIDATION_HOOKS, validateWithHooks } from '../hooks/validation-hooks';
import type { Model } from '../model/model';
import type { QueryOptions } from '../model/types';
import { runtimeOf, runHooks, type ModelRuntime } from '../runtime/model-runtime';
import { insertRows, isTimestamp, stampCreate } from './insert';
import { expressionAttributeNames, readBackExpressionValues } from './expression-values';
import { databaseFilled, prepareRow, validateValues, validateValuesSync, type ValidateOptions } from './prepare-row';

/** The options of `instance.save(options)` and `instance.update(values, options)`. */
export interface SaveOptions extends QueryOptions {
  /** Write only these attributes. */
  fields?: readonly string[];
  /** Run validators first (default true). */
  validate?: boolean;
  /** Do not touch updatedAt. */
  silent?: boolean;
}

/** The hooks an instance save can run (each one makes the save transactional). */
const SAVE_HOOKS: readonly HookName[] = [
  ...VALIDATION_HOOKS,
  'beforeCreate',
  'afterCreate',
  'beforeUpdate',
  'afterUpdate',
  'beforeSave',
  'afterSave',
];

/**
 * `instance.save(options)`: inserts a new record, or updates the changed attributes of a loaded
 * one (nothing changed: no statement). Hooks, in order: beforeValidate, afterValidate (or
 * validationFailed), beforeCreate/beforeUpdate, beforeSave, the write, afterCreate/afterUpdate,
 * afterSave. When any of them exists the whole save runs in a transaction (a savepoint inside an
 * existing one), so a throwing hook writes nothing. A model with a version attribute updates
 * only the version it loaded and throws OptimisticLockError when another writer got there first.
 *
 * Not async: one promise layer less per save, so errors are turned into rejections here.
 */
export function save<M extends Model>(instance: M, options: SaveOptions): Promise<M> {
  try {
    const graph = saveBuiltGraph(instance, options);
    if (graph) return graph;
    const runtime = runtimeOf(instance.constructor);
    return withHookTransaction(runtime, SAVE_HOOKS, options, (opts, hooked) =>
      instance.isNewRecord
        ? insertInstance(instance, runtime, opts, hooked)
        : updateInstance(instance, runtime, opts, hooked),
    );
  } catch (error) {
    return Promise.reject(error as Error);
  }
}

/**
 * `hooked`: the model or its connection has save hooks (and `hooks: false` was not given).
 * Without hooks and with synchronous validation (the usual create in a loop) the INSERT's
 * promise is the only one: the rest runs in its continuation (each promise costs an
 * AsyncLocalStorage propagation inside `transaction()`).
 */
function insertInstance<M extends Model>(
  instance: M,
  runtime: ModelRuntime,
  options: SaveOptions,
  hooked: boolean,
): Promise<M> {
  stampCreate(runtime.definition, instance.dataValues, new Date());
  const validateOptions = { fields: options.fields, skipNullCheckFor: databaseFilled(runtime) };
  const validating =
    options.validate !== false && validateForSave(instance, runtime, options, hooked, () => validateOptions);
  if (validating || hooked) return insertInstanceAfter(instance, runtime, options, hooked, validating, validateOptions);
  const row = insertedRow(runtime, instance.dataValues, options.fields);
  return insertRows(runtime, [row], options).then(([inserted]) => storeInserted(instance, runtime, inserted, options));
}

/** insertInstance with a validation to wait for or hooks to run. */
async function insertInstanceAfter<M extends Model>(
  instance: M,
  runtime: ModelRuntime,
  options: SaveOptions,
  hooked: boolean,
  validating: Promise<void> | false | undefined,
  validateOptions: ValidateOptions,
): Promise<M> {
  if (validating) await validating;
  if (hooked) await runBeforeWriteHooks(instance, runtime, 'beforeCreate', options, validateOptions);
  const row = insertedRow(runtime, instance.dataValues, options.fields);
  const [inserted] = await insertRows(runtime, [row], options);
  await storeInserted(instance, runtime, inserted, options);
  if (hooked) {
    await runHooks(runtime, 'afterCreate', instance, options);
    await runHooks(runtime, 'afterSave', instance, options);
  }
  return instance;
}

/**
 * Takes in what the database generated for a new instance's row; expressions RETURNING did not
 * replace (no RETURNING on the dialect) are read back by key. The instance is then clean.
 */
function storeInserted<M extends Model>(
  instance: M,
  runtime: ModelRuntime,
  inserted: Record<string, unknown> | undefined,
  options: SaveOptions,
): M | Promise<M> {
  if (inserted) for (const name in inserted) instance.dataValues[name] = inserted[name];
  const expressions = expressionAttributeNames(instance.dataValues, runtime.definition.attributes.keys());
  if (expressions.length === 0) {
    instance.markClean();
    return instance;
  }
  return readBackExpressionValues(runtime, instance, expressions, options).then(() => {
    instance.markClean();
    return instance;
  });
}

/**
 * The row a new instance's INSERT writes, keyed by column and converted for the driver: every
 * column attribute, or with `fields` those and the attributes Strata maintains (timestamps).
 */
export function insertedRow(
  runtime: ModelRuntime,
  values: Record<string, unknown>,
  fields: readonly string[] | undefined,
): Record<string, unknown> {
  const { definition, host } = runtime;
  const names = fields ? new Set(fields) : undefined;
  const written = names
    ? definition.columnAttributes.filter((a) => names.has(a.name) || isTimestamp(definition, a.name))
    : definition.columnAttributes;
  return prepareRow(definition, host.dialect.codec, values, written, true);
}

async function updateInstance<M extends Model>(
  instance: M,
  runtime: ModelRuntime,
  options: SaveOptions,
  hooked: boolean,
): Promise<M> {
  const { definition, host } = runtime;
  const changedNames = (): string[] =>
    (instance.changed() || []).filter((name) => {
      const attribute = definition.attributes.get(name);
      return attribute && !attribute.virtual && (!options.fields || options.fields.includes(name));
    });
  if (changedNames().length === 0) return instance;
  // updatedAt and the version are written to dataValues directly, past change tracking.
  instance.keepPrevious();
  const updatedAt = definition.timestamps.updatedAt;
  if (updatedAt && !options.silent) instance.dataValues[updatedAt] = new Date();
  const withTimestamp = (names: string[]): string[] =>
    updatedAt && !options.silent && !names.includes(updatedAt) ? [...names, updatedAt] : names;
  const validating =
    options.validate !== false &&
    validateForSave(instance, runtime, options, hooked, () => ({ fields: withTimestamp(changedNames()) }));
  if (validating) await validating;
  if (hooked) await runBeforeWriteHooks(instance, runtime, 'beforeUpdate', options, {});
  const names = withTimestamp(changedNames());
  const version = definition.version;
  const currentVersion = version ? Number(instance.previous(version) ?? 0) : 0;
  if (version) {
    instance.dataValues[version] = currentVersion + 1;
    if (!names.includes(version)) names.push(version);
  }
  const row = prepareRow(
    definition,
    host.dialect.codec,
    instance.dataValues,
    names.map((n) => definition.attributes.get(n)!),
    true,
  );
  const where = primaryKeyWhere(definition, instance.dataValues);
  if (version) where[version] = currentVersion;
  // Attributes set to an expression (`literal('views + 1')`) come back as the stored values:
  // in the UPDATE's RETURNING where the dialect has it, else read by key after it.
  const expressions = expressionAttributeNames(instance.dataValues, names);
  const returning = host.dialect.supports.returning
    ? expressions.map((name) => definition.attributes.get(name)!.field)
    : false;
  const compiled = compileUpdate(runtime, row, { where, paranoid: false }, returning);
  const result = await host.executor.run(compiled, runOptions(options, runtime));
  if (version && result.affectedRows === 0) {
    instance.dataValues[version] = currentVersion;
    throw new OptimisticLockError(definition.name, primaryKeyWhere(definition, instance.dataValues), currentVersion);
  }
  if (returning && returning.length > 0 && result.rows[0]) {
    Object.assign(instance.dataValues, runtime.hydrator.parseColumns(result.rows[0]));
  } else if (expressions.length > 0) {
    await readBackExpressionValues(runtime, instance, expressions, options);
  }
  instance.markClean();
  if (hooked) {
    await runHooks(runtime, 'afterUpdate', instance, options);
    await runHooks(runtime, 'afterSave', instance, options);
  }
  return instance;
}

/**
 * Validation before a write: between the validation hooks when the save is hooked, else
 * without them and, for a model without validators, without a promise.
 */
function validateForSave(
  instance: Model,
  runtime: ModelRuntime,
  options: SaveOptions,
  hooked: boolean,
  validateOptions: () => ValidateOptions,
): Promise<void> | undefined {
  if (hooked) return validateWithHooks(runtime, instance, options, validateOptions);
  const resolved = validateOptions();
  if (validateValuesSync(runtime, instance.dataValues, instance, resolved)) return undefined;
  return validateValues(runtime, instance.dataValues, instance, resolved);
}

/**
 * Runs before<Create|Update> and beforeSave, then validates again the attributes those hooks
 * changed (as Sequelize does), since they were validated with their old values.
 */
async function runBeforeWriteHooks(
  instance: Model,
  runtime: ModelRuntime,
  hook: 'beforeCreate' | 'beforeUpdate',
  options: SaveOptions,
  validateOptions: ValidateOptions,
): Promise<void> {
  if (options.hooks === false) return;
  const before = { ...instance.dataValues };
  await runHooks(runtime, hook, instance, options);
  await runHooks(runtime, 'beforeSave', instance, options);
  const changedByHooks = Object.keys(instance.dataValues).filter(
    (name) => runtime.definition.attributes.has(name) && !sameValue(before[name], instance.dataValues[name]),
  );
  if (changedByHooks.length > 0 && options.validate !== false) {
    await validateValues(runtime, instance.dataValues, instance, {
      ...validateOptions,
      fields: changedByHooks,
    });
  }
}
