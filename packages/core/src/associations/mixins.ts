import type { CreationAttributes } from '../model/types';
import type { AccessorOptions } from './association';

/**
 * Types for the accessor methods associations put on instances, to declare on a model class
 * so calls are checked (the methods themselves are added at runtime by the association):
 *
 * @example
 * class User extends Model {
 *   declare getPosts: HasManyGetAssociationsMixin<Post>;
 *   declare addPost: HasManyAddAssociationMixin<Post, number>;
 * }
 * User.hasMany(Post);
 */
type Item<T, K> = T | K | { id: K };

export type BelongsToGetAssociationMixin<T> = (options?: AccessorOptions) => Promise<T | null>;
/** Resolves to the saved instance (undefined with `save: false`), as in Sequelize. */
export type BelongsToSetAssociationMixin<T, K> = (
  associated: Item<T, K> | null,
  options?: AccessorOptions & { save?: boolean },
) => Promise<unknown>;
export type BelongsToCreateAssociationMixin<T> = (
  values?: CreationAttributes<T>,
  options?: AccessorOptions,
) => Promise<T>;

export type HasOneGetAssociationMixin<T> = BelongsToGetAssociationMixin<T>;
/** Resolves to the associated instance it saved (null when unlinking or given a key), as in Sequelize. */
export type HasOneSetAssociationMixin<T, K> = (
  associated: Item<T, K> | null,
  options?: AccessorOptions,
) => Promise<T | null>;
/** The foreign key is filled in by the association, so it may be left out. */
export type HasOneCreateAssociationMixin<T, FK extends string = never> = (
  values?: Omit<CreationAttributes<T>, FK> & Partial<Record<FK, unknown>>,
  options?: AccessorOptions,
) => Promise<T>;

export type HasManyGetAssociationsMixin<T> = (options?: AccessorOptions) => Promise<T[]>;
export type HasManyCountAssociationsMixin = (options?: AccessorOptions) => Promise<number>;
export type HasManyHasAssociationMixin<T, K> = (item: Item<T, K>, options?: AccessorOptions) => Promise<boolean>;
export type HasManyHasAssociationsMixin<T, K> = (
  items: ReadonlyArray<Item<T, K>>,
  options?: AccessorOptions,
) => Promise<boolean>;
export type HasManyAddAssociationMixin<T, K> = (item: Item<T, K>, options?: AccessorOptions) => Promise<void>;
export type HasManyAddAssociationsMixin<T, K> = (
  items: ReadonlyArray<Item<T, K>>,
  options?: AccessorOptions,
) => Promise<void>;
export type HasManySetAssociationsMixin<T, K> = (
  items: ReadonlyArray<Item<T, K>>,
  options?: AccessorOptions,
) => Promise<void>;
export type HasManyRemoveAssociationMixin<T, K> = (item: Item<T, K>, options?: AccessorOptions) => Promise<void>;
export type HasManyRemoveAssociationsMixin<T, K> = (
  items: ReadonlyArray<Item<T, K>>,
  options?: AccessorOptions,
) => Promise<void>;
/** The foreign key is filled in by the association, so it may be left out. */
export type HasManyCreateAssociationMixin<T, FK extends string = never> = (
  values?: Omit<CreationAttributes<T>, FK> & Partial<Record<FK, unknown>>,
  options?: AccessorOptions,
) => Promise<T>;

export type BelongsToManyGetAssociationsMixin<T> = HasManyGetAssociationsMixin<T>;
export type BelongsToManyCountAssociationsMixin = HasManyCountAssociationsMixin;
export type BelongsToManyHasAssociationMixin<T, K> = HasManyHasAssociationMixin<T, K>;
export type BelongsToManyHasAssociationsMixin<T, K> = HasManyHasAssociationsMixin<T, K>;
/** `through`: values for the join rows. */
export type BelongsToManyAddAssociationMixin<T, K> = (
  item: Item<T, K>,
  options?: AccessorOptions & { through?: Record<string, unknown> },
) => Promise<void>;
export type BelongsToManyAddAssociationsMixin<T, K> = (
  items: ReadonlyArray<Item<T, K>>,
  options?: AccessorOptions & { through?: Record<string, unknown> },
) => Promise<void>;
export type BelongsToManySetAssociationsMixin<T, K> = BelongsToManyAddAssociationsMixin<T, K>;
export type BelongsToManyRemoveAssociationMixin<T, K> = HasManyRemoveAssociationMixin<T, K>;
export type BelongsToManyRemoveAssociationsMixin<T, K> = HasManyRemoveAssociationsMixin<T, K>;
export type BelongsToManyCreateAssociationMixin<T> = (
  values?: CreationAttributes<T>,
  options?: AccessorOptions & { through?: Record<string, unknown> },
) => Promise<T>;
