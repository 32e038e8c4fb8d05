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

/** `post.getUser(options?)`: the target this instance refers to, or null. */
export type BelongsToGetAssociationMixin<T> = (options?: AccessorOptions) => Promise<T | null>;
/** Resolves to the saved instance (undefined with `save: false`), as in Sequelize. */
export type BelongsToSetAssociationMixin<T, K> = (
  associated: Item<T, K> | null,
  options?: AccessorOptions & { save?: boolean },
) => Promise<unknown>;
/** `post.createUser(values, options?)`: creates a target and points this instance's foreign key at it. */
export type BelongsToCreateAssociationMixin<T> = (
  values?: CreationAttributes<T>,
  options?: AccessorOptions,
) => Promise<T>;

/** `user.getProfile(options?)`: the one target whose key refers to this instance, or null. */
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

/** `user.getPosts(options?)`: the targets whose key refers to this instance (options as in findAll). */
export type HasManyGetAssociationsMixin<T> = (options?: AccessorOptions) => Promise<T[]>;
/** `user.countPosts(options?)`: how many targets refer to this instance. */
export type HasManyCountAssociationsMixin = (options?: AccessorOptions) => Promise<number>;
/** `user.hasPost(post)`: whether this target (an instance or its key) refers to this instance. */
export type HasManyHasAssociationMixin<T, K> = (item: Item<T, K>, options?: AccessorOptions) => Promise<boolean>;
/** `user.hasPosts([a, b])`: whether every one of these targets refers to this instance. */
export type HasManyHasAssociationsMixin<T, K> = (
  items: ReadonlyArray<Item<T, K>>,
  options?: AccessorOptions,
) => Promise<boolean>;
/** `user.addPost(post)`: points the target's foreign key at this instance. */
export type HasManyAddAssociationMixin<T, K> = (item: Item<T, K>, options?: AccessorOptions) => Promise<void>;
/** `user.addPosts([a, b])`: points each target's foreign key at this instance. */
export type HasManyAddAssociationsMixin<T, K> = (
  items: ReadonlyArray<Item<T, K>>,
  options?: AccessorOptions,
) => Promise<void>;
/** `user.setPosts([a, b])`: makes exactly these the targets (others are unlinked: key set to null). */
export type HasManySetAssociationsMixin<T, K> = (
  items: ReadonlyArray<Item<T, K>>,
  options?: AccessorOptions,
) => Promise<void>;
/** `user.removePost(post)`: unlinks one target (its foreign key set to null). */
export type HasManyRemoveAssociationMixin<T, K> = (item: Item<T, K>, options?: AccessorOptions) => Promise<void>;
/** `user.removePosts([a, b])`: unlinks these targets (their foreign keys set to null). */
export type HasManyRemoveAssociationsMixin<T, K> = (
  items: ReadonlyArray<Item<T, K>>,
  options?: AccessorOptions,
) => Promise<void>;
/** The foreign key is filled in by the association, so it may be left out. */
export type HasManyCreateAssociationMixin<T, FK extends string = never> = (
  values?: Omit<CreationAttributes<T>, FK> & Partial<Record<FK, unknown>>,
  options?: AccessorOptions,
) => Promise<T>;

/** `post.getTags(options?)`: the targets linked through the join table. */
export type BelongsToManyGetAssociationsMixin<T> = HasManyGetAssociationsMixin<T>;
/** `post.countTags(options?)`: how many targets are linked through the join table. */
export type BelongsToManyCountAssociationsMixin = HasManyCountAssociationsMixin;
/** `post.hasTag(tag)`: whether this target is linked. */
export type BelongsToManyHasAssociationMixin<T, K> = HasManyHasAssociationMixin<T, K>;
/** `post.hasTags([a, b])`: whether every one of these targets is linked. */
export type BelongsToManyHasAssociationsMixin<T, K> = HasManyHasAssociationsMixin<T, K>;
/** `through`: values for the join rows. */
export type BelongsToManyAddAssociationMixin<T, K> = (
  item: Item<T, K>,
  options?: AccessorOptions & { through?: Record<string, unknown> },
) => Promise<void>;
/** `post.addTags([a, b], { through })`: links these targets (join rows with the `through` values). */
export type BelongsToManyAddAssociationsMixin<T, K> = (
  items: ReadonlyArray<Item<T, K>>,
  options?: AccessorOptions & { through?: Record<string, unknown> },
) => Promise<void>;
/** `post.setTags([a, b])`: makes exactly these the linked targets (other join rows are deleted). */
export type BelongsToManySetAssociationsMixin<T, K> = BelongsToManyAddAssociationsMixin<T, K>;
/** `post.removeTag(tag)`: deletes the join row linking this target. */
export type BelongsToManyRemoveAssociationMixin<T, K> = HasManyRemoveAssociationMixin<T, K>;
/** `post.removeTags([a, b])`: deletes the join rows linking these targets. */
export type BelongsToManyRemoveAssociationsMixin<T, K> = HasManyRemoveAssociationsMixin<T, K>;
/** `post.createTag(values, { through })`: creates a target and links it. */
export type BelongsToManyCreateAssociationMixin<T> = (
  values?: CreationAttributes<T>,
  options?: AccessorOptions & { through?: Record<string, unknown> },
) => Promise<T>;
