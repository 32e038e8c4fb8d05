/**
 * A piece of SQL as compile/ builds it: `??` marks an identifier and `?` a bound value. A
 * dialect's spelling only arranges pieces it is given around fixed SQL text, so no value or
 * JSON key ever becomes SQL text here.
 */
export interface SqlPiece {
  sql: string;
  bindings: unknown[];
}

/** One step of a JSON path: an object key (any text) or an array index. */
export type JsonPathSegment = string | number;

/**
 * The types a JSON path (or an attribute) may be cast to with `'meta.age::integer'`. Only these
 * names are accepted: the cast's SQL type is the dialect's spelling of one of them, never the
 * text the user wrote.
 */
export const CAST_TYPES = [
  'integer',
  'int',
  'bigint',
  'float',
  'double',
  'real',
  'decimal',
  'numeric',
  'text',
  'string',
  'varchar',
  'date',
  'timestamp',
] as const;

/** The types `cast(value, type)` can convert to, on every dialect. */
export type CastType = (typeof CAST_TYPES)[number];

/** Operators written `left <op> right` that only some dialects have. */
export type SpelledOperator =
  | 'contains'
  | 'contained'
  | 'overlap'
  | 'regexp'
  | 'notRegexp'
  | 'iRegexp'
  | 'notIRegexp'
  | 'adjacent'
  | 'strictLeft'
  | 'strictRight'
  | 'noExtendLeft'
  | 'noExtendRight';

/** MySQL's full-text search modes: `IN NATURAL LANGUAGE MODE` (the default) or `IN BOOLEAN MODE`. */
export type FullTextMode = 'natural' | 'boolean';

/**
 * How a dialect writes what goes beyond plain comparison. Every member returns undefined where
 * the dialect lacks the feature, and the compiler turns that into an error naming the operator
 * and the dialect before any SQL is sent.
 */
export interface OperatorSpelling {
  /** `left <op> right`, or undefined where the dialect has no such operator. */
  binary(operator: SpelledOperator, left: SqlPiece, right: SqlPiece): SqlPiece | undefined;
  /**
   * Full-text match of `left` against `query`: a mode is MySQL's `MATCH ... AGAINST` choice;
   * undefined where the dialect has no full-text operator, or none with that mode.
   */
  match(left: SqlPiece, query: SqlPiece, mode: FullTextMode | undefined): SqlPiece | undefined;
  /**
   * `comparison ANY (...)`/`ALL (...)` over a list of bound values (`array`) or a subquery;
   * false where the dialect lacks that form.
   */
  quantified(kind: 'array' | 'subquery'): boolean;
  /**
   * An array value built from bound items, typed by the element's column type where known
   * (`ARRAY[?, ?]::integer[]`); undefined where the dialect has no arrays.
   */
  array(items: readonly SqlPiece[], elementType: string | undefined): SqlPiece | undefined;
  /** The scalar at a path of a JSON column, comparable with a bound value. */
  jsonValue(column: SqlPiece, path: readonly JsonPathSegment[], jsonb: boolean): SqlPiece;
  /** A scalar as it is bound to compare with `jsonValue` (booleans differ between dialects). */
  jsonScalar(value: unknown): unknown;
  /** The JSON column with the member at `path` set to `json` (JSON text), for an UPDATE. */
  jsonSet(column: SqlPiece, path: readonly JsonPathSegment[], json: string, jsonb: boolean): SqlPiece;
  /** The SQL type a cast to one of the allowed names means here. */
  castType(type: CastType): string;
}

/**
 * A JSON path in the `$."key"[0]` notation MySQL, MariaDB and SQLite share. Each key is written as
 * a JSON string (quotes and backslashes escaped), so any key, dots and quotes included, names
 * exactly one member. The path is bound as a value, never written into the SQL.
 */
export function dollarJsonPath(path: readonly JsonPathSegment[]): string {
  return `$${path.map((segment) => (typeof segment === 'number' ? `[${segment}]` : `.${JSON.stringify(segment)}`)).join('')}`;
}

/** `left <sql> right` with both pieces' bindings in order. */
export function infix(left: SqlPiece, operator: string, right: SqlPiece): SqlPiece {
  return { sql: `${left.sql} ${operator} ${right.sql}`, bindings: [...left.bindings, ...right.bindings] };
}
