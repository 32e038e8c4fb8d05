import {
  compileCountWithIncludes,
  compileFindWithIncludes,
  countWithIncludes,
  findAllWithIncludes,
} from './include-loader';
import type { CompiledQuery, RunOptions } from './executor';
import { describeName } from '../compile/where';
import { assertNoPrototypeKeys } from '../definition/instance-values';
import { EmptyResultError, InvalidQueryError, UniqueConstraintError } from '../errors/errors';
import { compileSelect } from '../compile/select';
import { primaryKeySelect } from '../compile/primary-key-select';
import type { Model } from '../model/model';
import { hasHooks } from '../hooks/hook-transaction';
import { hydrate } from '../hydration/hydrate';
import { runtimeOf, runHooks, type ModelRuntime } from '../runtime/model-runtime';
import { baseModel, withScope } from '../normalize/scopes';
import type { QueryOptions } from '../model/types';
import { col, fn, isExpression, literal } from '../compile/expressions';
import type { AggregateOptions, CountOptions, FindOptions, GroupedCount } from '../normalize/find-options';
import { Op } from '../compile/operators';
import { readRunOptions, type ModelCtor } from './query-context';
import { isPlainObject } from '../compile/where';

/** `findOrCreate`/`findOrBuild`/`findCreateFind` options: the where to find by, the defaults to create with. */
export interface FindOrCreateOptions<A = Record<string, unknown>> extends FindOptions<A> {
  /** Values for the new row; equality values from `where` fill in what these lack. */
  defaults?: Partial<A>;
  /** Passed on to create (validate, fields, silent). */
  validate?: boolean;
  fields?: ReadonlyArray<keyof A & string>;
}

/**
 * The rows matching the options after the active scopes, between the beforeFind and afterFind
 * hooks (unless `hooks: false`). beforeFind receives a copy of the options with the scopes
 * merged in and may change it; the caller's object is never changed.
 */
export function findAll<M extends Model>(model: ModelCtor<M>, input: FindOptions): Promise<M[]> {
  return findRows(model, input, 'many');
}

export async function findOne<M extends Model>(model: ModelCtor<M>, options: FindOptions): Promise<M | null> {
  const found = await findRows(model, { ...options, limit: 1 }, 'one');
  if (found.length === 0 && options.rejectOnEmpty) throw emptyResult(runtimeOf(model), options.rejectOnEmpty);
  return found[0] ?? null;
}

/** findAll and findOne: as in Sequelize, afterFind of findOne sees the instance (or null), not a list. */
async function findRows<M extends Model>(model: ModelCtor<M>, input: FindOptions, shape: 'one' | 'many'): Promise<M[]> {
  const runtime = runtimeOf(model);
  // withScope returns a new object, so a beforeFind that narrows the where changes only the copy.
  let options = withScope(model, input);
  const hooked = options.hooks !== false && hasHooks(runtime, FIND_HOOKS);
  if (hooked) {
    if (options === input) options = { ...input };
    await runHooks(runtime, 'beforeFind', options);
    await runHooks(runtime, 'beforeFindAfterExpandIncludeAll', options);
    await runHooks(runtime, 'beforeFindAfterOptions', options);
  }
  const found = await selectRows(model, runtime, options);
  if (hooked) await runHooks(runtime, 'afterFind', shape === 'one' ? (found[0] ?? null) : found, options);
  return found;
}

/** Not async: one promise layer less per find (see Executor.run). */
function selectRows<M extends Model>(model: ModelCtor<M>, runtime: ModelRuntime, options: FindOptions): Promise<M[]> {
  if (options.include !== undefined) return findAllWithIncludes(baseModel(model), options) as Promise<M[]>;
  const compiled = compileFind(model, runtime, options);
  return runtime.host.executor
    .run(compiled, readRunOptions(options, runtime))
    .then((result) => loadedInstances(model, runtime, result.rows, options.raw));
}

/** Driver rows as loaded instances (or, with `raw`, as parsed plain objects). */
function loadedInstances<M extends Model>(
  model: ModelCtor<M>,
  runtime: ModelRuntime,
  rows: Record<string, unknown>[],
  raw: boolean | undefined,
): M[] {
  if (raw) return rows.map((row) => runtime.hydrator.parseRow(row)) as unknown as M[];
  const target = baseModel(model);
  return rows.map((row) => hydrate<M>(target, runtime.hydrator, row));
}

const FIND_HOOKS = ['beforeFind', 'beforeFindAfterExpandIncludeAll', 'beforeFindAfterOptions', 'afterFind'] as const;

/**
 * The SELECT a find with these options (scopes already applied) sends first: with `include`,
 * the one for the model and its joined to-one includes (to-many includes load after it).
 */
export function compileFind(model: typeof Model, runtime: ModelRuntime, options: FindOptions): CompiledQuery {
  if (options.include !== undefined) return compileFindWithIncludes(baseModel(model), options);
  return compileSelect(runtime, options);
}

export async function findByPk<M extends Model>(
  model: ModelCtor<M>,
  key: unknown,
  options: Omit<FindOptions, 'where'>,
): Promise<M | null> {
  const runtime = runtimeOf(model);
  const definition = runtime.definition;
  if (key === null || key === undefined) {
    if (options.rejectOnEmpty) throw emptyResult(runtime, options.rejectOnEmpty);
    return null;
  }
  checkPrimaryKeyValue(runtime, key);
  if (isPlainLookup(model, runtime, options)) {
    const compiled = primaryKeySelect(runtime, key);
    const result = await runtime.host.executor.run(compiled, firstRowOnly(readRunOptions(options, runtime)));
    const [found] = loadedInstances(model, runtime, result.rows, options.raw);
    if (!found && options.rejectOnEmpty) throw emptyResult(runtime, options.rejectOnEmpty);
    return found ?? null;
  }
  return findOne(model, { ...options, where: { [definition.primaryKeys[0]]: key } });
}

const firstRowVariants = new WeakMap<RunOptions, RunOptions>();

/** `run` with `firstRowOnly`; the model's shared options get one shared variant, not a copy per call. */
function firstRowOnly(run: RunOptions): RunOptions {
  let variant = firstRowVariants.get(run);
  if (!variant) {
    variant = { ...run, firstRowOnly: true };
    firstRowVariants.set(run, variant);
  }
  return variant;
}

/**
 * findByPk's checks of a key that is not null: the model has one primary key column, and the
 * key is one value (a date and a buffer are values), not an object or array.
 */
export function checkPrimaryKeyValue(runtime: ModelRuntime, key: unknown): void {
  const definition = runtime.definition;
  if (definition.primaryKeys.length !== 1) {
    throw new InvalidQueryError(`${definition.name} has a composite primary key: use findOne({ where })`);
  }
  if (typeof key === 'object' && !(key instanceof Date) && !Buffer.isBuffer(key)) {
    throw new InvalidQueryError(
      `${definition.name}.findByPk takes a ${definition.primaryKeys[0]} value, got ${Array.isArray(key) ? 'an array' : 'an object'}`,
    );
  }
}

/** Options of findByPk that do not change its SELECT. */
const LOOKUP_OPTIONS = new Set(['transaction', 'logging', 'benchmark', 'raw', 'rejectOnEmpty', 'hooks']);

/**
 * A findByPk that is the model's plain primary-key SELECT: no scope, no find hooks to run and
 * no option that changes the query. It skips the general find path (see primaryKeySelect).
 */
function isPlainLookup(model: typeof Model, runtime: ModelRuntime, options: object): boolean {
  for (const name in options) if (!LOOKUP_OPTIONS.has(name)) return false;
  if ((options as FindOptions).hooks !== false && hasHooks(runtime, FIND_HOOKS)) return false;
  return withScope(model, options) === options;
}

/**
 * Counts the rows `where` matches. `col` counts non-null values of one attribute, `distinct`
 * counts distinct values (of `col`, or of the primary key). Order, limit and attributes are
 * ignored, so findAndCountAll can pass its find options as they are.
 */
export async function count(model: typeof Model, input: CountOptions): Promise<number | GroupedCount[]> {
  const runtime = runtimeOf(model);
  let options = withScope(model, input) as CountOptions & FindOptions;
  if (options.hooks !== false && hasHooks(runtime, ['beforeCount'])) {
    if (options === input) options = { ...options };
    await runHooks(runtime, 'beforeCount', options);
  }
  if (countsParents(options)) return countWithIncludes(baseModel(model), options);
  const select = countSelect(runtime, options);
  const result = await runtime.host.executor.run(compileSelect(runtime, select), readRunOptions(options, runtime));
  if (select.group) {
    return result.rows.map((row) => ({ ...runtime.hydrator.parseRow(row), count: Number(row.count) }) as GroupedCount);
  }
  return Number(result.rows[0]?.count ?? 0);
}

/** With includes, a count counts distinct parents rather than joined rows. */
function countsParents(options: CountOptions): boolean {
  return options.include !== undefined && !options.col;
}

/** The SELECT of a count without includes: COUNT (of `col`, distinct or not) per group, or in all. */
function countSelect(runtime: ModelRuntime, options: CountOptions & FindOptions): FindOptions & { group?: unknown[] } {
  const definition = runtime.definition;
  const target = options.col
    ? col(options.col)
    : definition.primaryKeys[0]
      ? col(definition.primaryKeys[0])
      : literal('*');
  const counted = options.distinct ? fn('COUNT', fn('DISTINCT', target)) : fn('COUNT', target);
  const groups =
    options.group === undefined ? undefined : Array.isArray(options.group) ? options.group : [options.group];
  return {
    where: options.where,
    include: options.include,
    paranoid: options.paranoid,
    attributes: [...(groups ?? []), [counted, 'count']],
    group: groups,
  } as FindOptions & { group?: unknown[] };
}

/** The one statement a count with these options (scopes already applied) sends. */
export function compileCount(model: typeof Model, runtime: ModelRuntime, options: CountOptions): CompiledQuery {
  if (countsParents(options)) return compileCountWithIncludes(baseModel(model), options);
  return compileSelect(runtime, countSelect(runtime, options));
}

/**
 * `{ count, rows }`: one page of rows and the number of rows the where matches in total.
 * The count gets the same where, include, distinct and paranoid options as the find (so a
 * count with includes can count distinct parents once includes exist).
 */
export async function findAndCountAll<M extends Model>(
  model: ModelCtor<M>,
  options: FindOptions & { col?: string },
): Promise<{ count: number; rows: M[] }> {
  const { limit: _limit, offset: _offset, order: _order, attributes: _attributes, ...countOptions } = options;
  const counted = count(model, { ...countOptions, group: undefined } as CountOptions) as Promise<number>;
  const [total, rows] = await Promise.all([counted, findAll(model, options)]);
  return { count: total, rows };
}

/**
 * `SELECT fn(attribute)` over the rows `where` matches, e.g. `aggregate('age', 'max')`. The
 * function must be on the dialect's allow-list (`dialect.aggregateFunctions`). The result is read
 * back as the attribute's type for max/min, as a number for sum/avg/count and the statistical
 * aggregates (DECIMAL and BIGINT sums stay strings so no digit is lost), as the driver returns it
 * for the others (GROUP_CONCAT, BOOL_AND, ARRAY_AGG...); `null` when no row matched.
 */
export async function aggregate(
  model: typeof Model,
  attribute: string,
  aggregateFunction: string,
  input: AggregateOptions,
): Promise<unknown> {
  const runtime = runtimeOf(model);
  const { definition, host } = runtime;
  const options = withScope(model, input) as AggregateOptions;
  // The name becomes SQL text: only the dialect's genuine aggregates, never SLEEP or LOAD_FILE.
  const name = typeof aggregateFunction === 'string' ? aggregateFunction.toUpperCase() : '';
  const resultKind = host.dialect.aggregateFunctions.get(name);
  if (resultKind === undefined) {
    throw new InvalidQueryError(
      `${definition.name}.aggregate: ${describeName(aggregateFunction)} is not an aggregate function on ${host.dialect.name}; ` +
        `allowed: ${[...host.dialect.aggregateFunctions.keys()].join(', ')} (fn() in attributes calls any other function)`,
    );
  }
  const definitionOf = definition.attributes.get(attribute);
  if (attribute !== '*' && (!definitionOf || definitionOf.virtual)) {
    throw new InvalidQueryError(
      `${definition.name}.aggregate: ${describeName(attribute)} is not an attribute; valid attributes: ${definition.columnAttributes
        .map((a) => a.name)
        .join(', ')}`,
    );
  }
  const target = attribute === '*' ? literal('*') : col(attribute);
  const expression = options.distinct ? fn(name, fn('DISTINCT', target)) : fn(name, target);
  const compiled = compileSelect(runtime, {
    where: options.where,
    paranoid: options.paranoid,
    attributes: [[expression, 'value']],
  } as FindOptions);
  const result = await host.executor.run(compiled, readRunOptions(options, runtime));
  const raw = result.rows[0]?.value;
  if (raw === null || raw === undefined) return name === 'COUNT' ? 0 : name === 'SUM' ? 0 : null;
  if (resultKind === 'as returned') return raw;
  const key = definitionOf?.type.key;
  if (resultKind === 'attribute' && definitionOf) {
    return host.dialect.codec.parserFor(definitionOf.type)?.(raw) ?? raw;
  }
  if (key === 'DECIMAL' || key === 'BIGINT') return typeof raw === 'string' ? raw : String(raw);
  return Number(raw);
}

/**
 * Finds a row matching `where`, or creates it from `defaults` plus the equality values of
 * `where`, and resolves to `[instance, created]`. It runs in a transaction (a savepoint when
 * one is already bound). When a concurrent caller inserts the same unique key first, the
 * UniqueConstraintError is caught and the winner's row is returned with `created: false`.
 */
export async function findOrCreate<M extends Model>(
  model: ModelCtor<M>,
  options: FindOrCreateOptions,
): Promise<[M, boolean]> {
  const runtime = runtimeOf(model);
  const values = creationValues(runtime, options);
  const { defaults: _defaults, fields, validate, ...findOptions } = options;
  const executor = runtime.host.executor;
  const transactionOptions = options.transaction === undefined ? {} : { transaction: options.transaction };
  // Hooks see the caller's transaction; what names it runs in the ones opened here (see the executor).
  const callers = options.transaction === undefined ? executor.currentTransaction() : options.transaction;
  return executor.managed(transactionOptions, async (opened) => {
    const transaction = callers ?? opened;
    const inTransaction = { ...findOptions, transaction };
    const found = await findOne(model, inTransaction);
    if (found) return [found, false] as [M, boolean];
    try {
      // A savepoint, so that a failed insert leaves the surrounding transaction usable; the
      // create runs the create hooks (unless hooks: false) in it.
      const created = await executor.managed({ transaction }, () =>
        baseModel(model).create(values as never, {
          transaction,
          fields,
          validate,
          logging: options.logging,
          hooks: options.hooks,
        }),
      );
      return [created as M, true] as [M, boolean];
    } catch (error) {
      if (!(error instanceof UniqueConstraintError)) throw error;
      // A locking read sees the row the other caller committed, even under REPEATABLE READ.
      const winner = await findOne(model, { ...inTransaction, lock: 'SHARE' });
      if (!winner) throw error;
      return [winner, false] as [M, boolean];
    }
  });
}

/** Finds a row matching `where`, or builds (without saving) one; resolves to `[instance, built]`. */
export async function findOrBuild<M extends Model>(
  model: ModelCtor<M>,
  options: FindOrCreateOptions,
): Promise<[M, boolean]> {
  const runtime = runtimeOf(model);
  const values = creationValues(runtime, options);
  const { defaults: _defaults, ...findOptions } = options;
  const found = await findOne(model, findOptions);
  if (found) return [found, false];
  return [new (baseModel(model))(values) as M, true];
}

/**
 * Finds, else creates, else (when a concurrent create won the race) finds again, without a
 * transaction of its own. Cheaper than findOrCreate when rows are mostly found.
 */
export async function findCreateFind<M extends Model>(
  model: ModelCtor<M>,
  options: FindOrCreateOptions,
): Promise<[M, boolean]> {
  const runtime = runtimeOf(model);
  const values = creationValues(runtime, options);
  const { defaults: _defaults, fields, validate, ...findOptions } = options;
  const found = await findOne(model, findOptions);
  if (found) return [found, false];
  try {
    const created = await baseModel(model).create(values as never, {
      transaction: options.transaction,
      logging: options.logging,
      hooks: options.hooks,
      fields,
      validate,
    });
    return [created as M, true];
  } catch (error) {
    if (!(error instanceof UniqueConstraintError)) throw error;
    const winner = await findOne(model, findOptions);
    if (!winner) throw error;
    return [winner, false];
  }
}

/** defaults, with the plain equality values of `where` filling what they lack. */
function creationValues(runtime: ModelRuntime, options: FindOrCreateOptions): Record<string, unknown> {
  const name = runtime.definition.name;
  if (!isPlainObject(options.where)) {
    throw new InvalidQueryError(`${name}.findOrCreate needs a where object`);
  }
  if (options.defaults !== undefined && !isPlainObject(options.defaults)) {
    throw new InvalidQueryError(`${name}.findOrCreate: defaults must be an object of attribute values`);
  }
  // Refused before the find runs, and own keys only: `key in values` would see Object's members.
  if (options.defaults !== undefined) assertNoPrototypeKeys(runtime.definition, options.defaults);
  const values: Record<string, unknown> = { ...(options.defaults as Record<string, unknown> | undefined) };
  for (const [key, value] of Object.entries(options.where)) {
    if (Object.hasOwn(values, key)) continue;
    const equality = isPlainObject(value) ? (value as Record<symbol, unknown>)[Op.eq] : value;
    if (equality === undefined || Array.isArray(equality) || isExpression(equality) || isPlainObject(equality))
      continue;
    values[key] = equality;
  }
  return values;
}

function emptyResult(runtime: ModelRuntime, rejectOnEmpty: boolean | Error): Error {
  return rejectOnEmpty instanceof Error
    ? rejectOnEmpty
    : new EmptyResultError(`${runtime.definition.name}: no row matches`);
}

export type { QueryOptions };
