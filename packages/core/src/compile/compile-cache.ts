import type { CompiledQuery } from '../execution/executor';
import type { SqlFragment } from './sql-fragment';

/**
 * Compile once per query shape (DESIGN.md). A query's SQL text depends only on its shape:
 * the table, the identifiers and the fragments' text, never on the values bound to its `?`s.
 * The first time a shape is seen, knex builds it; the SQL is kept under the shape's key and
 * later queries of that shape only pass their values along, skipping the builder.
 *
 * The trap: knex decides the order of the bindings, so the cache never assumes it. It learns
 * a shape by building the query with a distinct marker in place of every value, and keeps the
 * SQL only if knex returned exactly those markers, in the order given; the first query of the
 * shape then binds its values into that SQL like every later one. A shape knex treats
 * differently is simply never cached, and its queries are built by knex with their values.
 *
 * @example
 * const compiled = context.shapeCache.compile(key, values, [limit], (v, tail) => buildWithKnex(v, tail));
 */
export class ShapeCache {
  private readonly sqlByShape = new Map<string, string>();
  private readonly refused = new Set<string>();

  constructor(private readonly capacity = 2000) {}

  /**
   * The compiled query for `key`, whose bindings are `values` then `tail` in that order.
   * `build` must produce the query with knex from the values it is given: `values` may be
   * replaced by marker strings, `tail` (limit, offset: numbers knex checks) by other numbers.
   * A key of undefined means "not cacheable": `build` runs as it is.
   */
  compile(
    key: string | undefined,
    values: unknown[],
    tail: readonly number[],
    build: (values: readonly unknown[], tail: readonly number[]) => CompiledQuery,
  ): CompiledQuery {
    if (key === undefined || !values.every(passesThrough)) return build(values, tail);
    const sql =
      this.sqlByShape.get(key) ??
      (this.refused.has(key) ? undefined : this.learn(key, values.length, tail.length, build));
    if (sql === undefined) return build(values, tail);
    for (const value of tail) values.push(value);
    return { sql, bindings: values };
  }

  /** The SQL learned for `key`, if the shape is cached (for a caller's own memo of its last shape). */
  cachedSql(key: string): string | undefined {
    return this.sqlByShape.get(key);
  }

  /**
   * Builds the shape once, with a marker in place of every value, and keeps its SQL if knex
   * returned exactly those markers in that order; the SQL, or undefined for a refused shape.
   * A scalar value never changes the text knex writes for its `?` (that is what the cache
   * relies on for every later query of the shape), so the first query uses this SQL too.
   */
  private learn(
    key: string,
    valueCount: number,
    tailCount: number,
    build: (values: readonly unknown[], tail: readonly number[]) => CompiledQuery,
  ): string | undefined {
    if (this.sqlByShape.size + this.refused.size >= this.capacity) {
      this.sqlByShape.clear();
      this.refused.clear();
    }
    const markers = Array.from({ length: valueCount }, (_, index) => `\u0000strata-value-${index}\u0000`);
    const tailMarkers = Array.from({ length: tailCount }, (_, index) => 982_451_653 + index);
    let probe: CompiledQuery;
    try {
      probe = build(markers, tailMarkers);
    } catch {
      this.refused.add(key);
      return undefined;
    }
    const expected = [...markers, ...tailMarkers];
    const faithful =
      probe.bindings.length === expected.length &&
      probe.bindings.every((binding, index) => binding === expected[index]);
    if (!faithful) {
      this.refused.add(key);
      return undefined;
    }
    this.sqlByShape.set(key, probe.sql);
    return probe.sql;
  }
}

/**
 * Values knex binds exactly as given, so a cached shape can bind them without knex. Anything
 * else (undefined, arrays, objects, knex builders) goes through knex as before.
 */
export function passesThrough(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'bigint':
    case 'boolean':
      return true;
    case 'object':
      return value === null || value instanceof Date || Buffer.isBuffer(value);
    default:
      return false;
  }
}

const PLACEHOLDER = /\\?\?\??/g;

/** Per fragment text: its placeholders in order, true for `??` (an identifier), false for `?`. */
const placeholderKinds = new Map<string, boolean[]>();

/** The placeholders of a fragment's SQL, scanned once per distinct text (a bounded memo). */
export function placeholdersOf(sql: string): boolean[] {
  let kinds = placeholderKinds.get(sql);
  if (!kinds) {
    kinds = [];
    for (const match of sql.matchAll(PLACEHOLDER)) if (match[0] !== '\\?') kinds.push(match[0] === '??');
    if (placeholderKinds.size >= 1000) placeholderKinds.clear();
    placeholderKinds.set(sql, kinds);
  }
  return kinds;
}

/**
 * Splits fragments (knex raw notation) into what fixes the SQL text — their text and their
 * `??` identifiers — and their `?` values, in order. Returns undefined when an identifier is
 * not a plain string (the shape is then not cacheable).
 */
export function fragmentShape(
  fragments: ReadonlyArray<SqlFragment | undefined>,
  values: unknown[],
  prefix = '',
): string | undefined {
  let key = prefix;
  for (const part of fragments) {
    const partKey = part ? fragmentKey(part, values) : '-|';
    if (partKey === undefined) return undefined;
    key += partKey;
  }
  return key;
}

/** A binding that is itself a query (a subquery recipe), keyed by its own shape rather than bound as a value. */
export interface NestedShape<Nested> {
  is(binding: unknown): binding is Nested;
  /** The nested query's shape key, its values appended to `values`; undefined when it is not cacheable. */
  shape(binding: Nested, values: unknown[]): string | undefined;
}

/**
 * One fragment's part of a shape key: its text and `??` identifiers; its `?` values are appended
 * to `values`, except bindings `nested` recognises, which are keyed by their own shape.
 */
export function fragmentKey<Nested>(
  part: SqlFragment,
  values: unknown[],
  nested?: NestedShape<Nested>,
): string | undefined {
  let key = `${part.sql.length}:${part.sql}|`;
  if (part.bindings.length === 0) return key;
  const kinds = placeholdersOf(part.sql);
  if (kinds.length !== part.bindings.length) return undefined;
  for (let index = 0; index < kinds.length; index += 1) {
    const binding = part.bindings[index];
    if (kinds[index]) {
      if (typeof binding !== 'string') return undefined;
      key += `${binding.length}:${binding}|`;
    } else if (nested?.is(binding)) {
      const inner = nested.shape(binding, values);
      if (inner === undefined) return undefined;
      key += `(${inner})|`;
    } else {
      values.push(binding);
    }
  }
  return key;
}

/**
 * The fragments again with their `?` values replaced, in order, by `values` (identifiers kept):
 * what `build` uses to compile a shape from the values the cache hands it.
 */
export function refillFragments<T extends SqlFragment | undefined>(
  fragments: readonly T[],
  values: readonly unknown[],
): T[] {
  let next = 0;
  return fragments.map((part) => {
    if (!part || part.bindings.length === 0) return part;
    const bindings = placeholdersOf(part.sql).map((identifier, index) =>
      identifier ? part.bindings[index] : values[next++],
    );
    return { sql: part.sql, bindings } as T;
  });
}
