import { propertyOf, deferRegistration, type PropertyRegistration } from './registry';
import {
  decoratorSite,
  isStandardContext,
  misuse,
  standardDecoratorSite,
  type DecoratorSite,
  type StandardContext,
} from './misuse';

/** A decorator as TypeScript calls it on any member: fields get no descriptor, methods and accessors do. */
export type MemberDecorator = (target: object, property: string | symbol, descriptor?: PropertyDescriptor) => void;

/**
 * Names the fix in the compiler's error when a decorator lands on a plain field under standard
 * decorators: TypeScript reports the last overload's mismatch, and this is that overload's want.
 */
export interface UseAnAccessorField {
  'Strata: under standard decorators, decorate an accessor field (`@Column(DataTypes.STRING) accessor name: string`), not a plain field': true;
}

/**
 * An attribute decorator, usable both ways TypeScript compiles decorators. Legacy decorators
 * (`experimentalDecorators`) decorate a `declare` field (or, for @Column, a get/set pair).
 * Standard (TC39) decorators decorate an `accessor` field (or, for @Column, a getter or
 * setter): TypeScript allows no decorator on a `declare` field there, and a plain field
 * would hide the attribute's value, so it is refused.
 */
export interface AttributeDecorator {
  (target: object, property: string | symbol): void;
  (target: object, property: string | symbol, descriptor: PropertyDescriptor): void;
  <This, Value>(
    target: ClassAccessorDecoratorTarget<This, Value>,
    context: ClassAccessorDecoratorContext<This, Value>,
  ): ClassAccessorDecoratorResult<This, Value> | void;
  <This, Value>(target: (this: This) => Value, context: ClassGetterDecoratorContext<This, Value>): void;
  <This, Value>(target: (this: This, value: Value) => void, context: ClassSetterDecoratorContext<This, Value>): void;
  // Last, so that the compiler's "no overload matches" names the fix (see UseAnAccessorField).
  <This, Value>(target: undefined, context: ClassFieldDecoratorContext<This, Value> & UseAnAccessorField): void;
}

/**
 * A decorator used bare (`@Unique`) or called with an argument (`@Unique('name')`), each form
 * under legacy and standard decorators alike.
 */
export interface BareOrCalledAttributeDecorator<Argument> extends AttributeDecorator {
  // `never` rest: a standard decorator may be called with more arguments than it declares, so
  // without it a bare standard use (`@Unique accessor x`) would resolve to this called form.
  (argument?: Argument, ...standardContext: never[]): AttributeDecorator;
}

/**
 * Applies a decorator built by {@link propertyDecorator} in its bare form (`@Column`), passing
 * the descriptor (legacy) or the context (standard) on so that misuse is refused the same way.
 */
export function applyBare(
  decorator: AttributeDecorator | PropertyDecorator,
  target: unknown,
  property: string | symbol | StandardContext,
  descriptor: PropertyDescriptor | undefined,
): unknown {
  return (decorator as (...args: unknown[]) => unknown)(target, property, descriptor);
}

type Register = (entry: PropertyRegistration, target: object, property: string, accessor?: PropertyDescriptor) => void;

/**
 * Wraps a registration step as an attribute decorator for both calling conventions (told apart
 * by the second argument: a property name, or a standard decorator's context object). Misuse
 * is refused while the class is being defined: a method, a static member, a class that does
 * not extend Model, and the form of the other convention (a plain field under standard
 * decorators, an `accessor` field under legacy ones).
 */
export function propertyDecorator(
  decoratorName: string,
  register: Register,
  { acceptsAccessors = false }: { acceptsAccessors?: boolean } = {},
): AttributeDecorator {
  return ((target: unknown, property: string | symbol | StandardContext, descriptor?: PropertyDescriptor) => {
    if (isStandardContext(property)) return standardAttribute(decoratorName, property, register, acceptsAccessors);
    legacyAttribute(decoratorName, target as object, property, descriptor, register, acceptsAccessors);
  }) as AttributeDecorator;
}

function legacyAttribute(
  decoratorName: string,
  target: object,
  property: string | symbol,
  descriptor: PropertyDescriptor | undefined,
  register: Register,
  acceptsAccessors: boolean,
): void {
  const site = decoratorSite(decoratorName, target, property);
  if (site.isStatic) throw misuse(site, `@${decoratorName} cannot decorate a static member`);
  const isAccessor = descriptor !== undefined && (descriptor.get !== undefined || descriptor.set !== undefined);
  if (isAccessor && isAutoAccessor(descriptor)) {
    throw misuse(
      site,
      `@${decoratorName} is compiled as a legacy decorator (experimentalDecorators), where an attribute is a declare field: write \`declare ${site.property}: ...\` instead of \`accessor ${site.property}\` (accessor fields are for standard decorators)`,
    );
  }
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
  entry.form = 'legacy';
  register(entry, site.owner, site.property, descriptor);
}

/**
 * TypeScript compiles an `accessor` field under legacy decorators to a get/set pair over a
 * private `#name_accessor_storage` field; that getter would never see the attribute's value.
 */
function isAutoAccessor(descriptor: PropertyDescriptor): boolean {
  return (
    typeof descriptor.get === 'function' && /_accessor_storage\b/.test(Function.prototype.toString.call(descriptor.get))
  );
}

/**
 * A standard member decorator: checks what it can now (the kind of member), and registers
 * once the class exists (registry.ts `deferRegistration`). On an `accessor` field it refuses an
 * initializer, which would be silently ignored: a default is `@Default(value)`.
 */
function standardAttribute(
  decoratorName: string,
  context: StandardContext,
  register: Register,
  acceptsAccessors: boolean,
): ClassAccessorDecoratorResult<unknown, unknown> | void {
  const property = String(context.name);
  deferRegistration(context, (owner) => {
    const site = standardDecoratorSite(decoratorName, owner, context);
    const accessor = standardMemberDescriptor(decoratorName, site, context, acceptsAccessors);
    const entry = propertyOf(site.owner, site.property);
    entry.decorators.push(`@${decoratorName}`);
    entry.form = 'standard';
    register(entry, site.owner, site.property, accessor);
  });
  if (context.kind !== 'accessor' || context.static) return;
  return {
    init(this: unknown, value: unknown) {
      if (value !== undefined) {
        const className = (this as { constructor?: { name?: string } }).constructor?.name ?? 'anonymous class';
        throw misuse(
          { className, property },
          `an accessor field's initializer is not the attribute's default; remove it and write @Default(${JSON.stringify(value) ?? 'value'})`,
        );
      }
      return value;
    },
  };
}

/**
 * Refuses what standard decorators cannot decorate as an attribute, and makes an `accessor`
 * field read and write the attribute: the field's own get/set (over a private storage slot)
 * is removed from the prototype, so Strata's accessor takes its place, exactly as for a
 * `declare` field. A getter or setter (@Column only) stays, as the attribute's get/set.
 */
function standardMemberDescriptor(
  decoratorName: string,
  site: DecoratorSite,
  context: StandardContext,
  acceptsAccessors: boolean,
): PropertyDescriptor | undefined {
  if (site.isStatic) throw misuse(site, `@${decoratorName} cannot decorate a static member`);
  if (context.private) throw misuse(site, `@${decoratorName} cannot decorate a private (#) member`);
  const prototype = (site.owner as { prototype: object }).prototype;
  switch (context.kind) {
    case 'accessor':
      if (Object.prototype.hasOwnProperty.call(prototype, site.property)) {
        delete (prototype as Record<string, unknown>)[site.property];
      }
      return undefined;
    case 'field':
      throw misuse(
        site,
        `@${decoratorName} is compiled as a standard decorator, which cannot see a plain field's value: write \`@${decoratorName} accessor ${site.property}: ...\` (TypeScript allows no decorator on a declare field under standard decorators; with experimentalDecorators, decorate \`declare ${site.property}\`)`,
      );
    case 'getter':
    case 'setter':
      if (acceptsAccessors) return Object.getOwnPropertyDescriptor(prototype, site.property);
      throw misuse(site, `@${decoratorName} decorates attributes (accessor fields), not get/set accessors`);
    default:
      throw misuse(
        site,
        acceptsAccessors
          ? `@${decoratorName} decorates attributes (accessor fields or get/set accessors), not methods`
          : `@${decoratorName} decorates attributes (accessor fields), not methods`,
      );
  }
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
