import type { ModelClass } from '../associations/association';
import type { ThroughJoin } from '../associations/association-join';
import type { ModelDefinition } from '../definition/model-definition';
import { Op } from '../compile/operators';
import { runtimeOf } from '../runtime/model-runtime';
import type { FindOptions } from '../normalize/find-options';
import { checkIncludeAttribute, type NormalizedInclude } from '../normalize/include';
import { rootTableAlias, sqlAlias } from './aliases';
import { splitOrder } from './include-order';
import {
  joinsForSqlOnly,
  loadsSeparately,
  type JoinedNode,
  type LinkPlan,
  type PlanNode,
  type SelectPlan,
} from './select-plan';

/**
 * Plans a find with includes: to-one includes are joined (INNER when required, under an inner
 * parent), to-many includes are never joined, so `limit` counts parents; they are loaded after
 * the parents by one IN query per include level (see execution/include-loader), each with the
 * part of `order` that names it. With `link`, the find is such a load: it reads the rows of
 * the given parents only, and for belongsToMany joins their join rows.
 */
export function planFind(
  model: ModelClass,
  options: FindOptions,
  include: readonly NormalizedInclude[],
  link?: LinkPlan,
): SelectPlan {
  const runtime = runtimeOf(model);
  const definition = runtime.definition;
  const { rootOrder, nestedOrder } = splitOrder(model, options.order, include);
  const alias =
    link?.as !== undefined && runtime.rootAlias === 'model' ? link.as : rootTableAlias(definition, runtime.rootAlias);
  const planned = planNode(model, alias, '', include, true, {
    columns: true,
    nestedOrder,
  });
  const through = link?.join.through;
  const root = through ? { ...planned, joins: [...planned.joins, joinRowNode(through, link.through)] } : planned;
  return {
    root,
    select: 'rows',
    where: options.where,
    attributes: withKeys(definition, options, include, link),
    order: rootOrder,
    group: options.group,
    having: options.having,
    paranoid: options.paranoid,
    limit: link ? undefined : options.limit,
    offset: options.offset,
    lock: options.lock,
    distinct: Boolean(options.distinct),
    link,
    rowIsRoot: root.joins.length === 0 && link?.limit === undefined,
    linkAttribute: link && !link.join.through ? link.join.link.attribute : undefined,
  };
}

/** COUNT(DISTINCT primary key) of the parents a find with includes matches. */
export function planCount(
  model: ModelClass,
  options: { where?: unknown; paranoid?: boolean },
  include: readonly NormalizedInclude[],
): SelectPlan {
  const runtime = runtimeOf(model);
  const root = planNode(model, rootTableAlias(runtime.definition, runtime.rootAlias), '', include, true, {
    columns: false,
  });
  return statementOnly(root, 'count', options.where, options.paranoid);
}

/**
 * The subquery of `EXISTS (SELECT 1 FROM target ...)` that keeps the parents with a row of a
 * to-many include, under the table alias `alias`: the include's own where, and `condition`
 * (a `$include.attribute$` condition of the parent query) besides. compile/include correlates
 * it with the parent row.
 */
export function planExists(include: NormalizedInclude, alias: string, condition?: Record<string, unknown>): SelectPlan {
  const where =
    condition === undefined
      ? include.where
      : include.where === undefined
        ? condition
        : { [Op.and]: [include.where, condition] };
  // A condition may name any deeper include (`$posts.comments.body$`); the optional ones are
  // joined (to-one) or listed (to-many) for it, and filter nothing.
  const children = condition === undefined ? include.include.filter((child) => child.required) : include.include;
  const root = planNode(include.target, alias, alias, children, true, { columns: false });
  return statementOnly(root, 'exists', where, include.paranoid);
}

/** A plan whose statement has no columns, order, grouping or paging of its own (count, exists). */
function statementOnly(
  root: PlanNode,
  select: 'count' | 'exists',
  where: unknown,
  paranoid: boolean | undefined,
): SelectPlan {
  return {
    root,
    select,
    where,
    attributes: undefined,
    order: [],
    group: undefined,
    having: undefined,
    paranoid,
    limit: undefined,
    offset: undefined,
    lock: undefined,
    distinct: false,
    link: undefined,
    rowIsRoot: root.joins.length === 0,
    linkAttribute: undefined,
  };
}

interface NodeOptions {
  /** Whether joined models' columns are selected (a find's rows), or only joined (count, exists). */
  readonly columns: boolean;
  /** The order items that moved from the find's order to a to-many include's load. */
  readonly nestedOrder?: ReadonlyMap<NormalizedInclude, readonly unknown[]>;
}

/**
 * A model and, below it, its to-one includes as joined nodes, recursively; its to-many
 * includes are listed as separate loads. The root's joined children are aliased by their
 * include name; deeper ones (and every child of an EXISTS subquery) by the path from `prefix`.
 */
function planNode(
  model: ModelClass,
  alias: string,
  prefix: string,
  include: readonly NormalizedInclude[],
  /** Whether the node is inner-joined (or the root): under an optional (LEFT) node every join stays LEFT. */
  inner: boolean,
  options: NodeOptions,
): PlanNode {
  return {
    model,
    definition: runtimeOf(model).definition,
    alias,
    columns: [],
    joins: include.filter((item) => !loadsSeparately(item)).map((item) => joinedNode(item, prefix, inner, options)),
    separate: include.filter(loadsSeparately).map((item) => ({
      include: item,
      alias: includeAlias(prefix, item),
      order: [...(options.nestedOrder?.get(item) ?? []), ...item.order],
    })),
  };
}

function joinedNode(item: NormalizedInclude, prefix: string, parentInner: boolean, options: NodeOptions): JoinedNode {
  const alias = includeAlias(prefix, item);
  // An INNER JOIN under a LEFT one would drop the root rows `required: false` asked to keep.
  const inner = item.required && parentInner;
  const node = planNode(item.target, alias, alias, item.include, inner, options);
  return {
    ...node,
    columns: options.columns && !joinsForSqlOnly(item) ? includeColumns(node.definition, item, alias) : [],
    as: item.as,
    inner,
    include: item,
  };
}

function includeAlias(prefix: string, item: NormalizedInclude): string {
  return prefix ? sqlAlias(prefix, item.as) : item.as;
}

/** The columns of an included model (joined, or flattened into raw rows), always with its primary key (to tell "no row" from a row). */
export function includeColumns(
  definition: ModelDefinition,
  item: NormalizedInclude,
  alias: string,
): Array<[string, string]> {
  const all = definition.columnAttributes.map((a) => a.name);
  let names: string[];
  const attributes = item.attributes;
  if (attributes === undefined) names = all;
  else if (Array.isArray(attributes)) names = attributes.map((a) => checkIncludeAttribute(definition, a));
  else {
    const exclude = new Set((attributes as { exclude?: string[] }).exclude ?? []);
    for (const name of exclude) checkIncludeAttribute(definition, name);
    names = all.filter((name) => !exclude.has(name));
  }
  for (const key of [...definition.primaryKeys, item.association.join.targetAttribute].reverse()) {
    if (!names.includes(key)) names.unshift(key);
  }
  for (const child of item.include) {
    const key = child.association.join.sourceAttribute;
    if (!names.includes(key)) names.push(key);
  }
  return names.map((name) => [sqlAlias(alias, name), name]);
}

/**
 * The join row of a belongsToMany load: inner-joined by the link, its columns land under the
 * join model's name. normalizeIncludes checked the `through.attributes` names.
 */
function joinRowNode(through: ThroughJoin, options: LinkPlan['through']): JoinedNode {
  const definition = runtimeOf(through.model).definition;
  const selected = options?.attributes ?? definition.columnAttributes.map((a) => a.name);
  return {
    model: through.model,
    definition,
    alias: through.as,
    columns: selected.map((name) => [sqlAlias(through.as, name), name]),
    joins: [],
    separate: [],
    as: through.as,
    inner: true,
    include: undefined,
  };
}

/** The attributes a find selects, plus the keys its includes link by (Sequelize does the same). */
function withKeys(
  definition: ModelDefinition,
  options: FindOptions,
  include: readonly NormalizedInclude[],
  link: LinkPlan | undefined,
): FindOptions['attributes'] {
  const attributes = options.attributes;
  if (attributes === undefined) return attributes;
  // A grouped query selects what it groups by: an added key would break GROUP BY.
  const needed = new Set<string>(options.group === undefined ? definition.primaryKeys : []);
  // Joined includes link in SQL; separately loaded ones need the key in the parent rows.
  for (const item of include) if (loadsSeparately(item)) needed.add(item.association.join.sourceAttribute);
  // A separate load groups its rows by the link value, which its own rows hold unless a join row does.
  if (link && !link.join.through) needed.add(link.join.link.attribute);
  if (!Array.isArray(attributes)) {
    // `{ exclude }` cannot drop a key the loader links by.
    const selection = attributes as { include?: unknown[]; exclude?: string[] };
    return {
      ...selection,
      exclude: selection.exclude?.filter((name) => !needed.has(name)),
    } as FindOptions['attributes'];
  }
  const names = new Set(attributes.filter((a): a is string => typeof a === 'string'));
  return [...attributes, ...[...needed].filter((name) => !names.has(name))];
}
