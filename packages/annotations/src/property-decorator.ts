import { propertyOf, registrationOf, type PropertyRegistration } from './registry';

/**
 * Wraps a registration step as a property decorator that refuses methods and static members
 * (recorded as problems, reported by name when the model is added to a connection).
 */
export function propertyDecorator(
  decoratorName: string,
  register: (entry: PropertyRegistration, target: object, property: string) => void,
): PropertyDecorator {
  return (target: object, property: string | symbol, descriptor?: PropertyDescriptor): void => {
    const isStatic = typeof target === 'function';
    const owner = isStatic ? target : target.constructor;
    const name = String(property);
    const className = (owner as { name?: string }).name ?? 'model';
    if (isStatic) {
      registrationOf(owner).problems.push(`${className}.${name}: @${decoratorName} cannot decorate a static member`);
      return;
    }
    const isMethod = descriptor !== undefined && typeof descriptor.value === 'function';
    if (isMethod) {
      registrationOf(owner).problems.push(`${className}.${name}: @${decoratorName} decorates attributes, not methods`);
      return;
    }
    register(propertyOf(owner, name), owner, name);
  };
}
