import { ValidationError } from '@strata/validation';
import type { Association, ModelClass } from '../associations/association';
import { BelongsTo } from '../associations/belongs-to';
import { BelongsToMany } from '../associations/belongs-to-many';
import { setIncludedValue } from '../associations/included-value';
import { normalizeIncludes, type IncludeInput, type NormalizedInclude } from '../normalize/include';
import { EagerLoadingError, EmptyResultError, InvalidQueryError } from '../errors/errors';
import type { Model } from '../model/model';
import { validateWithHooks } from '../hooks/validation-hooks';
import { runtimeOf } from '../runtime/model-runtime';
import type { QueryOptions } from '../model/types';
import type { FindOptions } from '../normalize/find-options';
import { isPlainObject } from '../compile/where';
import { databaseFilled } from './prepare-row';
import type { SaveOptions } from './save';

/** The options of a create or save that writes associated values with the row (`include`). */
export interface NestedCreateOptions extends SaveOptions {
  /** The associations whose values (under their alias) are created or linked with the row. */
  include?: IncludeInput | IncludeInput[];
}

/** One row of the graph: a new instance to insert, or an existing row to link. */
export interface GraphNode {
  readonly model: ModelClass;
  readonly instance: Model;
  /** Where it sits in the values, for error messages: `product.user.addresses[1]`. */
  readonly path: string;
  /** An existing row to link (an instance loaded from the database, or `{ id }`). */
  readonly existingKey: unknown;
  readonly children: Array<{ include: NormalizedInclude; nodes: GraphNode[] }>;
  /** belongsToMany: values for the join row (`{ ..., PostTag: { role: 'x' } }`). */
  readonly throughValues: Record<string, unknown> | undefined;
  /** Foreign keys the graph fills while writing: not "cannot be null" at validation time. */
  readonly filledKeys: Set<string>;
}

/**
 * `Model.create(values, { include })`: creates a row with its associated rows, as Sequelize's
 * "Creating with associations" does, with two guarantees more:
 *
 * - a nested value that is an existing (loaded) instance, or `{ id }` of an existing row,
 *   links that row instead of inserting a new one, for every association kind;
 * - the whole graph is validated before the first INSERT, links to existing rows are checked
 *   to exist, and everything is written in one transaction: one failure writes nothing.
 *
 * Every new row runs its model's hooks as `create()` would: the validation hooks while the
 * graph is validated, then beforeCreate/beforeSave/afterCreate/afterSave around its INSERT.
 *
 * @example
 * await Product.create(
 *   { title: 'Chair', user: { firstName: 'Mick', addresses: [{ line1: '100 Main St.' }] } },
 *   { include: [{ association: Product.associations.user, include: ['addresses'] }] },
 * );
 */
export async function createWithIncludes(
  model: ModelClass,
  values: object,
  options: NestedCreateOptions,
): Promise<Model> {
  return writeGraph(buildGraph(model, values, options.include), options);
}

/** The graph of new and linked rows that `values` and `include` describe, built, not written. */
export function buildGraph(
  model: ModelClass,
  values: object,
  includeOption: NestedCreateOptions['include'],
): GraphNode {
  const include = normalizeIncludes(model, includeOption);
  return buildNode(model, values, include, lowerFirstName(runtimeOf(model).definition.name), undefined);
}

/**
 * Validates and writes a built graph in one transaction (a savepoint inside one): links
 * checked to exist, then every new row inserted in dependency order. Resolves to the root.
 */
export async function writeGraph(root: GraphNode, options: NestedCreateOptions): Promise<Model> {
  const model = root.model;
  const { include: _include, transaction, ...saveOptions } = options;
  const executor = runtimeOf(model).host.executor;
  // Hooks see the caller's transaction; what names it runs in the one opened here (see the executor).
  const callers = transaction === undefined ? executor.currentTransaction() : transaction;
  return executor.managed({ transaction }, async (bound) => {
    const inTransaction = { ...saveOptions, transaction: callers ?? bound };
    // In the transaction, so that validation hooks that query see (and write) what the graph does.
    if (options.validate !== false) await validateGraph(root, inTransaction);
    await resolveExisting(root, inTransaction);
    await writeNode(root, { ...inTransaction, validate: false });
    return root.instance;
  });
}

function lowerFirstName(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

function isInstance(value: unknown): value is Model {
  return typeof value === 'object' && value !== null && 'dataValues' in value && 'isNewRecord' in value;
}

function buildNode(
  model: ModelClass,
  input: unknown,
  include: NormalizedInclude[],
  path: string,
  via: Association | undefined,
): GraphNode {
  const definition = runtimeOf(model).definition;
  const Constructor = model as unknown as new (values?: object) => Model;
  if (isInstance(input)) {
    if (!(input instanceof model)) {
      throw new InvalidQueryError(`${path}: expected a ${definition.name}, got a ${(input as Model).constructor.name}`);
    }
    if (!input.isNewRecord) return node(model, input, path, keyOf(definition.primaryKeys, input.dataValues, path));
    return { ...node(model, input, path, undefined), children: [] };
  }
  if (!isPlainObject(input)) {
    throw new InvalidQueryError(`${path}: expected an object of ${definition.name} values, got ${String(input)}`);
  }
  const values: Record<string, unknown> = { ...(input as Record<string, unknown>) };
  let throughValues: Record<string, unknown> | undefined;
  if (via instanceof BelongsToMany && isPlainObject(values[via.throughName])) {
    throughValues = values[via.throughName] as Record<string, unknown>;
    delete values[via.throughName];
  }
  const keys = Object.keys(values);
  const linksExisting =
    via !== undefined &&
    keys.length > 0 &&
    keys.length === definition.primaryKeys.length &&
    definition.primaryKeys.every((key) => values[key] !== undefined && values[key] !== null);
  if (linksExisting) {
    return { ...node(model, new Constructor(), path, keyOf(definition.primaryKeys, values, path)), throughValues };
  }
  const nested: Record<string, unknown> = {};
  for (const item of include) {
    if (Object.hasOwn(values, item.as)) {
      nested[item.as] = values[item.as];
      delete values[item.as];
    }
  }
  const created: GraphNode = { ...node(model, new Constructor(values), path, undefined), throughValues };
  for (const item of include) {
    const value = nested[item.as];
    if (value === undefined || value === null) continue;
    const many = !item.association.isSingleAssociation;
    if (many !== Array.isArray(value)) {
      throw new InvalidQueryError(
        `${path}.${item.as}: ${definition.name}.${item.as} takes ${many ? 'an array' : 'one object, not an array'}`,
      );
    }
    const list = many ? (value as unknown[]) : [value];
    const nodes = list.map((entry, index) =>
      buildNode(
        item.target,
        entry,
        item.include,
        many ? `${path}.${item.as}[${index}]` : `${path}.${item.as}`,
        item.association,
      ),
    );
    created.children.push({ include: item, nodes });
    const association = item.association;
    if (association instanceof BelongsTo) created.filledKeys.add(association.foreignKey);
    else if (!(association instanceof BelongsToMany)) {
      for (const child of nodes) child.filledKeys.add(association.foreignKey);
    }
  }
  for (const key of Object.keys(nested)) {
    if (!include.some((item) => item.as === key)) {
      throw new EagerLoadingError(`${path}: ${key} is not an included association of ${definition.name}`);
    }
  }
  return created;
}

function node(model: ModelClass, instance: Model, path: string, existingKey: unknown): GraphNode {
  return { model, instance, path, existingKey, children: [], throughValues: undefined, filledKeys: new Set() };
}

function keyOf(primaryKeys: readonly string[], values: Record<string, unknown>, path: string): unknown {
  if (primaryKeys.length !== 1) {
    throw new InvalidQueryError(`${path}: linking an existing row needs a single-column primary key`);
  }
  const value = values[primaryKeys[0]];
  if (value === undefined || value === null)
    throw new InvalidQueryError(`${path}: the row to link has no ${primaryKeys[0]}`);
  return value;
}

function* walk(root: GraphNode): Generator<GraphNode> {
  yield root;
  for (const child of root.children) for (const entry of child.nodes) yield* walk(entry);
}

/**
 * Validates every new row of the graph (with its validation hooks unless `hooks: false`); all
 * failures are reported in one ValidationError.
 */
async function validateGraph(root: GraphNode, options: QueryOptions): Promise<void> {
  const failures: Array<{ node: GraphNode; error: ValidationError }> = [];
  for (const entry of walk(root)) {
    if (entry.existingKey !== undefined) continue;
    const runtime = runtimeOf(entry.model);
    const definition = runtime.definition;
    try {
      await validateWithHooks(runtime, entry.instance, options, () => ({
        // Keys the graph fills and the timestamps save() stamps are not missing yet.
        skipNullCheckFor: [
          ...databaseFilled(runtime),
          ...entry.filledKeys,
          ...[definition.timestamps.createdAt, definition.timestamps.updatedAt].filter((n): n is string => !!n),
        ],
      }));
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      failures.push({ node: entry, error });
    }
  }
  if (failures.length === 0) return;
  // A failure of the created row itself reads as create() without include would say it.
  const message = failures
    .map((f) => (f.node === root ? f.error.message : `${f.node.path}: ${f.error.message}`))
    .join('; ');
  throw new ValidationError(
    message,
    failures.flatMap((f) => f.error.errors),
    { modelName: runtimeOf(root.model).definition.name },
  );
}

/** Loads the rows the graph links to (one query per model) and fails if any is missing. */
async function resolveExisting(root: GraphNode, options: SaveOptions): Promise<void> {
  const byModel = new Map<ModelClass, GraphNode[]>();
  for (const entry of walk(root)) {
    if (entry.existingKey === undefined) continue;
    byModel.set(entry.model, [...(byModel.get(entry.model) ?? []), entry]);
  }
  for (const [model, nodes] of byModel) {
    const definition = runtimeOf(model).definition;
    const key = definition.primaryKeys[0];
    const found = await model.findAll({
      where: { [key]: nodes.map((n) => n.existingKey) },
      logging: options.logging,
    } as FindOptions);
    const byKey = new Map(found.map((row) => [String(row.get(key, { raw: true })), row]));
    for (const entry of nodes) {
      const row = byKey.get(String(entry.existingKey));
      if (!row) {
        throw new EmptyResultError(
          `${entry.path}: no ${definition.name} with ${key} ${JSON.stringify(entry.existingKey)} to link`,
        );
      }
      if (entry.instance.isNewRecord) {
        entry.instance.dataValues = row.dataValues;
        entry.instance.markClean();
      }
    }
  }
}

function keyValue(entry: GraphNode, attribute: string): unknown {
  return entry.instance.get(attribute, { raw: true });
}

/** Writes a node: its belongsTo targets first (their keys go into it), then it, then its dependants. */
async function writeNode(entry: GraphNode, options: SaveOptions): Promise<void> {
  // `fields` names the created model's attributes; the associated rows are written whole.
  const nested: SaveOptions = { ...options, fields: undefined };
  for (const { include, nodes } of entry.children) {
    const association = include.association;
    if (!(association instanceof BelongsTo)) continue;
    const target = nodes[0];
    if (target.existingKey === undefined) await writeNode(target, nested);
    entry.instance.set(association.foreignKey, keyValue(target, association.targetKey));
    setIncludedValue(entry.instance, association.as, target.instance);
  }
  if (entry.existingKey === undefined) {
    const fields = options.fields && [...options.fields, ...entry.filledKeys];
    await entry.instance.save({ ...options, fields });
  }
  for (const { include, nodes } of entry.children) {
    const association = include.association;
    if (association instanceof BelongsTo) continue;
    const results: Model[] = [];
    if (association instanceof BelongsToMany) {
      const sourceValue = keyValue(entry, association.sourceKey);
      for (const target of nodes) {
        if (target.existingKey === undefined) await writeNode(target, nested);
      }
      await association.through.bulkCreate(
        nodes.map((target) => ({
          ...target.throughValues,
          ...association.throughScope,
          [association.foreignKey]: sourceValue,
          [association.otherKey]: keyValue(target, association.targetKey),
        })) as never,
        { logging: options.logging, hooks: options.hooks },
      );
      results.push(...nodes.map((target) => target.instance));
    } else {
      const link = association as Association & { foreignKey: string; sourceKey: string };
      const changes = { [link.foreignKey]: keyValue(entry, link.sourceKey), ...association.scope };
      for (const target of nodes) {
        if (target.existingKey === undefined) {
          target.instance.set(changes);
          await writeNode(target, nested);
        } else {
          target.instance.set(changes);
          await target.instance.save({ ...nested, fields: Object.keys(changes) });
        }
        results.push(target.instance);
      }
    }
    setIncludedValue(entry.instance, association.as, association.isSingleAssociation ? (results[0] ?? null) : results);
  }
}
