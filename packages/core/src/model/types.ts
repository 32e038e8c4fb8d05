import type { Transaction } from '../transactions/transaction';
import type { Logging } from '../execution/executor';
import type { Model } from './model';

declare const creationOptional: unique symbol;

/**
 * Marks an attribute the database or Strata fills (auto-increment ids, defaults) so that
 * `create()` does not require it: `declare id: CreationOptional<number>`.
 */
export type CreationOptional<T> = T & { [creationOptional]?: true };

type Internal = keyof Model;
type IsAssociation<V> = NonNullable<V> extends Model | Model[] ? true : false;

/** The attribute names of a model instance type: its declared fields that are not methods or associations. */
export type AttributeNames<M> = {
  [K in keyof M]-?: K extends Internal
    ? never
    : K extends symbol
      ? never
      : M[K] extends (...args: never[]) => unknown
        ? never
        : IsAssociation<M[K]> extends true
          ? never
          : K;
}[keyof M];

type Unbrand<T> = T extends CreationOptional<infer U> ? U : T;

/** The attributes of a model instance, as plain values. */
export type Attributes<M> = { [K in AttributeNames<M>]: Unbrand<M[K]> };

type TimestampName = 'createdAt' | 'updatedAt' | 'deletedAt' | 'version';
type OptionalKeys<M> = {
  [K in AttributeNames<M>]-?: K extends TimestampName
    ? K
    : undefined extends M[K]
      ? K
      : null extends M[K]
        ? K
        : typeof creationOptional extends keyof NonNullable<M[K]>
          ? K
          : never;
}[AttributeNames<M>];

/**
 * What `create()`/`build()` accept: every attribute, with those that are nullable, optional,
 * `CreationOptional` or timestamps left optional.
 */
export type CreationAttributes<M> = {
  [K in Exclude<AttributeNames<M>, OptionalKeys<M>>]: Unbrand<M[K]>;
} & {
  [K in OptionalKeys<M>]?: Unbrand<M[K]> | null;
};

export interface QueryOptions {
  /** The transaction to run in; `null` runs outside the bound one; unset uses the bound one. */
  transaction?: Transaction | null;
  /** Run lifecycle hooks (default true); false skips them, and the transaction they would open. */
  hooks?: boolean;
  logging?: Logging;
  benchmark?: boolean;
}

/** A model class whose instances are `M`: what statics receive as `this`. */
export type ModelStatic<M extends Model> = (new (values?: never, options?: never) => M) & typeof Model;
