import type { ModelDefinition } from '../definition/model-definition';
import { ModelDefinitionError } from '../errors/errors';
import type { BuildOptions, Model } from './model';

/**
 * Puts an accessor on the model's prototype for every attribute (and getterMethods/setterMethods
 * entry), so `user.email` reads and writes through `get`/`set`. A name the class defines itself
 * keeps the class's member; a name of a Model member (`modelMembers`, Model's prototype) is an
 * error, since the accessor would break the engine's own method.
 *
 * @example defineAccessors(User, definition, Model.prototype); // user.email === user.get('email')
 */
export function defineAccessors(model: typeof Model, definition: ModelDefinition, modelMembers: object): void {
  for (const name of [
    ...definition.attributes.keys(),
    ...Object.keys(definition.options.getterMethods ?? {}),
    ...Object.keys(definition.options.setterMethods ?? {}),
  ]) {
    if (Object.prototype.hasOwnProperty.call(model.prototype, name)) continue;
    if (name in modelMembers) {
      throw new ModelDefinitionError(
        `${definition.name}.${name}: "${name}" is a Model method and cannot be an attribute name`,
      );
    }
    Object.defineProperty(model.prototype, name, {
      configurable: true,
      enumerable: false,
      get(this: Model) {
        return this.get(name);
      },
      set(this: Model, value: unknown) {
        this.set(name, value);
      },
    });
  }
}

/**
 * Throws when a plain class field (`email: string;` without `declare`) shadows an attribute: it
 * becomes an own property of every instance and hides the accessor, so reads and writes would
 * silently miss the stored values.
 */
export function assertNoShadowingFields(model: typeof Model, definition: ModelDefinition): void {
  const probe = new (model as unknown as new (values?: object, options?: BuildOptions) => Model)(undefined, {
    isNewRecord: false,
    raw: true,
  });
  const shadowed = [...definition.attributes.keys()].filter((name) =>
    Object.prototype.hasOwnProperty.call(probe, name),
  );
  if (shadowed.length > 0) {
    throw new ModelDefinitionError(
      `${definition.name}: the class fields ${shadowed.join(', ')} shadow the attribute accessors; ` +
        `declare them with \`declare ${shadowed[0]}: ...\` (or remove the field) so values reach the database`,
    );
  }
}
