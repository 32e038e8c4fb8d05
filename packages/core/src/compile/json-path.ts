import { CAST_TYPES, type CastType, type JsonPathSegment } from '../dialect/operator-spelling';

/** A where/json() key taken apart: `meta.address.city`, `meta.tags[0]`, `meta.age::integer`. */
export interface JsonPathKey {
  attribute: string;
  path: JsonPathSegment[];
  cast?: CastType;
}

/** Whether a key is written in path notation (a dot, an index or a cast), so worth parsing. */
export function looksLikePath(key: string): boolean {
  return /[.[\\]|::/.test(key);
}

/**
 * Parses a path key as Sequelize writes it: the attribute, then `.key` steps and `[n]` array
 * indexes, then an optional `::type` cast from the allow-list (CAST_TYPES). A backslash makes the
 * next character part of the key (`meta.a\.b` is the key `a.b`, `meta.a\:\:b` the key `a::b`).
 * Returns an error message for a malformed key. Keys are data: they are bound by the dialect,
 * never written into the SQL, so any text is a valid key.
 */
export function parseJsonPathKey(key: string): JsonPathKey | { error: string } {
  const segments: JsonPathSegment[] = [];
  let current = '';
  let pending = true; // a key segment is open (after the start or a dot)
  let cast: string | undefined;
  for (let i = 0; i < key.length; i++) {
    const char = key[i];
    if (char === '\\') {
      if (i + 1 >= key.length) return { error: 'ends with a lone backslash' };
      current += key[++i];
      pending = true;
    } else if (char === '.') {
      if (pending) segments.push(current);
      current = '';
      pending = true;
    } else if (char === '[') {
      const close = key.indexOf(']', i);
      const index = close < 0 ? '' : key.slice(i + 1, close);
      if (!/^\d{1,9}$/.test(index)) return { error: 'has a [ that is not an array index like [0]' };
      if (pending) segments.push(current);
      segments.push(Number(index));
      current = '';
      pending = false;
      i = close;
    } else if (char === ':' && key[i + 1] === ':') {
      cast = key.slice(i + 2);
      break;
    } else {
      if (!pending) return { error: `has ${JSON.stringify(char)} after an array index (use . or [n])` };
      current += char;
    }
  }
  if (pending) segments.push(current);
  const [attribute, ...path] = segments;
  if (typeof attribute !== 'string' || attribute === '') return { error: 'does not start with an attribute' };
  if (cast !== undefined && !(CAST_TYPES as readonly string[]).includes(cast)) {
    return { error: `casts to ${JSON.stringify(cast)}; the types a path can be cast to are ${CAST_TYPES.join(', ')}` };
  }
  return { attribute, path, cast: cast as CastType | undefined };
}
