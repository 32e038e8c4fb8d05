/**
 * Operators are symbols, never strings: a where object built from user input (JSON bodies,
 * query strings) cannot contain a symbol key, so it cannot smuggle in an operator. A string key
 * such as `$gt` or `$or` is rejected rather than interpreted.
 */
const eq: unique symbol = Symbol.for('strata.eq');
const ne: unique symbol = Symbol.for('strata.ne');
const gt: unique symbol = Symbol.for('strata.gt');
const gte: unique symbol = Symbol.for('strata.gte');
const lt: unique symbol = Symbol.for('strata.lt');
const lte: unique symbol = Symbol.for('strata.lte');
const between: unique symbol = Symbol.for('strata.between');
const notBetween: unique symbol = Symbol.for('strata.notBetween');
const in_: unique symbol = Symbol.for('strata.in');
const notIn: unique symbol = Symbol.for('strata.notIn');
const like: unique symbol = Symbol.for('strata.like');
const notLike: unique symbol = Symbol.for('strata.notLike');
const iLike: unique symbol = Symbol.for('strata.iLike');
const notILike: unique symbol = Symbol.for('strata.notILike');
const startsWith: unique symbol = Symbol.for('strata.startsWith');
const endsWith: unique symbol = Symbol.for('strata.endsWith');
const substring: unique symbol = Symbol.for('strata.substring');
const is: unique symbol = Symbol.for('strata.is');
const not: unique symbol = Symbol.for('strata.not');
const and: unique symbol = Symbol.for('strata.and');
const or: unique symbol = Symbol.for('strata.or');
const col: unique symbol = Symbol.for('strata.col');
const contains: unique symbol = Symbol.for('strata.contains');
const contained: unique symbol = Symbol.for('strata.contained');
const overlap: unique symbol = Symbol.for('strata.overlap');
const any: unique symbol = Symbol.for('strata.any');
const all: unique symbol = Symbol.for('strata.all');
const regexp: unique symbol = Symbol.for('strata.regexp');
const notRegexp: unique symbol = Symbol.for('strata.notRegexp');
const iRegexp: unique symbol = Symbol.for('strata.iRegexp');
const notIRegexp: unique symbol = Symbol.for('strata.notIRegexp');
const match: unique symbol = Symbol.for('strata.match');
const adjacent: unique symbol = Symbol.for('strata.adjacent');
const strictLeft: unique symbol = Symbol.for('strata.strictLeft');
const strictRight: unique symbol = Symbol.for('strata.strictRight');
const noExtendLeft: unique symbol = Symbol.for('strata.noExtendLeft');
const noExtendRight: unique symbol = Symbol.for('strata.noExtendRight');

/**
 * The operators of a where, as symbols: `{ age: { [Op.gt]: 18 } }`, `{ [Op.or]: [a, b] }`. Only these
 * symbols are operators; a string key such as `$gt` is refused, so request data (which cannot hold a
 * symbol) never becomes an operator. See docs/querying.md for each.
 * @example
 * await User.findAll({ where: { name: { [Op.like]: 'A%' }, age: { [Op.between]: [18, 30] } } });
 */
export const Op = {
  eq,
  ne,
  gt,
  gte,
  lt,
  lte,
  between,
  notBetween,
  in: in_,
  notIn,
  like,
  notLike,
  iLike,
  notILike,
  startsWith,
  endsWith,
  substring,
  is,
  not,
  and,
  or,
  col,
  contains,
  contained,
  overlap,
  any,
  all,
  regexp,
  notRegexp,
  iRegexp,
  notIRegexp,
  match,
  adjacent,
  strictLeft,
  strictRight,
  noExtendLeft,
  noExtendRight,
} as const;

export type OpSymbol = (typeof Op)[keyof typeof Op];

const names = new Map<symbol, string>(Object.entries(Op).map(([name, symbol]) => [symbol, name]));

export function operatorName(symbol: symbol): string | undefined {
  return names.get(symbol);
}
