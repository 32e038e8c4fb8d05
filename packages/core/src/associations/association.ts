import type { DataTypeInput } from '../definition/data-types';
import type { ReferentialAction } from '../definition/model-definition';
import { pluralizeName, singularizeName, upperFirst } from '../definition/naming';
import { ModelDefinitionError } from '../errors/errors';
import type { Model } from '../model/model';
import { runtimeOf } from '../runtime/model-runtime';
import type { QueryOptions } from '../model/types';
import { Op } from '../compile/operators';
import type { AssociationJoin } from './association-join';
import { assertAliasAvailable } from './registry';
import { defaultAliasOf, defaultForeignKey } from './foreign-key';

/** A model class as associations see it. */
export type ModelClass = typeof Model;

/** `foreignKey: 'authorId'` or the column options of the foreign key attribute. */
export interface ForeignKeyOptions {
  name?: string;
  field?: string;
  allowNull?: boolean;
  type?: DataTypeInput;
}

/**
 * The options every association takes (`hasOne`, `hasMany`, `belongsTo`, `belongsToMany` and their
 * decorators): its alias, its foreign key and what the database does to it on delete and update. See
 * docs/associations.md.
 */
export interface AssociationOptions {
  /** The name the association is included, set and read under (`include: ['creator']`). */
  as?: string | { singular: string; plural: string };
  /**
   * The foreign key's attribute name, or its options (`{ name, allowNull, type }`); default: `<alias
   * or model name>Id`.
   */
  foreignKey?: string | ForeignKeyOptions;
  /**
   * What the database does to the rows holding the key when the row they refer to is deleted (`ON
   * DELETE`).
   */
  onDelete?: ReferentialAction;
  /**
   * What the database does to the rows holding the key when the key they refer to changes (`ON
   * UPDATE`).
   */
  onUpdate?: ReferentialAction;
  /** false: no FOREIGN KEY constraint is created (the column still is). */
  constraints?: boolean;
  /** Sequelize's other name for `constraints`. */
  foreignKeyConstraint?: boolean;
  /** Attribute values of the target that belong to this association (`{ commentable: 'post' }`). */
  scope?: Record<string, unknown>;
}

/**
 * The options of `Model.hasOne(Target, options)` and `@HasOne`: the key sits on the target and refers
 * to this model. `hasMany` takes the same ones.
 */
export interface HasOneOptions extends AssociationOptions {
  /** The source attribute the foreign key refers to (default: the primary key). */
  sourceKey?: string;
  /**
   * With onDelete 'CASCADE': destroying a source instance first loads its targets and destroys
   * each through its own hooks (and its own cascades), in the same transaction, instead of
   * leaving them to the database's ON DELETE CASCADE (Sequelize's `hooks: true`).
   */
  hooks?: boolean;
}

/**
 * The options of `Model.hasMany(Target, options)` and `@HasMany`: the same as hasOne's (the key sits
 * on the target).
 */
export type HasManyOptions = HasOneOptions;

/**
 * The options of `Model.belongsTo(Target, options)` and `@BelongsTo`: this model holds the foreign
 * key, referring to the target.
 */
export interface BelongsToOptions extends AssociationOptions {
  /** The target attribute the foreign key refers to (default: the primary key). */
  targetKey?: string;
}

/**
 * The options of `Model.belongsToMany(Target, options)` and `@BelongsToMany`: the two models are
 * linked through a join table (`through`) holding a key to each.
 */
export interface BelongsToManyOptions extends AssociationOptions {
  /** The join model, or the exact name of a join table Strata defines for you. */
  through: ModelClass | string | { model: ModelClass | string; scope?: Record<string, unknown> };
  /** The join table's key referring to the target (default `<targetModelName>Id`). */
  otherKey?: string | ForeignKeyOptions;
  sourceKey?: string;
  targetKey?: string;
}

/** Options of the accessor methods (`getPosts`, `setUser`, ...). */
export interface AccessorOptions extends QueryOptions {
  [option: string]: unknown;
}

/** The kind of an association, as `association.associationType` reports it (Sequelize's names). */
export type AssociationType = 'HasOne' | 'HasMany' | 'BelongsTo' | 'BelongsToMany';

/**
 * What every association has: the two models, the alias it is included under, and the
 * attributes that link a source row to its target rows. Values of these classes are what
 * `User.hasMany(Post)` returns and what `include: [User.associations.posts]` accepts.
 */
export abstract class Association {
  abstract readonly associationType: AssociationType;
  /** True for belongsTo/hasOne: one target per source row, loaded by JOIN. */
  abstract readonly isSingleAssociation: boolean;
  /** The alias (`posts`, `creator`). */
  readonly as: string;
  readonly singular: string;
  readonly plural: string;
  readonly scope: Record<string, unknown> | undefined;
  /**
   * The options the association was declared with (Sequelize's `association.options`), with
   * the `onDelete`/`onUpdate` its constraint got filled in when they were left to the default.
   */
  readonly options: AssociationOptions;
  /** The foreign key attribute (on the target for hasOne/hasMany, the source for belongsTo, the join model for belongsToMany). */
  abstract readonly foreignKey: string;
  /** How the targets are reached from a source row: the matching attributes and any join table. */
  abstract readonly join: AssociationJoin;

  constructor(
    readonly source: ModelClass,
    readonly target: ModelClass,
    options: AssociationOptions,
    pluralAlias: boolean,
  ) {
    const as = options.as;
    if (typeof as === 'string') {
      this.singular = pluralAlias ? singularizeName(as) : as;
      this.plural = pluralAlias ? as : pluralizeName(as);
    } else if (as) {
      this.singular = as.singular;
      this.plural = as.plural;
    } else {
      ({ singular: this.singular, plural: this.plural } = defaultAlias(source, target));
    }
    this.as = pluralAlias ? this.plural : this.singular;
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(this.as)) {
      // The alias names SQL table aliases and `$alias.attribute$` paths: keep it an identifier.
      throw new ModelDefinitionError(
        `${runtimeOf(source).definition.name}: the association alias ${JSON.stringify(this.as)} must be a plain name (letters, digits, _)`,
      );
    }
    this.scope = options.scope;
    this.options = { ...options };
    assertAliasAvailable(source, this.as);
  }

  /**
   * The foreign key's column options as declared (`foreignKey: { allowNull: false }`) with its
   * resolved name: Sequelize's `association.foreignKeyAttribute`.
   */
  get foreignKeyAttribute(): ForeignKeyOptions {
    return { ...foreignKeyColumnOptions(this.options.foreignKey), name: this.foreignKey };
  }

  /** The attribute of a source instance whose value identifies its targets. */
  get sourceLinkAttribute(): string {
    return this.join.sourceAttribute;
  }

  /** The attribute of a target row (or join row) that holds that value. */
  get targetLinkAttribute(): string {
    return this.join.link.attribute;
  }

  /** The where that selects the targets of a source key value. */
  abstract targetWhere(sourceValue: unknown): Record<string | symbol, unknown>;

  /** The names of the accessor methods this association puts on source instances. */
  abstract readonly accessors: Readonly<Record<string, string>>;

  protected get sourceName(): string {
    return runtimeOf(this.source).definition.name;
  }
}

/** `Post` -> `{ singular: 'post', plural: 'posts' }`: the default alias of a target model (see AssociationNaming). */
export function defaultAlias(source: ModelClass, target: ModelClass): { singular: string; plural: string } {
  return defaultAliasOf(source, runtimeOf(target).definition.name);
}

/** `userId` from `user` and `id` (`UserId` from `User` in Sequelize naming), named for `model`'s connection. */
export function keyName(model: ModelClass, prefix: string, key: string): string {
  return defaultForeignKey(model, prefix, key);
}

export function foreignKeyName(option: string | ForeignKeyOptions | undefined): string | undefined {
  return typeof option === 'string' ? option : option?.name;
}

export function foreignKeyColumnOptions(option: string | ForeignKeyOptions | undefined): ForeignKeyOptions {
  return typeof option === 'object' ? option : {};
}

export function accessorNames(
  singular: string,
  plural: string,
  kind: 'single' | 'multiple',
): Readonly<Record<string, string>> {
  const one = upperFirst(singular);
  const many = upperFirst(plural);
  if (kind === 'single') return { get: `get${one}`, set: `set${one}`, create: `create${one}` };
  return {
    get: `get${many}`,
    set: `set${many}`,
    addMultiple: `add${many}`,
    add: `add${one}`,
    create: `create${one}`,
    remove: `remove${one}`,
    removeMultiple: `remove${many}`,
    hasSingle: `has${one}`,
    hasAll: `has${many}`,
    count: `count${many}`,
  };
}

/** `{ [Op.and]: [...] }` of the given conditions, leaving out the missing ones. */
export function allOf(...conditions: unknown[]): Record<string | symbol, unknown> {
  const present = conditions.filter((c) => c !== undefined && c !== null);
  return present.length === 1 ? (present[0] as Record<string | symbol, unknown>) : { [Op.and]: present };
}

/** The key value an item names: an instance's attribute, a `{ key }` object's, or the value itself. */
export function keyOf(item: unknown, attribute: string, modelName: string): unknown {
  if (item && typeof item === 'object' && 'dataValues' in item) return (item as Model).get(attribute, { raw: true });
  if (item && typeof item === 'object' && !(item instanceof Date) && !Buffer.isBuffer(item)) {
    const value = (item as Record<string, unknown>)[attribute];
    if (value === undefined) {
      throw new ModelDefinitionError(`${modelName}: ${JSON.stringify(item)} has no ${attribute} to link by`);
    }
    return value;
  }
  return item;
}
