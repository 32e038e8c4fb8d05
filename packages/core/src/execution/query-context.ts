import type { WhereContext } from '../compile/where';
import type { RunOptions } from './executor';
import type { BuildOptions, Model } from '../model/model';
import type { ModelRuntime } from '../runtime/model-runtime';
import type { QueryOptions } from '../model/types';
import { uniqueErrorForModel } from '../writes/constraint-errors';

/** A model class whose instances are `M`, as the finders and writers receive it. */
export type ModelCtor<M extends Model = Model> = { new (values?: object, options?: BuildOptions): M } & typeof Model;

/** Conditions on this model's own table, columns qualified with the table name. */
export function whereContext(runtime: ModelRuntime): WhereContext {
  return { definition: runtime.definition, dialect: runtime.host.dialect, tableAlias: runtime.definition.tableName };
}

/**
 * The per-call execution options (transaction, logging, benchmark) for the executor. A call
 * that sets none of them gets the model's one shared (never changed) object, kept on its runtime.
 */
export function runOptions(options: QueryOptions, runtime: ModelRuntime): RunOptions {
  const plain =
    options.transaction === undefined &&
    options.logging === undefined &&
    options.benchmark === undefined &&
    options.timeout === undefined;
  let shared = runtime.defaultRunOptions;
  if (!shared) {
    shared = {
      exactIntegers: runtime.hydrator.needsExactIntegers,
      mapError: (error) => uniqueErrorForModel(runtime, error),
    };
    runtime.defaultRunOptions = shared;
  }
  if (plain) return shared;
  return {
    ...shared,
    transaction: options.transaction,
    logging: options.logging,
    benchmark: options.benchmark,
    timeout: options.timeout,
  };
}

/**
 * `runOptions` for a finder's SELECT, which may run on a read replica when the connection has
 * some (outside a transaction, unless `useMaster`). Without replicas it is `runOptions` as it is.
 */
export function readRunOptions(options: QueryOptions, runtime: ModelRuntime): RunOptions {
  const run = runOptions(options, runtime);
  if (options.useMaster || !runtime.host.executor.readReplicas) return run;
  return { ...run, read: true };
}
