import { describeName } from '../compile/where';
import { InvalidQueryError } from '../errors/errors';
import type { Model } from '../model/model';
import { withHookTransaction } from '../hooks/hook-transaction';
import { runtimeOf, type ModelRuntime } from '../runtime/model-runtime';
import type { AttributeDefinition } from '../definition/model-definition';
import type { CompiledQuery } from '../execution/executor';
import { baseModel } from '../normalize/scopes';
import type { QueryOptions } from '../model/types';
import { runOptions, type ModelCtor } from '../execution/query-context';
import { compileSelect } from '../compile/select';
import { isExpression } from '../compile/expressions';
import type { WhereOptions } from '../normalize/find-options';
import { Op } from '../compile/operators';
import {
  conflictAttributes,
  insertRows,
  insertStatement,
  isEmptyRow,
  isTimestamp,
  stampCreate,
  type ConflictHandling,
} from './insert';
import { betweenBulkHooks, betweenInstanceHooks, bulkHookNames, writeHooks } from './instance-hooks';
import { prepareRow } from './prepare-row';
import { validateRows } from './validate-rows';

/** The options of `Model.bulkCreate(records, options)`. See docs/writes.md. */
export interface BulkCreateOptions<A = Record<string, unknown>> extends QueryOptions {
  /** Write only these attributes; other properties of the records are ignored. */
  fields?: ReadonlyArray<keyof A & string>;
  /** Validate every row first (default true); one invalid row writes no row. */
  validate?: boolean;
  /** Skip rows that collide with an existing unique key instead of failing. */
  ignoreDuplicates?: boolean;
  /** On a unique key collision, update these attributes of the existing row instead. */
  updateOnDuplicate?: ReadonlyArray<keyof A & string>;
  /** The unique key collisions are detected on (default: the primary key or a unique attribute the rows have). */
  conflictAttributes?: ReadonlyArray<keyof A & string>;
  /** Read every column back from the database (defaults it filled in), on every dialect. */
  returning?: boolean;
  /** Also run beforeCreate/afterCreate for every instance (default: only the bulk hooks). */
  individualHooks?: boolean;
}

const BULK_BATCH = 500;

/**
 * Rows per INSERT: BULK_BATCH, or fewer when a full batch of this many columns would pass the
 * dialect's parameter limit (SQLite's 32,766 is reached by 500 rows of 66 columns).
 */
function rowsPerInsert(runtime: ModelRuntime, columnCount: number): number {
  const fitting = Math.floor(runtime.host.dialect.maxBoundParameters / Math.max(1, columnCount));
  return Math.max(1, Math.min(BULK_BATCH, fitting));
}
const CREATE_HOOKS = writeHooks('beforeBulkCreate', 'afterBulkCreate', 'beforeCreate', 'afterCreate');

/**
 * Inserts many rows in one statement per batch of 500, all in one transaction (a savepoint
 * inside an existing one): every row is validated first (unless `validate: false`) and one bad
 * row writes no row. Generated ids come back on every dialect, including MySQL multi-row inserts.
 * Hooks: beforeBulkCreate(instances, options), which may change the instances, and
 * afterBulkCreate; beforeCreate/afterCreate per instance only with `individualHooks: true`.
 */
export async function bulkCreate<M extends Model>(
  model: ModelCtor<M>,
  records: ReadonlyArray<object>,
  options: BulkCreateOptions,
): Promise<M[]> {
  const runtime = runtimeOf(model);
  const instances = recordInstances(model, runtime, records, options);
  if (instances.length === 0) return [];
  const hookNames = bulkHookNames(CREATE_HOOKS, options.individualHooks);
  return withHookTransaction(runtime, hookNames, options, async (opts) => {
    const hooked = opts.hooks !== false;
    const individual = hooked && opts.individualHooks === true;
    const insert = (): Promise<void> => insertInstances(model, instances, opts);
    await betweenBulkHooks(runtime, CREATE_HOOKS, hooked, [instances, opts], () =>
      individual ? betweenInstanceHooks(runtime, CREATE_HOOKS, instances, opts, insert) : insert(),
    );
    return instances;
  });
}

/** The records as new instances of the unscoped model, after bulkCreate's checks of the call. */
function recordInstances<M extends Model>(
  model: ModelCtor<M>,
  runtime: ModelRuntime,
  records: ReadonlyArray<object>,
  options: BulkCreateOptions,
): M[] {
  const { definition } = runtime;
  if (!Array.isArray(records)) throw new InvalidQueryError(`${definition.name}.bulkCreate takes an array of records`);
  if (options.ignoreDuplicates && options.updateOnDuplicate) {
    throw new InvalidQueryError(
      `${definition.name}.bulkCreate: ignoreDuplicates and updateOnDuplicate exclude each other`,
    );
  }
  const target = baseModel(model);
  return records.map((values, index) => {
    if (typeof values !== 'object' || values === null || Array.isArray(values)) {
      throw new InvalidQueryError(`${definition.name}.bulkCreate: record ${index} is not an object`);
    }
    return new target(values) as M;
  });
}

/** Stamps, validates and inserts the instances (in batches, in one transaction or savepoint). */
async function insertInstances<M extends Model>(
  model: ModelCtor<M>,
  instances: M[],
  options: BulkCreateOptions,
): Promise<void> {
  const runtime = runtimeOf(model);
  const { host } = runtime;
  const written = stampForInsert(runtime, instances, options);
  const fields = options.fields ? new Set<string>(options.fields) : undefined;
  if (options.validate !== false) await validateRows(runtime, instances, fields);
  const { rows, conflict, conflictKey } = bulkInsertRows(runtime, instances, written, options);
  const handlesConflicts = Boolean(options.ignoreDuplicates || options.updateOnDuplicate);

  const rowsPerStatement = rowsPerInsert(runtime, written.length);
  await host.executor.managed(transactionOf(options), async (transaction) => {
    const run = { ...options, transaction };
    let skipped = false;
    for (let start = 0; start < rows.length; start += rowsPerStatement) {
      const batch = rows.slice(start, start + rowsPerStatement);
      const inserted = await insertRows(runtime, batch, run, conflict, options.returning === true);
      inserted.forEach((values, index) => {
        if (values) Object.assign(instances[start + index].dataValues, values);
        else skipped = true;
      });
    }
    // Rows skipped or merged by a conflict, and every row where the dialect cannot return
    // rows, are read back by key so each instance holds the row as stored.
    const returns = host.dialect.supports.returning;
    // Without RETURNING, values the database computed (a function default) are read back too.
    const computed = !returns && instances.some((i) => Object.values(i.dataValues).some(isExpression));
    if ((options.returning && !returns) || computed || (handlesConflicts && (!returns || skipped))) {
      await reread(model, instances, conflictKey, run);
    }
  });
  for (const instance of instances) instance.markClean();
}

/**
 * Checks the attribute names of `fields` and `updateOnDuplicate`, sets the instances'
 * timestamps and returns the attributes the INSERT writes.
 */
function stampForInsert(
  runtime: ModelRuntime,
  instances: readonly Model[],
  options: BulkCreateOptions,
): AttributeDefinition[] {
  const { definition } = runtime;
  const now = new Date();
  const fields = options.fields ? new Set<string>(options.fields) : undefined;
  for (const name of fields ?? []) checkAttribute(definition, name, 'fields');
  for (const name of options.updateOnDuplicate ?? []) checkAttribute(definition, name, 'updateOnDuplicate');
  const written = definition.columnAttributes.filter(
    (a) => !fields || fields.has(a.name) || isTimestamp(definition, a.name),
  );
  for (const instance of instances) stampCreate(definition, instance.dataValues, now);
  return written;
}

/** The rows (keyed by column, converted) and conflict handling of a bulk INSERT of stamped instances. */
function bulkInsertRows(
  runtime: ModelRuntime,
  instances: readonly Model[],
  written: readonly AttributeDefinition[],
  options: BulkCreateOptions,
): { rows: Record<string, unknown>[]; conflict: ConflictHandling; conflictKey: string[] | undefined } {
  const { definition, host } = runtime;
  const rows = instances.map((instance) => prepareRow(definition, host.dialect.codec, instance.dataValues, written));
  const conflictKey = conflictAttributes(
    definition,
    instances.map((i) => i.dataValues),
    options.conflictAttributes,
    'bulkCreate',
  );
  if (options.updateOnDuplicate && !conflictKey) {
    throw new InvalidQueryError(
      `${definition.name}.bulkCreate: updateOnDuplicate needs the primary key or a unique attribute in every record (or conflictAttributes)`,
    );
  }
  const fieldOf = (name: string): string => definition.attributes.get(name)!.field;
  const updatedAt = definition.timestamps.updatedAt;
  const updateColumns = options.updateOnDuplicate
    ? [...new Set([...options.updateOnDuplicate, ...(updatedAt ? [updatedAt] : [])])].map(fieldOf)
    : undefined;
  const conflict = {
    ignoreDuplicates: options.ignoreDuplicates,
    updateColumns,
    conflictColumns: conflictKey?.map(fieldOf),
  };
  return { rows, conflict, conflictKey };
}

/**
 * The first INSERT bulkCreate sends: the first batch of at most 500 rows, after the same checks,
 * defaults, timestamps and conversions (validators and hooks do not run). Later batches are the
 * same statement with the next rows; where the dialect cannot return rows, SELECTs by key follow.
 */
export function bulkCreateStatement<M extends Model>(
  model: ModelCtor<M>,
  runtime: ModelRuntime,
  records: ReadonlyArray<object>,
  options: BulkCreateOptions,
): CompiledQuery | undefined {
  const instances = recordInstances(model, runtime, records, options);
  if (instances.length === 0) return undefined;
  const written = stampForInsert(runtime, instances, options);
  const { rows, conflict } = bulkInsertRows(runtime, instances, written, options);
  // Rows that write no column go one INSERT each (see insertRows): the first is one row.
  const batch = rows.slice(0, rows.every(isEmptyRow) ? 1 : rowsPerInsert(runtime, written.length));
  return insertStatement(runtime, batch, conflict, options.returning === true).compiled;
}

/**
 * Where the dialect cannot return rows from an INSERT, reads them back: by primary key when
 * every instance has one, else by the conflict key.
 */
async function reread(
  model: typeof Model,
  instances: Model[],
  conflictKey: string[] | undefined,
  options: QueryOptions,
): Promise<void> {
  const runtime = runtimeOf(model);
  const { definition, host } = runtime;
  const keyed = (names: readonly string[]): boolean =>
    names.length > 0 &&
    instances.every((i) => names.every((n) => i.dataValues[n] !== undefined && i.dataValues[n] !== null));
  const key = keyed(definition.primaryKeys)
    ? [...definition.primaryKeys]
    : conflictKey && keyed(conflictKey)
      ? conflictKey
      : undefined;
  if (!key) return;
  const keyValues = (instance: Model): Record<string, unknown> =>
    Object.fromEntries(key.map((name) => [name, instance.dataValues[name]]));
  for (let start = 0; start < instances.length; start += BULK_BATCH) {
    const batch = instances.slice(start, start + BULK_BATCH);
    const batchWhere: WhereOptions = { [Op.or]: batch.map(keyValues) };
    const compiled = compileSelect(runtime, { where: batchWhere, paranoid: false });
    const result = await host.executor.run(compiled, runOptions(options, runtime));
    const rows = result.rows.map((row) => runtime.hydrator.parseRow(row));
    const keyOf = (values: Record<string, unknown>): string => JSON.stringify(key.map((n) => String(values[n])));
    const byKey = new Map(rows.map((row) => [keyOf(row), row]));
    for (const instance of batch) {
      const row = byKey.get(keyOf(instance.dataValues));
      if (row) Object.assign(instance.dataValues, row);
    }
  }
}

function checkAttribute(definition: ReturnType<typeof runtimeOf>['definition'], name: string, option: string): void {
  const attribute = definition.attributes.get(name);
  if (!attribute || attribute.virtual) {
    throw new InvalidQueryError(
      `${definition.name}.bulkCreate: ${option} names ${describeName(name)}, which is not an attribute; valid attributes: ${definition.columnAttributes
        .map((a) => a.name)
        .join(', ')}`,
    );
  }
}

/** `{ transaction }` as given (undefined: use the bound one), for a managed transaction or savepoint. */
export function transactionOf(options: QueryOptions): { transaction?: QueryOptions['transaction'] } {
  return options.transaction === undefined ? {} : { transaction: options.transaction };
}
