import { Model, ModelDefinitionError, type ForeignKeyOptions } from '@strata/core';
import {
  registrationChain,
  type AssociationRegistration,
  type ClassRegistration,
  type ModelThunk,
  type PropertyRegistration,
} from './registry';

type ModelClass = typeof Model;

interface ConnectionModels {
  readonly models: Readonly<Record<string, ModelClass>>;
  /** In repository mode, the connection's own model for a decorated class (see Sequelize#getRepository). */
  repositoryFor?(model: ModelClass): ModelClass | undefined;
}

const DECORATOR_NAMES: Record<AssociationRegistration['kind'], string> = {
  hasOne: '@HasOne',
  hasMany: '@HasMany',
  belongsTo: '@BelongsTo',
  belongsToMany: '@BelongsToMany',
};

/**
 * The associate step of a decorated model: runs once every model of the batch is initialised,
 * calls the thunks (so model files may import each other), finds each association's keys among
 * the `@ForeignKey` properties and declares it through core's statics. Every problem of the
 * model is reported at once, by `Class.property`.
 */
export function resolveAssociations(model: object, connection: unknown): void {
  const className = (model as { name: string }).name;
  const chain = registrationChain(model);
  const resolver = new ThunkResolver(connection as ConnectionModels);
  const problems: string[] = [];

  for (const registration of chain.flatMap((entry) => entry.associations)) {
    const where = `${className}.${registration.property}`;
    const decorator = DECORATOR_NAMES[registration.kind];
    try {
      declareAssociation(model as ModelClass, registration, resolver, where, decorator);
    } catch (error) {
      problems.push(error instanceof Problem ? error.message : `${where}: ${(error as Error).message}`);
    }
  }

  for (const [property, thunk] of foreignKeysOf(chain)) {
    const where = `${className}.${property}`;
    try {
      const target = resolver.model(thunk, where, '@ForeignKey');
      if (!hasMatchingAssociation(model as ModelClass, target, resolver)) {
        problems.push(
          `${where}: @ForeignKey(() => ${target.name}) but no association uses it: add @BelongsTo(() => ${target.name}) here or @HasMany/@HasOne(() => ${className}) on ${target.name}`,
        );
      }
    } catch (error) {
      problems.push((error as Error).message);
    }
  }

  if (problems.length > 0) throw new ModelDefinitionError(problems.join('\n  - '));
}

/** An error already worded with its `Class.property`. */
class Problem extends Error {}

/** Resolves thunks to models of this connection, or throws a Problem saying what is wrong. */
class ThunkResolver {
  private defined: Set<ModelClass> | undefined;

  constructor(private readonly connection: ConnectionModels) {}

  model(thunk: ModelThunk, where: string, decorator: string): ModelClass {
    const target = this.onConnection(this.call(thunk, where, decorator));
    if (typeof target !== 'function' || !((target as { prototype?: unknown }).prototype instanceof Model)) {
      throw new Problem(
        `${where}: ${decorator} refers to ${describe(target)}, which is not a model (it does not extend Model)`,
      );
    }
    const model = target as ModelClass;
    this.defined ??= new Set(Object.values(this.connection.models));
    if (!this.defined.has(model)) {
      throw new Problem(
        `${where}: ${decorator} refers to ${model.name}, but ${model.name} has not been defined on this connection (it is not one of its models); add it to new Strata({ models }) or addModels()`,
      );
    }
    return model;
  }

  /** The thunk's model, or undefined when it throws or returns something else (a check, not a declaration). */
  tryModel(thunk: ModelThunk): unknown {
    return this.onConnection(safeCall(thunk));
  }

  /** A thunk names the decorated class; in repository mode the connection's model is its repository. */
  private onConnection(value: unknown): unknown {
    if (typeof value !== 'function' || !this.connection.repositoryFor) return value;
    return this.connection.repositoryFor(value as ModelClass) ?? value;
  }

  private call(thunk: ModelThunk, where: string, decorator: string): unknown {
    try {
      return thunk();
    } catch (error) {
      throw new Problem(`${where}: the ${decorator} function threw: ${(error as Error).message}`);
    }
  }
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined (is the model imported? `() => Model` must return the class)';
  if (typeof value === 'function') return (value as { name?: string }).name || 'an anonymous function';
  return typeof value;
}

function declareAssociation(
  model: ModelClass,
  registration: AssociationRegistration,
  resolver: ThunkResolver,
  where: string,
  decorator: string,
): void {
  const target = resolver.model(registration.target, where, decorator);
  const as = registration.property;
  switch (registration.kind) {
    case 'belongsTo':
      model.belongsTo(target, {
        as,
        ...registration.options,
        foreignKey: withDecoratedKey(registration.options.foreignKey, () =>
          decoratedForeignKey(resolver, model, target, where, decorator),
        ),
      });
      return;
    case 'hasOne':
    case 'hasMany': {
      const options = {
        as,
        ...registration.options,
        foreignKey: withDecoratedKey(registration.options.foreignKey, () =>
          decoratedForeignKey(resolver, target, model, where, decorator),
        ),
      };
      if (registration.kind === 'hasOne') model.hasOne(target, options);
      else model.hasMany(target, options);
      return;
    }
    case 'belongsToMany': {
      const { throughScope, ...options } = registration.options;
      const throughModel =
        typeof registration.through === 'string'
          ? undefined
          : resolver.model(registration.through, where, `${decorator} through`);
      const through = throughModel ?? (registration.through as string);
      model.belongsToMany(target, {
        as,
        ...options,
        through: throughScope ? { model: through, scope: throughScope } : through,
        foreignKey: withDecoratedKey(
          options.foreignKey,
          () => throughModel && decoratedForeignKey(resolver, throughModel, model, where, decorator, target),
        ),
        otherKey: withDecoratedKey(
          options.otherKey,
          () => throughModel && decoratedForeignKey(resolver, throughModel, target, where, decorator, model),
        ),
      });
    }
  }
}

/**
 * An association's `foreignKey` option completed by the `@ForeignKey` property: a name given in
 * the option wins; `{ allowNull: false }` without a name takes the decorated property's name
 * (and its column options, which the option's override).
 */
function withDecoratedKey(
  given: string | ForeignKeyOptions | undefined,
  decorated: () => string | ForeignKeyOptions | undefined,
): string | ForeignKeyOptions | undefined {
  if (typeof given === 'string' || (given && given.name !== undefined)) return given;
  const found = decorated();
  if (!given) return found;
  if (found === undefined) return given;
  return typeof found === 'string' ? { ...given, name: found } : { ...found, ...given };
}

/**
 * The `@ForeignKey` property of `holder` referring to `referenced`, as an association's
 * `foreignKey` option: undefined when there is none (core's default name applies), an error
 * when there are several (which one is meant cannot be guessed). A key without `@Column` is
 * created by the association, with the column options its other decorators gave.
 */
function decoratedForeignKey(
  resolver: ThunkResolver,
  holder: ModelClass,
  referenced: ModelClass,
  where: string,
  decorator: string,
  other?: ModelClass,
): string | ForeignKeyOptions | undefined {
  const chain = registrationChain(holder);
  const candidates = [...foreignKeysOf(chain)]
    .filter(([, thunk]) => resolver.tryModel(thunk) === referenced)
    .map(([name]) => name);
  if (candidates.length === 0) return undefined;
  if (candidates.length > 1) {
    const option = other === referenced ? '`foreignKey` and `otherKey`' : '`foreignKey`';
    throw new Problem(
      `${where}: ${holder.name} has several @ForeignKey(() => ${referenced.name}) properties (${candidates.join(', ')}); choose one in ${decorator}'s ${option} option`,
    );
  }
  const name = candidates[0];
  const property = propertyInChain(chain, name);
  if (!property || property.isColumn) return name;
  const { allowNull, field } = property.options;
  return { name, ...(allowNull !== undefined && { allowNull }), ...(field !== undefined && { field }) };
}

function safeCall(thunk: ModelThunk): unknown {
  try {
    return thunk();
  } catch {
    return undefined;
  }
}

function foreignKeysOf(chain: ClassRegistration[]): Map<string, ModelThunk> {
  const keys = new Map<string, ModelThunk>();
  for (const registration of chain) for (const [name, thunk] of registration.foreignKeys) keys.set(name, thunk);
  return keys;
}

function propertyInChain(chain: ClassRegistration[], name: string): PropertyRegistration | undefined {
  let isColumn = false;
  let found: PropertyRegistration | undefined;
  for (const registration of chain) {
    const entry = registration.properties.get(name);
    if (!entry) continue;
    isColumn ||= entry.isColumn;
    found = { ...entry, options: { ...found?.options, ...entry.options }, isColumn };
  }
  return found;
}

/**
 * Whether a decorated association can use `holder`'s foreign key to `referenced`: a belongsTo
 * of the holder, a hasOne/hasMany of the referenced model, or a belongsToMany through the
 * holder from or to the referenced model.
 */
function hasMatchingAssociation(holder: ModelClass, referenced: ModelClass, resolver: ThunkResolver): boolean {
  const associationsOf = (model: unknown) =>
    typeof model === 'function' ? registrationChain(model).flatMap((entry) => entry.associations) : [];
  if (associationsOf(holder).some((a) => a.kind === 'belongsTo' && resolver.tryModel(a.target) === referenced)) {
    return true;
  }
  if (
    associationsOf(referenced).some(
      (a) => (a.kind === 'hasMany' || a.kind === 'hasOne') && resolver.tryModel(a.target) === holder,
    )
  ) {
    return true;
  }
  // A join model: some model it refers to declares a belongsToMany through it, from or to `referenced`.
  const joined = [...foreignKeysOf(registrationChain(holder)).values()].map((thunk) => resolver.tryModel(thunk));
  return joined.some((source) =>
    associationsOf(source).some(
      (a) =>
        a.kind === 'belongsToMany' &&
        typeof a.through !== 'string' &&
        resolver.tryModel(a.through) === holder &&
        (source === referenced || resolver.tryModel(a.target) === referenced),
    ),
  );
}
