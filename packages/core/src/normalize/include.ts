import { Association, type ModelClass } from '../associations/association';
import { associationsOf, unknownAssociation } from '../associations/registry';
import type { ModelDefinition } from '../definition/model-definition';
import { EagerLoadingError, InvalidQueryError } from '../errors/errors';
import { runtimeOf } from '../runtime/model-runtime';
import { isExpression } from '../compile/expressions';
import { isPlainObject } from '../compile/where';
import { checkLimit, type FindOptions } from './find-options';
import { checkOptions } from '../options/check-options';
import { INCLUDE_OPTIONS } from '../options/known-keys';

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
  /**
   * To-many includes are loaded by a separate IN query, except one that selects no attributes
   * (`attributes: []`), which is joined for the SQL that names it (`fn('COUNT', col('posts.id'))`);
   * `separate: true` keeps even that one separate.
   */
  separate?: boolean;
  /** The order of a to-many include's rows within each parent. */
  order?: FindOptions['order'];
  /** At most this many rows per parent (to-many includes). */
  limit?: number;
  /** `{ all: true }`: every association of the model. */
  all?: boolean;
  /** RIGHT OUTER JOIN (a to-one include): every row of the included model, with or without a parent. */
  right?: boolean;
  /**
   * The join condition instead of the association's keys (a to-one include), in the where
   * grammar: keys are the included model's attributes, `$attribute$` or `$Parent.attribute$`
   * (and `col('$Parent.attribute$')`) the parent's: `on: { writerId: col('$Writer.id$') }`.
   */
  on?: unknown;
}

/**
 * One entry of a find's or create's `include`: an association alias (`'posts'`), the target model, the
 * association object, or `{ association, where, required, attributes, include, ... }`.
 */
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
  /** The include's own order of its rows within each parent (to-many includes). */
  readonly order: readonly unknown[];
  readonly limit: number | undefined;
  /** `separate: true`: a to-many include that is always loaded by its own query (see joinsForSqlOnly). */
  readonly separate: boolean;
  readonly include: NormalizedInclude[];
  /** RIGHT OUTER JOIN instead of LEFT/INNER (joined includes only). */
  readonly right: boolean;
  /** The join condition replacing the association's keys; undefined: the keys. */
  readonly on: unknown;
}

/**
 * Resolves `include` against a model's associations: model classes, alias strings,
 * association objects and option objects, nested to any depth. A name that matches no
 * association is an EagerLoadingError listing the valid ones, and an attribute the included
 * model does not have is an InvalidQueryError listing its attributes: never an empty result.
 *
 * @example normalizeIncludes(User, ['posts', { model: Profile, where: { public: true } }])
 */
export function normalizeIncludes(model: ModelClass, include: unknown): NormalizedInclude[] {
  if (include === undefined || include === null) return [];
  const items = Array.isArray(include) ? include : [include];
  const result: NormalizedInclude[] = [];
  for (const item of items) {
    if (isPlainObject(item)) checkOptions(INCLUDE_OPTIONS, item, runtimeOf(model).definition.name);
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
      throw new EagerLoadingError(`${runtimeOf(model).definition.name}: ${item.as} is included twice`);
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
  if (options.limit !== undefined && association.isSingleAssociation) {
    throw new InvalidQueryError(
      `${runtimeOf(model).definition.name}: limit on the include ${association.as} needs a to-many association`,
    );
  }
  if ((options.right || options.on !== undefined) && !association.isSingleAssociation) {
    throw new InvalidQueryError(
      `${runtimeOf(model).definition.name}: right and on need a to-one include; ${association.as} is loaded by its own query`,
    );
  }
  checkAttributeNames(runtimeOf(association.target).definition, options.attributes);
  const through = association.join.through;
  if (through && options.through?.attributes) {
    for (const name of options.through.attributes) checkIncludeAttribute(runtimeOf(through.model).definition, name);
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
    order: options.order === undefined ? [] : isExpression(options.order) ? [options.order] : [...options.order],
    limit: checkLimit('limit', options.limit, runtimeOf(association.target).definition.name),
    separate: options.separate === true,
    include,
    right: options.right === true,
    on: options.on,
  };
}

function invalidInclude(model: ModelClass, item: unknown): never {
  throw new EagerLoadingError(
    `${runtimeOf(model).definition.name}: an include is a model, an alias, an association or an options object, got ${Array.isArray(item) ? 'an array' : item === null ? 'null' : `a ${typeof item}`}`,
  );
}

function findAssociation(model: ModelClass, options: IncludeOptions): Association {
  const associations = associationsOf(model);
  const name = runtimeOf(model).definition.name;
  const wanted = options.association;
  if (wanted instanceof Association) {
    if (wanted.source !== model) {
      throw new EagerLoadingError(
        `The association ${wanted.as} belongs to ${runtimeOf(wanted.source).definition.name}, not ${name}; valid associations of ${name}: ${[...associations.keys()].join(', ') || 'none'}`,
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
  const targetName = runtimeOf(options.model).definition.name;
  if (matches.length === 0) throw unknownAssociation(model, targetName);
  if (matches.length > 1) {
    throw new EagerLoadingError(
      `${targetName} is associated to ${name} several times (${matches.map((m) => m.as).join(', ')}); say which with \`as\``,
    );
  }
  return matches[0];
}

/**
 * Every name an include's `attributes` lists or excludes must be an attribute of the included
 * model, whether or not a row is ever loaded. Other entries (`[fn(...), 'alias']`) and what a
 * name may be used for (a VIRTUAL one is expanded in a separate load, refused in a join) are left
 * to the stage that selects the columns.
 */
function checkAttributeNames(definition: ModelDefinition, attributes: FindOptions['attributes']): void {
  if (attributes === undefined || attributes === null) return;
  const names = Array.isArray(attributes)
    ? attributes
    : ((attributes as { exclude?: readonly unknown[] }).exclude ?? []);
  for (const name of names) {
    if (typeof name === 'string' && !definition.attributes.has(name)) throw unknownAttribute(definition, name);
  }
}

/** `name` when it is a stored (not VIRTUAL) attribute of the model, else an InvalidQueryError. */
export function checkIncludeAttribute(definition: ModelDefinition, name: unknown): string {
  if (typeof name !== 'string' || !definition.attributes.get(name) || definition.attributes.get(name)!.virtual) {
    throw unknownAttribute(definition, name);
  }
  return name;
}

function unknownAttribute(definition: ModelDefinition, name: unknown): InvalidQueryError {
  return new InvalidQueryError(
    `${definition.name}: ${JSON.stringify(name)} is not an attribute of ${definition.name}; valid attributes: ${definition.columnAttributes.map((a) => a.name).join(', ')}`,
  );
}
