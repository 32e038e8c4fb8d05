import { primaryKeyWhere } from '../definition/instance-values';
import { EmptyResultError } from '../errors/errors';
import type { Model } from '../model/model';
import type { QueryOptions } from '../model/types';
import type { FindOptions } from '../normalize/find-options';
import { runtimeOf } from '../runtime/model-runtime';
import { exposeIncludedValue, rememberedInclude } from '../associations/included-value';
import { associationsOf } from '../associations/registry';

/**
 * `instance.reload(options)`: reads the instance's row again by primary key (soft-deleted or
 * not; the default scope applies) and replaces every value, dropping unsaved changes. The
 * associations the instance was found with are loaded again (a deleted one becomes null or
 * []), as in Sequelize; `attributes` reloads only those. A row that no longer exists is an
 * EmptyResultError.
 */
export async function reload<M extends Model>(instance: M, options: QueryOptions): Promise<M> {
  const model = instance.constructor as typeof Model;
  const definition = runtimeOf(model).definition;
  const where = primaryKeyWhere(definition, instance.dataValues);
  const include = (options as FindOptions).include ?? rememberedInclude(instance);
  const fresh = await model.findOne({
    ...options,
    ...(include !== undefined && { include }),
    where,
    paranoid: false,
  } as FindOptions);
  if (!fresh) {
    throw new EmptyResultError(
      `${definition.name}: Instance could not be reloaded because it does not exist anymore (find call returned null)`,
    );
  }
  // `attributes` reloads those only; the other values stay as they were.
  instance.dataValues = (options as FindOptions).attributes
    ? { ...instance.dataValues, ...fresh.dataValues }
    : fresh.dataValues;
  // Associations the reload included become properties of the instance, as the find made them of `fresh`.
  for (const alias of associationsOf(model).keys()) {
    if (Object.hasOwn(fresh.dataValues, alias)) exposeIncludedValue(instance, alias);
  }
  instance.markClean();
  return instance;
}
