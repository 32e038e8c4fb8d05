import type { AssociationJoin } from '../associations/association-join';
import type { ModelClass } from '../associations/association';
import type { ModelDefinition } from '../definition/model-definition';
import type { FindOptions } from '../normalize/find-options';
import type { NormalizedInclude } from '../normalize/include';

/**
 * One SELECT of a find with includes, as plain data: which models it joins under which
 * aliases, which columns it reads, which to-many includes are loaded afterwards by their own
 * query, and the options of the statement itself. compile/include turns it into SQL; the
 * include loader reads its rows back through the same tree.
 */
export interface SelectPlan {
  readonly root: PlanNode;
  /** What the SELECT returns: the rows, `1` (an EXISTS subquery) or COUNT(DISTINCT key). */
  readonly select: 'rows' | 'exists' | 'count';
  readonly where: unknown;
  /** The root's attributes, with the keys the includes link by added. */
  readonly attributes: FindOptions['attributes'];
  /** The root query's order (what ordered a to-many include's rows moved to that load). */
  readonly order: readonly unknown[];
  readonly group: FindOptions['group'];
  readonly having: unknown;
  readonly paranoid: boolean | undefined;
  readonly limit: number | undefined;
  readonly offset: number | undefined;
  readonly lock: FindOptions['lock'];
  readonly distinct: boolean;
  /** For a separate load: the parents whose rows it reads. */
  readonly link: LinkPlan | undefined;
  /** The result rows hold the root's values only (no joined, link or rank columns): usable as they are. */
  readonly rowIsRoot: boolean;
  /**
   * Where a separately loaded row's parent key is: this root attribute (the target holds it), or
   * undefined when it is read from the LINK_COLUMN (a join row holds it).
   */
  readonly linkAttribute: string | undefined;
}

/** A model in the SELECT: the root, or a to-one include joined to its parent. */
export interface PlanNode {
  readonly model: ModelClass;
  readonly definition: ModelDefinition;
  /** The table alias its columns are qualified with. */
  readonly alias: string;
  /** Result columns `[column alias, attribute]` of a joined node (the root's come from `attributes`). */
  readonly columns: ReadonlyArray<readonly [string, string]>;
  readonly joins: readonly JoinedNode[];
  /** To-many includes loaded after this node's rows, with one IN query each. */
  readonly separate: readonly SeparateLoad[];
}

/** A model joined to its parent node: a to-one include, or the join row of a belongsToMany load. */
export interface JoinedNode extends PlanNode {
  /** The key its instance lands under on the parent's instance. */
  readonly as: string;
  /** INNER JOIN: a row is there for every result row. LEFT OUTER JOIN otherwise. */
  readonly inner: boolean;
  /** The include it loads; undefined for a join row, which the link joins (see LinkPlan). */
  readonly include: NormalizedInclude | undefined;
}

/** A to-many include: never joined (so parents never repeat), read by its own IN query. */
export interface SeparateLoad {
  readonly include: NormalizedInclude;
  /** The table alias of its rows in the EXISTS subquery that keeps only parents having one (when required). */
  readonly alias: string;
  /** The order of its rows within each parent: what the parent's order said of them, then its own. */
  readonly order: readonly unknown[];
}

/** What restricts a separate load to its parents: the association's join and the parents' keys. */
export interface LinkPlan {
  readonly join: AssociationJoin;
  readonly values: readonly unknown[];
  /** belongsToMany: which join-row attributes to load and a condition on the join rows. */
  readonly through: NormalizedInclude['through'];
  /** At most this many rows per parent. */
  readonly limit: number | undefined;
  /**
   * The include's name (`badges`): with the connection's `rootAlias: 'model'` the load's table is
   * aliased by it, as the JOIN Sequelize sends for the include is, so a literal in the include's
   * where reads the same (`"badges"."label"`).
   */
  readonly as?: string;
}

/**
 * A to-many include is loaded by its own query: joining it would repeat its parents' rows.
 * The exception is joinsForSqlOnly.
 */
export function loadsSeparately(include: NormalizedInclude): boolean {
  return !include.association.isSingleAssociation && !joinsForSqlOnly(include);
}

/**
 * A to-many include that selects no attributes (`attributes: []`), without `separate: true`, a
 * `limit` or includes of its own, is there for the parent query's SQL: Sequelize's
 * `attributes: [[fn('COUNT', col('posts.id')), 'n']], include: [{ association: 'posts',
 * attributes: [] }], group: ['User.id']`. It is LEFT (or, when required, INNER) joined, its
 * columns are not selected and no instances are built from it; parents repeated by the join
 * (an ungrouped query) are kept once, by primary key, as Sequelize does.
 */
export function joinsForSqlOnly(include: NormalizedInclude): boolean {
  return (
    !include.association.isSingleAssociation &&
    Array.isArray(include.attributes) &&
    include.attributes.length === 0 &&
    !include.separate &&
    include.limit === undefined &&
    include.include.length === 0
  );
}
