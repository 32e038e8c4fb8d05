import type { Transaction } from '../transactions/transaction';
import type { Logging } from '../execution/executor';
import type { Model } from './model';
import type { SqlExpression } from '../compile/expressions';

declare const creationOptional: unique symbol;
declare const nonAttribute: unique symbol;
declare const foreignKey: unique symbol;

/**
 * Marks an attribute the database or Strata fills (auto-increment ids, defaults) so that
 * `create()` does not require it: `declare id: CreationOptional<number>`.
 *
 * Trap: TypeScript emits `Object` as its decorator metadata, so a decorated property typed
 * `CreationOptional<...>` needs its data type given (`@Column(DataTypes.BOOLEAN)`), except an
 * auto-increment key (an integer) and timestamp/version properties.
 */
export type CreationOptional<T> = T & { [creationOptional]?: true };

/**
 * Marks a class member that is not an attribute (a computed value, a cache) so the typed API
 * leaves it out: `declare fullName: NonAttribute<string>`. Methods, getters without a setter
 * and associations (members typed as models) are left out without it.
 */
export type NonAttribute<T> = T & { [nonAttribute]?: true };

/**
 * Marks a foreign key attribute that an association adds (`declare userId: ForeignKey<number>`),
 * as in Sequelize v6. To the typed API it is an ordinary attribute; `Model.init` does not need it
 * listed (the association adds it).
 */
export type ForeignKey<T> = T & { [foreignKey]?: true };

type Internal = keyof Model;

// Checked against a small shape rather than `Model` itself: comparing with Model's generic
// members would make two models that refer to each other (User.posts, Post.author) circular.
interface ModelLike {
  isNewRecord: boolean;
  dataValues: Record<string, unknown>;
}
type IsAssociation<V> = [NonNullable<V>] extends [ModelLike | readonly ModelLike[]] ? true : false;
type IsBranded<V, Brand extends symbol> = [Brand] extends [keyof NonNullable<V>] ? true : false;
type IsReadonly<M, K extends keyof M> =
  (<T>() => T extends { [P in K]: M[K] } ? 1 : 2) extends <T>() => T extends { -readonly [P in K]: M[K] } ? 1 : 2
    ? false
    : true;

/**
 * The attribute names of a model instance type: its declared fields, without methods,
 * getters (readonly members), associations, `NonAttribute` members and Model's own members.
 */
export type AttributeNames<M> = {
  [K in keyof M]-?: K extends Internal | symbol
    ? never
    : M[K] extends (...args: never[]) => unknown
      ? never
      : IsAssociation<M[K]> extends true
        ? never
        : IsBranded<M[K], typeof nonAttribute> extends true
          ? never
          : IsReadonly<M, K> extends true
            ? never
            : K;
}[keyof M];

type Unbrand<T> = T extends CreationOptional<infer U> ? (U extends ForeignKey<infer V> ? V : U) : T;

/**
 * The attributes of a model instance, as plain values: `Attributes<User>['email']` is `string`.
 * Read from the class's declared fields (Sequelize's `Model<A, C>` type arguments are accepted
 * and not needed: see Model).
 */
export type Attributes<M> = { [K in AttributeNames<M>]: Unbrand<M[K]> };

type TimestampName = 'createdAt' | 'updatedAt' | 'deletedAt' | 'version';
type OptionalKeys<M> = {
  [K in AttributeNames<M>]-?: K extends TimestampName
    ? K
    : undefined extends M[K]
      ? K
      : null extends M[K]
        ? K
        : IsBranded<M[K], typeof creationOptional> extends true
          ? K
          : never;
}[AttributeNames<M>];

/** The association members of a model instance type: those typed as a model or an array of models. */
export type AssociationNames<M> = {
  [K in keyof M]-?: K extends Internal | symbol
    ? never
    : M[K] extends (...args: never[]) => unknown
      ? never
      : IsAssociation<M[K]> extends true
        ? K
        : never;
}[keyof M];

/**
 * A nested value of `create(values, { include })`: an instance (linked, not created) or the
 * attributes of a row to create. Every attribute is optional there, because the foreign key
 * the parent fills is usually a required attribute of the nested model.
 */
export type NestedCreationValue<T> = T | Partial<CreationAttributes<T>>;

type NestedCreationValues<V> =
  NonNullable<V> extends ReadonlyArray<infer T>
    ? ReadonlyArray<NestedCreationValue<T>>
    : NestedCreationValue<NonNullable<V>>;

/**
 * What `create()`/`build()` accept: every attribute, with those that are nullable, optional,
 * `CreationOptional` or named like a timestamp (`createdAt`, `updatedAt`, `deletedAt`,
 * `version`) left optional. Timestamps named otherwise (`@CreatedAt declare created: ...`)
 * are typed `CreationOptional<Date>`. Association members (`posts?: Post[]`) take optional
 * nested values, written when `include` names the association.
 */
export type CreationAttributes<M> = {
  [K in Exclude<AttributeNames<M>, OptionalKeys<M>>]: Unbrand<M[K]>;
} & {
  [K in OptionalKeys<M>]?: Unbrand<M[K]> | null;
} & {
  [K in AssociationNames<M>]?: NestedCreationValues<M[K]> | null;
};

/**
 * The values a write takes (`create`, `update`): each attribute's own type, or an expression
 * (`fn`, `col`, `literal`) the database evaluates: `update({ views: literal('views + 1') })`.
 */
export type WithExpressions<T> = { [K in keyof T]: T[K] | SqlExpression };

/** The options every query-running call takes: the transaction, hooks and logging. */
export interface QueryOptions {
  /** The transaction to run in; `null` runs outside the bound one; unset uses the bound one. */
  transaction?: Transaction | null;
  /** Run lifecycle hooks (default true); false skips them, and the transaction they would open. */
  hooks?: boolean;
  logging?: Logging;
  benchmark?: boolean;
  /**
   * A read runs on the primary even when the connection has read replicas (writes and
   * transactions always do). See docs/scaling-out.md, "Read-your-writes".
   */
  useMaster?: boolean;
  /**
   * Time limit in ms for each statement this call sends, overriding the connection's `timeout`:
   * QueryTimeoutError past it (docs/production.md).
   */
  timeout?: number;
}

/** A model class whose instances are `M`: what statics receive as `this`. */
export type ModelStatic<M extends Model> = (new (values?: never, options?: never) => M) & typeof Model;

/** Sequelize's `InferAttributes` options: attribute names to leave out. */
export interface InferOptions<Names extends PropertyKey = never> {
  omit?: Names;
}

type Omitted<Options> = Options extends { omit?: infer Names } ? Names : never;

/**
 * Sequelize v6's `InferAttributes<User>`: the attributes of a model class from its declared
 * fields, for `class User extends Model<InferAttributes<User>, InferCreationAttributes<User>>`.
 * `InferAttributes<User, { omit: 'posts' }>` leaves names out.
 */
export type InferAttributes<M, Options extends InferOptions<PropertyKey> = { omit?: never }> = {
  // Mapped over `keyof M` (homomorphic) so that `class User extends Model<InferAttributes<User>>`
  // is not resolved while User's own base type is: the names are filtered lazily.
  [K in keyof M as K extends Omitted<Options> ? never : K extends AttributeNames<M> ? K : never]: Unbrand<M[K]>;
};

/**
 * Sequelize v6's `InferCreationAttributes<User>`: what `create()` accepts, from the declared
 * fields (`CreationOptional`, nullable and timestamp attributes optional).
 */
export type InferCreationAttributes<M, Options extends InferOptions<PropertyKey> = { omit?: never }> = {
  [K in keyof M as K extends Omitted<Options> ? never : K extends RequiredCreationKeys<M> ? K : never]: Unbrand<M[K]>;
} & {
  [K in keyof M as K extends Omitted<Options> ? never : K extends OptionalKeys<M> ? K : never]?: Unbrand<M[K]> | null;
} & {
  [
    K in keyof M as K extends Omitted<Options> ? never : K extends AssociationNames<M> ? K : never
  ]?: NestedCreationValues<M[K]> | null;
};

type RequiredCreationKeys<M> = Exclude<AttributeNames<M>, OptionalKeys<M>>;

/** Sequelize's helper: `T` with the keys `K` optional (`Optional<UserAttributes, 'id'>`). */
export type Optional<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>;

/** Sequelize's name for a model class whose instances are `M`. */
export type ModelCtor<M extends Model> = ModelStatic<M>;
