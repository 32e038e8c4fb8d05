import type { AttributeOptions, ModelOptions } from '@strata/core';

/** What decorators recorded about one property, before types are resolved. */
export interface PropertyRegistration {
  options: Partial<AttributeOptions>;
  /** The constructor TypeScript emitted as `design:type`, when metadata was emitted. */
  designType?: unknown;
  /** Set by @Column: the property is an attribute. */
  isColumn: boolean;
  /** Which decorators set the data type (two is an error). */
  typeSources: string[];
}

/** Everything decorators recorded on one class (not its parents). */
export interface ClassRegistration {
  table?: ModelOptions;
  properties: Map<string, PropertyRegistration>;
  problems: string[];
}

const registrations = new WeakMap<object, ClassRegistration>();

/** The class's own registration, created on first use. Decorators only ever write here. */
export function registrationOf(target: object): ClassRegistration {
  let registration = registrations.get(target);
  if (!registration) {
    registration = { properties: new Map(), problems: [] };
    registrations.set(target, registration);
  }
  return registration;
}

export function ownRegistration(target: object): ClassRegistration | undefined {
  return registrations.get(target);
}

export function propertyOf(target: object, property: string): PropertyRegistration {
  const registration = registrationOf(target);
  let entry = registration.properties.get(property);
  if (!entry) {
    entry = { options: {}, isColumn: false, typeSources: [] };
    registration.properties.set(property, entry);
  }
  return entry;
}

/** The registrations of a class and its ancestors, the furthest ancestor first. */
export function registrationChain(model: object): ClassRegistration[] {
  const chain: ClassRegistration[] = [];
  for (
    let current: object | null = model;
    current && current !== Function.prototype;
    current = Object.getPrototypeOf(current)
  ) {
    const registration = registrations.get(current);
    if (registration) chain.unshift(registration);
  }
  return chain;
}
