import type { BelongsToManyOptions, BelongsToOptions, HasManyOptions, HasOneOptions, Model } from '@strata/core';
import { propertyDecorator, type AttributeDecorator } from './property-decorator';
import { registrationOf, type AssociationRegistration } from './registry';

/** A function returning a model class: `() => Post`. Called only when the models reach a connection. */
export type ModelReference<M extends Model = Model> = () => abstract new (...args: never[]) => M;

/** Options of @BelongsToMany: core's options without `through` (given as the second argument). */
export type BelongsToManyDecoratorOptions = Omit<BelongsToManyOptions, 'through'> & {
  /** Attribute values of the join rows that belong to this association. */
  throughScope?: Record<string, unknown>;
};

function associationDecorator(
  decoratorName: string,
  registration: (property: string) => AssociationRegistration,
): AttributeDecorator {
  return propertyDecorator(decoratorName, (_entry, owner, property) => {
    registrationOf(owner).associations.push(registration(property));
  });
}

/** `'authorId'` is short for `{ foreignKey: 'authorId' }`, as in sequelize-typescript. */
function withForeignKey<O extends { foreignKey?: unknown }>(options: O | string | undefined): O {
  return (typeof options === 'string' ? { foreignKey: options } : { ...options }) as O;
}

/**
 * `User.hasMany(Post)` as a decorator: the posts hold the foreign key, found as Post's
 * `@ForeignKey(() => User)` property (or given as `foreignKey`). The alias is the property name.
 *
 * The trap: `declare` the property (`declare posts?: Post[]`); a plain class field would hide
 * the loaded rows.
 *
 * @example
 * ```ts
 * @HasMany(() => Post) declare posts?: Post[];
 * @HasMany(() => Post, { foreignKey: 'editorId' }) declare edited?: Post[];
 * ```
 */
export function HasMany(target: ModelReference, options?: HasManyOptions | string): AttributeDecorator {
  return associationDecorator('HasMany', (property) => ({
    kind: 'hasMany',
    property,
    target,
    options: withForeignKey(options),
  }));
}

/**
 * `User.hasOne(Profile)` as a decorator: the profile holds the foreign key (Profile's
 * `@ForeignKey(() => User)` property, or `foreignKey`). The alias is the property name.
 *
 * @example
 * ```ts
 * @HasOne(() => Profile) declare profile?: Profile;
 * ```
 */
export function HasOne(target: ModelReference, options?: HasOneOptions | string): AttributeDecorator {
  return associationDecorator('HasOne', (property) => ({
    kind: 'hasOne',
    property,
    target,
    options: withForeignKey(options),
  }));
}

/**
 * `Post.belongsTo(User)` as a decorator: this model holds the foreign key, its
 * `@ForeignKey(() => User)` property (or `foreignKey`). The alias is the property name.
 *
 * @example
 * ```ts
 * @ForeignKey(() => User) @Column declare authorId: number;
 * @BelongsTo(() => User) declare author?: User;
 * ```
 */
export function BelongsTo(target: ModelReference, options?: BelongsToOptions | string): AttributeDecorator {
  return associationDecorator('BelongsTo', (property) => ({
    kind: 'belongsTo',
    property,
    target,
    options: withForeignKey(options),
  }));
}

/**
 * sequelize-typescript's object form of `through`: the join model (or join table name) with the
 * attribute values its rows have in this association.
 */
export interface ThroughOptions {
  model: ModelReference | string;
  scope?: Record<string, unknown>;
  /**
   * Accepted for sequelize-typescript's sake; Strata puts a unique key over the pair only on the
   * join table it defines (a string `through`), never on a join model you declare.
   */
  unique?: boolean;
}

/** @BelongsToMany's options when `through` is one of them (sequelize-typescript's second form). */
export type BelongsToManyWithThroughOptions = BelongsToManyDecoratorOptions & {
  through: ModelReference | string | ThroughOptions;
};

/**
 * `Post.belongsToMany(Tag, { through })` as a decorator. `through` is a join model (its two
 * `@ForeignKey` properties are the keys) or the exact name of a join table Strata defines.
 * The alias is the property name (or `as`). Three forms, as sequelize-typescript has them: the
 * join model second (options third, or `foreignKey` and `otherKey` as strings), or one options
 * object holding `through`, itself possibly `{ model, scope }`.
 *
 * The trap: a self-association through a model (`User` friends `User`) has two keys to the same
 * model; name them with `foreignKey` and `otherKey`.
 *
 * @example
 * ```ts
 * @BelongsToMany(() => Tag, () => PostTag) declare tags?: Tag[];
 * @BelongsToMany(() => Tag, 'post_labels', { as: 'labels' }) declare labels?: Tag[];
 * @BelongsToMany(() => Tag, { through: { model: () => PostTag, scope: { kind: 'topic' } } }) declare topics?: Tag[];
 * ```
 */
export function BelongsToMany(target: ModelReference, options: BelongsToManyWithThroughOptions): AttributeDecorator;
export function BelongsToMany(
  target: ModelReference,
  through: ModelReference | string,
  options?: BelongsToManyDecoratorOptions,
): AttributeDecorator;
export function BelongsToMany(
  target: ModelReference,
  through: ModelReference | string,
  foreignKey?: string,
  otherKey?: string,
): AttributeDecorator;
export function BelongsToMany(
  target: ModelReference,
  throughOrOptions: ModelReference | string | BelongsToManyWithThroughOptions,
  optionsOrForeignKey?: BelongsToManyDecoratorOptions | string,
  otherKey?: string,
): AttributeDecorator {
  const { through, options } = belongsToManyArguments(throughOrOptions, optionsOrForeignKey, otherKey);
  return associationDecorator('BelongsToMany', (property) => ({
    kind: 'belongsToMany',
    property,
    target,
    through,
    options,
  }));
}

function belongsToManyArguments(
  throughOrOptions: ModelReference | string | BelongsToManyWithThroughOptions,
  optionsOrForeignKey: BelongsToManyDecoratorOptions | string | undefined,
  otherKey: string | undefined,
): { through: ModelReference | string; options: BelongsToManyDecoratorOptions } {
  if (typeof throughOrOptions === 'string' || typeof throughOrOptions === 'function') {
    const options: BelongsToManyDecoratorOptions =
      typeof optionsOrForeignKey === 'string' || otherKey !== undefined
        ? {
            ...(typeof optionsOrForeignKey === 'string' && { foreignKey: optionsOrForeignKey }),
            ...(otherKey !== undefined && { otherKey }),
          }
        : { ...optionsOrForeignKey };
    return { through: throughOrOptions, options };
  }
  const { through, ...options } = throughOrOptions;
  if (typeof through === 'string' || typeof through === 'function') return { through, options };
  const { model, scope } = through;
  return { through: model, options: scope ? { ...options, throughScope: scope } : options };
}

/**
 * Marks the property holding a foreign key to `target`. An association of either side (or a
 * belongsToMany through this model) uses it as its key. With `@Column` it is the attribute you
 * declare; without, the association adds it with the type of the key it refers to.
 *
 * The trap: a `@ForeignKey` that no association uses is an error when the models are added.
 *
 * @example
 * ```ts
 * @ForeignKey(() => User) @Column declare userId: number;
 * ```
 */
export function ForeignKey(target: ModelReference): AttributeDecorator {
  return propertyDecorator('ForeignKey', (_entry, owner, property) => {
    registrationOf(owner).foreignKeys.set(property, target);
  });
}
