import { ModelDefinitionError } from '../errors/errors';
import type { Model } from '../model/model';
import { runtimeOf } from '../runtime/model-runtime';
import type { Association } from './association';

type Method = (this: Model, ...args: unknown[]) => unknown;

/**
 * Puts an association's accessor methods (`getPosts`, `addPost`, `setUser`, ...) on the source's
 * prototype. Each method delegates to the association object, which owns the behaviour. The
 * alias property (`user.posts`) is no prototype member: loading the association puts it on the
 * instance (see setIncludedValue), so an association that was not loaded is no property.
 */
export function defineAssociationAccessors(association: Association): void {
  const prototype = association.source.prototype as unknown as Record<string, unknown>;
  const target = association as unknown as Record<string, (...args: unknown[]) => unknown>;
  const methods: Record<string, Method> = {};
  for (const [kind, name] of Object.entries(association.accessors)) {
    const operation =
      kind === 'addMultiple' ? 'add' : kind === 'removeMultiple' ? 'remove' : kind.startsWith('has') ? 'has' : kind;
    methods[name] = function (this: Model, ...args: unknown[]) {
      return target[operation].call(association, this, ...args);
    };
  }
  const modelName = runtimeOf(association.source).definition.name;
  for (const [name, method] of Object.entries(methods)) {
    if (Object.prototype.hasOwnProperty.call(prototype, name) && !isAccessor(prototype[name])) {
      throw new ModelDefinitionError(
        `${modelName}: the association ${association.as} would replace the method ${name}; choose another \`as\``,
      );
    }
    Object.defineProperty(prototype, name, {
      value: Object.assign(method, { [ACCESSOR]: true }),
      configurable: true,
      writable: true,
      enumerable: false,
    });
  }
}

const ACCESSOR = Symbol('strata.associationAccessor');

function isAccessor(value: unknown): boolean {
  return typeof value === 'function' && (value as unknown as Record<symbol, unknown>)[ACCESSOR] === true;
}
