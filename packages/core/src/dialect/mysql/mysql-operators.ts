import { dollarJsonPath, infix, type CastType, type OperatorSpelling } from '../operator-spelling';

const CASTS: Record<CastType, string> = {
  integer: 'SIGNED',
  int: 'SIGNED',
  bigint: 'SIGNED',
  float: 'DOUBLE',
  double: 'DOUBLE',
  real: 'DOUBLE',
  decimal: 'DECIMAL(65,30)',
  numeric: 'DECIMAL(65,30)',
  text: 'CHAR',
  string: 'CHAR',
  varchar: 'CHAR',
  date: 'DATE',
  timestamp: 'DATETIME(3)',
};

/**
 * MySQL and MariaDB: REGEXP (made case-sensitive or not with an inline `(?-i)`/`(?i)` flag, since
 * the column's collation would otherwise decide), `MATCH ... AGAINST` for full-text, and JSON
 * paths as one bound `$."key"[0]` path. No arrays, ranges or array ANY/ALL.
 */
export const mysqlOperators: OperatorSpelling = {
  binary(operator, left, right) {
    // The flag is bound too: a `?` written into the SQL would read as a placeholder.
    const flagged = (flag: string): typeof right => ({
      sql: `CONCAT(?, ${right.sql})`,
      bindings: [flag, ...right.bindings],
    });
    switch (operator) {
      case 'regexp':
        return infix(left, 'REGEXP', flagged('(?-i)'));
      case 'notRegexp':
        return infix(left, 'NOT REGEXP', flagged('(?-i)'));
      case 'iRegexp':
        return infix(left, 'REGEXP', flagged('(?i)'));
      case 'notIRegexp':
        return infix(left, 'NOT REGEXP', flagged('(?i)'));
      default:
        return undefined;
    }
  },
  match: (left, query, mode) => ({
    sql: `MATCH (${left.sql}) AGAINST (${query.sql} IN ${mode === 'boolean' ? 'BOOLEAN' : 'NATURAL LANGUAGE'} MODE)`,
    bindings: [...left.bindings, ...query.bindings],
  }),
  quantified: (kind) => kind === 'subquery',
  array: () => undefined,
  jsonValue: (column, path) => ({
    sql: `JSON_UNQUOTE(JSON_EXTRACT(${column.sql}, ?))`,
    bindings: [...column.bindings, dollarJsonPath(path)],
  }),
  // JSON_UNQUOTE gives text: true reads 'true', which a bound true (1) would not equal.
  jsonScalar: (value) => (typeof value === 'boolean' ? String(value) : value),
  // JSON_EXTRACT(?, '$') turns the bound JSON text into a JSON value (MariaDB has no CAST AS JSON).
  jsonSet: (column, path, json) => ({
    sql: `JSON_SET(${column.sql}, ?, JSON_EXTRACT(?, '$'))`,
    bindings: [...column.bindings, dollarJsonPath(path), json],
  }),
  castType: (type) => CASTS[type],
};
