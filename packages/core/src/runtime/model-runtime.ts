import type { AttributeValidationSpec } from '@strata/validation';
import type { Association } from '../associations/association';
import type { ShapeCache } from '../compile/compile-cache';
import type { DefaultSelection, SelectContext } from '../compile/select';
import type { RootAlias } from '../connection/options';
import type { UnknownAttributes } from '../definition/unknown-attributes';
import type { ModelDefinition } from '../definition/model-definition';
import type { Dialect } from '../dialect/dialect';
import { ModelDefinitionError } from '../errors/errors';
import type { Executor, RunOptions } from '../execution/executor';
import type { HookName, HookRegistry } from '../hooks/hooks';
import { Hydrator } from '../hydration/hydrate';
import type { ScopeRegistry } from '../normalize/scopes';
import type { UniqueKey } from '../writes/constraint-errors';

/** What the engine needs from the connection a model is initialised on. */
export interface ModelHost {
  readonly dialect: Dialect;
  readonly executor: Executor;
  /** @internal The connection's knex instance (typed through compile/, the only module that uses knex). */
  readonly knex: SelectContext['knex'];
  /** The connection object itself (a Strata), for `Model.strata`. */
  readonly owner: unknown;
  /** Hooks registered on the connection: they run for every model after the model's own. */
  readonly hooks: HookRegistry;
  /** Compiled SQL by query shape: per connection, since the SQL text is that dialect's. */
  readonly shapeCache: ShapeCache;
  /** What a find calls the root table (the connection's `rootAlias` option). */
  readonly rootAlias?: RootAlias;
  /** What a key naming nothing of a model does where the model does not say (the connection's option). */
  readonly unknownAttributes?: UnknownAttributes;
}

/**
 * Everything the engine keeps for one initialised model class: its definition, the connection
 * it runs on, its hydrator, hooks, scopes and associations, and what is derived from the
 * definition once and reused by every call (validation specs, unique keys, the default column
 * list...). `Model.init` makes a new one; its scoped variants share it.
 *
 * The definition is never edited in place: an association that adds a foreign key builds a
 * new one and hands it to `replaceDefinition`, which drops what was derived from the old one
 * and keeps the rest (scopes added with `addScope`, associations, hooks). Keeping them here
 * rather than keyed on the definition is what lets them survive that replacement.
 *
 * It is also the SelectContext of its own table, so compiling a find allocates no context.
 */
export class ModelRuntime implements SelectContext {
  private currentDefinition: ModelDefinition;
  private currentHydrator: Hydrator;
  /** Named scopes and the default scope: seeded from the definition's options, then `addScope`. */
  readonly scopes: ScopeRegistry;
  /** The model's associations by alias, as `associate()` registers them. */
  readonly associations = new Map<string, Association>();

  // Derived from the definition: each is filled on first use by the module that computes it
  // (named alongside) and cleared by replaceDefinition, so none outlives its definition.
  /** writes/prepare-row: per attribute, what `@strata/validation` checks. */
  validationSpecs: AttributeValidationSpec[] | undefined;
  /** writes/prepare-row: true when no attribute or model validator is declared (sync validation). */
  onlyBuiltInChecks: boolean | undefined;
  /** writes/prepare-row: attributes a write fills itself (auto-increment keys, timestamps). */
  databaseFilledNames: readonly string[] | undefined;
  /** writes/constraint-errors: every unique key by the lower-cased name the database gives it. */
  uniqueConstraints: ReadonlyMap<string, UniqueKey> | undefined;
  /** compile/primary-key-select: the SQL of `findByPk(key)` without options. */
  primaryKeyLookupSql: string | undefined;
  /** compile/select: the columns of a find without `attributes`, and their shape key. */
  defaultSelection: DefaultSelection | undefined;
  /** execution/query-context: the run options shared by every call that sets none. */
  defaultRunOptions: RunOptions | undefined;

  constructor(
    definition: ModelDefinition,
    readonly host: ModelHost,
    readonly hooks: HookRegistry,
  ) {
    this.currentDefinition = definition;
    this.currentHydrator = new Hydrator(definition, host.dialect.codec);
    this.scopes = {
      defaultScope: definition.options.defaultScope,
      scopes: new Map(Object.entries(definition.options.scopes ?? {})),
    };
  }

  /** The model's definition (attributes, options, keys). */
  get definition(): ModelDefinition {
    return this.currentDefinition;
  }

  /** Turns this model's rows into instances; rebuilt with the definition. */
  get hydrator(): Hydrator {
    return this.currentHydrator;
  }

  get dialect(): Dialect {
    return this.host.dialect;
  }

  /** @internal */
  get knex(): SelectContext['knex'] {
    return this.host.knex;
  }

  get shapeCache(): ShapeCache {
    return this.host.shapeCache;
  }

  get rootAlias(): RootAlias | undefined {
    return this.host.rootAlias;
  }

  /**
   * Installs a rebuilt definition (an association added a foreign key): the hydrator is
   * rebuilt and every cache derived from the old definition is dropped. Scopes, associations
   * and hooks belong to the model, not to a definition, and stay.
   */
  replaceDefinition(definition: ModelDefinition): void {
    this.currentDefinition = definition;
    this.currentHydrator = new Hydrator(definition, this.host.dialect.codec);
    this.validationSpecs = undefined;
    this.onlyBuiltInChecks = undefined;
    this.databaseFilledNames = undefined;
    this.uniqueConstraints = undefined;
    this.primaryKeyLookupSql = undefined;
    this.defaultSelection = undefined;
    this.defaultRunOptions = undefined;
  }
}

/** Runs a hook kind: the model's hooks first, then the connection's. */
export async function runHooks(runtime: ModelRuntime, hook: HookName, ...args: unknown[]): Promise<void> {
  await runtime.hooks.run(hook, args);
  await runtime.host.hooks.run(hook, args);
}

/** Where a model class keeps its runtime: a symbol nobody outside this module can read or forge. */
const RUNTIME = Symbol('strata.modelRuntime');

interface RuntimeHolder {
  [RUNTIME]?: ModelRuntime;
}

/**
 * Gives a model class its runtime, as a non-enumerable own property (replacing one a
 * previous `init` gave it). A scoped variant is given its base model's runtime, the same
 * object, so it sees the base's later foreign keys, scopes and hooks.
 */
export function attachRuntime(model: object, runtime: ModelRuntime): void {
  Object.defineProperty(model, RUNTIME, { value: runtime, configurable: true, enumerable: false, writable: false });
}

/**
 * Whether the class itself was initialised. Own properties only: a subclass of an initialised
 * model is a model of its own and is not initialised until its own `init`.
 */
export function hasRuntime(model: object): boolean {
  return Object.hasOwn(model, RUNTIME);
}

/**
 * The runtime of an initialised model class; a clear error for a class that was never
 * initialised (including a subclass of an initialised model: the own-property check keeps
 * it from reading its parent's runtime).
 */
export function runtimeOf(model: object): ModelRuntime {
  const runtime = Object.hasOwn(model, RUNTIME) ? (model as RuntimeHolder)[RUNTIME] : undefined;
  if (!runtime) {
    const name = (model as { name?: string }).name ?? 'This model';
    throw new ModelDefinitionError(
      // Led by Sequelize's wording, which code moving over may match on.
      `Model not initialized: ${name} is not initialised: call ${name}.init(attributes, { strata }) or pass it to new Strata({ models: [${name}] })`,
    );
  }
  return runtime;
}
