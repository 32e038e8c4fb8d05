import { ignoresUnknownAttributes, unknownAttributeError } from '../definition/unknown-attributes';
import { compileUpdate } from '../compile/update';
import { assertNoPrototypeKeys } from '../definition/instance-values';
import { InvalidQueryError } from '../errors/errors';
import { runOptions, type ModelCtor } from '../execution/query-context';
import { withHookTransaction } from '../hooks/hook-transaction';
import type { Model } from '../model/model';
import type { QueryOptions } from '../model/types';
import type { WhereOptions } from '../normalize/find-options';
import { withScope } from '../normalize/scopes';
import { runtimeOf, type ModelRuntime } from '../runtime/model-runtime';
import { updateReturning, type MatchingUpdate } from './update-returning';
import {
  betweenBulkHooks,
  betweenInstanceHooks,
  bulkHookNames,
  loadForInstanceHooks,
  writeHooks,
} from './instance-hooks';
import { prepareRow, validateValues, validateValuesSync } from './prepare-row';
import { requireWhere } from './require-where';

/**
 * The options of `Model.update(values, options)`: which rows (a `where`, or `all: true`), which
 * fields, hooks per instance, and RETURNING.
 */
export interface UpdateOptions<A = Record<string, unknown>> extends QueryOptions {
  where?: WhereOptions<A>;
  /** Update every row: required when no where is given. */
  all?: boolean;
  fields?: ReadonlyArray<keyof A & string>;
  validate?: boolean;
  paranoid?: boolean;
  silent?: boolean;
  /** Also return the updated rows (emulated where the dialect has no RETURNING). */
  returning?: boolean;
  /**
   * Load the matching rows and run beforeUpdate/afterUpdate for each, saving them one by one
   * (default: one UPDATE statement and only the bulk hooks).
   */
  individualHooks?: boolean;
}

/** What the bulk hooks see: the options, with the values as `attributes` (as in Sequelize). */
type UpdateHookOptions = UpdateOptions & { attributes: Record<string, unknown> };

const UPDATE_HOOKS = writeHooks('beforeBulkUpdate', 'afterBulkUpdate', 'beforeUpdate', 'afterUpdate');

/**
 * `Model.update(values, options)`: updates every row matching `where` (after the active scopes)
 * and resolves to `[affectedCount]`, with `returning: true` to `[affectedCount, rows]`. A where
 * is required unless `all: true`. With update hooks the whole update runs in a hook transaction;
 * beforeBulkUpdate may change the values (`options.attributes`) and the where. With
 * `individualHooks: true` the matching rows are loaded and saved one by one between
 * beforeUpdate and afterUpdate; otherwise one UPDATE statement does it.
 *
 * Not async: one promise layer less per update, so errors are turned into rejections here.
 */
export function update<M extends Model>(
  model: ModelCtor<M>,
  values: Record<string, unknown>,
  options: UpdateOptions,
): Promise<[number, M[]?]> {
  try {
    const runtime = runtimeOf(model);
    checkUpdateCall(runtime, values, options);
    const hookNames = bulkHookNames(UPDATE_HOOKS, options.individualHooks);
    return withHookTransaction(runtime, hookNames, options, (opts, hasUpdateHooks) =>
      hasUpdateHooks || (opts.hooks !== false && opts.individualHooks)
        ? updateWithHooks(model, runtime, values, opts)
        : updateMatching(model, runtime, values, opts),
    );
  } catch (error) {
    return Promise.reject(error as Error);
  }
}

/** The update between the bulk hooks (and per instance with individualHooks). */
function updateWithHooks<M extends Model>(
  model: ModelCtor<M>,
  runtime: ModelRuntime,
  values: Record<string, unknown>,
  options: UpdateOptions,
): Promise<[number, M[]?]> {
  const hooked = options.hooks !== false;
  const hookOptions: UpdateHookOptions = { ...options, attributes: { ...values } };
  return betweenBulkHooks(runtime, UPDATE_HOOKS, hooked, [hookOptions], () =>
    hooked && hookOptions.individualHooks
      ? updateEach(model, runtime, hookOptions)
      : updateMatching(model, runtime, hookOptions.attributes, hookOptions),
  );
}

/** individualHooks: loads the matching rows, sets the values and saves each between its hooks. */
async function updateEach<M extends Model>(
  model: ModelCtor<M>,
  runtime: ModelRuntime,
  options: UpdateHookOptions,
): Promise<[number, M[]?]> {
  const instances = await loadForInstanceHooks(model, options.where, options.paranoid, options);
  for (const instance of instances) instance.set(options.attributes);
  return betweenInstanceHooks(runtime, UPDATE_HOOKS, instances, options, async (): Promise<[number, M[]?]> => {
    for (const instance of instances) {
      await instance.save({
        transaction: options.transaction,
        logging: options.logging,
        fields: options.fields,
        validate: options.validate,
        silent: options.silent,
        hooks: false,
      });
    }
    return options.returning ? [instances.length, instances] : [instances.length];
  });
}

/**
 * The update as one UPDATE statement: values checked, validated and converted first. Not
 * async: with synchronous validation the statement's promise is the only one.
 */
function updateMatching<M extends Model>(
  model: ModelCtor<M>,
  runtime: ModelRuntime,
  values: Record<string, unknown>,
  options: UpdateOptions,
): Promise<[number, M[]?]> {
  try {
    const { changes, names } = updateChanges(runtime, values, options);
    if (options.validate !== false && !validateValuesSync(runtime, changes, changes, { fields: names })) {
      return validateValues(runtime, changes, changes, { fields: names }).then(() =>
        runUpdate(model, runtime, changes, names, options),
      );
    }
    return runUpdate(model, runtime, changes, names, options);
  } catch (error) {
    return Promise.reject(error as Error);
  }
}

function runUpdate<M extends Model>(
  model: ModelCtor<M>,
  runtime: ModelRuntime,
  changes: Record<string, unknown>,
  names: string[],
  options: UpdateOptions,
): Promise<[number, M[]?]> {
  const statement = updateStatement(model, runtime, changes, names, options);
  if (!statement) return Promise.resolve([0]);
  if (options.returning) return updateReturning(model, statement.compile, statement.matched, options);
  return runtime.host.executor
    .run(statement.compile(false), runOptions(options, runtime))
    .then((result): [number, M[]?] => [result.affectedRows]);
}

/** Static update's checks of the call itself: a where (or `all: true`) and an object of values. */
export function checkUpdateCall(runtime: ModelRuntime, values: unknown, options: UpdateOptions): void {
  const { definition } = runtime;
  requireWhere(definition, 'update', options);
  if (typeof values !== 'object' || values === null || Array.isArray(values)) {
    throw new InvalidQueryError(`${definition.name}.update takes an object of attribute values`);
  }
  assertNoPrototypeKeys(definition, values as Record<string, unknown>);
}

/** The values an UPDATE sets (with updatedAt unless `silent`) and their names, each an attribute. */
function updateChanges(
  runtime: ModelRuntime,
  values: Record<string, unknown>,
  options: UpdateOptions,
): { changes: Record<string, unknown>; names: string[] } {
  const { definition } = runtime;
  const updatedAt = definition.timestamps.updatedAt;
  const changes: Record<string, unknown> = { ...values };
  if (updatedAt && !options.silent) changes[updatedAt] = new Date();
  const fields: readonly string[] | undefined = options.fields;
  const ignoreUnknown = ignoresUnknownAttributes(definition, runtime.host.unknownAttributes);
  const names = Object.keys(changes).filter((name) => {
    if (fields && !fields.includes(name) && name !== updatedAt) return false;
    if (definition.attributes.has(name)) return true;
    // Sequelize's Model.update writes only the model's attributes; Strata's default refuses the rest.
    if (ignoreUnknown) return false;
    throw unknownAttributeError(definition, [], name, 'update');
  });
  return { changes, names };
}

/**
 * The UPDATE of `changes` (converted for the driver) on the rows the where and the active
 * scopes match, or undefined when no column is left to set (the update sends nothing).
 */
function updateStatement(
  model: typeof Model,
  runtime: ModelRuntime,
  changes: Record<string, unknown>,
  names: readonly string[],
  options: UpdateOptions,
): MatchingUpdate | undefined {
  const { definition, host } = runtime;
  const attributes = names.map((name) => definition.attributes.get(name)!);
  const row = prepareRow(definition, host.dialect.codec, changes, attributes, true);
  if (Object.keys(row).length === 0) return undefined;
  const matched = withScope(model, { where: options.where, paranoid: options.paranoid });
  const context = runtime;
  return { compile: (returning) => compileUpdate(context, row, matched, returning), matched };
}

/**
 * The UPDATE `Model.update(values, options)` sends, after the same checks, scopes, updatedAt and
 * conversions, without hooks or validators (so as with `hooks: false`: no individualHooks), or
 * undefined when there is nothing to set.
 */
export function staticUpdateStatement(
  model: typeof Model,
  runtime: ModelRuntime,
  values: Record<string, unknown>,
  options: UpdateOptions,
): MatchingUpdate | undefined {
  checkUpdateCall(runtime, values, options);
  const { changes, names } = updateChanges(runtime, values, options);
  return updateStatement(model, runtime, changes, names, options);
}
