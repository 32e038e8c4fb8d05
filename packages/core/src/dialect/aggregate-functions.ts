/**
 * What an aggregate's result is read back as: `number` (exact DECIMAL and BIGINT results stay
 * strings), `attribute` (the aggregated attribute's own type: MIN, MAX), or `as returned` (the
 * driver's value as it is: text, arrays, booleans, JSON).
 */
export type AggregateResult = 'number' | 'attribute' | 'as returned';

/** The aggregate functions every dialect has. */
const STANDARD_AGGREGATES: ReadonlyArray<[string, AggregateResult]> = [
  ['COUNT', 'number'],
  ['SUM', 'number'],
  ['AVG', 'number'],
  ['MIN', 'attribute'],
  ['MAX', 'attribute'],
];

/**
 * A dialect's allow-list for `Model.aggregate(attribute, name)`: the standard aggregates plus
 * the dialect's own, upper case. The name a caller passes becomes SQL text, so only genuine
 * aggregates are accepted (never SLEEP, PG_SLEEP or LOAD_FILE); `fn()` is the explicit escape
 * hatch for any other function. Only aggregates of one argument are listed, since aggregate()
 * passes one (STRING_AGG needs a separator: `[fn('STRING_AGG', col('x'), ','), 'xs']`).
 *
 * @example aggregateFunctions([['GROUP_CONCAT', 'as returned']]).get('GROUP_CONCAT') // 'as returned'
 */
export function aggregateFunctions(
  dialectAggregates: ReadonlyArray<[string, AggregateResult]>,
): ReadonlyMap<string, AggregateResult> {
  return new Map([...STANDARD_AGGREGATES, ...dialectAggregates]);
}

/** Statistical aggregates PostgreSQL and MySQL share: each reads back as a number. */
export const STATISTICAL_AGGREGATES: ReadonlyArray<[string, AggregateResult]> = [
  ['STDDEV', 'number'],
  ['STDDEV_POP', 'number'],
  ['STDDEV_SAMP', 'number'],
  ['VARIANCE', 'number'],
  ['VAR_POP', 'number'],
  ['VAR_SAMP', 'number'],
];

/** Bitwise aggregates PostgreSQL and MySQL share (BIT_XOR: PostgreSQL 14 and later). */
export const BITWISE_AGGREGATES: ReadonlyArray<[string, AggregateResult]> = [
  ['BIT_AND', 'number'],
  ['BIT_OR', 'number'],
  ['BIT_XOR', 'number'],
];
