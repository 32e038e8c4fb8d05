import { describeValue } from '@strata/validation';
import { messagesIncludeValues, type AttributeDefinition, type ModelDefinition } from '../definition/model-definition';
import { coerceValue } from '../definition/value-types';
import type { DataType } from '../definition/data-types';
import type { Dialect } from '../dialect/dialect';
import { InvalidQueryError } from '../errors/errors';
import {
  Cast,
  Col,
  Fn,
  Json,
  JsonSet,
  Literal,
  Where,
  assertCastType,
  assertFunctionName,
  isExpression,
} from './expressions';
import {
  CAST_TYPES,
  type CastType,
  type FullTextMode,
  type JsonPathSegment,
  type SpelledOperator,
} from '../dialect/operator-spelling';
import { looksLikePath, parseJsonPathKey } from './json-path';
import { Op, operatorName } from './operators';
import { PATH_SEPARATOR } from '../plan/aliases';
import { escapePlaceholders, fragment, joinFragments, type SqlFragment } from './sql-fragment';

/** Where a column reference points: the SQL identifier and the attribute it holds, if known. */
export interface ResolvedColumn {
  identifier: string;
  attribute?: AttributeDefinition;
  /** For a selection alias: the aliased expression (HAVING cannot name an alias on PostgreSQL). */
  expression?: SqlFragment;
}

/** The left side of a condition: a column or an expression, and the attribute typing its values. */
interface Operand {
  sql: SqlFragment;
  attribute?: AttributeDefinition;
  /** For a JSON path: the column and the path so far (nested where objects extend it). */
  json?: JsonOperand;
}

interface JsonOperand {
  column: SqlFragment;
  attribute: AttributeDefinition;
  path: JsonPathSegment[];
  cast?: CastType;
}

const columnOperand = (column: ResolvedColumn): Operand => ({
  sql: column.expression ?? fragment('??', [column.identifier]),
  attribute: column.attribute,
});

/** `<left> <sql>`: the operand followed by SQL text and its bindings. */
function on(left: Operand, sql: string, bindings: unknown[] = []): SqlFragment {
  return fragment(`${left.sql.sql} ${sql}`, [...left.sql.bindings, ...bindings]);
}

export interface WhereContext {
  definition: ModelDefinition;
  dialect: Dialect;
  /** The table name or alias columns are qualified with. */
  tableAlias: string;
  /** Aliases the query selects (`[fn(...), 'n']`), which having may refer to. */
  aliases?: ReadonlyMap<string, SqlFragment>;
  /** Resolves `$include.attribute$` keys; without it they are rejected. */
  resolveNested?: (path: string) => ResolvedColumn;
  /**
   * Compiles a whole `'$include.attribute$': value` condition when the path is not a column
   * of the query (a to-many include: an EXISTS subquery); undefined falls back to resolveNested.
   */
  nestedCondition?: (path: string, value: unknown) => SqlFragment | undefined;
  /**
   * A table without a model (the query interface's bulkUpdate/bulkDelete): every key is a
   * column of `tableAlias`, and values are bound as they are, since no attribute types them.
   */
  untypedColumns?: boolean;
}

const COMPARISONS = new Map<symbol, string>([
  [Op.eq, '='],
  [Op.ne, '<>'],
  [Op.gt, '>'],
  [Op.gte, '>='],
  [Op.lt, '<'],
  [Op.lte, '<='],
]);

// Where a condition compiles to one of these by construction, whereReach (where-reach.ts) must
// say so too: the write guards rely on it to spot a where that matches every row.
const TRUE = fragment('1 = 1');
const FALSE = fragment('1 = 0');

/**
 * Compiles a where object into one SQL fragment. Keys are checked against the model's
 * attributes, operators must be `Op` symbols, values are coerced to the attribute's type and
 * bound. `undefined` anywhere is an error, never "no condition".
 *
 * @example compileWhere({ age: { [Op.gte]: 18 }, [Op.or]: [{ name: 'a' }, { name: 'b' }] }, ctx)
 */
export function compileWhere(where: unknown, context: WhereContext): SqlFragment {
  return nested(context, () => compileWhereObject(where, context));
}

/**
 * How deep where objects may nest (a where object, an attribute's operator object, each Op.and,
 * Op.or or Op.not level counts one). Far beyond any hand-written where; it stops a generated one
 * (`{ [Op.and]: [{ [Op.and]: [...] }] }` thousands deep) with an InvalidQueryError before the
 * recursion overflows the stack with a RangeError. whereReach stops at the same depth.
 */
export const MAX_WHERE_NESTING = 100;
let nesting = 0;

function nested<T>(context: WhereContext, build: () => T): T {
  if (nesting >= MAX_WHERE_NESTING) {
    throw invalid(context, `where nests deeper than ${MAX_WHERE_NESTING} levels`);
  }
  nesting++;
  try {
    return build();
  } finally {
    nesting--;
  }
}

function compileWhereObject(where: unknown, context: WhereContext): SqlFragment {
  if (where instanceof Where) return compileWhereHelper(where, context);
  if (where instanceof Literal) return fragment(escapePlaceholders(where.sql));
  if (!isPlainObject(where)) {
    throw new InvalidQueryError(
      `${context.definition.name}: where must be an object, got ${shownValue(where, context)}`,
    );
  }
  const parts: SqlFragment[] = [];
  for (const key of Object.keys(where)) {
    parts.push(compileAttribute(key, where[key], context));
  }
  for (const symbol of Object.getOwnPropertySymbols(where)) {
    parts.push(compileLogical(symbol, (where as Record<symbol, unknown>)[symbol], context));
  }
  return combine(parts, 'AND');
}

function compileLogical(symbol: symbol, value: unknown, context: WhereContext): SqlFragment {
  if (symbol === Op.and || symbol === Op.or) {
    const items = logicalItems(value);
    if (!items) throw invalid(context, `Op.${operatorName(symbol)} takes an array or an object`);
    return combine(
      items.map((item) => compileWhere(item, context)),
      symbol === Op.and ? 'AND' : 'OR',
    );
  }
  if (symbol === Op.not) {
    const inner = compileWhere(value, context);
    return fragment(`NOT (${inner.sql})`, inner.bindings);
  }
  throw invalid(context, `${String(symbol)} is not a logical operator here (use Op.and, Op.or, Op.not)`);
}

function compileAttribute(key: string, value: unknown, context: WhereContext): SqlFragment {
  if (context.nestedCondition && isNestedKey(key)) {
    const condition = context.nestedCondition(key.slice(1, -1), value);
    if (condition) return condition;
  }
  const column = pathOperand(key, context) ?? columnOperand(resolveColumn(key, context));
  return compileCondition(column, key, value, context);
}

/** `{ key: value }` once the key is resolved to an operand. */
function compileCondition(column: Operand, key: string, value: unknown, context: WhereContext): SqlFragment {
  if (value === undefined) {
    throw invalid(context, `where.${key} is undefined (use null to match NULL)`);
  }
  if (isWholeValue(column, value)) return compileOperator(column, key, Op.eq, value, context);
  if (isPlainObject(value) && Object.keys(value).length > 0 && isJsonOperand(column)) {
    return nested(context, () => compileJsonObject(column, key, value, context));
  }
  if (isPlainObject(value)) {
    const stringKeys = Object.keys(value);
    if (stringKeys.length > 0) {
      const operatorLike = stringKeys.find((k) => k.startsWith('$'));
      throw invalid(
        context,
        operatorLike
          ? `where.${key} uses the string operator '${operatorLike}'; only Op symbols are operators (e.g. Op.${operatorLike.slice(1)})`
          : `where.${key} got an object where a value was expected`,
      );
    }
    const symbols = Object.getOwnPropertySymbols(value);
    if (symbols.length === 0) throw invalid(context, `where.${key} got an empty object`);
    return nested(context, () =>
      combine(
        symbols.map((symbol) =>
          compileOperator(column, key, symbol, (value as Record<symbol, unknown>)[symbol], context),
        ),
        'AND',
      ),
    );
  }
  return compileOperator(column, key, Array.isArray(value) ? Op.in : Op.eq, value, context);
}

/**
 * A key in path notation (`meta.address.city`, `meta.tags[0]`, `meta.age::integer`): the JSON
 * member it names as an operand, or undefined for a plain attribute name.
 */
function pathOperand(key: string, context: WhereContext): Operand | undefined {
  if (typeof key !== 'string' || context.untypedColumns || isNestedKey(key) || !looksLikePath(key)) return undefined;
  if (context.definition.attributes.has(key) || context.aliases?.has(key)) return undefined;
  const parsed = parseJsonPathKey(key);
  if ('error' in parsed) throw invalid(context, `where.${key}: the path ${parsed.error}`);
  const base = columnOperand(resolveColumn(parsed.attribute, context));
  if (parsed.path.length === 0) return parsed.cast ? { sql: castSql(base.sql, parsed.cast, context) } : base;
  const attribute = base.attribute;
  if (!attribute || !isJsonAttribute(attribute)) {
    throw invalid(
      context,
      `where.${key}: ${parsed.attribute} is not a JSON attribute, so it has no path ${JSON.stringify(parsed.path)}`,
    );
  }
  return jsonOperand({ column: base.sql, attribute, path: parsed.path, cast: parsed.cast }, context);
}

function isJsonAttribute(attribute: AttributeDefinition | undefined): boolean {
  return attribute?.type.key === 'JSON' || attribute?.type.key === 'JSONB';
}

/** A JSON attribute itself, or a path into one: plain objects under it walk its keys. */
function isJsonOperand(operand: Operand): boolean {
  return operand.json !== undefined || isJsonAttribute(operand.attribute);
}

function jsonOperand(json: JsonOperand, context: WhereContext): Operand {
  const value = context.dialect.operators.jsonValue(json.column, json.path, json.attribute.type.key === 'JSONB');
  return { sql: json.cast ? castSql(value, json.cast, context) : value, json };
}

function castSql(value: SqlFragment, cast: CastType, context: WhereContext): SqlFragment {
  return fragment(`CAST(${value.sql} AS ${context.dialect.operators.castType(cast)})`, value.bindings);
}

/**
 * `{ meta: { address: { city: 'Oslo' } } }`: each string key is one more step into the JSON
 * value (the key is data, bound by the dialect), each symbol an operator on the path so far.
 * A key starting with `$` is refused as everywhere else, so a where built from request input
 * never has a string operator read as a key either (`'meta.$key'` names such a key).
 */
function compileJsonObject(
  operand: Operand,
  key: string,
  value: Record<string | symbol, unknown>,
  context: WhereContext,
): SqlFragment {
  const base: JsonOperand = operand.json
    ? { ...operand.json, cast: undefined }
    : { column: operand.sql, attribute: operand.attribute as AttributeDefinition, path: [] };
  const parts: SqlFragment[] = [];
  for (const step of Object.keys(value)) {
    if (step.startsWith('$')) {
      throw invalid(
        context,
        `where.${key} uses the string operator '${step}'; only Op symbols are operators (e.g. Op.${step.slice(1)}); ` +
          `a JSON key starting with $ is named by a path key ('${key}.${step}')`,
      );
    }
    // As in Sequelize v6, `{ meta: { 'age::integer': ... } }` casts; only an allowed type does,
    // any other `::` is part of the key.
    const cast = /^(.*)::([a-z]+)$/s.exec(step);
    const child =
      cast && (CAST_TYPES as readonly string[]).includes(cast[2])
        ? jsonOperand({ ...base, path: [...base.path, cast[1]], cast: cast[2] as CastType }, context)
        : jsonOperand({ ...base, path: [...base.path, step] }, context);
    parts.push(compileCondition(child, `${key}.${step}`, value[step], context));
  }
  for (const symbol of Object.getOwnPropertySymbols(value)) {
    parts.push(compileOperator(operand, key, symbol, value[symbol], context));
  }
  return combine(parts, 'AND');
}

const SPELLED = new Map<symbol, SpelledOperator>([
  [Op.contains, 'contains'],
  [Op.contained, 'contained'],
  [Op.overlap, 'overlap'],
  [Op.regexp, 'regexp'],
  [Op.notRegexp, 'notRegexp'],
  [Op.iRegexp, 'iRegexp'],
  [Op.notIRegexp, 'notIRegexp'],
  [Op.adjacent, 'adjacent'],
  [Op.strictLeft, 'strictLeft'],
  [Op.strictRight, 'strictRight'],
  [Op.noExtendLeft, 'noExtendLeft'],
  [Op.noExtendRight, 'noExtendRight'],
]);

const REGEXPS = new Set<symbol>([Op.regexp, Op.notRegexp, Op.iRegexp, Op.notIRegexp]);
const CONTAINMENT = new Set<symbol>([Op.contains, Op.contained, Op.overlap]);

function unsupported(context: WhereContext, key: string, name: string, what = ''): InvalidQueryError {
  return invalid(context, `where.${key}: Op.${name}${what} is not supported on ${context.dialect.name}`);
}

/** The operators only some dialects have: the dialect spells them, or the query is refused. */
function compileSpelled(
  column: Operand,
  key: string,
  operator: symbol,
  spelled: SpelledOperator,
  value: unknown,
  context: WhereContext,
): SqlFragment {
  const name = operatorName(operator) as string;
  // Asked first with empty pieces, so a dialect without the operator refuses before any value is looked at.
  if (!context.dialect.operators.binary(spelled, fragment(''), fragment(''))) throw unsupported(context, key, name);
  if (column.json && CONTAINMENT.has(operator)) {
    throw invalid(
      context,
      `where.${key}: Op.${name} compares whole JSON documents; put the path inside the value ` +
        `({ ${column.json.attribute.name}: { [Op.${name}]: { key: { ... } } } })`,
    );
  }
  let right: SqlFragment;
  if (value === null) throw invalid(context, `where.${key}: Op.${name} cannot compare with null`);
  if (isExpression(value)) right = compileExpression(value, context);
  else if (REGEXPS.has(operator)) right = fragment('?', [patternValue(key, name, value, context)]);
  else if (CONTAINMENT.has(operator)) right = containmentValue(column, key, name, value, context);
  else right = compileValue(column, key, value, context);
  return context.dialect.operators.binary(spelled, column.sql, right) as SqlFragment;
}

/** The right side of contains/contained/overlap: JSON text for JSON, an ARRAY[...] for arrays. */
function containmentValue(
  column: Operand,
  key: string,
  name: string,
  value: unknown,
  context: WhereContext,
): SqlFragment {
  const type = column.json ? undefined : column.attribute?.type;
  if (type?.key === 'JSON' || type?.key === 'JSONB') {
    return fragment('?', [JSON.stringify(value)]);
  }
  if (type?.key === 'ARRAY') {
    if (!Array.isArray(value)) throw invalid(context, `where.${key}: Op.${name} on an array attribute takes an array`);
    const element = { ...(column.attribute as AttributeDefinition), type: type.element as typeof type };
    const items = value.map((item) => compileValue({ sql: column.sql, attribute: element }, key, item, context));
    return arrayOf(items, element, key, name, context);
  }
  if (type?.key === 'RANGE') return rangeOperand(column.attribute as AttributeDefinition, key, value, context);
  if (type?.key === 'HSTORE') return typedValue(column.attribute as AttributeDefinition, key, value, context);
  return compileValue(column, key, value, context);
}

/**
 * The right side of a range operator: a range (`[lower, upper]`, `[]`) cast to the column's
 * range type, or one element (`range @> 5`) cast to the subtype, so PostgreSQL can tell which
 * `@>` is meant from a bound parameter.
 */
function rangeOperand(attribute: AttributeDefinition, key: string, value: unknown, context: WhereContext): SqlFragment {
  if (isExpression(value)) return compileExpression(value, context);
  const type = Array.isArray(value) ? attribute.type : (attribute.type.element as DataType);
  const coerced = coerceValue(type, value, messagesIncludeValues(context.definition));
  if ('error' in coerced) throw invalid(context, `where.${key}: ${coerced.error}`);
  return fragment(`CAST(? AS ${context.dialect.columnType(type)})`, [
    context.dialect.codec.toDatabase(type, coerced.value),
  ]);
}

/** `{ [Op.any]: [...] }` or `{ [Op.gt]: { [Op.all]: literal('SELECT ...') } }`. */
function compileQuantified(
  column: Operand,
  key: string,
  comparison: string,
  quantifier: symbol,
  value: unknown,
  context: WhereContext,
): SqlFragment {
  const name = operatorName(quantifier) as string;
  const word = quantifier === Op.any ? 'ANY' : 'ALL';
  if (value instanceof Literal) {
    if (!context.dialect.operators.quantified('subquery')) throw unsupported(context, key, name);
    return on(column, `${comparison} ${word} (${escapePlaceholders(value.sql)})`);
  }
  if (!Array.isArray(value)) throw invalid(context, `where.${key}: Op.${name} takes an array or a literal subquery`);
  if (!context.dialect.operators.quantified('array')) throw unsupported(context, key, name, ' with an array');
  // Like IN (): ANY of nothing holds for no row, ALL of nothing for every row.
  if (value.length === 0) return quantifier === Op.any ? FALSE : TRUE;
  const items = value.map((item) => compileValue(column, key, item, context));
  const list = arrayOf(items, column.json ? undefined : column.attribute, key, name, context);
  return on(column, `${comparison} ${word} (${list.sql})`, list.bindings);
}

/**
 * An array of bound items, typed by the element's column type (from the definition, never user
 * text), so an empty list and untyped parameters still have a type.
 */
function arrayOf(
  items: SqlFragment[],
  element: { type: DataType; field: string } | undefined,
  key: string,
  name: string,
  context: WhereContext,
): SqlFragment {
  const { dialect } = context;
  // An ENUM of a named type (PostgreSQL) compares only with values of that type.
  const sqlType =
    element?.type.key === 'ENUM' && dialect.enumTypes
      ? dialect.enumTypes.quote(dialect.enumTypes.typeName(context.definition, element.field))
      : element && dialect.columnType(element.type);
  const array = dialect.operators.array(items, sqlType);
  if (!array) throw unsupported(context, key, name, ' with an array');
  return array;
}

/** A value under Op.any/Op.all: `{ [Op.any]: ... }` with that one key, else undefined. */
function quantifierOf(value: unknown): symbol | undefined {
  if (!isPlainObject(value) || Object.keys(value).length > 0) return undefined;
  const symbols = Object.getOwnPropertySymbols(value);
  return symbols.length === 1 && (symbols[0] === Op.any || symbols[0] === Op.all) ? symbols[0] : undefined;
}

/** Op.match: a string, an expression (`fn('to_tsquery', ...)`) or `{ query, mode }` (MySQL). */
function compileMatch(column: Operand, key: string, value: unknown, context: WhereContext): SqlFragment {
  let query: SqlFragment;
  let mode: FullTextMode | undefined;
  if (isPlainObject(value) && Object.getOwnPropertySymbols(value).length === 0) {
    const { query: text, mode: given, ...rest } = value as { query?: unknown; mode?: unknown };
    if (Object.keys(rest).length > 0 || (given !== undefined && given !== 'natural' && given !== 'boolean')) {
      throw invalid(context, `where.${key}: Op.match takes a query, or { query, mode: 'natural' | 'boolean' }`);
    }
    query = fragment('?', [patternValue(key, 'match', text, context)]);
    mode = given ?? 'natural';
  } else if (isExpression(value)) {
    query = compileExpression(value, context);
  } else {
    query = fragment('?', [patternValue(key, 'match', value, context)]);
  }
  const spelled = context.dialect.operators.match(column.sql, query, mode);
  if (!spelled) throw unsupported(context, key, 'match', mode ? ' with { query, mode }' : '');
  return spelled;
}

function compileOperator(
  column: Operand,
  key: string,
  operator: symbol,
  value: unknown,
  context: WhereContext,
): SqlFragment {
  const name = operatorName(operator);
  if (!name) throw invalid(context, `where.${key}: ${String(operator)} is not an operator`);
  if (value === undefined) throw invalid(context, `where.${key}: Op.${name} got undefined`);

  if (operator === Op.and || operator === Op.or) {
    const items = logicalItems(value);
    if (!items) throw invalid(context, `where.${key}: Op.${name} takes an array or an object`);
    return combine(
      items.map((item) =>
        isPlainObject(item) ? compileAttribute(key, item, context) : compileOperator(column, key, Op.eq, item, context),
      ),
      operator === Op.and ? 'AND' : 'OR',
    );
  }
  if (operator === Op.not) {
    if (value === null) return on(column, 'IS NOT NULL');
    if (typeof value === 'boolean') return compileOperator(column, key, Op.ne, value, context);
    const inner = isPlainObject(value)
      ? compileAttribute(key, value, context)
      : compileOperator(column, key, Op.eq, value, context);
    return fragment(`NOT (${inner.sql})`, inner.bindings);
  }
  if (operator === Op.is) {
    if (value === null) return on(column, 'IS NULL');
    if (typeof value === 'boolean') return compileOperator(column, key, Op.eq, value, context);
    throw invalid(context, `where.${key}: Op.is takes null, true or false`);
  }
  if (operator === Op.col) {
    if (typeof value !== 'string') throw invalid(context, `where.${key}: Op.col takes an attribute name`);
    return on(column, '= ??', [resolveReference(value, context).identifier]);
  }
  if (operator === Op.any || operator === Op.all) return compileQuantified(column, key, '=', operator, value, context);
  const spelled = SPELLED.get(operator);
  if (spelled) return compileSpelled(column, key, operator, spelled, value, context);
  if (operator === Op.match) return compileMatch(column, key, value, context);
  const comparison = COMPARISONS.get(operator);
  const quantifier = comparison ? quantifierOf(value) : undefined;
  if (comparison && quantifier) {
    return compileQuantified(
      column,
      key,
      comparison,
      quantifier,
      (value as Record<symbol, unknown>)[quantifier],
      context,
    );
  }
  if (comparison) {
    if (value === null) {
      if (operator === Op.eq) return on(column, 'IS NULL');
      if (operator === Op.ne) return on(column, 'IS NOT NULL');
      throw invalid(context, `where.${key}: Op.${name} cannot compare with null`);
    }
    const right = compileValue(column, key, value, context);
    return on(column, `${comparison} ${right.sql}`, right.bindings);
  }
  if (operator === Op.in || operator === Op.notIn) {
    if (value instanceof Literal)
      return on(column, `${operator === Op.in ? 'IN' : 'NOT IN'} (${escapePlaceholders(value.sql)})`);
    if (!Array.isArray(value)) throw invalid(context, `where.${key}: Op.${name} takes an array`);
    // An empty list means "nothing" for IN and "everything" for NOT IN, never a syntax error.
    if (value.length === 0) return operator === Op.in ? FALSE : TRUE;
    const limit = context.dialect.maxBoundParameters;
    if (value.length > limit) {
      throw invalid(
        context,
        `where.${key}: Op.${name} lists ${value.length} values; a statement on ${context.dialect.name} carries at ` +
          `most ${limit} bound parameters (shorten the list, or select the values with a subquery)`,
      );
    }
    const hasNull = value.includes(null);
    const items = value.filter((v) => v !== null).map((v) => compileValue(column, key, v, context));
    const list = items.length
      ? on(
          column,
          `${operator === Op.in ? 'IN' : 'NOT IN'} (${items.map((i) => i.sql).join(', ')})`,
          items.flatMap((i) => i.bindings),
        )
      : undefined;
    if (!hasNull) return list as SqlFragment;
    const nullCheck = on(column, operator === Op.in ? 'IS NULL' : 'IS NOT NULL');
    if (!list) return nullCheck;
    return operator === Op.in ? combine([list, nullCheck], 'OR') : combine([list, nullCheck], 'AND');
  }
  if (operator === Op.between || operator === Op.notBetween) {
    if (!Array.isArray(value) || value.length !== 2) {
      throw invalid(context, `where.${key}: Op.${name} takes [low, high]`);
    }
    const low = compileValue(column, key, value[0], context);
    const high = compileValue(column, key, value[1], context);
    return on(column, `${operator === Op.between ? 'BETWEEN' : 'NOT BETWEEN'} ${low.sql} AND ${high.sql}`, [
      ...low.bindings,
      ...high.bindings,
    ]);
  }
  if (operator === Op.like || operator === Op.notLike) {
    const pattern = patternValue(key, name, value, context);
    return on(column, `${operator === Op.like ? 'LIKE' : 'NOT LIKE'} ?`, [pattern]);
  }
  if (operator === Op.iLike || operator === Op.notILike) {
    const pattern = patternValue(key, name, value, context);
    const template = context.dialect.caseInsensitiveLike(operator === Op.notILike);
    const [before, after] = template.split('??');
    return fragment(`${before}${column.sql.sql}${after}`, [...column.sql.bindings, pattern]);
  }
  if (operator === Op.startsWith || operator === Op.endsWith || operator === Op.substring) {
    const text = escapeLike(patternValue(key, name, value, context));
    const pattern = operator === Op.startsWith ? `${text}%` : operator === Op.endsWith ? `%${text}` : `%${text}%`;
    return on(column, "LIKE ? ESCAPE '!'", [pattern]);
  }
  throw invalid(context, `where.${key}: Op.${name} cannot be used on an attribute`);
}

/**
 * Whether `value` is one value of the column's type although it is an array or object: a range
 * (`{ during: [1, 10] }` compares ranges, not IN) or an hstore object. Such a column takes no
 * list of values and no path, so the shape cannot be meant otherwise.
 */
function isWholeValue(column: Operand, value: unknown): boolean {
  const type = column.json ? undefined : column.attribute?.type;
  if (type?.key === 'RANGE') return Array.isArray(value);
  if (type?.key === 'HSTORE') return isPlainObject(value) && Object.getOwnPropertySymbols(value).length === 0;
  return false;
}

function compileValue(column: Operand, key: string, value: unknown, context: WhereContext): SqlFragment {
  if (isExpression(value)) return compileExpression(value, context);
  if (isWholeValue(column, value) && column.attribute?.type.key === 'RANGE') {
    return rangeOperand(column.attribute, key, value, context);
  }
  if (isWholeValue(column, value)) return typedValue(column.attribute as AttributeDefinition, key, value, context);
  if (isPlainObject(value) || Array.isArray(value)) {
    throw invalid(context, `where.${key} got ${shownValue(value, context)} where a value was expected`);
  }
  if (column.json)
    return fragment('?', [context.dialect.codec.bindUntyped(context.dialect.operators.jsonScalar(value))]);
  if (!column.attribute) return fragment('?', [context.dialect.codec.bindUntyped(value)]);
  return typedValue(column.attribute, key, value, context);
}

/** A value of the attribute's type, coerced and bound as the codec writes it. */
function typedValue(attribute: AttributeDefinition, key: string, value: unknown, context: WhereContext): SqlFragment {
  const coerced = coerceValue(attribute.type, value, messagesIncludeValues(context.definition));
  if ('error' in coerced) throw invalid(context, `where.${key}: ${coerced.error}`);
  return fragment('?', [context.dialect.codec.toDatabase(attribute.type, coerced.value)]);
}

/** `fn`, `col` and `literal` as SQL: names are quoted identifiers, arguments are bound. */
export function compileExpression(expression: unknown, context: WhereContext): SqlFragment {
  if (expression instanceof Col) return fragment('??', [resolveReference(expression.name, context).identifier]);
  if (expression instanceof Literal) return fragment(escapePlaceholders(expression.sql));
  if (expression instanceof Cast) {
    const inner = compileExpression(expression.value, context);
    assertCastType(expression.type); // a Cast made without cast() is checked too
    return fragment(`CAST(${inner.sql} AS ${expression.type.toUpperCase()})`, inner.bindings);
  }
  if (expression instanceof Json) {
    const operand = pathOperand(expression.path, context);
    if (!operand?.json)
      throw invalid(context, `json(${JSON.stringify(expression.path)}) names no path into a JSON attribute`);
    return operand.sql;
  }
  if (expression instanceof JsonSet) return compileJsonSet(expression, context);
  if (expression instanceof Fn) {
    const args = expression.args.map((arg) => {
      if (isExpression(arg)) return compileExpression(arg, context);
      if (isPlainObject(arg) || Array.isArray(arg) || arg === undefined) {
        throw invalid(
          context,
          `fn('${expression.name}') got ${shownValue(arg, context)} as an argument; pass values, col() or fn()`,
        );
      }
      return fragment('?', [context.dialect.codec.bindUntyped(arg)]);
    });
    const joined = joinFragments(args, ', ');
    // The one place a function name enters SQL text: an Fn made without fn() is checked too.
    assertFunctionName(expression.name);
    return fragment(`${expression.name}(${joined.sql})`, joined.bindings);
  }
  return fragment('?', [context.dialect.codec.bindUntyped(expression)]);
}

/** `jsonSet('meta.address.city', 'Bergen')`: the JSON column with one member replaced. */
function compileJsonSet(expression: JsonSet, context: WhereContext): SqlFragment {
  const operand = pathOperand(expression.path, context);
  if (!operand?.json || operand.json.cast) {
    throw invalid(
      context,
      `jsonSet(${JSON.stringify(expression.path)}) needs a path into a JSON attribute, without a cast`,
    );
  }
  if (expression.value === undefined)
    throw invalid(context, `jsonSet(${JSON.stringify(expression.path)}) got undefined`);
  const { column, path, attribute } = operand.json;
  return context.dialect.operators.jsonSet(
    column,
    path,
    JSON.stringify(expression.value),
    attribute.type.key === 'JSONB',
  );
}

function compileWhereHelper(helper: Where, context: WhereContext): SqlFragment {
  const left: Operand = { sql: compileExpression(helper.left, context) };
  if (helper.left instanceof Col) left.attribute = resolveReference(helper.left.name, context).attribute;
  if (typeof helper.operator === 'symbol')
    return compileOperator(left, 'where()', helper.operator, helper.right, context);
  if (isPlainObject(helper.operator)) {
    const operators = helper.operator;
    return combine(
      Object.getOwnPropertySymbols(operators).map((s) => compileOperator(left, 'where()', s, operators[s], context)),
      'AND',
    );
  }
  return compileOperator(left, 'where()', Op.eq, helper.operator, context);
}

export function resolveColumn(key: string, context: WhereContext): ResolvedColumn {
  if (typeof key !== 'string') {
    throw invalid(context, `an attribute name must be a string, got ${describeValue(key)}`);
  }
  if (isNestedKey(key)) {
    if (!context.resolveNested) {
      throw invalid(context, `${key} refers to an include, but this query has no include of that name`);
    }
    return context.resolveNested(key.slice(1, -1));
  }
  if (context.untypedColumns) return { identifier: `${context.tableAlias}.${key}` };
  const attribute = context.definition.attributes.get(key);
  const alias = attribute ? undefined : context.aliases?.get(key);
  if (alias) return { identifier: key, expression: fragment(`(${alias.sql})`, alias.bindings) };
  if (!attribute || attribute.virtual) {
    throw invalid(
      context,
      `${JSON.stringify(key)} is not an attribute of ${context.definition.name}; valid attributes: ${[
        ...context.definition.columnAttributes.map((a) => a.name),
      ].join(', ')}`,
    );
  }
  return { identifier: `${context.tableAlias}.${attribute.field}`, attribute };
}

/**
 * A column as Sequelize code names it in `col()`, `Op.col`, `group` and `order`: an attribute,
 * `Model.attribute` (the model's name, its table name or the query's alias for it), or
 * `include.attribute` for an included model (`posts.id`; deeper `posts->comments.body` or
 * `posts.comments.body`), the same as `$posts.id$`. The attribute is mapped to its column.
 * An unknown qualifier or attribute is an error naming the choices, never SQL text.
 */
export function resolveReference(name: string, context: WhereContext): ResolvedColumn {
  if (typeof name !== 'string' || context.untypedColumns || isNestedKey(name)) return resolveColumn(name, context);
  const dot = name.lastIndexOf('.');
  const { definition } = context;
  if (dot <= 0 || definition.attributes.has(name) || context.aliases?.has(name)) return resolveColumn(name, context);
  const qualifier = name.slice(0, dot);
  const attribute = name.slice(dot + 1);
  if (qualifier === definition.name || qualifier === definition.tableName || qualifier === context.tableAlias) {
    return resolveColumn(attribute, context);
  }
  if (context.resolveNested) return context.resolveNested(`${qualifier.split(PATH_SEPARATOR).join('.')}.${attribute}`);
  throw invalid(
    context,
    `${JSON.stringify(name)}: ${JSON.stringify(qualifier)} is not ${definition.name} and this query has no includes; ` +
      `name an attribute of ${definition.name} (${definition.columnAttributes.map((a) => a.name).join(', ')})`,
  );
}

/** `$include.attribute$`: a key that names an included model's attribute. */
export function isNestedKey(key: string): boolean {
  return key.startsWith('$') && key.endsWith('$') && key.length > 2;
}

function patternValue(key: string, name: string, value: unknown, context: WhereContext): string {
  if (typeof value !== 'string')
    throw invalid(context, `where.${key}: Op.${name} takes a string, got ${shownValue(value, context)}`);
  return value;
}

function escapeLike(text: string): string {
  return text.replace(/[!%_]/g, (c) => `!${c}`);
}

function combine(parts: SqlFragment[], joiner: 'AND' | 'OR'): SqlFragment {
  if (parts.length === 0) return joiner === 'AND' ? TRUE : FALSE;
  if (parts.length === 1) return parts[0];
  const joined = joinFragments(
    parts.map((p) => fragment(`(${p.sql})`, p.bindings)),
    ` ${joiner} `,
  );
  return joined;
}

/** The conditions under Op.and/Op.or: an array as it is, an object one entry each; else undefined. */
export function logicalItems(value: unknown): unknown[] | undefined {
  return Array.isArray(value) ? value : isPlainObject(value) ? splitObject(value) : undefined;
}

function splitObject(value: Record<string | symbol, unknown>): Record<string | symbol, unknown>[] {
  return [
    ...Object.keys(value).map((k) => ({ [k]: value[k] })),
    ...Object.getOwnPropertySymbols(value).map((s) => ({ [s]: value[s] })),
  ];
}

export function isPlainObject(value: unknown): value is Record<string | symbol, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A user-supplied value in a message: its kind and size, unless the model opted in to values. */
function shownValue(value: unknown, context: WhereContext): string {
  return describeValue(value, messagesIncludeValues(context.definition));
}

function invalid(context: WhereContext, message: string): InvalidQueryError {
  return new InvalidQueryError(`${context.definition.name}: ${message}`);
}

/**
 * A name for an error message: quoted when it is a string (names come from code, and say what
 * to fix), described by its kind when it is not.
 */
export function describeName(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : describeValue(value);
}
