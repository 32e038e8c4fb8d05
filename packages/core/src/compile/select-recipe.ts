import type { Knex } from 'knex';
import type { Dialect } from '../dialect/dialect';
import type { CompiledQuery } from '../execution/executor';
import { fragmentKey, placeholdersOf, type NestedShape, type ShapeCache } from './compile-cache';
import { applyRowLock, type RowLock } from './lock';
import type { SqlFragment } from './sql-fragment';

/**
 * One call a SELECT is built from, as plain data. A fragment's `?` bindings are values, or a
 * whole SelectRecipe (a subquery, `EXISTS ?`); every other string is an identifier or SQL text.
 */
type Step =
  | { readonly method: 'from'; readonly table: string | Readonly<Record<string, string>> }
  | {
      readonly method: 'fromRaw' | 'joinRaw' | 'whereRaw' | 'groupByRaw' | 'havingRaw' | 'orderByRaw';
      readonly part: SqlFragment;
    }
  | { readonly method: 'select'; readonly column: '*' | SqlFragment }
  | { readonly method: 'whereNull'; readonly column: string }
  | { readonly method: 'orderBy'; readonly columns: readonly string[] }
  | { readonly method: 'limit' | 'offset'; readonly count: number }
  | { readonly method: 'distinct' }
  | { readonly method: 'lock'; readonly lock: RowLock };

/**
 * Where knex puts a step's bindings: columns, FROM, joins, where, group, having, order, limit,
 * offset (its select compiler's component order), whatever order the steps were added in.
 */
const BINDING_RANK: Readonly<Record<Step['method'], number>> = {
  select: 0,
  distinct: 0,
  from: 1,
  fromRaw: 1,
  joinRaw: 2,
  whereRaw: 3,
  whereNull: 3,
  groupByRaw: 4,
  havingRaw: 5,
  orderByRaw: 6,
  orderBy: 6,
  limit: 7,
  offset: 8,
  lock: 9,
};

/**
 * A SELECT recorded as the knex calls that would build it, without touching knex: what compiling
 * a find with includes produces, so that a query shape already seen is answered from the
 * connection's ShapeCache (the SQL kept with placeholders, the new values bound) and only a new
 * shape is handed to knex (compileRecipe). The trap: the cache key is the recorded SQL text and
 * identifiers, so every step must go through this class; nothing may reach knex beside it.
 *
 * @example
 * const recipe = new SelectRecipe().from({ User: 'users' }).select('*').whereRaw(fragment('?? = ?', ['User.id', 1]));
 * compileRecipe(context, recipe); // select * from "users" as "User" where "User"."id" = ?
 */
export class SelectRecipe {
  readonly steps: Step[] = [];

  from(table: string | Readonly<Record<string, string>>): this {
    return this.add({ method: 'from', table });
  }

  /** FROM a raw fragment (`? AS ??` with a subquery recipe). */
  fromRaw(part: SqlFragment): this {
    return this.add({ method: 'fromRaw', part });
  }

  select(column: '*' | SqlFragment): this {
    return this.add({ method: 'select', column });
  }

  joinRaw(part: SqlFragment): this {
    return this.add({ method: 'joinRaw', part });
  }

  whereRaw(part: SqlFragment): this {
    return this.add({ method: 'whereRaw', part });
  }

  whereNull(column: string): this {
    return this.add({ method: 'whereNull', column });
  }

  groupByRaw(part: SqlFragment): this {
    return this.add({ method: 'groupByRaw', part });
  }

  havingRaw(part: SqlFragment): this {
    return this.add({ method: 'havingRaw', part });
  }

  orderByRaw(part: SqlFragment): this {
    return this.add({ method: 'orderByRaw', part });
  }

  /** ORDER BY these columns, ascending. */
  orderBy(columns: readonly string[]): this {
    return this.add({ method: 'orderBy', columns });
  }

  limit(count: number): this {
    return this.add({ method: 'limit', count });
  }

  offset(count: number): this {
    return this.add({ method: 'offset', count });
  }

  distinct(): this {
    return this.add({ method: 'distinct' });
  }

  lock(lock: RowLock): this {
    return this.add({ method: 'lock', lock });
  }

  private add(step: Step): this {
    this.steps.push(step);
    return this;
  }
}

/** What compiling a recipe needs: the connection's knex, dialect and shape cache. */
export interface RecipeContext {
  /** @internal The connection's knex instance. */
  readonly knex: Knex;
  readonly dialect: Dialect;
  readonly shapeCache: ShapeCache;
}

/**
 * The SQL and bindings of a recipe. Its shape (SQL text, identifiers, the number of `?`s, which
 * steps there are) is the cache key, with the dialect's name; its values stay bound parameters.
 * A recipe whose shape cannot be told from its steps (an identifier that is not a string, a
 * limit inside a subquery) is built by knex every time.
 */
export function compileRecipe(context: RecipeContext, recipe: SelectRecipe): CompiledQuery {
  const values: unknown[] = [];
  const tail: number[] = [];
  const shape = shapeOf(recipe, values, tail);
  if (shape === undefined) return toCompiled(context.knex, recipe);
  const key = `recipe|${context.dialect.name}|${shape}`;
  return context.shapeCache.compile(key, values, tail, (boundValues, boundTail) =>
    toCompiled(context.knex, refill(recipe, { values: boundValues, tail: boundTail, value: 0, count: 0 })),
  );
}

function toCompiled(knex: Knex, recipe: SelectRecipe): CompiledQuery {
  const native = toKnex(knex, recipe).toSQL().toNative();
  return { sql: native.sql, bindings: native.bindings };
}

/** The steps' indexes in the order knex binds their values (stable within a rank). */
function bindingOrder(steps: readonly Step[]): number[] {
  return steps
    .map((_, index) => index)
    .sort((a, b) => BINDING_RANK[steps[a].method] - BINDING_RANK[steps[b].method] || a - b);
}

/**
 * The shape key of a recipe; its `?` values are appended to `values` and its limit and offset to
 * `tail` (undefined for a subquery: its limit would not be the statement's last binding).
 */
function shapeOf(recipe: SelectRecipe, values: unknown[], tail: number[] | undefined): string | undefined {
  let key = '';
  for (const index of bindingOrder(recipe.steps)) {
    const step = recipe.steps[index];
    key += `${step.method}(`;
    let part: string | undefined;
    switch (step.method) {
      case 'from':
        part = typeof step.table === 'string' ? text(step.table) : tableMapShape(step.table);
        break;
      case 'select':
        part = step.column === '*' ? '*' : fragmentKey(step.column, values, SUBQUERY);
        break;
      case 'whereNull':
        part = text(step.column);
        break;
      case 'orderBy':
        part = step.columns.map(text).join(',');
        break;
      case 'limit':
      case 'offset':
        if (!tail) return undefined;
        tail.push(step.count);
        part = '';
        break;
      case 'distinct':
        part = '';
        break;
      case 'lock':
        part = `${step.lock.level}:${step.lock.of === undefined ? '' : text(step.lock.of)}`;
        break;
      default:
        part = fragmentKey(step.part, values, SUBQUERY);
    }
    if (part === undefined) return undefined;
    key += `${part})`;
  }
  return key;
}

function text(value: string): string {
  return `${value.length}:${value}`;
}

function tableMapShape(table: Readonly<Record<string, string>>): string | undefined {
  let key = '';
  for (const [alias, name] of Object.entries(table)) {
    if (typeof name !== 'string') return undefined;
    key += `${text(alias)}=${text(name)},`;
  }
  return key;
}

/** A subquery recipe bound in a fragment (`EXISTS ?`) is keyed by its own shape, its values in place. */
const SUBQUERY: NestedShape<SelectRecipe> = {
  is: (binding): binding is SelectRecipe => binding instanceof SelectRecipe,
  shape: (recipe, values) => shapeOf(recipe, values, undefined),
};

/** Where refill is in the values and the tail it hands out. */
interface Cursor {
  readonly values: readonly unknown[];
  readonly tail: readonly number[];
  value: number;
  count: number;
}

/** The recipe again with its values and limit/offset taken, in shapeOf's order, from the cursor. */
function refill(recipe: SelectRecipe, cursor: Cursor): SelectRecipe {
  const copy = new SelectRecipe();
  const steps: Step[] = [...recipe.steps];
  for (const index of bindingOrder(steps)) {
    const step = steps[index];
    switch (step.method) {
      case 'select':
        if (step.column !== '*') steps[index] = { method: 'select', column: refillFragment(step.column, cursor) };
        break;
      case 'limit':
      case 'offset':
        steps[index] = { method: step.method, count: cursor.tail[cursor.count++] };
        break;
      case 'fromRaw':
      case 'joinRaw':
      case 'whereRaw':
      case 'groupByRaw':
      case 'havingRaw':
      case 'orderByRaw':
        steps[index] = { method: step.method, part: refillFragment(step.part, cursor) };
        break;
      default:
        break;
    }
  }
  copy.steps.push(...steps);
  return copy;
}

function refillFragment(part: SqlFragment, cursor: Cursor): SqlFragment {
  if (part.bindings.length === 0) return part;
  const kinds = placeholdersOf(part.sql);
  const bindings = part.bindings.map((binding, index) => {
    if (kinds[index]) return binding;
    if (binding instanceof SelectRecipe) return refill(binding, cursor);
    return cursor.values[cursor.value++];
  });
  return { sql: part.sql, bindings };
}

/** The knex builder the recipe describes (the only place a recipe meets knex). */
function toKnex(knex: Knex, recipe: SelectRecipe): Knex.QueryBuilder {
  const builder = knex.queryBuilder();
  const bindingsOf = (part: SqlFragment): Knex.RawBinding[] =>
    part.bindings.map((binding) =>
      binding instanceof SelectRecipe ? toKnex(knex, binding) : binding,
    ) as Knex.RawBinding[];
  const raw = (part: SqlFragment): Knex.Raw => knex.raw(part.sql, bindingsOf(part));
  for (const step of recipe.steps) {
    switch (step.method) {
      case 'from':
        builder.from(step.table as string);
        break;
      case 'fromRaw':
        builder.from(raw(step.part));
        break;
      case 'select':
        builder.select(step.column === '*' ? '*' : raw(step.column));
        break;
      case 'joinRaw':
        builder.joinRaw(step.part.sql, bindingsOf(step.part) as Knex.Value[]);
        break;
      case 'whereRaw':
        builder.whereRaw(step.part.sql, bindingsOf(step.part));
        break;
      case 'whereNull':
        builder.whereNull(step.column);
        break;
      case 'groupByRaw':
        builder.groupByRaw(step.part.sql, bindingsOf(step.part));
        break;
      case 'havingRaw':
        builder.havingRaw(step.part.sql, bindingsOf(step.part));
        break;
      case 'orderByRaw':
        builder.orderByRaw(step.part.sql, bindingsOf(step.part));
        break;
      case 'orderBy':
        builder.orderBy([...step.columns]);
        break;
      case 'limit':
        builder.limit(step.count);
        break;
      case 'offset':
        builder.offset(step.count);
        break;
      case 'distinct':
        builder.distinct();
        break;
      case 'lock':
        applyRowLock(builder, step.lock);
        break;
    }
  }
  return builder;
}
