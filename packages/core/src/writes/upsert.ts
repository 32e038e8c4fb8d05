import { InvalidQueryError } from '../errors/errors';
import { compileSelect } from '../compile/select';
import { assertNoPrototypeKeys } from '../definition/instance-values';
import { compileUpsert, UPSERT_INSERTED_FLAG } from '../compile/upsert';
import type { Model } from '../model/model';
import { withHookTransaction } from '../hooks/hook-transaction';
import type { HookName } from '../hooks/hooks';
import { VALIDATION_HOOKS, validateWithHooks } from '../hooks/validation-hooks';
import { runtimeOf, runHooks, type ModelRuntime } from '../runtime/model-runtime';
import type { CompiledQuery } from '../execution/executor';
import { baseModel } from '../normalize/scopes';
import type { QueryOptions } from '../model/types';
import { runOptions, type ModelCtor } from '../execution/query-context';
import { transactionOf } from './bulk-create';
import { conflictAttributes, isTimestamp, stampCreate } from './insert';
import { databaseFilled, prepareRow } from './prepare-row';

/**
 * The options of `Model.upsert(values, options)`: the conflict key, the fields to write, and whether
 * the stored row is read back.
 */
export interface UpsertOptions<A = Record<string, unknown>> extends QueryOptions {
  /** On an existing row, update only these attributes (a new row gets every value). */
  fields?: ReadonlyArray<keyof A & string>;
  /** The unique key that decides "exists" (default: the primary key, else a unique attribute in values). */
  conflictFields?: ReadonlyArray<keyof A & string>;
  /** Validate the values first (default true). */
  validate?: boolean;
}

/**
 * Inserts a row, or updates the existing row with the same unique key, in one statement, and
 * resolves to `[instance, created]` with the row as stored on every dialect (read back where
 * the dialect has no RETURNING). `created` is true/false on PostgreSQL and MySQL and `null` on
 * SQLite, whose upsert does not say which happened.
 *
 * Hooks, as in Sequelize: beforeUpsert(values, options), the validation hooks, then
 * afterUpsert([instance, created], options); any of them makes the upsert run in a transaction
 * (a savepoint inside an existing one). Unlike Sequelize, values a beforeUpsert hook changes
 * are validated and written.
 *
 * The trap: the key must be in `values` (primary key or a unique attribute); otherwise there is
 * nothing to conflict on and an error says so.
 */
export async function upsert<M extends Model>(
  model: ModelCtor<M>,
  input: object,
  options: UpsertOptions,
): Promise<[M, boolean | null]> {
  const runtime = runtimeOf(model);
  checkUpsertValues(runtime, input);
  return withHookTransaction(runtime, UPSERT_HOOKS, options, async (opts) => {
    const hooked = opts.hooks !== false;
    // The hook gets a copy: it may change the values written without changing the caller's object.
    const values: Record<string, unknown> = { ...(input as Record<string, unknown>) };
    if (hooked) await runHooks(runtime, 'beforeUpsert', values, opts);
    const result = await upsertRow(model, values, opts);
    if (hooked) await runHooks(runtime, 'afterUpsert', result, opts);
    return result;
  });
}

const UPSERT_HOOKS: readonly HookName[] = ['beforeUpsert', 'afterUpsert', ...VALIDATION_HOOKS];

async function upsertRow<M extends Model>(
  model: ModelCtor<M>,
  values: object,
  options: UpsertOptions,
): Promise<[M, boolean | null]> {
  const runtime = runtimeOf(model);
  const { host } = runtime;
  const { instance, key, fields } = upsertInstance(model, runtime, values, options);
  if (options.validate !== false) {
    await validateWithHooks(runtime, instance, options, () => ({ skipNullCheckFor: databaseFilled(runtime) }));
  }
  const statement = upsertStatementOf(runtime, instance, key, fields);
  const context = runtime;
  const returning = host.dialect.supports.returning;
  const stored = await host.executor.managed(transactionOf(options), async (transaction) => {
    const run = runOptions({ ...options, transaction }, runtime);
    const result = await host.executor.run(statement, run);
    if (returning) {
      const { [UPSERT_INSERTED_FLAG]: flag, ...stored } = result.rows[0] ?? {};
      const created = host.dialect.upsertInsertedExpression ? Boolean(flag) : null;
      return { values: runtime.hydrator.parseColumns(stored), created };
    }
    const where = Object.fromEntries(key.map((name) => [name, instance.dataValues[name]]));
    const found = await host.executor.run(compileSelect(context, { where, paranoid: false, limit: 1 }), run);
    const created = host.dialect.upsertInsertedFromAffectedRows?.(result.affectedRows) ?? null;
    return { values: runtime.hydrator.parseRow(found.rows[0] ?? {}), created };
  });
  Object.assign(instance.dataValues, stored.values);
  instance.markClean();
  return [instance, stored.created];
}

/**
 * The values as a new instance with its timestamps set, the unique key that decides "exists"
 * and the attributes to update on an existing row, each checked.
 */
function upsertInstance<M extends Model>(
  model: ModelCtor<M>,
  runtime: ModelRuntime,
  values: object,
  options: UpsertOptions,
): { instance: M; key: string[]; fields: Set<string> | undefined } {
  const { definition } = runtime;
  const instance = new (baseModel(model))(values) as M;
  stampCreate(definition, instance.dataValues, new Date());
  const key = conflictAttributes(definition, [instance.dataValues], options.conflictFields, 'upsert');
  if (!key) {
    throw new InvalidQueryError(
      `${definition.name}.upsert needs the primary key or a unique attribute in values (or conflictFields) to know which row to update`,
    );
  }
  const fields = options.fields ? new Set<string>(options.fields) : undefined;
  for (const name of fields ?? []) {
    if (!definition.attributes.has(name)) {
      throw new InvalidQueryError(
        `${definition.name}.upsert: fields names ${JSON.stringify(name)}, which is not an attribute`,
      );
    }
  }
  return { instance, key, fields };
}

/** The INSERT ... ON CONFLICT DO UPDATE (ON DUPLICATE KEY UPDATE) of an upserted instance. */
function upsertStatementOf(
  runtime: ModelRuntime,
  instance: Model,
  key: readonly string[],
  fields: Set<string> | undefined,
): CompiledQuery {
  const { definition, host } = runtime;
  const row = prepareRow(definition, host.dialect.codec, instance.dataValues, definition.columnAttributes);
  const fieldOf = (name: string): string => definition.attributes.get(name)!.field;
  const keyColumns = key.map(fieldOf);
  const createdAt = definition.timestamps.createdAt;
  const updatable = definition.columnAttributes.filter(
    (a) =>
      a.field in row &&
      !keyColumns.includes(a.field) &&
      a.name !== createdAt &&
      (!fields || fields.has(a.name) || isTimestamp(definition, a.name)),
  );
  let updateColumns = updatable.map((a) => a.field);
  // Nothing to update but the key: "update" it to itself so the statement still returns the row.
  if (updateColumns.length === 0) updateColumns = [...keyColumns];
  return compileUpsert(runtime, row, keyColumns, updateColumns, host.dialect.supports.returning);
}

/**
 * The INSERT ... ON CONFLICT (ON DUPLICATE KEY UPDATE) `Model.upsert(values, options)` sends,
 * after its checks, defaults, timestamps and conversions, without hooks or validators. Where the
 * dialect has no RETURNING a SELECT of the stored row follows it.
 */
export function upsertStatement<M extends Model>(
  model: ModelCtor<M>,
  runtime: ModelRuntime,
  values: object,
  options: UpsertOptions,
): CompiledQuery {
  checkUpsertValues(runtime, values);
  const { instance, key, fields } = upsertInstance(model, runtime, values, options);
  return upsertStatementOf(runtime, instance, key, fields);
}

/** upsert takes one object of attribute values. */
function checkUpsertValues(runtime: ModelRuntime, values: unknown): void {
  if (typeof values !== 'object' || values === null || Array.isArray(values)) {
    throw new InvalidQueryError(`${runtime.definition.name}.upsert takes an object of attribute values`);
  }
  // Before the hook transaction opens: the copy it makes would keep a `__proto__` key as it is.
  assertNoPrototypeKeys(runtime.definition, values as Record<string, unknown>);
}
