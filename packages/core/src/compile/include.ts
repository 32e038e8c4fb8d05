import type { AssociationJoin } from '../associations/association-join';
import type { ModelDefinition } from '../definition/model-definition';
import { EagerLoadingError, InvalidQueryError } from '../errors/errors';
import type { CompiledQuery } from '../execution/executor';
import { runtimeOf } from '../runtime/model-runtime';
import { checkLimit, type FindOptions } from '../normalize/find-options';
import type { NormalizedInclude } from '../normalize/include';
import { LINK_COLUMN, sqlAlias } from '../plan/aliases';
import { planExists } from '../plan/plan-find';
import type { JoinedNode, PlanNode, SelectPlan } from '../plan/select-plan';
import { rowLockOf } from './lock';
import { compileRecipe, SelectRecipe, type RecipeContext } from './select-recipe';
import { fragment, joinFragments, type SqlFragment } from './sql-fragment';
import {
  compileExpression,
  compileWhere,
  resolveColumn,
  resolveReference,
  type ResolvedColumn,
  type WhereContext,
} from './where';
import { compileOrder, selectedColumns, selectionAliases } from './select';
import { tableIdentifier } from '../definition/table-ref';

/** What compiling a planned find needs: the connection's knex, dialect and compiled SQL by shape. */
export type IncludeCompileContext = RecipeContext;

/** Result column of a separate load's per-parent rank (its `limit`). */
const RANK_COLUMN = '__strata_rank';

/**
 * The SQL and bindings of a planned find with includes (see plan/plan-find): joined includes
 * as LEFT or INNER JOINs with their where in the ON clause, required to-many includes as
 * EXISTS subqueries, and for a separate load the IN condition on the parents' keys (through
 * the join table for belongsToMany), ranked per parent when it has a `limit`. The statement is
 * recorded knex-free (SelectRecipe) and compiled once per shape: a repeated shape binds its new
 * values into the SQL the connection's ShapeCache kept, without knex.
 *
 * @example compileIncludeSelect(context, planFind(User, { limit: 10 }, normalizeIncludes(User, ['profile'])))
 */
export function compileIncludeSelect(context: IncludeCompileContext, plan: SelectPlan): CompiledQuery {
  const builder = build(context, plan);
  if (plan.distinct) builder.distinct();
  return compileRecipe(context, builder);
}

function build(context: IncludeCompileContext, plan: SelectPlan): SelectRecipe {
  const { root } = plan;
  const definition = root.definition;
  const builder = new SelectRecipe().from({ [root.alias]: tableIdentifier(definition) });
  const where: WhereContext = {
    definition,
    dialect: context.dialect,
    tableAlias: root.alias,
    resolveNested: (path) => resolvePath(root, path, false),
    nestedCondition: (path, value) => nestedExists(context, root, path, value),
  };
  // The joins first: `$nested.attribute$` in the where and the order resolve against them.
  addJoins(context, builder, root);
  addSelection(builder, plan, where);
  if (plan.where !== undefined) builder.whereRaw(compileWhere(plan.where, where));
  const deletedAt = definition.timestamps.deletedAt;
  if (definition.paranoid && deletedAt && plan.paranoid !== false) {
    builder.whereNull(`${root.alias}.${fieldOf(definition, deletedAt)}`);
  }
  for (const load of root.separate) {
    if (!load.include.required) continue;
    builder.whereRaw(existsFragment(context, load.include, root.alias, load.alias));
  }
  if (plan.link) addLink(context, builder, plan, where);
  // A belongsToMany load's order may name its join row (`col('$PostTag.role$')`); conditions on
  // join rows belong in `through.where`, so the where above does not see it.
  // Order may also name an alias of the selection (`[fn('COUNT', col('posts.id')), 'n']`), as in compileSelect.
  const ordering: WhereContext = {
    ...where,
    aliases: selectionAliases({ attributes: plan.attributes } as FindOptions, where),
    resolveNested: (path) => resolvePath(root, path, true),
  };
  applyGrouping(builder, plan, ordering);
  const order = compileOrder(plan.order, ordering);
  if (plan.link?.limit !== undefined) return limitPerParent(builder, plan, order, ordering);
  if (plan.select === 'rows') {
    for (const item of order) builder.orderByRaw(item);
  }
  const limit = checkLimit('limit', plan.limit, definition.name);
  const offset = checkLimit('offset', plan.offset, definition.name);
  if (limit !== undefined) builder.limit(limit);
  // knex writes no OFFSET for 0: left out here too, so `offset: 0` is its own shape rather than
  // one whose SQL changes with the value (which the shape cache would refuse for every offset).
  if (offset !== undefined && offset !== 0) builder.offset(offset);
  const lock = rowLockOf(plan.lock, context.dialect, definition.name, (name) => aliasOfModel(root, name));
  if (lock) builder.lock(lock);
  return builder;
}

/** The alias of the model named `name` in the plan's tree (the root or a joined include), if it is there. */
function aliasOfModel(node: PlanNode, name: string): string | undefined {
  if (node.definition.name === name) return node.alias;
  for (const child of includeJoins(node)) {
    const alias = aliasOfModel(child, name);
    if (alias) return alias;
  }
  return undefined;
}

/** What the SELECT returns: the root's and the joined models' columns, `1`, or the count of parents. */
function addSelection(builder: SelectRecipe, plan: SelectPlan, where: WhereContext): void {
  const { root } = plan;
  if (plan.select === 'exists') {
    builder.select(fragment('1'));
  } else if (plan.select === 'count') {
    const keys = root.definition.primaryKeys.map((key) => `${root.alias}.${fieldOf(root.definition, key)}`);
    builder.select(fragment(`COUNT(DISTINCT ${keys.map(() => '??').join(', ')}) AS ??`, [...keys, 'count']));
  } else {
    for (const column of selectedColumns({ attributes: plan.attributes } as FindOptions, where)) {
      builder.select(column);
    }
    for (const node of allJoined(root)) {
      for (const [columnAlias, attribute] of node.columns) {
        builder.select(fragment('?? AS ??', [`${node.alias}.${fieldOf(node.definition, attribute)}`, columnAlias]));
      }
    }
  }
}

function allJoined(node: PlanNode): PlanNode[] {
  return node.joins.flatMap((child) => [child, ...allJoined(child)]);
}

/** GROUP BY and HAVING, as compileSelect does; names may be `$include.attribute$` paths. */
function applyGrouping(builder: SelectRecipe, plan: SelectPlan, where: WhereContext): void {
  if (plan.group !== undefined) {
    const groups = Array.isArray(plan.group) ? plan.group : [plan.group];
    for (const item of groups as unknown[]) {
      const compiled =
        typeof item === 'string'
          ? fragment('??', [resolveReference(item, where).identifier])
          : compileExpression(item, where);
      builder.groupByRaw(compiled);
    }
  }
  if (plan.having !== undefined) {
    const aliases = selectionAliases({ attributes: plan.attributes } as FindOptions, where);
    const having = compileWhere(plan.having, { ...where, aliases });
    builder.havingRaw(having);
  }
}

/** LEFT/INNER JOINs for the joined includes below `parent`, recursively. */
function addJoins(context: IncludeCompileContext, builder: SelectRecipe, parent: PlanNode): void {
  for (const node of parent.joins) {
    // A belongsToMany load's join row is joined by its link (addLink).
    if (!node.include) continue;
    const item = node.include;
    const join = item.association.join;
    const { definition, alias } = node;
    const onContext: WhereContext = { definition, dialect: context.dialect, tableAlias: alias };
    // A joined belongsToMany (only for the SQL, see joinsForSqlOnly) reaches its targets through its join rows.
    const source = join.through
      ? joinRowsOf(context, builder, node, parent)
      : `${parent.alias}.${fieldOf(parent.definition, join.sourceAttribute)}`;
    const conditions: SqlFragment[] = [
      item.on === undefined
        ? fragment('?? = ??', [`${alias}.${fieldOf(definition, join.targetAttribute)}`, source])
        : compileWhere(item.on, {
            ...onContext,
            resolveNested: (path) => resolvePath(parent, parentPath(parent, path), false),
          }),
    ];
    if (join.targetScope) conditions.push(compileWhere(join.targetScope, onContext));
    if (item.where !== undefined) conditions.push(compileWhere(item.where, onContext));
    const deletedAt = definition.timestamps.deletedAt;
    if (definition.paranoid && deletedAt && item.paranoid) {
      conditions.push(fragment('?? IS NULL', [`${alias}.${fieldOf(definition, deletedAt)}`]));
    }
    for (const load of node.separate) {
      if (load.include.required) conditions.push(existsFragment(context, load.include, alias, load.alias));
    }
    const on = allConditions(conditions);
    const kind = item.right ? 'RIGHT OUTER' : node.inner ? 'INNER' : 'LEFT OUTER';
    builder.joinRaw(
      fragment(`${kind} JOIN ?? AS ?? ON ${on.sql}`, [tableIdentifier(definition), alias, ...on.bindings]),
    );
    addJoins(context, builder, node);
  }
}

/**
 * Joins a belongsToMany include's join rows to the parent (LEFT, or INNER when the include is),
 * with the join scope and `through.where`, and returns the join-row column the targets match.
 */
function joinRowsOf(context: IncludeCompileContext, builder: SelectRecipe, node: JoinedNode, parent: PlanNode): string {
  const join = node.include!.association.join;
  const through = join.through!;
  const definition = runtimeOf(through.model).definition;
  const alias = sqlAlias(node.alias, through.as);
  const where: WhereContext = { definition, dialect: context.dialect, tableAlias: alias };
  const conditions: SqlFragment[] = [
    fragment('?? = ??', [
      `${alias}.${fieldOf(definition, through.sourceAttribute)}`,
      `${parent.alias}.${fieldOf(parent.definition, join.sourceAttribute)}`,
    ]),
  ];
  if (through.scope) conditions.push(compileWhere(through.scope, where));
  if (node.include!.through?.where !== undefined) conditions.push(compileWhere(node.include!.through.where, where));
  const on = allConditions(conditions);
  builder.joinRaw(
    fragment(`${node.inner ? 'INNER' : 'LEFT OUTER'} JOIN ?? AS ?? ON ${on.sql}`, [
      tableIdentifier(definition),
      alias,
      ...on.bindings,
    ]),
  );
  return `${alias}.${fieldOf(definition, through.targetAttribute)}`;
}

/** An include's `on` names its parent's attributes as `$attribute$` or `$Parent.attribute$`. */
function parentPath(parent: PlanNode, path: string): string {
  const prefix = `${parent.definition.name}.`;
  return path.startsWith(prefix) ? path.slice(prefix.length) : path;
}

function allConditions(conditions: SqlFragment[]): SqlFragment {
  return joinFragments(
    conditions.map((c) => fragment(`(${c.sql})`, c.bindings)),
    ' AND ',
  );
}

/**
 * `EXISTS (SELECT 1 FROM target WHERE target.fk = parent.key AND <include where>)`: how a
 * required to-many include filters parents without joining (and multiplying) them.
 */
function existsFragment(
  context: IncludeCompileContext,
  item: NormalizedInclude,
  parentAlias: string,
  alias: string,
  /** A `$path$` condition on the include's rows (nestedExists), besides the include's own where. */
  condition?: Record<string, unknown>,
): SqlFragment {
  const join = item.association.join;
  const parentDefinition = runtimeOf(item.association.source).definition;
  const parentColumn = `${parentAlias}.${fieldOf(parentDefinition, join.sourceAttribute)}`;
  const plan = planExists(item, alias, condition);
  const inner = build(context, plan);
  if (join.targetScope) {
    const where: WhereContext = { definition: plan.root.definition, dialect: context.dialect, tableAlias: alias };
    const scope = compileWhere(join.targetScope, where);
    inner.whereRaw(scope);
  }
  let linkAlias = alias;
  if (join.through) {
    linkAlias = sqlAlias(alias, join.through.as);
    joinThrough(context, inner, join, plan.root, linkAlias, item.through?.where);
  }
  inner.whereRaw(fragment('?? = ??', [linkColumn(join, linkAlias), parentColumn]));
  return fragment('EXISTS ?', [inner]);
}

/** The column that holds the source's key on the target side, in the row aliased `alias` (target or join row). */
function linkColumn(join: AssociationJoin, alias: string): string {
  return `${alias}.${fieldOf(runtimeOf(join.link.model).definition, join.link.attribute)}`;
}

/** INNER JOIN of a belongsToMany's join rows to the targets: with the join scope and `through.where`. */
function joinThrough(
  context: IncludeCompileContext,
  builder: SelectRecipe,
  join: AssociationJoin,
  target: PlanNode,
  throughAlias: string,
  throughWhere: unknown,
): void {
  const through = join.through!;
  const definition = runtimeOf(through.model).definition;
  const conditions: SqlFragment[] = [
    fragment('?? = ??', [
      `${throughAlias}.${fieldOf(definition, through.targetAttribute)}`,
      `${target.alias}.${fieldOf(target.definition, join.targetAttribute)}`,
    ]),
  ];
  const where: WhereContext = { definition, dialect: context.dialect, tableAlias: throughAlias };
  if (through.scope) conditions.push(compileWhere(through.scope, where));
  if (throughWhere !== undefined) conditions.push(compileWhere(throughWhere, where));
  const on = allConditions(conditions);
  builder.joinRaw(
    fragment(`INNER JOIN ?? AS ?? ON ${on.sql}`, [tableIdentifier(definition), throughAlias, ...on.bindings]),
  );
}

/**
 * Restricts a separate load to its parents' keys: `link IN (...)` on the target's own column,
 * or on the join row's, which is then joined and selected as the LINK_COLUMN.
 */
function addLink(context: IncludeCompileContext, builder: SelectRecipe, plan: SelectPlan, where: WhereContext): void {
  const link = plan.link!;
  const { join } = link;
  const column = linkColumn(join, join.through?.as ?? plan.root.alias);
  if (join.through) {
    joinThrough(context, builder, join, plan.root, join.through.as, link.through?.where);
    builder.select(fragment('?? AS ??', [column, LINK_COLUMN]));
  }
  const attribute = runtimeOf(join.link.model).definition.attributes.get(join.link.attribute)!;
  const keys = link.values.map((value) => context.dialect.codec.toDatabase(attribute.type, value));
  // The include loader sends at most half the dialect's bound parameters as keys (see loadInclude).
  const values = paddedKeys(keys, Math.floor(context.dialect.maxBoundParameters / 2));
  builder.whereRaw(fragment(`?? IN (${values.map(() => '?').join(', ')})`, [column, ...values]));
  if (join.targetScope) {
    const scope = compileWhere(join.targetScope, { ...where, resolveNested: undefined });
    builder.whereRaw(scope);
  }
}

/**
 * The keys of an IN list, padded to the next power of two (at most `max`) by repeating the last
 * one (a key listed twice matches the same rows): loads of 5 to 8 parents then share one shape, so
 * the shape cache serves them (every count its own shape would mostly be built once and never
 * reused), at the price of a few repeated parameters.
 */
function paddedKeys(keys: readonly unknown[], max: number): unknown[] {
  let size = 1;
  while (size < keys.length) size *= 2;
  const padded = [...keys];
  const last = keys[keys.length - 1];
  while (padded.length < Math.min(size, max)) padded.push(last);
  return padded;
}

/**
 * At most `limit` rows per parent in one query: ROW_NUMBER() partitioned by the link column,
 * filtered in an outer SELECT (never one query per parent).
 */
function limitPerParent(
  inner: SelectRecipe,
  plan: SelectPlan,
  order: SqlFragment[],
  where: WhereContext,
): SelectRecipe {
  const { root } = plan;
  const link = plan.link!;
  const partition = linkColumn(link.join, link.join.through?.as ?? root.alias);
  const ordering = order.length
    ? joinFragments(order, ', ')
    : fragment(
        root.definition.primaryKeys.map(() => '??').join(', '),
        root.definition.primaryKeys.map((key) => resolveColumn(key, where).identifier),
      );
  inner.select(
    fragment(`ROW_NUMBER() OVER (PARTITION BY ?? ORDER BY ${ordering.sql}) AS ??`, [
      partition,
      ...ordering.bindings,
      RANK_COLUMN,
    ]),
  );
  return new SelectRecipe()
    .select('*')
    .fromRaw(fragment('? AS ??', [inner, 'strata_limited']))
    .whereRaw(fragment('?? <= ?', [RANK_COLUMN, link.limit!]))
    .orderBy([plan.linkAttribute ?? LINK_COLUMN, RANK_COLUMN]);
}

/**
 * `'$posts.title$': value` where `posts` is a to-many include (anywhere below the root's
 * to-one joins): `EXISTS (SELECT 1 FROM posts ... WHERE posts.fk = parent.key AND title = ?)`,
 * so the condition keeps the parents with at least one matching row and never multiplies
 * them. The rest of the path (`$posts.comments.body$`) resolves inside the subquery, so a
 * deeper to-many level becomes a nested EXISTS. Undefined when the path is a joined column
 * (or unknown: resolvePath then reports it).
 */
function nestedExists(
  context: IncludeCompileContext,
  root: PlanNode,
  path: string,
  value: unknown,
): SqlFragment | undefined {
  const parts = path.split('.');
  let node = root;
  for (let index = 0; index < parts.length - 1; index++) {
    const part = parts[index];
    const joined = includeJoins(node).find((child) => child.as === part);
    if (joined) {
      node = joined;
      continue;
    }
    const load = node.separate.find((candidate) => candidate.include.as === part);
    if (!load) return undefined;
    const rest = parts.slice(index + 1);
    const key = rest.length === 1 ? rest[0] : `$${rest.join('.')}$`;
    return existsFragment(context, load.include, node.alias, sqlAlias(node.alias, load.include.as), { [key]: value });
  }
  return undefined;
}

/** The joined includes of a node, without a belongsToMany load's join row. */
function includeJoins(node: PlanNode): PlanNode['joins'] {
  return node.joins.filter((child) => child.include !== undefined);
}

/** `$user.company.name$` -> the joined column; to-many includes are not in the SELECT. */
function resolvePath(root: PlanNode, path: string, withJoinRow: boolean): ResolvedColumn {
  const parts = path.split('.');
  const attributeName = parts.pop()!;
  let node = root;
  for (const part of parts) {
    const joins = withJoinRow ? node.joins : includeJoins(node);
    const next = joins.find((child) => child.as === part);
    if (!next) {
      const separate = node.separate.find((load) => load.include.as === part);
      if (separate) {
        throw new InvalidQueryError(
          `${node.definition.name}: $${path}$ refers to ${part}, a to-many include loaded by its own query, ` +
            `so it is not a column of the parent rows: it can be a where key ({ '$${path}$': value }, ` +
            `parents with at least one matching ${part}) but not an order, group, col() or fn() argument ` +
            `(ordering parents by a to-many attribute is ill-defined; [['${part}', ...]] orders each parent's ${part})`,
        );
      }
      throw new EagerLoadingError(
        `$${path}$: ${part} is not an include of ${node.definition.name}; included: ${[...joins.map((j) => j.as), ...node.separate.map((s) => s.include.as)].join(', ') || 'none'}`,
      );
    }
    node = next;
  }
  const attribute = node.definition.attributes.get(attributeName);
  if (!attribute || attribute.virtual) {
    throw new InvalidQueryError(
      `$${path}$: ${JSON.stringify(attributeName)} is not an attribute of ${node.definition.name}; valid attributes: ${node.definition.columnAttributes.map((a) => a.name).join(', ')}`,
    );
  }
  return { identifier: `${node.alias}.${attribute.field}`, attribute };
}

function fieldOf(definition: ModelDefinition, attribute: string): string {
  return definition.attributes.get(attribute)!.field;
}
