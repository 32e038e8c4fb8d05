import { InvalidQueryError } from '../errors/errors';
import { compileSelect } from '../compile/select';
import { compileUpsert, UPSERT_INSERTED_FLAG } from '../compile/upsert';
import type { Model } from '../model/model';
import { withHookTransaction } from '../hooks/hook-transaction';
import type { HookName } from '../hooks/hooks';
import { VALIDATION_HOOKS, validateWithHooks } from '../hooks/validation-hooks';
import { runtimeOf, runHooks } from '../runtime/model-runtime';
import { baseModel } from '../normalize/scopes';
import type { QueryOptions } from '../model/types';
import { columnsToAttributes, runOptions, type ModelCtor } from '../execution/query-context';
import { transactionOf } from './bulk-create';
import { conflictAttributes, isTimestamp, stampCreate } from './insert';
import { databaseFilled, prepareRow } from './prepare-row';

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
  const { definition } = runtime;
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new InvalidQueryError(`${definition.name}.upsert takes an object of attribute values`);
  }
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
  const { definition, host } = runtime;
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
  if (options.validate !== false) {
    await validateWithHooks(runtime, instance, options, () => ({ skipNullCheckFor: databaseFilled(runtime) }));
  }
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

  const context = runtime;
  const returning = host.dialect.supports.returning;
  const statement = compileUpsert(context, row, keyColumns, updateColumns, returning);
  const stored = await host.executor.managed(transactionOf(options), async (transaction) => {
    const run = runOptions({ ...options, transaction }, runtime);
    const result = await host.executor.run(statement, run);
    if (returning) {
      const { [UPSERT_INSERTED_FLAG]: flag, ...stored } = result.rows[0] ?? {};
      const created = host.dialect.upsertInsertedExpression ? Boolean(flag) : null;
      return { values: columnsToAttributes(runtime, stored), created };
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
