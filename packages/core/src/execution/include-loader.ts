import type { ModelClass } from '../associations/association';
import { compileIncludeSelect, type IncludeCompileContext } from '../compile/include';
import { hydrate } from '../hydration/hydrate';
import { flatRawRows } from '../hydration/raw-rows';
import type { CompiledQuery, RunOptions } from './executor';
import type { Model } from '../model/model';
import { runtimeOf } from '../runtime/model-runtime';
import type { CountOptions, FindOptions } from '../normalize/find-options';
import { normalizeIncludes } from '../normalize/include';
import { LINK_COLUMN, PATH_SEPARATOR } from '../plan/aliases';
import { planCount, planFind } from '../plan/plan-find';
import { joinsForSqlOnly, type LinkPlan, type PlanNode, type SelectPlan, type SeparateLoad } from '../plan/select-plan';
import { rememberInclude, setIncludedValue } from '../associations/included-value';

interface Loaded {
  instance: Model;
  /** The parent key this row was loaded for (separate loads only). */
  link: unknown;
}

/**
 * `findAll` with `include`: one SELECT for the model and its to-one includes (joined), then
 * one `IN (...)` SELECT per to-many include level, whatever the number of parents. Parents are
 * never repeated, so `limit: 10` returns 10 parents, each with all of its children. With `raw`,
 * the rows come back flat as Sequelize's do (see flatRawRows).
 *
 * @example await findAllWithIncludes(User, { limit: 10, include: ['posts'] }) // 2 statements
 */
export async function findAllWithIncludes(model: ModelClass, options: FindOptions): Promise<Model[]> {
  const include = normalizeIncludes(model, options.include);
  const loaded = await load(model, planFind(model, options, include), options);
  const instances = loaded.map((entry) => entry.instance);
  for (const instance of instances) rememberInclude(instance, options.include);
  // raw: Sequelize's flat rows ('posts.id' keys, one per joined row), nested by `nest: true`.
  if (options.raw) return flatRawRows(instances, include, options.nest === true) as unknown as Model[];
  return instances;
}

/**
 * The first statement findAllWithIncludes sends: the SELECT of the model and its joined to-one
 * includes (the to-many loads that follow depend on its rows). `compile(Model).findAll` shows it.
 */
export function compileFindWithIncludes(model: ModelClass, options: FindOptions): CompiledQuery {
  return compileIncludeSelect(compileContext(model), planFindWithIncludes(model, options));
}

export function planFindWithIncludes(model: ModelClass, options: FindOptions): SelectPlan {
  return planFind(model, options, normalizeIncludes(model, options.include));
}

/** COUNT(DISTINCT primary key) with the includes' joins and EXISTS filters: parents, never joined rows. */
export async function countWithIncludes(model: ModelClass, options: CountOptions): Promise<number> {
  const compiled = compileCountWithIncludes(model, options);
  const result = await runtimeOf(model).host.executor.run(compiled, runOptions(model, options));
  return Number(result.rows[0]?.count ?? 0);
}

/** The one statement countWithIncludes sends. */
export function compileCountWithIncludes(model: ModelClass, options: CountOptions): CompiledQuery {
  const include = normalizeIncludes(model, options.include);
  return compileIncludeSelect(compileContext(model), planCount(model, options, include));
}

function compileContext(model: ModelClass): IncludeCompileContext {
  const { host } = runtimeOf(model);
  return { knex: host.knex, dialect: host.dialect, shapeCache: host.shapeCache };
}

function runOptions(model: ModelClass, options: FindOptions | CountOptions): RunOptions {
  return {
    transaction: options.transaction,
    logging: options.logging,
    benchmark: options.benchmark,
    exactIntegers: runtimeOf(model).hydrator.needsExactIntegers,
    read: !options.useMaster,
  };
}

/** Runs a planned SELECT, hydrates its rows, then loads their to-many includes. */
async function load(model: ModelClass, plan: SelectPlan, options: FindOptions): Promise<Loaded[]> {
  const compiled = compileIncludeSelect(compileContext(model), plan);
  const result = await runtimeOf(model).host.executor.run(compiled, runOptions(model, options));
  const loaded = withoutRepeatedParents(
    plan,
    result.rows.map((row) => hydrateRow(plan, row)),
  );
  await loadSeparate(
    plan.root,
    loaded.map((entry) => entry.instance),
    options,
  );
  return loaded;
}

/**
 * The rows once per parent: a to-many include joined for the SQL only (joinsForSqlOnly) repeats
 * its parent once per joined row unless the query groups them. Parents are told apart by their
 * primary key, as Sequelize does (and, in a separate load, the parent it was loaded for: one
 * belongsToMany target may belong to several); rows without one (a selection that left it out)
 * are kept.
 */
function withoutRepeatedParents(plan: SelectPlan, loaded: Loaded[]): Loaded[] {
  if (!repeatsParents(plan.root)) return loaded;
  const keys = plan.root.definition.primaryKeys;
  if (keys.length === 0) return loaded;
  const seen = new Set<string>();
  return loaded.filter(({ instance, link }) => {
    const values = keys.map((key) => instance.dataValues[key]);
    if (values.some((value) => value === undefined || value === null)) return true;
    const key = [...values, link ?? null].map((value) => linkKey(value)).join('\u0000');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function repeatsParents(node: PlanNode): boolean {
  return node.joins.some((child) => (child.include && joinsForSqlOnly(child.include)) || repeatsParents(child));
}

/** A result row to the root instance with its joined includes nested under their aliases. */
export function hydrateRow(plan: SelectPlan, row: Record<string, unknown>): Loaded {
  const { root, linkAttribute } = plan;
  const instance = instantiate(root.model, plan.rowIsRoot ? row : rootValues(row));
  attachJoined(root, instance, row);
  return { instance, link: linkAttribute === undefined ? row[LINK_COLUMN] : instance.dataValues[linkAttribute] };
}

/** The root's own values of a row that also holds joined models' and the loader's columns. */
function rootValues(row: Record<string, unknown>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const key in row) {
    if (key.includes(PATH_SEPARATOR) || key.startsWith('__strata_')) continue;
    values[key] = row[key];
  }
  return values;
}

function attachJoined(node: PlanNode, instance: Model, row: Record<string, unknown>): void {
  for (const child of node.joins) {
    // Joined for the query's SQL only (`attributes: []` on a to-many include): nothing to build.
    if (child.include && joinsForSqlOnly(child.include)) continue;
    const values: Record<string, unknown> = {};
    for (const [column, attribute] of child.columns) values[attribute] = row[column];
    const keys = child.definition.primaryKeys;
    // A LEFT JOIN that matched nothing reads NULL keys; an inner-joined row is always there.
    const present =
      child.inner || keys.length === 0 || keys.some((key) => values[key] !== null && values[key] !== undefined);
    if (!present) {
      setIncludedValue(instance, child.as, null);
      continue;
    }
    const nested = instantiate(child.model, values);
    setIncludedValue(instance, child.as, nested);
    attachJoined(child, nested, row);
  }
}

function instantiate(model: ModelClass, values: Record<string, unknown>): Model {
  return hydrate(model, runtimeOf(model).hydrator, values);
}

/** Runs the IN loads of `node`'s to-many includes, then those of its joined children. */
export async function loadSeparate(node: PlanNode, instances: Model[], options: FindOptions): Promise<void> {
  for (const separate of node.separate) await loadInclude(separate, instances, options);
  for (const child of node.joins) {
    const children = instances
      .map((instance) => instance.dataValues[child.as])
      .filter((value): value is Model => value !== null && value !== undefined);
    await loadSeparate(child, children, options);
  }
}

/** One query for every parent's rows of one to-many include; rows are grouped by their link key. */
async function loadInclude(separate: SeparateLoad, parents: Model[], options: FindOptions): Promise<void> {
  const item = separate.include;
  const { join } = item.association;
  for (const parent of parents) setIncludedValue(parent, item.as, []);
  const values = new Map<string, unknown>();
  for (const parent of parents) {
    const value = parent.get(join.sourceAttribute, { raw: true });
    if (value !== null && value !== undefined) values.set(linkKey(value), value);
  }
  if (values.size === 0) return;
  const childOptions: FindOptions = {
    where: item.where as FindOptions['where'],
    attributes: item.attributes,
    order: separate.order as FindOptions['order'],
    paranoid: item.paranoid,
    transaction: options.transaction,
    logging: options.logging,
    benchmark: options.benchmark,
  };
  // The parents' keys are bound parameters: past half the dialect's limit (the other half is
  // left to the include's own conditions) they are loaded in several statements, each parent's
  // rows within one of them, so grouping by parent gives the same result.
  const keys = [...values.values()];
  const keysPerStatement = Math.floor(runtimeOf(item.target).host.dialect.maxBoundParameters / 2);
  const byLink = new Map<string, Model[]>();
  for (let start = 0; start < keys.length; start += keysPerStatement) {
    const chunk = keys.slice(start, start + keysPerStatement);
    const link: LinkPlan = { join, values: chunk, through: item.through, limit: item.limit, as: item.as };
    const children = await load(item.target, planFind(item.target, childOptions, item.include, link), childOptions);
    groupByLink(children, byLink);
  }
  for (const parent of parents) {
    const value = parent.get(join.sourceAttribute, { raw: true });
    setIncludedValue(parent, item.as, value === null || value === undefined ? [] : (byLink.get(linkKey(value)) ?? []));
  }
}

/** Adds loaded children to the lists of the parent keys they were loaded for. */
function groupByLink(children: readonly Loaded[], byLink: Map<string, Model[]>): void {
  for (const child of children) {
    const key = linkKey(child.link);
    const list = byLink.get(key);
    if (list) list.push(child.instance);
    else byLink.set(key, [child.instance]);
  }
}

/** Keys compare as text: drivers return integers as numbers or strings depending on the type. */
function linkKey(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return value.toString('hex');
  return String(value);
}
