import { rememberInclude } from '../associations/included-value';
import { compileIncludeSelect } from '../compile/include';
import { compileSelect } from '../compile/select';
import type { RowStream } from '../dialect/dialect';
import { InvalidQueryError } from '../errors/errors';
import { hasHooks } from '../hooks/hook-transaction';
import { hydrate } from '../hydration/hydrate';
import type { Model } from '../model/model';
import type { FindOptions } from '../normalize/find-options';
import { baseModel, withScope } from '../normalize/scopes';
import type { PlanNode, SelectPlan } from '../plan/select-plan';
import { runHooks, runtimeOf, type ModelRuntime } from '../runtime/model-runtime';
import type { Transaction } from '../transactions/transaction';
import type { CompiledQuery } from './executor';
import { hydrateRow, loadSeparate, planFindWithIncludes } from './include-loader';
import { connectionLogging, resolveLogging, type Logging, type LogStatement } from './logging';
import type { ModelCtor } from './query-context';

/** `findEach` options: a find's options and how many rows each read from the database brings. */
export interface FindEachOptions<A = Record<string, unknown>> extends FindOptions<A> {
  /**
   * Rows per read (a FETCH on PostgreSQL, the rows buffered from the stream on MySQL, the
   * rows pulled from the iterator on SQLite) and per to-many include load. Default 1000.
   */
  batchSize?: number;
}

const DEFAULT_BATCH_SIZE = 1000;

/** Options of a find that have no meaning for a stream. */
const REFUSED_OPTIONS = ['rejectOnEmpty', 'plain'] as const;

/**
 * The rows matching the options, as model instances, one at a time: the rows come from the
 * driver's streaming read (`Dialect.stream`: a server-side cursor on PostgreSQL, mysql2's row
 * stream, better-sqlite3's iterator), `batchSize` at a time, so memory holds one batch however
 * many rows match. To-one includes come in the same rows; to-many includes are loaded per batch
 * (one IN query per include level, as `findAll` does), so every instance is complete.
 *
 * The stream holds one connection from the first `next()` to the end of the loop: the
 * transaction's (explicit or bound), else a transaction of its own, committed when the loop ends
 * or breaks and rolled back on an error. Leaving the loop early (`break`, `return`, a throw in
 * its body) or an error while reading closes the cursor and gives the connection back.
 *
 * Scopes and `beforeFind` hooks apply; `afterFind` does not run (there is no list to give it).
 *
 * @example for await (const user of User.findEach({ where: { active: true }, batchSize: 500 })) send(user);
 */
export async function* findEach<M extends Model>(model: ModelCtor<M>, input: FindEachOptions): AsyncGenerator<M> {
  const runtime = runtimeOf(model);
  const name = runtime.definition.name;
  const { batchSize = DEFAULT_BATCH_SIZE, ...findInput } = input;
  checkOptions(name, batchSize, findInput);
  let options = withScope(model, findInput as FindOptions);
  if (options.hooks !== false && hasHooks(runtime, FIND_HOOKS)) {
    if (options === findInput) options = { ...options };
    await runHooks(runtime, 'beforeFind', options);
    await runHooks(runtime, 'beforeFindAfterExpandIncludeAll', options);
    await runHooks(runtime, 'beforeFindAfterOptions', options);
  }
  const { host } = runtime;
  const dialect = host.dialect;
  if (!dialect.stream) throw new InvalidQueryError(`${name}.findEach: the ${dialect.name} dialect cannot stream rows`);

  const plan = options.include === undefined ? undefined : planFindWithIncludes(baseModel(model), options);
  const compiled: CompiledQuery = plan
    ? compileIncludeSelect({ knex: host.knex, dialect, shapeCache: host.shapeCache }, plan)
    : compileSelect(runtime, options);

  const given = givenTransaction(runtime, options.transaction);
  const transaction = given ?? (await host.executor.begin({ transaction: null }));
  let failed = false;
  try {
    const stream = dialect.stream(transaction.connection, compiled.sql, compiled.bindings, batchSize, {
      exactIntegers: runtime.hydrator.needsExactIntegers,
    });
    const childTransaction = transactionForLoads(name, plan, stream, given, transaction);
    const log = statementLogger(options.logging, host.owner);
    if (log) log(compiled.sql);
    for await (const rows of convertedErrors(stream, dialect.convertError.bind(dialect), compiled)) {
      const instances = plan
        ? await withIncludes(plan, rows, { ...options, transaction: childTransaction })
        : rows.map((row) => instance<M>(model, runtime, row, options.raw));
      for (const found of instances) yield found as M;
    }
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    if (!given) {
      if (failed) await transaction.rollback().catch(() => undefined);
      else await transaction.commit();
    }
  }
}

/**
 * Where the streamed statement is logged: the call's `logging`, else the connection's (its
 * `logging` option or DEBUG=strata:sql), as the executor logs every other statement.
 */
function statementLogger(option: Logging | undefined, owner: unknown): LogStatement {
  const connection = (owner as { options?: { logging?: Logging } } | undefined)?.options?.logging;
  return resolveLogging(option) ?? connectionLogging(connection);
}

const FIND_HOOKS = ['beforeFind', 'beforeFindAfterExpandIncludeAll', 'beforeFindAfterOptions'] as const;

function checkOptions(name: string, batchSize: unknown, options: object): void {
  if (!Number.isSafeInteger(batchSize) || (batchSize as number) < 1) {
    throw new InvalidQueryError(`${name}.findEach: batchSize must be a positive integer (got ${String(batchSize)})`);
  }
  for (const option of REFUSED_OPTIONS) {
    if (option in options) throw new InvalidQueryError(`${name}.findEach does not take the ${option} option`);
  }
}

/** The transaction the call names or the bound one, checked to be active; undefined for none or `null`. */
function givenTransaction(runtime: ModelRuntime, option: Transaction | null | undefined): Transaction | undefined {
  if (option === null) return undefined;
  const transaction = option ?? runtime.host.executor.currentTransaction();
  transaction?.assertActive();
  return transaction;
}

/**
 * Where a to-many include's loads run while the stream is open: on the stream's transaction,
 * unless the stream holds its connection exclusively (mysql2). Then they run on other pooled
 * connections, which is only right when the transaction is the stream's own: inside the
 * caller's transaction they would not see its uncommitted rows, so that is refused.
 */
function transactionForLoads(
  name: string,
  plan: SelectPlan | undefined,
  stream: RowStream,
  given: Transaction | undefined,
  transaction: Transaction,
): Transaction | null {
  if (!stream.exclusive || !plan || !hasSeparateLoads(plan.root)) return transaction;
  if (given) {
    throw new InvalidQueryError(
      `${name}.findEach with a to-many include cannot run inside a transaction on this dialect: its driver ` +
        'reads the stream to the end before the connection runs the include loads (leave the transaction, or use findAll with limit/offset)',
    );
  }
  return null;
}

function hasSeparateLoads(node: PlanNode): boolean {
  return node.separate.length > 0 || node.joins.some(hasSeparateLoads);
}

/** The stream's batches, a driver error converted to Strata's class for it (with the SQL). */
async function* convertedErrors(
  stream: RowStream,
  convert: (error: unknown, sql: string, bindings: readonly unknown[]) => Error,
  compiled: CompiledQuery,
): AsyncGenerator<Record<string, unknown>[]> {
  const batches = stream[Symbol.asyncIterator]();
  try {
    for (;;) {
      let step: IteratorResult<Record<string, unknown>[]>;
      try {
        step = await batches.next();
      } catch (error) {
        throw convert(error, compiled.sql, compiled.bindings);
      }
      if (step.done) return;
      yield step.value;
    }
  } finally {
    await batches.return?.();
  }
}

/** One batch of rows with their joined includes, after loading the batch's to-many includes. */
async function withIncludes(plan: SelectPlan, rows: Record<string, unknown>[], options: FindOptions): Promise<Model[]> {
  const instances = rows.map((row) => hydrateRow(plan, row).instance);
  await loadSeparate(plan.root, instances, options);
  for (const found of instances) rememberInclude(found, options.include);
  return options.raw ? (instances.map((found) => found.get({ plain: true })) as unknown as Model[]) : instances;
}

function instance<M extends Model>(
  model: ModelCtor<M>,
  runtime: ModelRuntime,
  row: Record<string, unknown>,
  raw: boolean | undefined,
): M {
  if (raw) return runtime.hydrator.parseRow(row) as unknown as M;
  return hydrate<M>(baseModel(model), runtime.hydrator, row);
}
