import type Database from 'better-sqlite3';
import { dollarJsonPath, infix, type CastType, type OperatorSpelling } from '../operator-spelling';

const CASTS: Record<CastType, string> = {
  integer: 'INTEGER',
  int: 'INTEGER',
  bigint: 'INTEGER',
  float: 'REAL',
  double: 'REAL',
  real: 'REAL',
  decimal: 'NUMERIC',
  numeric: 'NUMERIC',
  text: 'TEXT',
  string: 'TEXT',
  varchar: 'TEXT',
  date: 'TEXT',
  timestamp: 'TEXT',
};

/** The case-insensitive regexp function's name (SQLite has no operator for it). */
const IREGEXP = 'strata_iregexp';

/**
 * SQLite: REGEXP through the JavaScript functions `registerSqliteFunctions` adds to each
 * connection, JSON paths through JSON1's `json_extract` with one bound `$."key"[0]` path. No
 * arrays, ranges, ANY/ALL or full-text operator.
 */
export const sqliteOperators: OperatorSpelling = {
  binary(operator, left, right) {
    switch (operator) {
      case 'regexp':
        return infix(left, 'REGEXP', right);
      case 'notRegexp':
        return infix(left, 'NOT REGEXP', right);
      case 'iRegexp':
      case 'notIRegexp': {
        const call = { sql: `${IREGEXP}(${left.sql}, ${right.sql})`, bindings: [...left.bindings, ...right.bindings] };
        return operator === 'iRegexp' ? call : { sql: `NOT ${call.sql}`, bindings: call.bindings };
      }
      default:
        return undefined;
    }
  },
  match: () => undefined,
  quantified: () => false,
  array: () => undefined,
  jsonValue: (column, path) => ({
    sql: `json_extract(${column.sql}, ?)`,
    bindings: [...column.bindings, dollarJsonPath(path)],
  }),
  // json_extract returns true as 1, and better-sqlite3 cannot bind a boolean.
  jsonScalar: (value) => (typeof value === 'boolean' ? Number(value) : value),
  jsonSet: (column, path, json) => ({
    sql: `json_set(${column.sql}, ?, json(?))`,
    bindings: [...column.bindings, dollarJsonPath(path), json],
  }),
  castType: (type) => CASTS[type],
};

const patterns = new Map<string, RegExp>();

/** A compiled pattern, cached: the same few patterns run once per row. */
function pattern(source: string, flags: string): RegExp {
  const key = `${flags}/${source}`;
  let compiled = patterns.get(key);
  if (!compiled) {
    if (patterns.size > 256) patterns.clear();
    compiled = new RegExp(source, flags);
    patterns.set(key, compiled);
  }
  return compiled;
}

/**
 * Adds `regexp(pattern, value)`, which SQLite calls for `value REGEXP pattern`, and a
 * case-insensitive `strata_iregexp(value, pattern)`: JavaScript regular expressions, NULL when
 * either side is NULL (as on the servers).
 */
export function registerSqliteFunctions(database: Database.Database): void {
  const options = { deterministic: true };
  database.function('regexp', options, (source: unknown, value: unknown) =>
    source === null || value === null ? null : Number(pattern(String(source), 'u').test(String(value))),
  );
  database.function(IREGEXP, options, (value: unknown, source: unknown) =>
    source === null || value === null ? null : Number(pattern(String(source), 'iu').test(String(value))),
  );
}
