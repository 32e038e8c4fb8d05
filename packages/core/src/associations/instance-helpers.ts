import { EagerLoadingError } from '../errors/errors';
import { associationsOf, unknownAssociation } from './registry';

/** sequelize-typescript's association helpers on instances: `$get('posts')` is `getPosts()`. */
export type AssociationHelper = 'get' | 'set' | 'add' | 'create' | 'has' | 'count' | 'remove';

/**
 * The accessor a helper calls for one association: `add`/`remove`/`has` with an array use the
 * plural form (`addPosts`), with one row or key the singular (`addPost`).
 */
function accessorKind(helper: AssociationHelper, argument: unknown): string {
  const many = Array.isArray(argument);
  switch (helper) {
    case 'add':
      return many ? 'addMultiple' : 'add';
    case 'remove':
      return many ? 'removeMultiple' : 'remove';
    case 'has':
      return many ? 'hasAll' : 'hasSingle';
    default:
      return helper;
  }
}

/**
 * Calls the accessor of the association named `property` (its alias, which for decorated
 * models is the property name). Looked up by alias rather than by building a method name, so
 * `$create('posts', ...)` finds `createPost`. An unknown alias or a helper the association
 * kind has not (`$add` on a hasOne) rejects, naming what exists.
 */
export async function callAssociationHelper(
  instance: object,
  helper: AssociationHelper,
  property: string,
  argument: unknown,
  options: unknown,
): Promise<unknown> {
  const model = instance.constructor;
  const association = associationsOf(model).get(property);
  if (!association) return callAccessorByName(instance, helper, property, argument, options);
  const accessorName = association.accessors[accessorKind(helper, argument)];
  if (accessorName === undefined) {
    throw new EagerLoadingError(
      `${(model as { name: string }).name}.${property} has no $${helper}: its accessors are ${Object.values(association.accessors).join(', ')}`,
    );
  }
  const accessor = (instance as Record<string, (...args: unknown[]) => unknown>)[accessorName];
  return helper === 'get' || helper === 'count'
    ? accessor.call(instance, options)
    : accessor.call(instance, argument, options);
}

/**
 * sequelize-typescript also takes the name the accessor is built from (`$add('post', post)` is
 * `addPost(post)`), which for a to-many is the singular, not the alias: such a name is accepted
 * when it makes one of the model's accessors.
 */
function callAccessorByName(
  instance: object,
  helper: AssociationHelper,
  name: string,
  argument: unknown,
  options: unknown,
): Promise<unknown> {
  const model = instance.constructor;
  const accessorName = `${helper}${name.charAt(0).toUpperCase()}${name.slice(1)}`;
  const isAccessor = [...associationsOf(model).values()].some((association) =>
    Object.values(association.accessors).includes(accessorName),
  );
  if (!isAccessor) throw unknownAssociation(model, name);
  const accessor = (instance as Record<string, (...args: unknown[]) => Promise<unknown>>)[accessorName];
  return helper === 'get' || helper === 'count'
    ? accessor.call(instance, options)
    : accessor.call(instance, argument, options);
}

/** What `$get` resolves to for a property typed `T`: the list for a to-many, the row or null for a to-one. */
export type AssociationGetResult<T> =
  NonNullable<T> extends readonly unknown[] ? NonNullable<T> : NonNullable<T> | null;
