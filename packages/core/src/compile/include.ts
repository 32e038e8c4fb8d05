import type { Knex } from 'knex';
import { createHash } from 'node:crypto';
import { Association, type ModelClass } from '../associations/association';
import { BelongsTo } from '../associations/belongs-to';
import { BelongsToMany } from '../associations/belongs-to-many';
import { associationsOf, unknownAssociation } from '../associations/registry';
import type { ModelDefinition } from '../definition/model-definition';
import type { Dialect } from '../dialect/dialect';
import { EagerLoadingError, InvalidQueryError } from '../errors/errors';
import { modelState } from '../runtime/model-state';
import { col, isExpression } from './expressions';
import { Op } from './operators';
import type { FindOptions } from '../normalize/find-options';
import { fragment, joinFragments, type SqlFragment } from './sql-fragment';
import {
  compileExpression,
  compileWhere,
  isPlainObject,
  resolveColumn,
  type ResolvedColumn,
  type WhereContext,
} from './where';
import { applyWhere, checkLimit, compileOrder, selectedColumns, selectionAliases } from './select';

/** One element of `include`, as a user writes it. */
export interface IncludeOptions {
  model?: ModelClass;
  as?: string;
  association?: Association | string;
  /** Conditions on the included rows; makes the include required unless `required: false`. */
  where?: unknown;
  /** Only parents that have a match (INNER JOIN, or EXISTS for to-many includes). */
  required?: boolean;
  attributes?: FindOptions['attributes'];
  include?: IncludeInput | IncludeInput[];
  /** belongsToMany: which join-row attributes to load and a condition on the join rows. */
  through?: { attributes?: string[]; where?: unknown };
  paranoid?: boolean;
  /** To-many includes are always loaded by a separate IN query; accepted for Sequelize code. */
  separate?: boolean;
  /** The order of a to-many include's rows within each parent. */
  order?: FindOptions['order'];
  /** At most this many rows per parent (to-many includes). */
  limit?: number;
  /** `{ all: true }`: every association of the model. */
  all?: boolean;
}

export type IncludeInput = ModelClass | Association | string | IncludeOptions;

/** An include resolved against its model: the association and every option filled in. */
export interface NormalizedInclude {
  readonly association: Association;
  readonly as: string;
  readonly target: ModelClass;
  readonly where: unknown;
  readonly required: boolean;
  readonly attributes: FindOptions['attributes'];
  readonly through: { attributes?: string[]; where?: unknown } | undefined;
  readonly paranoid: boolean;
  /** Loaded by its own query (every to-many include): never joined, so parents never repeat. */
  readonly separate: boolean;
  order: unknown[];
  readonly limit: number | undefined;
  readonly include: NormalizedInclude[];
}

/**
 * Resolves `include` against a model's associations: model classes, alias strings,
 * association objects and option objects, nested to any depth. A name that matches no
 * association is an EagerLoadingError listing the valid ones, never an empty result.
 *
 * @example normalizeIncludes(User, ['posts', { model: Profile, where: { public: true } }])
 */
export function normalizeIncludes(model: ModelClass, include: unknown): NormalizedInclude[] {
  if (include === undefined || include === null) return [];
  const items = Array.isArray(include) ? include : [include];
  const result: NormalizedInclude[] = [];
  for (const item of items) {
    if (isPlainObject(item) && (item as IncludeOptions).all) {
      for (const association of associationsOf(model).values()) {
        result.push(normalizeOne(model, { association }));
      }
      continue;
    }
    result.push(normalizeOne(model, item));
  }
  const seen = new Set<string>();
  for (const item of result) {
    if (seen.has(item.as)) {
      throw new EagerLoadingError(`${modelState(model).definition.name}: ${item.as} is included twice`);
    }
    seen.add(item.as);
  }
  return result;
}

function normalizeOne(model: ModelClass, item: unknown): NormalizedInclude {
  const options: IncludeOptions =
    typeof item === 'string' || item instanceof Association || typeof item === 'function'
      ? typeof item === 'function'
        ? { model: item as ModelClass }
        : { association: item }
      : isPlainObject(item)
        ? (item as IncludeOptions)
        : invalidInclude(model, item);
  const association = findAssociation(model, options);
  const include = normalizeIncludes(association.target, options.include);
  const isMany = !association.isSingleAssociation;
  if (options.limit !== undefined && !isMany) {
    throw new InvalidQueryError(
      `${modelState(model).definition.name}: limit on the include ${association.as} needs a to-many association`,
    );
  }
  const hasWhere = options.where !== undefined || options.through?.where !== undefined;
  return {
    association,
    as: association.as,
    target: association.target,
    where: options.where,
    required: options.required ?? (hasWhere || include.some((child) => child.required)),
    attributes: options.attributes,
    through: options.through,
    paranoid: options.paranoid ?? true,
    separate: isMany,
    order: options.order === undefined ? [] : isExpression(options.order) ? [options.order] : [...options.order],
    limit: checkLimit('limit', options.limit, modelState(association.target).definition.name),
    include,
  };
}

function invalidInclude(model: ModelClass, item: unknown): never {
  throw new EagerLoadingError(
    `${modelState(model).definition.name}: an include is a model, an alias, an association or an options object, got ${String(item)}`,
  );
}

function findAssociation(model: ModelClass, options: IncludeOptions): Association {
  const associations = associationsOf(model);
  const name = modelState(model).definition.name;
  const wanted = options.association;
  if (wanted instanceof Association) {
    if (wanted.source !== model) {
      throw new EagerLoadingError(
        `The association ${wanted.as} belongs to ${modelState(wanted.source).definition.name}, not ${name}; valid associations of ${name}: ${[...associations.keys()].join(', ') || 'none'}`,
      );
    }
    return wanted;
  }
  const alias = typeof wanted === 'string' ? wanted : options.as;
  if (alias !== undefined) {
    const found = associations.get(alias);
    if (!found || (options.model && found.target !== options.model)) throw unknownAssociation(model, alias);
    return found;
  }
  if (!options.model) {
    throw new EagerLoadingError(`${name}: an include needs a model, an alias (as) or an association`);
  }
  const matches = [...associations.values()].filter((a) => a.target === options.model);
  const targetName = modelState(options.model).definition.name;
  if (matches.length === 0) throw unknownAssociation(model, targetName);
  if (matches.length > 1) {
    throw new EagerLoadingError(
      `${targetName} is associated to ${name} several times (${matches.map((m) => m.as).join(', ')}); say which with \`as\``,
    );
  }
  return matches[0];
}

// ----- the plan --------------------------------------------------------------------------

/** A model in the SELECT: the root, or a to-one include joined to its parent. */
export interface SelectNode {
  readonly model: ModelClass;
  readonly definition: ModelDefinition;
  /** The table alias its columns are qualified with. */
  readonly alias: string;
  /** Result columns `[column alias, attribute]` (for the root, the attribute names themselves). */
  readonly columns: Array<[string, string]>;
  /** The key under which the node's instance lands on its parent (undefined for the root). */
  readonly as: string | undefined;
  readonly joins: SelectNode[];
  /** To-many includes loaded after this node's rows, with one IN query each. */
  readonly separate: NormalizedInclude[];
  /** Inner-joined without its key selected (a join row): a row exists for every result row. */
  readonly alwaysPresent?: boolean;
}

export interface PlanContext {
  readonly knex: Knex;
  readonly dialect: Dialect;
}

/** What a separate (IN) load adds to its query: the link column and, for belongsToMany, the join table. */
export interface LinkSpec {
  readonly association: Association;
  readonly values: unknown[];
  readonly through?: { attributes?: string[]; where?: unknown };
  /** Per-parent limit (ROW_NUMBER() over the link column). */
  readonly limit?: number;
}

export interface PlannedQuery {
  readonly builder: Knex.QueryBuilder;
  readonly root: SelectNode;
  /** The result rows hold the root's values only (no joined, link or rank columns): usable as they are. */
  readonly rowIsRoot: boolean;
  /**
   * Where a separately loaded row's parent key is: this root attribute (the foreign key of a
   * hasMany/hasOne, always selected), else the LINK_COLUMN (belongsToMany's join table).
   */
  readonly linkAttribute?: string;
}

/** Result column holding the parent key a separately loaded row belongs to. */
export const LINK_COLUMN = '__strata_link';
const RANK_COLUMN = '__strata_rank';
/** Column aliases of joined models: `<table alias>-><attribute>`. */
export const PATH_SEPARATOR = '->';

/** PostgreSQL truncates identifiers past 63 bytes and MySQL refuses them past 64. */
const MAX_IDENTIFIER = 63;

/**
 * `user->company`, the readable alias of a nested name, or for one too long for every
 * database an `__strata_` name derived from it: a truncated alias would silently drop the
 * column from the rows (two long aliases could even meet in one truncated name).
 */
function sqlAlias(parent: string, name: string): string {
  const readable = `${parent}${PATH_SEPARATOR}${name}`;
  if (Buffer.byteLength(readable) <= MAX_IDENTIFIER) return readable;
  return `__strata_${createHash('sha256').update(readable).digest('hex').slice(0, 24)}`;
}

interface BuildOptions {
  where?: unknown;
  attributes?: FindOptions['attributes'];
  order?: unknown;
  paranoid?: boolean;
  limit?: number;
  offset?: number;
  include: NormalizedInclude[];
  group?: FindOptions['group'];
  having?: unknown;
  /** What the SELECT returns: the rows, `1` (EXISTS) or COUNT(DISTINCT key). */
  select: 'rows' | 'exists' | 'count';
  lock?: FindOptions['lock'];
}

/**
 * Plans a find with includes: to-one includes are JOINed (LEFT, or INNER when required) with
 * their where in the ON clause; to-many includes are never joined, so `limit` counts parents.
 * A required to-many include filters parents with EXISTS; its rows come from one IN query
 * per include level after the parents are read (see execution/include-loader).
 */
export function planFind(
  context: PlanContext,
  model: ModelClass,
  options: FindOptions,
  include: NormalizedInclude[],
  link?: LinkSpec,
): PlannedQuery {
  const definition = modelState(model).definition;
  const { rootOrder, nestedOrder } = splitOrder(model, options.order, include);
  for (const [target, items] of nestedOrder) target.order = [...items, ...target.order];
  const attributes = withKeys(definition, options, include, link);
  const select = build(
    context,
    model,
    definition.tableName,
    '',
    {
      where: options.where,
      attributes,
      order: rootOrder,
      paranoid: options.paranoid,
      limit: link ? undefined : options.limit,
      offset: options.offset,
      include,
      select: 'rows',
      lock: options.lock,
      group: options.group,
      having: options.having,
    },
    link,
  );
  if (options.distinct) select.builder.distinct();
  return select;
}

/** COUNT(DISTINCT primary key) of the parents a find with includes matches. */
export function planCount(
  context: PlanContext,
  model: ModelClass,
  options: { where?: unknown; paranoid?: boolean },
  include: NormalizedInclude[],
): Knex.QueryBuilder {
  const definition = modelState(model).definition;
  return build(context, model, definition.tableName, '', {
    where: options.where,
    paranoid: options.paranoid,
    include,
    select: 'count',
  }).builder;
}

/** The attributes a find selects, plus the keys its includes link by (Sequelize does the same). */
function withKeys(
  definition: ModelDefinition,
  options: FindOptions,
  include: NormalizedInclude[],
  link?: LinkSpec,
): FindOptions['attributes'] {
  const attributes = options.attributes;
  if (attributes === undefined) return attributes;
  // A grouped query selects what it groups by: an added key would break GROUP BY.
  const needed = new Set<string>(options.group === undefined ? definition.primaryKeys : []);
  // Joined includes link in SQL; separately loaded ones need the key in the parent rows.
  for (const item of include) if (item.separate) needed.add(item.association.sourceLinkAttribute);
  if (link && !(link.association instanceof BelongsToMany)) {
    needed.add(link.association instanceof BelongsTo ? link.association.targetKey : link.association.foreignKey);
  }
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

function build(
  context: PlanContext,
  model: ModelClass,
  alias: string,
  prefix: string,
  options: BuildOptions,
  link?: LinkSpec,
): PlannedQuery {
  const { knex } = context;
  const definition = modelState(model).definition;
  const joins: SelectNode[] = [];
  const builder = knex.queryBuilder().from({ [alias]: definition.tableName });
  const root: SelectNode = {
    model,
    definition,
    alias,
    columns: [],
    as: undefined,
    joins,
    separate: [],
  };
  const where: WhereContext = {
    definition,
    dialect: context.dialect,
    tableAlias: alias,
    resolveNested: (path) => resolvePath(root, path),
    nestedCondition: (path, value) => nestedExists(context, root, path, value),
  };
  // Joins first: `$nested.attribute$` in the where and the order resolve against them.
  addJoins(context, builder, root, options.include, prefix, options.select === 'rows', true);
  root.separate.push(...options.include.filter((item) => item.separate));
  if (options.select === 'rows') {
    for (const column of selectedColumns({ attributes: options.attributes } as FindOptions, where)) {
      builder.select(knex.raw(column.sql, column.bindings as Knex.RawBinding[]));
    }
    for (const node of allJoined(root)) {
      for (const [columnAlias, attribute] of node.columns) {
        const field = node.definition.attributes.get(attribute)!.field;
        builder.select(knex.raw('?? AS ??', [`${node.alias}.${field}`, columnAlias]));
      }
    }
  } else if (options.select === 'exists') {
    builder.select(knex.raw('1'));
  } else {
    const keys = definition.primaryKeys.map((key) => `${alias}.${definition.attributes.get(key)!.field}`);
    builder.select(knex.raw(`COUNT(DISTINCT ${keys.map(() => '??').join(', ')}) AS ??`, [...keys, 'count']));
  }
  applyWhere(builder, knex, { where: options.where, paranoid: options.paranoid }, where);
  for (const item of options.include) {
    if (item.separate && item.required) {
      const exists = existsFragment(context, item, alias, prefix ? sqlAlias(prefix, item.as) : item.as);
      builder.whereRaw(exists.sql, exists.bindings as Knex.RawBinding[]);
    }
  }
  const linkAttribute = link ? addLink(context, builder, root, link, where) : undefined;
  applyGrouping(builder, options, where);
  const order = compileOrder(options.order ?? [], where);
  if (link?.limit !== undefined) return limitPerParent(context, builder, root, link, order, where, linkAttribute);
  if (options.select === 'rows') {
    for (const item of order) builder.orderByRaw(item.sql, item.bindings as Knex.RawBinding[]);
  }
  const limit = checkLimit('limit', options.limit, definition.name);
  const offset = checkLimit('offset', options.offset, definition.name);
  if (limit !== undefined) builder.limit(limit);
  if (offset !== undefined) builder.offset(offset);
  if (options.lock && context.dialect.supports.rowLocks) {
    if (options.lock === 'SHARE') builder.forShare();
    else builder.forUpdate();
  }
  return { builder, root, rowIsRoot: root.joins.length === 0, linkAttribute };
}

/** GROUP BY and HAVING, as compileSelect does; names may be `$include.attribute$` paths. */
function applyGrouping(builder: Knex.QueryBuilder, options: BuildOptions, where: WhereContext): void {
  if (options.group !== undefined) {
    const groups = Array.isArray(options.group) ? options.group : [options.group];
    for (const item of groups as unknown[]) {
      const compiled =
        typeof item === 'string'
          ? fragment('??', [resolveColumn(item, where).identifier])
          : compileExpression(item, where);
      builder.groupByRaw(compiled.sql, compiled.bindings as Knex.RawBinding[]);
    }
  }
  if (options.having !== undefined) {
    const having = compileWhere(options.having, { ...where, aliases: selectionAliases(options as FindOptions, where) });
    builder.havingRaw(having.sql, having.bindings as Knex.RawBinding[]);
  }
}

function allJoined(node: SelectNode): SelectNode[] {
  return node.joins.flatMap((child) => [child, ...allJoined(child)]);
}

/** LEFT/INNER JOINs for the to-one includes of `parent`, recursively. */
function addJoins(
  context: PlanContext,
  builder: Knex.QueryBuilder,
  parent: SelectNode,
  include: NormalizedInclude[],
  prefix: string,
  selectColumns: boolean,
  /** Whether the parent is inner-joined: under an optional (LEFT) parent every join stays LEFT. */
  parentInner: boolean,
): void {
  for (const item of include) {
    if (item.separate) continue;
    const association = item.association;
    const definition = modelState(item.target).definition;
    const alias = prefix ? sqlAlias(prefix, item.as) : item.as;
    const node: SelectNode = {
      model: item.target,
      definition,
      alias,
      columns: selectColumns ? includeColumns(definition, item, alias) : [],
      as: item.as,
      joins: [],
      separate: item.include.filter((child) => child.separate),
    };
    const onContext: WhereContext = {
      definition,
      dialect: context.dialect,
      tableAlias: alias,
    };
    const parentColumn = `${parent.alias}.${parent.definition.attributes.get(association.sourceLinkAttribute)!.field}`;
    const targetColumn = `${alias}.${definition.attributes.get(association.targetLinkAttribute)!.field}`;
    const conditions: SqlFragment[] = [fragment('?? = ??', [targetColumn, parentColumn])];
    if (association.scope) conditions.push(compileWhere(association.scope, onContext));
    if (item.where !== undefined) conditions.push(compileWhere(item.where, onContext));
    const deletedAt = definition.timestamps.deletedAt;
    if (definition.paranoid && deletedAt && item.paranoid) {
      conditions.push(fragment('?? IS NULL', [`${alias}.${definition.attributes.get(deletedAt)!.field}`]));
    }
    for (const child of item.include) {
      if (child.separate && child.required) {
        conditions.push(existsFragment(context, child, alias, sqlAlias(alias, child.as)));
      }
    }
    const on = joinFragments(
      conditions.map((c) => fragment(`(${c.sql})`, c.bindings)),
      ' AND ',
    );
    // An INNER JOIN under a LEFT one would drop the root rows `required: false` asked to keep.
    const inner = item.required && parentInner;
    builder.joinRaw(`${inner ? 'INNER' : 'LEFT OUTER'} JOIN ?? AS ?? ON ${on.sql}`, [
      definition.tableName,
      alias,
      ...(on.bindings as Knex.Value[]),
    ]);
    parent.joins.push(node);
    addJoins(context, builder, node, item.include, alias, selectColumns, inner);
  }
}

/** The columns of a joined include, always with its primary key (to tell "no row" from a row). */
function includeColumns(definition: ModelDefinition, item: NormalizedInclude, alias: string): Array<[string, string]> {
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
  for (const key of [...definition.primaryKeys, item.association.targetLinkAttribute].reverse()) {
    if (!names.includes(key)) names.unshift(key);
  }
  for (const child of item.include) {
    const key = child.association.sourceLinkAttribute;
    if (!names.includes(key)) names.push(key);
  }
  return names.map((name) => [sqlAlias(alias, name), name]);
}

function checkIncludeAttribute(definition: ModelDefinition, name: unknown): string {
  if (typeof name !== 'string' || !definition.attributes.get(name) || definition.attributes.get(name)!.virtual) {
    throw new InvalidQueryError(
      `${definition.name}: ${JSON.stringify(name)} is not an attribute of ${definition.name}; valid attributes: ${definition.columnAttributes.map((a) => a.name).join(', ')}`,
    );
  }
  return name;
}

/**
 * `EXISTS (SELECT 1 FROM target WHERE target.fk = parent.key AND <include where>)`: how a
 * required to-many include filters parents without joining (and multiplying) them.
 */
function existsFragment(
  context: PlanContext,
  item: NormalizedInclude,
  parentAlias: string,
  alias: string,
  /** A `$path$` condition on the include's rows (nestedExists), besides the include's own where. */
  condition?: Record<string, unknown>,
): SqlFragment {
  const association = item.association;
  const parentDefinition = modelState(association.source).definition;
  const parentColumn = `${parentAlias}.${parentDefinition.attributes.get(association.sourceLinkAttribute)!.field}`;
  const inner = build(context, item.target, alias, alias, {
    where:
      condition === undefined
        ? item.where
        : item.where === undefined
          ? condition
          : { [Op.and]: [item.where, condition] },
    paranoid: item.paranoid,
    // A condition may name any deeper include (`$posts.comments.body$`); the optional ones are
    // joined (to-one) or listed (to-many) for it, and filter nothing.
    include: condition === undefined ? item.include.filter((child) => child.required) : item.include,
    select: 'exists',
  });
  const targetDefinition = modelState(item.target).definition;
  const where: WhereContext = { definition: targetDefinition, dialect: context.dialect, tableAlias: alias };
  if (association.scope) {
    const scope = compileWhere(association.scope, where);
    inner.builder.whereRaw(scope.sql, scope.bindings as Knex.RawBinding[]);
  }
  if (association instanceof BelongsToMany) {
    const throughAlias = sqlAlias(alias, association.throughName);
    joinThrough(context, inner.builder, association, alias, throughAlias, item.through?.where);
    const throughDefinition = modelState(association.through).definition;
    const foreignKey = `${throughAlias}.${throughDefinition.attributes.get(association.foreignKey)!.field}`;
    inner.builder.whereRaw('?? = ??', [foreignKey, parentColumn]);
  } else {
    const targetColumn = `${alias}.${targetDefinition.attributes.get(association.targetLinkAttribute)!.field}`;
    inner.builder.whereRaw('?? = ??', [targetColumn, parentColumn]);
  }
  return fragment('EXISTS ?', [inner.builder]);
}

function joinThrough(
  context: PlanContext,
  builder: Knex.QueryBuilder,
  association: BelongsToMany,
  targetAlias: string,
  throughAlias: string,
  throughWhere: unknown,
): void {
  const through = modelState(association.through).definition;
  const target = modelState(association.target).definition;
  const conditions: SqlFragment[] = [
    fragment('?? = ??', [
      `${throughAlias}.${through.attributes.get(association.otherKey)!.field}`,
      `${targetAlias}.${target.attributes.get(association.targetKey)!.field}`,
    ]),
  ];
  const where: WhereContext = { definition: through, dialect: context.dialect, tableAlias: throughAlias };
  if (association.throughScope) conditions.push(compileWhere(association.throughScope, where));
  if (throughWhere !== undefined) conditions.push(compileWhere(throughWhere, where));
  const on = joinFragments(
    conditions.map((c) => fragment(`(${c.sql})`, c.bindings)),
    ' AND ',
  );
  builder.joinRaw(`INNER JOIN ?? AS ?? ON ${on.sql}`, [
    through.tableName,
    throughAlias,
    ...(on.bindings as Knex.Value[]),
  ]);
}

/** The IN condition (and, for belongsToMany, the join table) of a separate load. */
/**
 * Restricts a separate load to the parents' keys. Returns the root attribute that holds a row's
 * parent key, or undefined when it is selected as the LINK_COLUMN (belongsToMany).
 */
function addLink(
  context: PlanContext,
  builder: Knex.QueryBuilder,
  root: SelectNode,
  link: LinkSpec,
  where: WhereContext,
): string | undefined {
  const association = link.association;
  let column: string;
  if (association instanceof BelongsToMany) {
    const throughAlias = association.throughName;
    joinThrough(context, builder, association, root.alias, throughAlias, link.through?.where);
    const through = modelState(association.through).definition;
    column = `${throughAlias}.${through.attributes.get(association.foreignKey)!.field}`;
    const selected = link.through?.attributes ?? through.columnAttributes.map((a) => a.name);
    const throughNode: SelectNode = {
      model: association.through,
      definition: through,
      alias: throughAlias,
      columns: selected.map((name) => [sqlAlias(throughAlias, checkIncludeAttribute(through, name)), name]),
      as: throughAlias,
      joins: [],
      separate: [],
      alwaysPresent: true,
    };
    for (const [columnAlias, attribute] of throughNode.columns) {
      builder.select(
        context.knex.raw('?? AS ??', [`${throughAlias}.${through.attributes.get(attribute)!.field}`, columnAlias]),
      );
    }
    root.joins.push(throughNode);
    builder.select(context.knex.raw('?? AS ??', [column, LINK_COLUMN]));
  } else {
    column = `${root.alias}.${root.definition.attributes.get(association.targetLinkAttribute)!.field}`;
  }
  const attribute =
    association instanceof BelongsToMany
      ? modelState(association.through).definition.attributes.get(association.foreignKey)!
      : root.definition.attributes.get(association.targetLinkAttribute)!;
  const values = link.values.map((value) => context.dialect.codec.toDatabase(attribute.type, value));
  builder.whereRaw(`?? IN (${values.map(() => '?').join(', ')})`, [column, ...(values as Knex.RawBinding[])]);
  if (association.scope) {
    const scope = compileWhere(association.scope, { ...where, resolveNested: undefined });
    builder.whereRaw(scope.sql, scope.bindings as Knex.RawBinding[]);
  }
  return association instanceof BelongsToMany ? undefined : association.targetLinkAttribute;
}

/**
 * At most `limit` rows per parent in one query: ROW_NUMBER() partitioned by the link column,
 * filtered in an outer SELECT (never one query per parent).
 */
function limitPerParent(
  context: PlanContext,
  inner: Knex.QueryBuilder,
  root: SelectNode,
  link: LinkSpec,
  order: SqlFragment[],
  where: WhereContext,
  linkAttribute: string | undefined,
): PlannedQuery {
  const { knex } = context;
  const partition = linkColumn(root, link);
  const ordering = order.length
    ? joinFragments(order, ', ')
    : fragment(
        root.definition.primaryKeys.map(() => '??').join(', '),
        root.definition.primaryKeys.map((key) => resolveColumn(key, where).identifier),
      );
  inner.select(
    knex.raw(`ROW_NUMBER() OVER (PARTITION BY ?? ORDER BY ${ordering.sql}) AS ??`, [
      partition,
      ...(ordering.bindings as Knex.RawBinding[]),
      RANK_COLUMN,
    ]),
  );
  const outer = knex
    .queryBuilder()
    .select('*')
    .from(knex.raw('? AS ??', [inner, 'strata_limited']))
    .where(RANK_COLUMN, '<=', link.limit!)
    .orderBy([linkAttribute ?? LINK_COLUMN, RANK_COLUMN]);
  return { builder: outer, root, rowIsRoot: false, linkAttribute };
}

function linkColumn(root: SelectNode, link: LinkSpec): string {
  const association = link.association;
  if (association instanceof BelongsToMany) {
    const through = modelState(association.through).definition;
    return `${association.throughName}.${through.attributes.get(association.foreignKey)!.field}`;
  }
  return `${root.alias}.${root.definition.attributes.get(association.targetLinkAttribute)!.field}`;
}

/**
 * `'$posts.title$': value` where `posts` is a to-many include (anywhere below the root's
 * to-one joins): `EXISTS (SELECT 1 FROM posts ... WHERE posts.fk = parent.key AND title = ?)`,
 * so the condition keeps the parents with at least one matching row and never multiplies
 * them. The rest of the path (`$posts.comments.body$`) resolves inside the subquery, so a
 * deeper to-many level becomes a nested EXISTS. Undefined when the path is a joined column
 * (or unknown: resolvePath then reports it).
 */
function nestedExists(context: PlanContext, root: SelectNode, path: string, value: unknown): SqlFragment | undefined {
  const parts = path.split('.');
  let node = root;
  for (let index = 0; index < parts.length - 1; index++) {
    const part = parts[index];
    const joined = node.joins.find((child) => child.as === part);
    if (joined) {
      node = joined;
      continue;
    }
    const item = node.separate.find((candidate) => candidate.as === part);
    if (!item) return undefined;
    const rest = parts.slice(index + 1);
    const key = rest.length === 1 ? rest[0] : `$${rest.join('.')}$`;
    return existsFragment(context, item, node.alias, sqlAlias(node.alias, item.as), { [key]: value });
  }
  return undefined;
}

/** `$user.company.name$` -> the joined column; to-many includes are not in the SELECT. */
function resolvePath(root: SelectNode, path: string): ResolvedColumn {
  const parts = path.split('.');
  const attributeName = parts.pop()!;
  let node = root;
  for (const part of parts) {
    const next = node.joins.find((child) => child.as === part);
    if (!next) {
      const separate = node.separate.find((item) => item.as === part);
      if (separate) {
        throw new InvalidQueryError(
          `${node.definition.name}: $${path}$ refers to ${part}, a to-many include loaded by its own query, ` +
            `so it is not a column of the parent rows: it can be a where key ({ '$${path}$': value }, ` +
            `parents with at least one matching ${part}) but not an order, group, col() or fn() argument ` +
            `(ordering parents by a to-many attribute is ill-defined; [['${part}', ...]] orders each parent's ${part})`,
        );
      }
      throw new EagerLoadingError(
        `$${path}$: ${part} is not an include of ${node.definition.name}; included: ${[...node.joins.map((j) => j.as), ...node.separate.map((s) => s.as)].join(', ') || 'none'}`,
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

/**
 * Splits `order` into the root query's items and the items that order a to-many include's
 * rows. `[User, 'name', 'DESC']`, `['user', 'name']` and `[{ model: User, as: 'author' },
 * 'name']` name an include path; a to-one path becomes `$user.name$`, a to-many path moves
 * to that include's query.
 */
function splitOrder(
  model: ModelClass,
  order: unknown,
  include: NormalizedInclude[],
): { rootOrder: unknown[]; nestedOrder: Map<NormalizedInclude, unknown[]> } {
  const rootOrder: unknown[] = [];
  const nestedOrder = new Map<NormalizedInclude, unknown[]>();
  if (order === undefined) return { rootOrder, nestedOrder };
  const items = isExpression(order) ? [order] : order;
  if (!Array.isArray(items)) throw new InvalidQueryError(`${modelState(model).definition.name}: order must be a list`);
  for (const item of items) {
    if (!Array.isArray(item) || !isIncludeReference(item)) {
      rootOrder.push(item);
      continue;
    }
    const parts = [...item];
    const direction =
      typeof parts[parts.length - 1] === 'string' && isDirection(parts[parts.length - 1] as string)
        ? (parts.pop() as string)
        : 'ASC';
    const attribute = parts.pop();
    let current = include;
    let currentModel = model;
    const path: string[] = [];
    let moved = false;
    for (let index = 0; index < parts.length; index++) {
      const found = current.find((candidate) => matchesReference(candidate, parts[index]));
      if (!found) {
        throw new EagerLoadingError(
          `${modelState(currentModel).definition.name}: order refers to ${describeReference(parts[index])}, which is not included; included: ${current.map((c) => c.as).join(', ') || 'none'}`,
        );
      }
      if (found.separate) {
        const rest = [...parts.slice(index + 1), attribute, direction];
        const target = rest.length === 2 ? [rest[0], rest[1]] : rest;
        nestedOrder.set(found, [...(nestedOrder.get(found) ?? []), target]);
        moved = true;
        break;
      }
      path.push(found.as);
      current = found.include;
      currentModel = found.target;
    }
    if (moved) continue;
    if (typeof attribute !== 'string') {
      throw new InvalidQueryError(`${modelState(model).definition.name}: order by an include needs an attribute name`);
    }
    rootOrder.push([col(`$${[...path, attribute].join('.')}$`), direction]);
  }
  return { rootOrder, nestedOrder };
}

const DIRECTION = /^(ASC|DESC)?( NULLS (FIRST|LAST))?$/i;

function isDirection(value: string): boolean {
  return value.trim() !== '' && DIRECTION.test(value.trim().replace(/\s+/g, ' '));
}

/** An order entry that starts with an include: `[Model | 'alias' | association | { model, as }, ..., attribute, direction?]`. */
function isIncludeReference(item: unknown[]): boolean {
  const first = item[0];
  if (typeof first === 'function' || first instanceof Association) return true;
  if (isPlainObject(first) && ('model' in first || 'as' in first || 'association' in first)) return true;
  if (typeof first !== 'string') return false;
  return item.length >= 3 || (item.length === 2 && typeof item[1] === 'string' && !isDirection(item[1]));
}

function matchesReference(include: NormalizedInclude, reference: unknown): boolean {
  if (typeof reference === 'string') return include.as === reference;
  if (reference instanceof Association) return include.association === reference;
  if (typeof reference === 'function') return include.target === reference;
  if (isPlainObject(reference)) {
    const ref = reference as { model?: unknown; as?: string; association?: unknown };
    if (ref.as) return include.as === ref.as;
    if (ref.association) return matchesReference(include, ref.association);
    return include.target === ref.model;
  }
  return false;
}

function describeReference(reference: unknown): string {
  if (typeof reference === 'string') return reference;
  if (reference instanceof Association) return reference.as;
  if (typeof reference === 'function') return (reference as { name: string }).name;
  return JSON.stringify(reference);
}
