import type { LossyValueCheck } from './dialect';

/** How a server dialect (PostgreSQL, MySQL) writes the parts of a lossy-value condition. */
export interface LossyValueSyntax {
  /** The column's value as text, with `??` for the column: `CAST(?? AS TEXT)`. */
  text: string;
  /** Text (an expression) as an exact number. */
  number(text: string): string;
  /** The operator that matches text against a POSIX regular expression (`~`, `REGEXP`). */
  matches: string;
}

/** A number in text: sign, digits, decimals, exponent, surrounding spaces. */
const NUMBER_PATTERN = '^[[:space:]]*[-+]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][-+]?[0-9]+)?[[:space:]]*$';
/** A whole number in text (`2.00` is whole: converting it loses nothing). */
const INTEGER_PATTERN = '^[[:space:]]*[-+]?[0-9]+([.]0*)?[[:space:]]*$';

/**
 * The lossy-value condition for a dialect with regular expressions and exact numeric casts:
 * values are matched as text first, so a value that is not a number is counted rather than
 * failing the count with a cast error.
 */
export function serverLossyCondition(
  syntax: LossyValueSyntax,
  column: string,
  check: LossyValueCheck,
): { sql: string; bindings: unknown[] } {
  const text = syntax.text;
  const number = syntax.number(text);
  switch (check.kind) {
    case 'length':
      return withColumn(`CHAR_LENGTH(${text}) > ?`, column, [check.max]);
    case 'integer':
      return withColumn(
        `(CASE WHEN ${text} ${syntax.matches} ? THEN (${number} < ? OR ${number} > ?) ELSE ?? IS NOT NULL END)`,
        column,
        [INTEGER_PATTERN, check.min, check.max],
      );
    case 'decimal':
      return withColumn(
        `(CASE WHEN ${text} ${syntax.matches} ? THEN (ABS(${number}) >= ? OR ${number} <> ROUND(${number}, ?)) ELSE ?? IS NOT NULL END)`,
        column,
        [NUMBER_PATTERN, decimalLimit(check.precision, check.scale), check.scale],
      );
    case 'number':
      return withColumn(`(?? IS NOT NULL AND NOT (${text} ${syntax.matches} ?))`, column, [NUMBER_PATTERN]);
    default:
      return commonLossyCondition(text, column, check);
  }
}

/** The conditions every dialect writes alike (given how it writes a value as text). */
export function commonLossyCondition(
  text: string,
  column: string,
  check: LossyValueCheck,
): { sql: string; bindings: unknown[] } {
  switch (check.kind) {
    case 'oneOf':
      return withColumn(`(?? IS NOT NULL AND ${text} NOT IN (${check.values.map(() => '?').join(', ')}))`, column, [
        ...check.values,
      ]);
    case 'notNull':
      return withColumn('?? IS NULL', column, []);
    case 'anyValue':
      return withColumn('?? IS NOT NULL', column, []);
    default:
      throw new TypeError(`No common condition for the ${check.kind} check`);
  }
}

/** The smallest absolute value DECIMAL(precision, scale) cannot hold, as text: `1000` for (5, 2). */
export function decimalLimit(precision: number, scale: number): string {
  return `1${'0'.repeat(Math.max(0, precision - scale))}`;
}

/** Binds `column` at every `??` and `values` at the `?`s, in the order they appear in `sql`. */
export function withColumn(
  sql: string,
  column: string,
  values: readonly unknown[],
): { sql: string; bindings: unknown[] } {
  const bindings: unknown[] = [];
  let next = 0;
  for (const marker of sql.match(/\?\??/g) ?? []) bindings.push(marker === '??' ? column : values[next++]);
  return { sql, bindings };
}
