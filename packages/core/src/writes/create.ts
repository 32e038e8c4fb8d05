import type { ModelCtor } from '../execution/query-context';
import type { Model } from '../model/model';
import { createWithIncludes, type NestedCreateOptions } from './nested-create';
import { insertedRow, type SaveOptions } from './save';
import { insertStatement, stampCreate } from './insert';
import { InvalidQueryError } from '../errors/errors';
import type { CompiledQuery } from '../execution/executor';
import type { ModelRuntime } from '../runtime/model-runtime';

/**
 * The options of `Model.create(values, options)`: save's options plus the associations to create with
 * it.
 */
export interface CreateOptions extends SaveOptions {
  /** Associated values to create (or link) with the instance: see docs/associations.md. */
  include?: NestedCreateOptions['include'];
}

/**
 * `Model.create(values, options)`: builds an instance and saves it (validating first unless
 * `validate: false`); with `include`, creates or links the associated rows too, in one
 * transaction (see createWithIncludes).
 *
 * Not async: one promise layer less per create, so errors are turned into rejections here.
 */
export function create<M extends Model>(model: ModelCtor<M>, values: object, options: CreateOptions): Promise<M> {
  try {
    if (options.include !== undefined) return createWithIncludes(model, values, options) as Promise<M>;
    return new model(values).save(options);
  } catch (error) {
    return Promise.reject(error as Error);
  }
}

/**
 * The INSERT `Model.create(values, options)` sends, after the same defaults, timestamps and
 * conversions (validators and hooks do not run). A nested create (`include`) sends one INSERT
 * per row, the linked rows' first, so it has no single statement to show: an error says so.
 */
export function createStatement<M extends Model>(
  model: ModelCtor<M>,
  runtime: ModelRuntime,
  values: object,
  options: CreateOptions,
): CompiledQuery {
  if (options.include !== undefined) {
    throw new InvalidQueryError(
      `${runtime.definition.name}: a create with include sends one INSERT per row; compile the create of each model instead`,
    );
  }
  const instance = new model(values);
  stampCreate(runtime.definition, instance.dataValues, new Date());
  return insertStatement(runtime, [insertedRow(runtime, instance.dataValues, options.fields)]).compiled;
}
