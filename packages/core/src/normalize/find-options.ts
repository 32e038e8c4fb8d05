import type { IsolationLevel } from '../dialect/dialect';
import { describeValue } from '@strata/validation';
import { InvalidQueryError } from '../errors/errors';
import type { Col, Fn, Json, Literal, Where } from '../compile/expressions';
import type { Op } from '../compile/operators';
import type { AssociationNames, Attributes, QueryOptions } from '../model/types';

type Expression = Fn | Col | Literal | Json;
type Comparable<T> = T | Expression;

/** A pattern for a text attribute; `unknown` attributes (untyped where objects) accept one too. */
type TextPattern<T> = unknown extends T ? string : T extends string ? string : never;

/** The operators a value of type T can be compared with. */
export interface OperatorMap<T> {
  [Op.eq]?: Comparable<T> | null;
  [Op.ne]?: Comparable<T> | null;
  [Op.gt]?: Comparable<T>;
  [Op.gte]?: Comparable<T>;
  [Op.lt]?: Comparable<T>;
  [Op.lte]?: Comparable<T>;
  [Op.between]?: readonly [Comparable<T>, Comparable<T>];
  [Op.notBetween]?: readonly [Comparable<T>, Comparable<T>];
  [Op.in]?: ReadonlyArray<T | null> | Literal;
  [Op.notIn]?: ReadonlyArray<T | null> | Literal;
  // Pattern operators only apply to text attributes (`never` elsewhere makes them a compile error).
  [Op.like]?: TextPattern<T>;
  [Op.notLike]?: TextPattern<T>;
  [Op.iLike]?: TextPattern<T>;
  [Op.notILike]?: TextPattern<T>;
  [Op.startsWith]?: TextPattern<T>;
  [Op.endsWith]?: TextPattern<T>;
  [Op.substring]?: TextPattern<T>;
  [Op.is]?: null | boolean;
  [Op.not]?: T | null | boolean | OperatorMap<T>;
  [Op.and]?: ReadonlyArray<OperatorMap<T> | T> | OperatorMap<T>;
  [Op.or]?: ReadonlyArray<OperatorMap<T> | T> | OperatorMap<T>;
  [Op.col]?: string;
  /** PostgreSQL: arrays, ranges and JSONB (`@>`, `<@`, `&&`). */
  [Op.contains]?: unknown;
  [Op.contained]?: unknown;
  [Op.overlap]?: unknown;
  /** `= ANY (ARRAY[...])` (PostgreSQL) or `= ANY (subquery)` with a literal (PostgreSQL, MySQL). */
  [Op.any]?: ReadonlyArray<T> | Literal;
  [Op.all]?: ReadonlyArray<T> | Literal;
  [Op.regexp]?: TextPattern<T>;
  [Op.notRegexp]?: TextPattern<T>;
  [Op.iRegexp]?: TextPattern<T>;
  [Op.notIRegexp]?: TextPattern<T>;
  /** Full-text: PostgreSQL `@@` (a tsquery string or fn('to_tsquery', ...)), MySQL MATCH ... AGAINST. */
  [Op.match]?: string | Expression | { query: string; mode?: 'natural' | 'boolean' };
  /** PostgreSQL range operators. */
  [Op.adjacent]?: unknown;
  [Op.strictLeft]?: unknown;
  [Op.strictRight]?: unknown;
  [Op.noExtendLeft]?: unknown;
  [Op.noExtendRight]?: unknown;
}

export type WhereAttributeValue<T> = T | ReadonlyArray<T | null> | null | OperatorMap<T> | Expression;

/** A where object for attributes A: keys are attribute names, values are typed by the attribute. */
export type WhereOptions<A = Record<string, unknown>> =
  | ({ [K in keyof A]?: WhereAttributeValue<A[K]> } & {
      [Op.and]?: ReadonlyArray<WhereOptions<A>> | WhereOptions<A>;
      [Op.or]?: ReadonlyArray<WhereOptions<A>> | WhereOptions<A>;
      [Op.not]?: WhereOptions<A>;
      /** `$include.attribute$` references into included models. */
      [nested: `$${string}$`]: unknown;
      /** Paths into JSON attributes (`'meta.address.city'`, `'meta.tags[0]'`) and casts (`'meta.age::integer'`). */
      [path: `${string}.${string}` | `${string}[${number}]${string}` | `${string}::${string}`]: unknown;
    })
  | Where
  | Literal;

/** The direction of an `order` item: ASC or DESC, with NULLS FIRST/LAST where wanted. */
export type OrderDirection =
  | 'ASC'
  | 'DESC'
  | 'ASC NULLS FIRST'
  | 'ASC NULLS LAST'
  | 'DESC NULLS FIRST'
  | 'DESC NULLS LAST'
  | 'NULLS FIRST'
  | 'NULLS LAST';

/**
 * An attribute, or an attribute qualified as Sequelize code writes it in `group` and `order`:
 * by the model (`'User.name'`) or by an include's name (`'posts.id'`). Checked when compiled.
 */
export type ColumnName<A> = (keyof A & string) | `${string}.${string}`;

/**
 * One `order` entry: an attribute name, an expression, `[attribute, direction]`, or an
 * included model's attribute as `[association, attribute, direction]` (the direction is
 * required there, so a misspelt `[attribute, direction]` is not mistaken for it).
 */
export type OrderItem<A> =
  | ColumnName<A>
  | Expression
  | readonly [ColumnName<A> | Expression, OrderDirection?]
  | readonly [string | IncludeTarget, string, OrderDirection]
  | readonly [string | IncludeTarget, string | IncludeTarget, string, OrderDirection];

/** A model class, or `{ model, as }`, naming an included association in `order`. */
export type IncludeTarget =
  (abstract new (...args: never[]) => unknown) | { model: abstract new (...args: never[]) => unknown; as?: string };

/**
 * A find's `attributes`: a list of attribute names and `[expression, alias]` pairs, or
 * `{ include, exclude }` to add to or take from the model's attributes.
 */
export type AttributeSelection<A> =
  | ReadonlyArray<(keyof A & string) | readonly [(keyof A & string) | Expression, string]>
  | {
      include?: ReadonlyArray<readonly [(keyof A & string) | Expression, string]>;
      exclude?: ReadonlyArray<keyof A & string>;
    };

/**
 * The options of a find. `I` is the type of `include`: the finders pass the include they
 * inferred, checked against the model's associations (see IncludeCheck); unknown otherwise.
 */
export interface FindOptions<A = Record<string, unknown>, I = unknown> extends QueryOptions {
  where?: WhereOptions<A>;
  attributes?: AttributeSelection<A>;
  order?: ReadonlyArray<OrderItem<A>> | Expression;
  group?: ReadonlyArray<ColumnName<A> | Expression> | ColumnName<A>;
  having?: WhereOptions<Record<string, unknown>>;
  limit?: number;
  offset?: number;
  /** Include soft-deleted rows when false (paranoid models). */
  paranoid?: boolean;
  /**
   * Plain objects instead of model instances. With `include`, flat rows as in Sequelize:
   * included values under `'posts.id'`-style keys, one row per included row.
   */
  raw?: boolean;
  /** With `raw`: dotted keys (`'posts.id'`) become nested objects (`{ posts: { id } }`). */
  nest?: boolean;
  /** Throw EmptyResultError when nothing is found (findOne/findByPk), or this error. */
  rejectOnEmpty?: boolean | Error;
  /**
   * Row locks: `true`/'UPDATE' for FOR UPDATE, 'SHARE' for FOR SHARE (postgres, mysql);
   * `{ level, of: Model }` locks only that model's rows on PostgreSQL (`FOR UPDATE OF "User"`).
   */
  lock?: boolean | 'UPDATE' | 'SHARE' | { level: 'UPDATE' | 'SHARE'; of?: abstract new (...args: never[]) => object };
  skipLocked?: boolean;
  distinct?: boolean;
  include?: I;
}

/** The options of a count; `I` is the type of `include`, as in FindOptions. */
export interface CountOptions<A = Record<string, unknown>, I = unknown> extends QueryOptions {
  where?: WhereOptions<A>;
  paranoid?: boolean;
  /** Count distinct values (of `col`, else of the primary key). */
  distinct?: boolean;
  /** Count the non-null values of this attribute instead of rows. */
  col?: keyof A & string;
  /** Count per group: resolves to `[{ ...groupValues, count }]` instead of a number. */
  group?: ReadonlyArray<keyof A & string> | (keyof A & string);
  include?: I;
}

/** A `limit` or `offset` option: undefined when not given, else a non-negative safe integer. */
export function checkLimit(name: string, value: unknown, modelName: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new InvalidQueryError(`${modelName}: ${name} must be a non-negative integer, got ${describeValue(value)}`);
  }
  return value;
}

/** One row of a grouped count: the group's attribute values and its count. */
export type GroupedCount<A = Record<string, unknown>> = Partial<A> & { count: number };

/** Options of max/min/sum/aggregate. */
export interface AggregateOptions<A = Record<string, unknown>> extends QueryOptions {
  where?: WhereOptions<A>;
  paranoid?: boolean;
  /** Aggregate distinct values only (`SUM(DISTINCT x)`). */
  distinct?: boolean;
}

export type { IsolationLevel };

type AsArray<I> = I extends ReadonlyArray<unknown> ? I[number] : I;

/** The alias an include entry names: `'posts'` or `{ association: 'posts' }` (a model class or association object names none the compiler can see). */
type IncludedAlias<I> = I extends string ? I : I extends { association: infer A extends string } ? A : never;

/** The nested `include` of the entry naming `alias`, if any. */
type NestedInclude<I, Alias> = I extends { association: Alias; include: infer N } ? N : never;

type Loaded<V, N> =
  NonNullable<V> extends ReadonlyArray<infer T>
    ? Array<WithIncludes<T, N>>
    : WithIncludes<NonNullable<V>, N> | Extract<V, null>;

/**
 * A found instance with the associations its `include` named by alias loaded: for
 * `findAll({ include: ['posts'] })` on `User`, `posts: Post[]` instead of `posts?: Post[]`.
 * A to-one include is the instance, or null when the member is declared `| null` (declare it
 * so: a missing row loads as null, and the declared type is kept). Nested includes (`{ association: 'posts',
 * include: ['tags'] }`) are typed too.
 *
 * The trap: only aliases (strings, `association: 'alias'`) are seen; an include by model class
 * or association object loads the same rows but leaves the member optional in the type.
 */
export type WithIncludes<M, I> = [LoadedAlias<M, I>] extends [never]
  ? M
  : M & { [K in LoadedAlias<M, I>]-?: Loaded<M[K], NestedInclude<AsArray<I>, K>> };

type LoadedAlias<M, I> = IncludedAlias<AsArray<I>> & AssociationNames<M>;

/** The model an association member holds: `Post` for `posts?: Post[]` and for `author?: Post | null`. */
type AssociatedModel<M, K extends keyof M> = NonNullable<M[K]> extends ReadonlyArray<infer T> ? T : NonNullable<M[K]>;

/** Keys a where object may carry besides attribute names: operators, `$nested.column$`, JSON paths and casts. */
type WhereExtraKey =
  symbol | `$${string}$` | `${string}.${string}` | `${string}[${number}]${string}` | `${string}::${string}`;

/**
 * A where object written in an include, checked against the included model `T`: an unknown
 * key, or a value the attribute's type does not accept, becomes `never`. (Checked per key
 * because it is intersected with the inferred where, which a plain `WhereOptions` would not
 * narrow.)
 */
type CheckedWhere<T, W> = [W] extends [never]
  ? unknown
  : W extends object
    ? {
        [K in keyof W]: K extends keyof Attributes<T>
          ? CheckedWhereValue<Attributes<T>[K], W[K]>
          : K extends WhereExtraKey
            ? unknown
            : never;
      }
    : unknown;

type CheckedWhereValue<A, V> = V extends WhereAttributeValue<A> ? unknown : never;

/** An included model's `attributes` list: each name must be an attribute of `T`. */
type CheckedAttributes<T, S> = [S] extends [never]
  ? unknown
  : S extends ReadonlyArray<unknown>
    ? { [P in keyof S]: S[P] extends string ? keyof Attributes<T> & string : unknown }
    : unknown;

/** The checks of an include entry for association `K` of `M`: a nested include, where and attributes of the included model. */
type CheckedAssociationEntry<M, K extends keyof M, E> = {
  association: K;
  include?: IncludeCheck<AssociatedModel<M, K>, E extends { include: infer N } ? N : never>;
  where?: CheckedWhere<AssociatedModel<M, K>, E extends { where: infer W } ? W : never>;
  attributes?: CheckedAttributes<AssociatedModel<M, K>, E extends { attributes: infer S } ? S : never>;
};

/** An included model class with its options (`{ model: Post, where }`): the where is checked against that class. */
type CheckedModelEntry<E> = E extends { model: abstract new (...args: never[]) => infer T }
  ? {
      include?: IncludeCheck<T, E extends { include: infer N } ? N : never>;
      where?: CheckedWhere<T, E extends { where: infer W } ? W : never>;
    }
  : unknown;

/**
 * What one include entry `E` of model `M` must be. A string or `{ association }` must name one
 * of M's declared association members. A model class, an association object and `{ all: true }`
 * name nothing the compiler can see and are left to the run-time check.
 */
type IncludeEntryCheck<M, E> = E extends string
  ? string extends E
    ? E
    : AssociationNames<M> & string
  : // `E &`: the entry's other options (required, separate, through...) stay known properties.
    E &
      (E extends { association: infer A }
        ? A extends string
          ? A extends AssociationNames<M>
            ? CheckedAssociationEntry<M, A, E>
            : { association: AssociationNames<M> & string }
          : unknown
        : CheckedModelEntry<E>);

/**
 * The compile-time check of an `include` option `I` on model `M`, intersected with the inferred
 * include so that it only narrows it: every alias at every level must be a declared association
 * member (`declare posts?: NonAttribute<Post[]>`, `@HasMany(() => Post) declare posts?: Post[]`)
 * and a nested `where` names the included model's attributes. A model that declares no
 * association members (`db.define`, associations added without a declared member) cannot be
 * checked and keeps the untyped include (`unknown`).
 */
export type IncludeCheck<M, I> = [AssociationNames<M>] extends [never]
  ? unknown
  : [I] extends [never]
    ? unknown
    : I extends ReadonlyArray<unknown>
      ? { [P in keyof I]: IncludeEntryCheck<M, I[P]> }
      : IncludeEntryCheck<M, I>;

/**
 * The attributes a `raw: true` row of `M` carries for an `attributes` option `S`:
 * `['id', 'email']` keeps those two, `{ exclude: ['password'] }` drops that one; anything else
 * (no `attributes`, `{ include: [...] }` additions) keeps them all. Aliased expressions and
 * include keys stay reachable as `unknown` through the row's index signature.
 */
export type SelectedAttributes<M, S> = [S] extends [ReadonlyArray<unknown>]
  ? Pick<Attributes<M>, Extract<S[number], keyof Attributes<M>>>
  : [S] extends [{ exclude: ReadonlyArray<infer X> }]
    ? { [K in keyof Attributes<M> as K extends X ? never : K]: Attributes<M>[K] }
    : Attributes<M>;
