import { primaryKeyWhere } from '../definition/instance-values';
import { EmptyResultError } from '../errors/errors';
import type { Model } from '../model/model';
import type { QueryOptions } from '../model/types';
import type { FindOptions } from '../normalize/find-options';
import { runtimeOf } from '../runtime/model-runtime';

/**
 * `instance.reload(options)`: reads the instance's row again by primary key (soft-deleted or
 * not; the default scope applies) and replaces every value, dropping unsaved changes. A row
 * that no longer exists is an EmptyResultError.
 */
export async function reload<M extends Model>(instance: M, options: QueryOptions): Promise<M> {
  const model = instance.constructor as typeof Model;
  const definition = runtimeOf(model).definition;
  const where = primaryKeyWhere(definition, instance.dataValues);
  // A reload exists to see the row as it is now: from the primary, not a replica that may lag.
  const fresh = await model.findOne({ useMaster: true, ...options, where, paranoid: false } as FindOptions);
  if (!fresh) throw new EmptyResultError(`${definition.name}: the row no longer exists`);
  instance.dataValues = fresh.dataValues;
  instance.markClean();
  return instance;
}
