import type { WhereContext } from '../compile/where';
import type { SelectContext } from '../compile/select';
import { hydrate } from '../hydration/hydrate';
import type { RunOptions } from './executor';
import type { BuildOptions, Model } from '../model/model';
import type { ModelState } from '../runtime/model-state';
import type { QueryOptions } from '../model/types';
import { uniqueErrorForModel } from '../writes/constraint-errors';

/** A model class whose instances are `M`, as the finders and writers receive it. */
export type ModelCtor<M extends Model = Model> = { new (values?: object, options?: BuildOptions): M } & typeof Model;

/** What compiling a SELECT for this model needs. */
export function selectContext(state: ModelState): SelectContext {
  return { definition: state.definition, dialect: state.host.dialect, knex: state.host.knex };
}

/** Conditions on this model's own table, columns qualified with the table name. */
export function whereContext(state: ModelState): WhereContext {
  return { definition: state.definition, dialect: state.host.dialect, tableAlias: state.definition.tableName };
}

const defaultRunOptions = new WeakMap<ModelState, RunOptions>();

/**
 * The per-call execution options (transaction, logging, benchmark) for the executor. A call
 * that sets none of them gets the model's one shared (never changed) object.
 */
export function runOptions(options: QueryOptions, state: ModelState): RunOptions {
  const plain = options.transaction === undefined && options.logging === undefined && options.benchmark === undefined;
  let shared = defaultRunOptions.get(state);
  if (!shared) {
    shared = {
      exactIntegers: state.hydrator.needsExactIntegers,
      mapError: (error) => uniqueErrorForModel(state.definition, error),
    };
    defaultRunOptions.set(state, shared);
  }
  if (plain) return shared;
  return {
    ...shared,
    transaction: options.transaction,
    logging: options.logging,
    benchmark: options.benchmark,
  };
}

/**
 * A row keyed by column name (RETURNING, raw SQL) as attribute values, parsed for this dialect.
 * writes/ and raw queries read their rows through it (see Hydrator.parseColumns).
 */
export function columnsToAttributes(state: ModelState, row: Record<string, unknown>): Record<string, unknown> {
  return state.hydrator.parseColumns(row);
}

/** A row keyed by column name as a loaded (not new, not dirty) instance: writes/ calls it for RETURNING rows. */
export function hydrateRow<M extends Model>(model: ModelCtor<M>, state: ModelState, row: Record<string, unknown>): M {
  return hydrate<M>(model, state.hydrator, row, 'columns');
}
