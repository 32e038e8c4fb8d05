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
import { ModelDefinitionError } from '@strata/core';
import type { StandardContext } from './misuse';
import { metadataSymbol } from './symbol-metadata';

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
  /** 'standard' when TC39 decorators registered it (no type metadata exists then). */
  form?: 'standard' | 'legacy';
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
  settleRegistrations(target);
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
    settleRegistrations(current);
    const registration = registrations.get(current);
    if (registration) chain.unshift(registration);
  }
  return chain;
}

/**
 * A standard decorator's registration, waiting for its class. Standard member decorators run
 * while the class is being defined, before it exists: they only receive the class's metadata
 * object, so what they record runs once the class is known.
 */
export type PendingRegistration = (owner: object) => void;

const PENDING = Symbol('strata.pendingRegistrations');
type MetadataObject = Record<symbol, unknown>;
/** Registrations made without metadata (a compiler that passes none), claimed by the next class decorator. */
const unattributed: Array<{ context: StandardContext; registration: PendingRegistration }> = [];

/**
 * Keeps a standard member decorator's registration on the class's decorator metadata (own to
 * that class: a subclass's metadata inherits from its parent's by prototype), or, when the
 * compiler passes no metadata (TypeScript 5.0 and 5.1), until the class decorator (`@Table`)
 * of the class claims it.
 */
export function deferRegistration(context: StandardContext, registration: PendingRegistration): void {
  const metadata = context.metadata;
  if (metadata === undefined || metadata === null) {
    unattributed.push({ context, registration });
    return;
  }
  const holder = metadata as MetadataObject;
  if (!Object.prototype.hasOwnProperty.call(holder, PENDING)) {
    Object.defineProperty(holder, PENDING, { value: [], enumerable: false });
  }
  (holder[PENDING] as PendingRegistration[]).push(registration);
}

/**
 * Without metadata, a class decorator claims every registration made since the last one; one
 * for a member the class does not define itself came from a class without a class decorator.
 */
function assertOwnMember(owner: object, context: StandardContext): void {
  if (context.kind === 'field' || context.name === undefined) return;
  const holder = context.static ? owner : (owner as { prototype: object }).prototype;
  if (Object.prototype.hasOwnProperty.call(holder, context.name)) return;
  throw new ModelDefinitionError(
    `${(owner as { name?: string }).name || 'anonymous class'}: a decorated member ${String(context.name)} is not its own; ` +
      'this compiler passes standard decorators no metadata (TypeScript before 5.2), so each class with decorated members needs its own @Table (or compile with TypeScript 5.2+, esbuild or Babel)',
  );
}

/**
 * Runs the registrations standard decorators left for `owner`: those on its decorator metadata.
 * A class decorator passes its context (the class does not hold its metadata until every class
 * decorator has run); a context without metadata claims the unattributed registrations. Each
 * runs once; a misuse they find throws here, naming `Class.property`.
 */
export function settleRegistrations(owner: object, classContext?: { metadata?: object | null }): void {
  let metadata: MetadataObject | null | undefined;
  const pending: PendingRegistration[] = [];
  if (classContext) {
    metadata = classContext.metadata as MetadataObject | null | undefined;
    if (!metadata) {
      const claimed = unattributed.splice(0);
      // All checked before any runs: registering an accessor field removes it from the prototype.
      for (const { context } of claimed) assertOwnMember(owner, context);
      pending.push(...claimed.map(({ registration }) => registration));
    }
  } else {
    const key = metadataSymbol();
    if (Object.prototype.hasOwnProperty.call(owner, key)) metadata = (owner as MetadataObject)[key] as MetadataObject;
  }
  if (metadata && Object.prototype.hasOwnProperty.call(metadata, PENDING)) {
    pending.push(...(metadata[PENDING] as PendingRegistration[]).splice(0));
  }
  for (const registration of pending) registration(owner);
}
