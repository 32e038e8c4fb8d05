import type {
  AttributeOptions,
  BelongsToManyOptions,
  BelongsToOptions,
  HasManyOptions,
  HasOneOptions,
  HookName,
  IndexOptions,
  ModelOptions,
} from '@strata/core';

/** What decorators recorded about one property, before types are resolved. */
export interface PropertyRegistration {
  options: Partial<AttributeOptions>;
  /** The constructor TypeScript emitted as `design:type`, when metadata was emitted. */
  designType?: unknown;
  /** Set by @Column: the property is an attribute. */
  isColumn: boolean;
  /** Which decorators set the data type (two is an error). */
  typeSources: string[];
  /** The other decorators on the property, for messages. */
  decorators: string[];
}

/** The model option a timestamp/version decorator renames to its property. */
export type TimestampRole = 'createdAt' | 'updatedAt' | 'deletedAt' | 'version';

/** Per-field options of an index; the rest describe the index itself. */
export interface IndexFieldOptions {
  order?: 'ASC' | 'DESC';
  length?: number;
  collate?: string;
}

/** One index being assembled from the `@Index` decorators that share its name. */
export interface IndexRegistration {
  options: Omit<IndexOptions, 'fields'>;
  fields: Array<{ name: string } & IndexFieldOptions>;
}

export type ScopesThunk = () => NonNullable<ModelOptions['scopes']>;
export type DefaultScopeThunk = () => NonNullable<ModelOptions['defaultScope']>;

/** `() => Post`: resolved when the models are added to a connection, so circular imports work. */
export type ModelThunk = () => unknown;

/** The options of one association decorator, as core's statics take them (`through` apart). */
export type AssociationRegistration =
  | { kind: 'hasOne'; property: string; target: ModelThunk; options: HasOneOptions }
  | { kind: 'hasMany'; property: string; target: ModelThunk; options: HasManyOptions }
  | { kind: 'belongsTo'; property: string; target: ModelThunk; options: BelongsToOptions }
  | {
      kind: 'belongsToMany';
      property: string;
      target: ModelThunk;
      through: ModelThunk | string;
      options: Omit<BelongsToManyOptions, 'through'> & { throughScope?: Record<string, unknown> };
    };

/** Everything decorators recorded on one class (not its parents). */
export interface ClassRegistration {
  table?: ModelOptions;
  properties: Map<string, PropertyRegistration>;
  /** Indexes by name; an unnamed `@Index` is keyed by its property. */
  indexes: Map<string, IndexRegistration>;
  timestamps: Map<TimestampRole, string>;
  scopes?: ScopesThunk;
  defaultScope?: DefaultScopeThunk;
  /** Static methods registered as hooks. */
  hooks: Array<{ hook: HookName; method: string; name?: string }>;
  /** Instance methods registered as model-wide validators. */
  modelValidators: string[];
  /** @HasMany/@HasOne/@BelongsTo/@BelongsToMany, in any order. */
  associations: AssociationRegistration[];
  /** @ForeignKey properties and the model each refers to. */
  foreignKeys: Map<string, ModelThunk>;
}

const registrations = new WeakMap<object, ClassRegistration>();

/** The class's own registration, created on first use. Decorators only ever write here. */
export function registrationOf(target: object): ClassRegistration {
  let registration = registrations.get(target);
  if (!registration) {
    registration = {
      properties: new Map(),
      indexes: new Map(),
      timestamps: new Map(),
      hooks: [],
      modelValidators: [],
      associations: [],
      foreignKeys: new Map(),
    };
    registrations.set(target, registration);
  }
  return registration;
}

export function ownRegistration(target: object): ClassRegistration | undefined {
  return registrations.get(target);
}

export function propertyOf(target: object, property: string): PropertyRegistration {
  const registration = registrationOf(target);
  let entry = registration.properties.get(property);
  if (!entry) {
    entry = { options: {}, isColumn: false, typeSources: [], decorators: [] };
    registration.properties.set(property, entry);
  }
  return entry;
}

/**
 * The registrations of a class and its ancestors, the furthest ancestor first. Each class
 * keeps its own registration, so two subclasses of one abstract base share the base's columns
 * and never see each other's.
 */
export function registrationChain(model: object): ClassRegistration[] {
  const chain: ClassRegistration[] = [];
  for (
    let current: object | null = model;
    current && current !== Function.prototype;
    current = Object.getPrototypeOf(current)
  ) {
    const registration = registrations.get(current);
    if (registration) chain.unshift(registration);
  }
  return chain;
}
