import type { Knex } from 'knex';
import { describeValue } from '@strata/validation';
import { messagesIncludeValues, type ModelDefinition } from '../definition/model-definition';
import { expandVirtualAttributes } from '../definition/virtual';
import type { Dialect } from '../dialect/dialect';
import { InvalidQueryError } from '../errors/errors';
import type { CompiledQuery } from '../execution/executor';
import { isExpression } from './expressions';
import { checkLimit, type FindOptions } from '../normalize/find-options';
import { applyRowLock, rowLockOf } from './lock';
import { fragment, type SqlFragment } from './sql-fragment';
import { fragmentShape, refillFragments, type ShapeCache } from './compile-cache';
import { compileExpression, compileWhere, resolveColumn, resolveReference, type WhereContext } from './where';
import type { RootAlias } from '../connection/options';
import { rootTableAlias } from '../plan/aliases';
import { tableIdentifier } from '../definition/table-ref';

const DIRECTIONS = new Set([
  'ASC',
  'DESC',
  'ASC NULLS FIRST',
  'ASC NULLS LAST',
  'DESC NULLS FIRST',
  'DESC NULLS LAST',
  'NULLS FIRST',
  'NULLS LAST',
]);

/**
 * What compiling a statement on one model's table needs. A model's runtime is one (see
 * ModelRuntime); the two optional slots are where the compiler keeps SQL derived from the
 * definition, so they must be cleared whenever the definition changes.
 */
export interface SelectContext {
  readonly definition: ModelDefinition;
  readonly dialect: Dialect;
  /** @internal The connection's knex instance. */
  readonly knex: Knex;
  /** The connection's compiled SQL by query shape. */
  readonly shapeCache: ShapeCache;
  /** Filled by the first find without `attributes`: every column, and its shape key. */
  defaultSelection?: DefaultSelection;
  /** Filled by the first plain `findByPk` (see primaryKeySelect). */
  primaryKeyLookupSql?: string;
  /** What a SELECT calls the table: its name (unset, 'table') or the model's name ('model'). */
  readonly rootAlias?: RootAlias;
}

/** Every column of a model as a find without `attributes` selects them, and their shape key. */
export interface DefaultSelection {
  readonly columns: SqlFragment[];
  readonly key: string | undefined;
}

/** The columns a find selects, with the attribute name each lands under. */
export function selectedColumns(options: FindOptions, where: WhereContext): SqlFragment[] {
  const { definition } = where;
  const column = (name: string, alias = name): SqlFragment => {
    const resolved = resolveColumn(name, where);
    const field = resolved.attribute?.field ?? name;
    return field === alias ? fragment('??', [resolved.identifier]) : fragment('?? AS ??', [resolved.identifier, alias]);
  };
  const aliased = (item: unknown): SqlFragment => {
    if (!Array.isArray(item) || item.length !== 2 || typeof item[1] !== 'string') {
      throw new InvalidQueryError(
        `${definition.name}: attributes entries are names or [attributeOrExpression, alias], got ${describeValue(item, messagesIncludeValues(definition))}`,
      );
    }
    const [source, alias] = item as [unknown, string];
    checkAlias(alias, definition.name);
    if (isExpression(source)) {
      const compiled = compileExpression(source, where);
      return fragment(`${compiled.sql} AS ??`, [...compiled.bindings, alias]);
    }
    if (typeof source !== 'string')
      throw new InvalidQueryError(
        `${definition.name}: bad attribute ${describeValue(source, messagesIncludeValues(definition))}`,
      );
    return column(source, alias);
  };

  const all = definition.columnAttributes.map((a) => a.name);
  const selection = options.attributes;
  if (selection === undefined) return all.map((name) => column(name));
  if (Array.isArray(selection)) {
    if (selection.length === 0) throw new InvalidQueryError(`${definition.name}: attributes is an empty list`);
    return expandVirtualAttributes(definition, selection).map((item) =>
      typeof item === 'string' ? column(item) : aliased(item),
    );
  }
  if (typeof selection === 'object' && selection !== null) {
    const { include = [], exclude = [] } = selection as { include?: unknown[]; exclude?: string[] };
    if (!Array.isArray(include) || !Array.isArray(exclude)) {
      throw new InvalidQueryError(`${definition.name}: attributes.include and attributes.exclude must be arrays`);
    }
    for (const name of exclude) resolveColumn(name, where);
    return [...all.filter((name) => !exclude.includes(name)).map((name) => column(name)), ...include.map(aliased)];
  }
  throw new InvalidQueryError(`${definition.name}: attributes must be a list or { include, exclude }`);
}

export function compileOrder(order: unknown, where: WhereContext): SqlFragment[] {
  if (order === undefined) return [];
  const items = isExpression(order) ? [order] : order;
  if (!Array.isArray(items)) throw new InvalidQueryError(`${where.definition.name}: order must be a list`);
  return items.map((item) => {
    if (typeof item === 'string') return fragment('??', [resolveReference(item, where).identifier]);
    if (isExpression(item)) return compileExpression(item, where);
    if (!Array.isArray(item) || item.length < 1 || item.length > 2) {
      throw new InvalidQueryError(
        `${where.definition.name}: order entries are a name or [name, direction], got ${describeValue(item, messagesIncludeValues(where.definition))}`,
      );
    }
    const [target, direction = 'ASC'] = item as [unknown, unknown];
    const normalized = typeof direction === 'string' ? direction.toUpperCase().trim().replace(/\s+/g, ' ') : '';
    if (!DIRECTIONS.has(normalized)) {
      throw new InvalidQueryError(
        `${where.definition.name}: order direction must be ASC or DESC (optionally NULLS FIRST/LAST), got ${describeValue(direction, messagesIncludeValues(where.definition))}`,
      );
    }
    const subject =
      typeof target === 'string'
        ? fragment('??', [resolveReference(target, where).identifier])
        : isExpression(target)
          ? compileExpression(target, where)
          : undefined;
    if (!subject)
      throw new InvalidQueryError(
        `${where.definition.name}: cannot order by ${describeValue(target, messagesIncludeValues(where.definition))}`,
      );
    return orderBy(subject, normalized, where.dialect);
  });
}

/** Where the dialect has no NULLS FIRST/LAST, `(x IS NULL)` is ordered first to the same effect. */
function orderBy(subject: SqlFragment, direction: string, dialect: Dialect): SqlFragment {
  const nulls = /NULLS (FIRST|LAST)/.exec(direction)?.[1];
  if (!nulls || dialect.supports.nullsOrdering) return fragment(`${subject.sql} ${direction}`, subject.bindings);
  const plain = direction.replace(/ ?NULLS (FIRST|LAST)/, '') || 'ASC';
  return fragment(`(${subject.sql} IS NULL) ${nulls === 'FIRST' ? 'DESC' : 'ASC'}, ${subject.sql} ${plain}`, [
    ...subject.bindings,
    ...subject.bindings,
  ]);
}

/**
 * An alias becomes a quoted identifier. Quoting alone would make any text safe, but an alias
 * is a name the program chooses, so anything beyond a plain identifier is refused as a likely
 * sign that user input reached it.
 */
function checkAlias(alias: string, modelName: string): void {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(alias)) {
    throw new InvalidQueryError(
      `${modelName}: ${JSON.stringify(alias)} is not a valid alias (letters, digits and _, not starting with a digit)`,
    );
  }
}

/**
 * The aliases a query's attributes define (`[fn('COUNT', col('id')), 'n']`) and the expression
 * each stands for, so having and order can refer to them by name.
 */
export function selectionAliases(options: FindOptions, where: WhereContext): Map<string, SqlFragment> {
  const selection = options.attributes;
  const entries = Array.isArray(selection) ? selection : ((selection as { include?: unknown[] })?.include ?? []);
  const aliases = new Map<string, SqlFragment>();
  for (const entry of entries) {
    if (!Array.isArray(entry) || typeof entry[1] !== 'string') continue;
    const [source, alias] = entry as [unknown, string];
    const expression = isExpression(source)
      ? compileExpression(source, where)
      : fragment('??', [resolveColumn(source as string, where).identifier]);
    aliases.set(alias, expression);
  }
  return aliases;
}

/**
 * Builds a SELECT and returns its SQL and bindings. Every part is compiled to fragments first
 * (all input errors surface there); knex assembles them only the first time a query shape is
 * seen, later queries of the same shape reuse its SQL (see compile-cache).
 */
export function compileSelect(context: SelectContext, options: FindOptions, extraWhere?: SqlFragment): CompiledQuery {
  const { definition, knex } = context;
  const alias = rootTableAlias(definition, context.rootAlias);
  const where: WhereContext = { definition, dialect: context.dialect, tableAlias: alias };
  const defaults = options.attributes === undefined ? defaultSelection(context, where) : undefined;
  const columns = defaults?.columns ?? selectedColumns(options, where);
  const condition = options.where !== undefined ? compileWhere(options.where, where) : undefined;
  const deletedAt = definition.timestamps.deletedAt;
  const paranoidField =
    definition.paranoid && deletedAt && options.paranoid !== false
      ? `${where.tableAlias}.${definition.attributes.get(deletedAt)?.field ?? deletedAt}`
      : undefined;
  const aliases = selectionAliases(options, where);
  const orders = compileOrder(options.order, { ...where, aliases });
  const groups: SqlFragment[] = [];
  if (options.group !== undefined) {
    for (const item of Array.isArray(options.group) ? options.group : [options.group]) {
      if (typeof item !== 'string' && !isExpression(item)) {
        throw new InvalidQueryError(
          `${definition.name}: group entries are attribute names or fn/col/literal, got ${describeValue(item, messagesIncludeValues(definition))}`,
        );
      }
      groups.push(
        typeof item === 'string'
          ? fragment('??', [resolveReference(item, where).identifier])
          : compileExpression(item, where),
      );
    }
  }
  const having = options.having !== undefined ? compileWhere(options.having, { ...where, aliases }) : undefined;
  const limit = checkLimit('limit', options.limit, definition.name);
  const checkedOffset = checkLimit('offset', options.offset, definition.name);
  // knex writes no OFFSET for 0: left out here too, so `offset: 0` is a shape of its own rather
  // than one whose SQL changes with the value (which the shape cache would refuse for every offset).
  const offset = checkedOffset === 0 ? undefined : checkedOffset;
  const lock = rowLockOf(options.lock, context.dialect, definition.name, (name) =>
    name === definition.name ? where.tableAlias : undefined,
  );

  // In the order knex binds them: columns, where, group, having, order, then limit and offset.
  const rest = [condition, extraWhere, ...groups, having, ...orders];
  const parts = [...columns, ...rest];
  const values: unknown[] = [];
  const columnsKey = defaults ? defaults.key : fragmentShape(columns, values);
  const fragmentsKey = columnsKey === undefined ? undefined : fragmentShape(rest, values, columnsKey);
  const key =
    fragmentsKey === undefined
      ? undefined
      : `select|${tableIdentifier(definition)}|${alias.length}:${alias}|${columns.length}|${groups.length}|${orders.length}|` +
        `${paranoidField ?? ''}|${limit !== undefined}|${offset !== undefined}|${Boolean(options.distinct)}|` +
        `${lock ? `${lock.level}:${lock.of ?? ''}` : ''}|${fragmentsKey}`;
  const tail = [limit, offset].filter((n): n is number => n !== undefined);
  return context.shapeCache.compile(key, values, tail, (boundValues, boundTail) => {
    const filled = refillFragments(parts, boundValues);
    let at = 0;
    const take = (count: number): Array<SqlFragment | undefined> => filled.slice(at, (at += count));
    const builder = knex
      .queryBuilder()
      // A table in a schema is always aliased: columns then name it by the alias alone.
      .from(alias === tableIdentifier(definition) ? alias : { [alias]: tableIdentifier(definition) });
    for (const column of take(columns.length)) builder.select(knex.raw(column!.sql, bound(column!)));
    const [filledWhere, filledExtra] = take(2);
    if (filledWhere) builder.whereRaw(filledWhere.sql, bound(filledWhere));
    if (filledExtra) builder.whereRaw(filledExtra.sql, bound(filledExtra));
    if (paranoidField) builder.whereNull(paranoidField);
    for (const group of take(groups.length)) builder.groupByRaw(group!.sql, bound(group!));
    const [filledHaving] = take(1);
    if (filledHaving) builder.havingRaw(filledHaving.sql, bound(filledHaving));
    for (const order of take(orders.length)) builder.orderByRaw(order!.sql, bound(order!));
    const limitClause =
      tail.length > 0 ? context.dialect.limitClause?.(limit !== undefined, offset !== undefined) : undefined;
    if (limitClause === undefined) {
      let tailAt = 0;
      if (limit !== undefined) builder.limit(boundTail[tailAt++]);
      if (offset !== undefined) builder.offset(boundTail[tailAt++]);
    }
    if (options.distinct) builder.distinct();
    applyRowLock(builder, lock, options.skipLocked);
    const compiled = toNative(builder);
    if (limitClause === undefined) return compiled;
    return { sql: `${compiled.sql} ${limitClause}`, bindings: [...compiled.bindings, ...boundTail] };
  });
}

/**
 * Every column of the model, as a find without `attributes` selects them: computed once per
 * model definition and kept in the context (the runtime clears it when an association
 * rebuilds the definition).
 */
function defaultSelection(context: SelectContext, where: WhereContext): DefaultSelection {
  let selection = context.defaultSelection;
  if (!selection) {
    const columns = selectedColumns({}, where);
    selection = { columns, key: fragmentShape(columns, []) };
    context.defaultSelection = selection;
  }
  return selection;
}

/** @internal Adds the where, an extra condition and the paranoid filter to a knex builder. */
export function applyWhere(
  builder: Knex.QueryBuilder,
  knex: Knex,
  options: { where?: unknown; paranoid?: boolean },
  where: WhereContext,
  extraWhere?: SqlFragment,
): void {
  if (options.where !== undefined) {
    const compiled = compileWhere(options.where, where);
    builder.whereRaw(compiled.sql, bound(compiled));
  }
  if (extraWhere) builder.whereRaw(extraWhere.sql, bound(extraWhere));
  const deletedAt = where.definition.timestamps.deletedAt;
  if (where.definition.paranoid && deletedAt && options.paranoid !== false) {
    const attribute = where.definition.attributes.get(deletedAt);
    builder.whereNull(`${where.tableAlias}.${attribute?.field ?? deletedAt}`);
  }
  void knex;
}

/** knex types bindings narrowly; ours are already converted for the driver by the codec. */
function bound(part: SqlFragment): Knex.RawBinding[] {
  return part.bindings as Knex.RawBinding[];
}

export function toNative(builder: {
  toSQL(): { toNative(): { sql: string; bindings: readonly unknown[] } };
}): CompiledQuery {
  const native = builder.toSQL().toNative();
  return { sql: native.sql, bindings: native.bindings };
}
