import type { ModelCtor } from '../execution/query-context';
import type { Model } from '../model/model';
import { createWithIncludes, type NestedCreateOptions } from './nested-create';
import type { SaveOptions } from './save';

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
