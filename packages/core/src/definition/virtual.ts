import type { ModelDefinition } from './model-definition';

/**
 * Replaces each VIRTUAL attribute named in a find's `attributes` list by the attributes its
 * getter reads (`VIRTUAL(returnType, ['firstName', 'lastName'])`), so asking for `fullName`
 * selects what computing it needs. The trap it avoids: a VIRTUAL has no column, so selecting it
 * directly is an error, and selecting nothing for it would make its getter read undefined.
 *
 * @example expandVirtualAttributes(def, ['id', 'fullName']) // ['id', 'firstName', 'lastName']
 */
export function expandVirtualAttributes(definition: ModelDefinition, selection: readonly unknown[]): unknown[] {
  const out: unknown[] = [];
  const seen = new Set<string>();
  const add = (item: unknown): void => {
    if (typeof item !== 'string') {
      out.push(item);
      return;
    }
    if (seen.has(item)) return;
    seen.add(item);
    const attribute = definition.attributes.get(item);
    if (attribute?.virtual) {
      for (const dependency of attribute.type.dependencies ?? []) add(dependency);
      return;
    }
    out.push(item);
  };
  selection.forEach(add);
  return out;
}
