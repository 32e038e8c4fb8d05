import { propertyOf, type PropertyRegistration } from './registry';
import { decoratorSite, misuse } from './misuse';

/** A decorator as TypeScript calls it on any member: fields get no descriptor, methods and accessors do. */
export type MemberDecorator = (target: object, property: string | symbol, descriptor?: PropertyDescriptor) => void;

/**
 * Applies a decorator built by {@link propertyDecorator} in its bare form (`@Column`), passing
 * the descriptor on so that a bare decorator on a method is refused too.
 */
export function applyBare(
  decorator: PropertyDecorator,
  target: unknown,
  property: string | symbol,
  descriptor: PropertyDescriptor | undefined,
): void {
  (decorator as MemberDecorator)(target as object, property, descriptor);
}

/**
 * Wraps a registration step as a property decorator. Misuse is visible while the class is
 * being defined, so it throws there: a method or accessor, a static member, or a class that
 * does not extend Model.
 */
export function propertyDecorator(
  decoratorName: string,
  register: (entry: PropertyRegistration, target: object, property: string, accessor?: PropertyDescriptor) => void,
  { acceptsAccessors = false }: { acceptsAccessors?: boolean } = {},
): PropertyDecorator {
  return (target: object, property: string | symbol, descriptor?: PropertyDescriptor): void => {
    const site = decoratorSite(decoratorName, target, property);
    if (site.isStatic) throw misuse(site, `@${decoratorName} cannot decorate a static member`);
    const isAccessor = descriptor !== undefined && (descriptor.get !== undefined || descriptor.set !== undefined);
    if (descriptor !== undefined && !(acceptsAccessors && isAccessor)) {
      throw misuse(
        site,
        acceptsAccessors
          ? `@${decoratorName} decorates attributes (declare fields or get/set accessors), not methods`
          : `@${decoratorName} decorates attributes (declare fields), not methods or accessors`,
      );
    }
    const entry = propertyOf(site.owner, site.property);
    entry.decorators.push(`@${decoratorName}`);
    register(entry, site.owner, site.property, descriptor);
  };
}

/** Records that a decorator sets the data type; a second one on the same property is an error. */
export function claimDataType(entry: PropertyRegistration, source: string, className: string, property: string): void {
  entry.typeSources.push(source);
  if (entry.typeSources.length > 1) {
    throw misuse(
      { className, property },
      `the data type is given twice (${entry.typeSources.join(', ')}); give it once, in @Column`,
    );
  }
}
