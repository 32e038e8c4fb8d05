import { Op } from '../compile/operators';
import { compileSelect } from '../compile/select';
import type { ModelDefinition } from '../definition/model-definition';
import type { CompiledQuery } from '../execution/executor';
import { hydrate } from '../hydration/hydrate';
import { runOptions, type ModelCtor } from '../execution/query-context';
import type { Model } from '../model/model';
import type { QueryOptions } from '../model/types';
import type { WhereOptions } from '../normalize/find-options';
import { baseModel } from '../normalize/scopes';
import { runtimeOf, type ModelRuntime } from '../runtime/model-runtime';
import { transactionOf } from './bulk-create';

/** The rows an UPDATE matches: its where (scopes already applied) and paranoid option. */
export interface MatchedRows {
  where?: WhereOptions;
  paranoid?: boolean;
}

/** An UPDATE of the rows a static update or increment matches, built with or without RETURNING. */
export interface MatchingUpdate {
  compile: (returning: boolean) => CompiledQuery;
  /** The rows it matches, scopes applied: updateReturning reads them where there is no RETURNING. */
  matched: MatchedRows;
}

/**
 * The UPDATE statement of `update` (what `compile(Model).update` shows): with `returning`, the
 * one with RETURNING where the dialect has it; elsewhere the plain UPDATE that updateReturning
 * sends between its key SELECT and its re-read.
 */
export function principalUpdate(
  runtime: ModelRuntime,
  update: MatchingUpdate,
  returning: boolean | undefined,
): CompiledQuery {
  return update.compile(returning === true && runtime.host.dialect.supports.returning);
}

/**
 * Runs an UPDATE of the `matched` rows, built by `compile` with or without RETURNING, and
 * resolves to `[affectedCount, rows]`, the rows as loaded instances of the model's unscoped
 * class: `returning: true` of static update and increment. (Without `returning` the caller runs
 * `compile(false)` itself: one statement and no promise more than it needs.)
 *
 * Where the dialect has no RETURNING, the keys of the matching rows are read first with a row
 * lock, then the UPDATE runs, then those rows are read back by key, all in one transaction (a
 * savepoint inside the given or bound one, never a separate transaction) so no other writer
 * slips in between.
 *
 * @example
 * await updateReturning(model, (returning) => compileUpdate(context, row, scoped, returning), scoped, options);
 */
export function updateReturning<M extends Model>(
  model: ModelCtor<M>,
  compile: (returning: boolean) => CompiledQuery,
  matched: MatchedRows,
  options: QueryOptions,
): Promise<[number, M[]]> {
  const runtime = runtimeOf(model);
  const { definition, host } = runtime;
  const target = baseModel(model);
  if (host.dialect.supports.returning) {
    return host.executor
      .run(compile(true), runOptions(options, runtime))
      .then((result) => [
        result.rows.length,
        result.rows.map((row) => hydrate<M>(target, runtime.hydrator, row, 'columns')),
      ]);
  }
  return host.executor.managed(transactionOf(options), async (transaction): Promise<[number, M[]]> => {
    const run = runOptions({ ...options, transaction }, runtime);
    const context = runtime;
    const keySelect = compileSelect(context, {
      where: matched.where,
      paranoid: matched.paranoid,
      attributes: [...definition.primaryKeys],
      lock: true,
    });
    const keys = (await host.executor.run(keySelect, run)).rows.map((row) => runtime.hydrator.parseRow(row));
    const result = await host.executor.run(compile(false), run);
    if (keys.length === 0) return [result.affectedRows, []];
    const reread = compileSelect(context, { where: keysWhere(definition, keys), paranoid: false });
    const rows = (await host.executor.run(reread, run)).rows;
    return [result.affectedRows, rows.map((row) => hydrate<M>(target, runtime.hydrator, row))];
  });
}

/** A where matching exactly these primary keys: `IN` for a single-column key, else `OR` of each. */
function keysWhere(definition: ModelDefinition, keys: Record<string, unknown>[]): Record<string | symbol, unknown> {
  if (definition.primaryKeys.length === 1) {
    const key = definition.primaryKeys[0];
    return { [key]: keys.map((k) => k[key]) };
  }
  return { [Op.or]: keys };
}
