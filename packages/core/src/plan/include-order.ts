import { Association, type ModelClass } from '../associations/association';
import { EagerLoadingError, InvalidQueryError } from '../errors/errors';
import { runtimeOf } from '../runtime/model-runtime';
import { col, isExpression } from '../compile/expressions';
import { isPlainObject } from '../compile/where';
import type { NormalizedInclude } from '../normalize/include';
import { loadsSeparately } from './select-plan';

/** A find's `order`, split between the query that reads the parents and the loads of its to-many includes. */
export interface SplitOrder {
  readonly rootOrder: unknown[];
  /** Per to-many include (at any depth below the joined ones): the items that order its rows. */
  readonly nestedOrder: ReadonlyMap<NormalizedInclude, unknown[]>;
}

/**
 * Splits `order` into the root query's items and the items that order a to-many include's
 * rows. `[User, 'name', 'DESC']`, `['user', 'name']` and `[{ model: User, as: 'author' },
 * 'name']` name an include path; a to-one path becomes `$user.name$`, a to-many path moves
 * to that include's query (ordering parents by a to-many attribute is ill-defined).
 */
export function splitOrder(model: ModelClass, order: unknown, include: readonly NormalizedInclude[]): SplitOrder {
  const rootOrder: unknown[] = [];
  const nestedOrder = new Map<NormalizedInclude, unknown[]>();
  if (order === undefined) return { rootOrder, nestedOrder };
  const items = isExpression(order) ? [order] : order;
  if (!Array.isArray(items)) throw new InvalidQueryError(`${runtimeOf(model).definition.name}: order must be a list`);
  for (const item of items) {
    if (!Array.isArray(item) || !isIncludeReference(item)) {
      rootOrder.push(item);
      continue;
    }
    const parts = [...item];
    const direction =
      typeof parts[parts.length - 1] === 'string' && isDirection(parts[parts.length - 1] as string)
        ? (parts.pop() as string)
        : 'ASC';
    const attribute = parts.pop();
    let current = include;
    let currentModel = model;
    const path: string[] = [];
    let moved = false;
    for (let index = 0; index < parts.length; index++) {
      const found = current.find((candidate) => matchesReference(candidate, parts[index]));
      if (!found) {
        throw new EagerLoadingError(
          `${runtimeOf(currentModel).definition.name}: order refers to ${describeReference(parts[index])}, which is not included; included: ${current.map((c) => c.as).join(', ') || 'none'}`,
        );
      }
      if (loadsSeparately(found)) {
        const rest = [...parts.slice(index + 1), attribute, direction];
        const target = rest.length === 2 ? [rest[0], rest[1]] : rest;
        nestedOrder.set(found, [...(nestedOrder.get(found) ?? []), target]);
        moved = true;
        break;
      }
      path.push(found.as);
      current = found.include;
      currentModel = found.target;
    }
    if (moved) continue;
    if (typeof attribute !== 'string') {
      throw new InvalidQueryError(`${runtimeOf(model).definition.name}: order by an include needs an attribute name`);
    }
    rootOrder.push([col(`$${[...path, attribute].join('.')}$`), direction]);
  }
  return { rootOrder, nestedOrder };
}

const DIRECTION = /^(ASC|DESC)?( NULLS (FIRST|LAST))?$/i;

function isDirection(value: string): boolean {
  return value.trim() !== '' && DIRECTION.test(value.trim().replace(/\s+/g, ' '));
}

/** An order entry that starts with an include: `[Model | 'alias' | association | { model, as }, ..., attribute, direction?]`. */
function isIncludeReference(item: unknown[]): boolean {
  const first = item[0];
  if (typeof first === 'function' || first instanceof Association) return true;
  if (isPlainObject(first) && ('model' in first || 'as' in first || 'association' in first)) return true;
  if (typeof first !== 'string') return false;
  return item.length >= 3 || (item.length === 2 && typeof item[1] === 'string' && !isDirection(item[1]));
}

function matchesReference(include: NormalizedInclude, reference: unknown): boolean {
  if (typeof reference === 'string') return include.as === reference;
  if (reference instanceof Association) return include.association === reference;
  if (typeof reference === 'function') return include.target === reference;
  if (isPlainObject(reference)) {
    const ref = reference as { model?: unknown; as?: string; association?: unknown };
    if (ref.as) return include.as === ref.as;
    if (ref.association) return matchesReference(include, ref.association);
    return include.target === ref.model;
  }
  return false;
}

function describeReference(reference: unknown): string {
  if (typeof reference === 'string') return reference;
  if (reference instanceof Association) return reference.as;
  if (typeof reference === 'function') return (reference as { name: string }).name;
  return JSON.stringify(reference);
}
