import type { AttributesInput, ModelOptions } from './model-definition';

/**
 * How a front end (the decorators) hands a class's definition to a connection. Decorators only
 * register; when the class is given to `new Strata({ models })` or `addModels`, the connection
 * asks the source for the definition (thunks resolved by then) and then lets it declare the
 * class's associations, once every model of the batch is initialised.
 */
export interface ModelSource {
  /** The class's attributes and model options, asked for once the connection adds the class. */
  definition(strata: unknown): { attributes: AttributesInput; options: ModelOptions };
  /** Declares the class's associations, once every model added with it is initialised. */
  associate?(strata: unknown): void;
}

const SOURCE = Symbol.for('strata.modelSource');

/**
 * Records how a class's definition is produced (what the decorators call): the connection reads it
 * when the class is added to it. A front end other than `@strata/annotations` can use it the same way.
 */
export function registerModelSource(model: object, source: ModelSource): void {
  Object.defineProperty(model, SOURCE, { value: source, configurable: true, enumerable: false });
}

/** The class's own source (never one inherited from a decorated parent class). */
export function resolveModelSource(model: object): ModelSource | undefined {
  return Object.prototype.hasOwnProperty.call(model, SOURCE)
    ? ((model as Record<symbol, ModelSource>)[SOURCE] as ModelSource)
    : undefined;
}
