import { Where } from './expressions';
import { Op } from './operators';
import { MAX_WHERE_NESTING, isNestedKey, isPlainObject, logicalItems } from './where';

/**
 * Which rows a where matches before any data is looked at: compileWhere turns an empty AND and
 * NOT IN () into `1 = 1`, an empty OR and IN () into `1 = 0`, and NOT flips them, so a where
 * can match every row (or none) by its structure alone.
 */
export type WhereReach = 'every row' | 'no row' | 'depends on the data';

/**
 * Decides from its structure, with compileWhere's semantics, whether a where matches every row,
 * no row, or depends on the data. No where at all matches every row. A where compileWhere would
 * refuse depends on the data here, so that compileWhere reports what is wrong with it; so does
 * a where nested deeper than compileWhere accepts (MAX_WHERE_NESTING).
 *
 * @example whereReach({ [Op.not]: { [Op.or]: [] } }) // 'every row'
 * @example whereReach({ id: { [Op.in]: [] } })       // 'no row'
 */
export function whereReach(where: unknown): WhereReach {
  return where === undefined || where === null ? 'every row' : conditionReach(where, 0);
}

function conditionReach(where: unknown, depth: number): WhereReach {
  if (depth > MAX_WHERE_NESTING) return 'depends on the data';
  if (where instanceof Where) return expressionConditionReach(where, depth);
  // A literal is SQL the caller vouches for; anything else is refused by compileWhere.
  if (!isPlainObject(where)) return 'depends on the data';
  return allOf([
    ...Object.keys(where).map((key) =>
      isNestedKey(key) ? 'depends on the data' : attributeReach(where[key], depth + 1),
    ),
    ...Object.getOwnPropertySymbols(where).map((symbol) => logicalReach(symbol, where[symbol], depth + 1)),
  ]);
}

function logicalReach(symbol: symbol, value: unknown, depth: number): WhereReach {
  if (symbol === Op.and || symbol === Op.or) {
    const items = logicalItems(value);
    if (!items) return 'depends on the data';
    const reaches = items.map((item) => conditionReach(item, depth));
    return symbol === Op.and ? allOf(reaches) : anyOf(reaches);
  }
  if (symbol === Op.not) return negate(conditionReach(value, depth));
  return 'depends on the data';
}

/** `{ attribute: value }`: a value, a list (IN) or an object of operators (all must hold). */
function attributeReach(value: unknown, depth: number): WhereReach {
  if (depth > MAX_WHERE_NESTING) return 'depends on the data';
  if (Array.isArray(value)) return operatorReach(Op.in, value, depth);
  // compileWhere refuses an object with string keys or without operators.
  if (!isPlainObject(value) || Object.keys(value).length > 0) return 'depends on the data';
  return allOf(
    Object.getOwnPropertySymbols(value).map((operator) => operatorReach(operator, value[operator], depth + 1)),
    'depends on the data',
  );
}

/** `where(left, operator, right)` and `where(left, { [Op.x]: value, ... })`. */
function expressionConditionReach(condition: Where, depth: number): WhereReach {
  const operator = condition.operator;
  if (typeof operator === 'symbol') return operatorReach(operator, condition.right, depth);
  if (!isPlainObject(operator)) return 'depends on the data';
  return allOf(
    Object.getOwnPropertySymbols(operator).map((symbol) => operatorReach(symbol, operator[symbol], depth + 1)),
  );
}

function operatorReach(operator: symbol, value: unknown, depth: number): WhereReach {
  if (operator === Op.and || operator === Op.or) {
    const items = logicalItems(value);
    if (!items) return 'depends on the data';
    const reaches = items.map((item) => (isPlainObject(item) ? attributeReach(item, depth) : 'depends on the data'));
    return operator === Op.and ? allOf(reaches) : anyOf(reaches);
  }
  if (operator === Op.not) return isPlainObject(value) ? negate(attributeReach(value, depth)) : 'depends on the data';
  if ((operator === Op.in || operator === Op.notIn) && Array.isArray(value) && value.length === 0) {
    return operator === Op.in ? 'no row' : 'every row';
  }
  // `{ [Op.any]: [] }` compiles to 1 = 0 and `{ [Op.all]: [] }` to 1 = 1, also under a
  // comparison (`{ [Op.gt]: { [Op.all]: [] } }`).
  if (operator === Op.any || operator === Op.all) return quantifiedReach(operator, value);
  if (COMPARISONS.has(operator) && isPlainObject(value) && Object.keys(value).length === 0) {
    const symbols = Object.getOwnPropertySymbols(value);
    if (symbols.length === 1 && (symbols[0] === Op.any || symbols[0] === Op.all)) {
      return quantifiedReach(symbols[0], value[symbols[0]]);
    }
  }
  return 'depends on the data';
}

const COMPARISONS = new Set<symbol>([Op.eq, Op.ne, Op.gt, Op.gte, Op.lt, Op.lte]);

function quantifiedReach(quantifier: symbol, value: unknown): WhereReach {
  if (!Array.isArray(value) || value.length > 0) return 'depends on the data';
  return quantifier === Op.any ? 'no row' : 'every row';
}

/** AND: no row when one part matches none, every row when all (or no part) match all. */
function allOf(reaches: WhereReach[], whenEmpty: WhereReach = 'every row'): WhereReach {
  if (reaches.length === 0) return whenEmpty;
  if (reaches.includes('no row')) return 'no row';
  return reaches.every((reach) => reach === 'every row') ? 'every row' : 'depends on the data';
}

/** OR: every row when one part matches all, no row when all (or no part) match none. */
function anyOf(reaches: WhereReach[]): WhereReach {
  if (reaches.includes('every row')) return 'every row';
  return reaches.every((reach) => reach === 'no row') ? 'no row' : 'depends on the data';
}

function negate(reach: WhereReach): WhereReach {
  return reach === 'every row' ? 'no row' : reach === 'no row' ? 'every row' : reach;
}
