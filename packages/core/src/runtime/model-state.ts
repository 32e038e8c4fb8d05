import type { Knex } from 'knex';
import type { ModelDefinition } from '../definition/model-definition';
import type { Dialect } from '../dialect/dialect';
import { ModelDefinitionError } from '../errors/errors';
import type { Executor } from '../execution/executor';
import type { HookName, HookRegistry } from '../hooks/hooks';
import type { Hydrator } from '../hydration/hydrate';

/** What the engine needs from the connection a model is initialised on. */
export interface ModelHost {
  readonly dialect: Dialect;
  readonly executor: Executor;
  readonly knex: Knex;
  /** The connection object itself (a Strata), for `Model.strata`. */
  readonly owner: unknown;
  /** Hooks registered on the connection: they run for every model after the model's own. */
  readonly hooks: HookRegistry;
}

/** Everything the engine keeps per initialised model class, keyed by the exact class. */
export interface ModelState {
  readonly definition: ModelDefinition;
  readonly host: ModelHost;
  readonly hydrator: Hydrator;
  readonly hooks: HookRegistry;
}

/** Runs a hook kind: the model's hooks first, then the connection's. */
export async function runHooks(state: ModelState, hook: HookName, ...args: unknown[]): Promise<void> {
  await state.hooks.run(hook, args);
  await state.host.hooks.run(hook, args);
}

const states = new WeakMap<object, ModelState>();

export function setModelState(model: object, state: ModelState): void {
  states.set(model, state);
}

export function hasModelState(model: object): boolean {
  return states.has(model);
}

/** The state of an initialised model; a clear error for a class that was never initialised. */
export function modelState(model: object): ModelState {
  const state = states.get(model);
  if (!state) {
    const name = (model as { name?: string }).name ?? 'This model';
    throw new ModelDefinitionError(
      `${name} is not initialised: call ${name}.init(attributes, { strata }) or pass it to new Strata({ models: [${name}] })`,
    );
  }
  return state;
}
