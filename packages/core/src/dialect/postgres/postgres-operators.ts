import { infix, type CastType, type OperatorSpelling, type SpelledOperator } from '../operator-spelling';

const OPERATORS: Record<SpelledOperator, string> = {
  contains: '@>',
  contained: '<@',
  overlap: '&&',
  regexp: '~',
  notRegexp: '!~',
  iRegexp: '~*',
  notIRegexp: '!~*',
  adjacent: '-|-',
  strictLeft: '<<',
  strictRight: '>>',
  noExtendLeft: '&>',
  noExtendRight: '&<',
};

const CASTS: Record<CastType, string> = {
  integer: 'integer',
  int: 'integer',
  bigint: 'bigint',
  float: 'double precision',
  double: 'double precision',
  real: 'real',
  decimal: 'numeric',
  numeric: 'numeric',
  text: 'text',
  string: 'text',
  varchar: 'varchar',
  date: 'date',
  timestamp: 'timestamptz',
};

/**
 * PostgreSQL: the array, range and JSONB operators natively; JSON paths through
 * `json(b)_extract_path_text`, one bound parameter per key, so a key is never SQL text.
 */
export const postgresOperators: OperatorSpelling = {
  binary: (operator, left, right) => infix(left, OPERATORS[operator], right),
  match: (left, query, mode) => (mode === undefined ? infix(left, '@@', query) : undefined),
  quantified: () => true,
  // Bound items arrive untyped: without the element type, ARRAY[$1] would be text[].
  array: (items, elementType) => ({
    sql: `ARRAY[${items.map((item) => item.sql).join(', ')}]${elementType ? `::${elementType}[]` : ''}`,
    bindings: items.flatMap((item) => item.bindings),
  }),
  jsonValue(column, path, jsonb) {
    const keys = path.map(() => '?').join(', ');
    return {
      sql: `${jsonb ? 'jsonb' : 'json'}_extract_path_text(${column.sql}, ${keys})`,
      bindings: [...column.bindings, ...path.map(String)],
    };
  },
  // Extracted values are text: a boolean compares as 'true'/'false', a number as its digits.
  jsonScalar: (value) => (typeof value === 'boolean' ? String(value) : value),
  jsonSet(column, path, json, jsonb) {
    const keys = path.map(() => '?').join(', ');
    const target = jsonb ? column.sql : `${column.sql}::jsonb`;
    const set = `jsonb_set(${target}, ARRAY[${keys}]::text[], ?::jsonb, true)`;
    return { sql: jsonb ? set : `${set}::json`, bindings: [...column.bindings, ...path.map(String), json] };
  },
  castType: (type) => CASTS[type],
};
