import { InvalidQueryError } from '../errors/errors';

/**
 * SQL expressions a user can place where a value or a column is expected. `fn` and `col` are
 * safe by construction (names are checked, arguments are bound or quoted); `literal` is raw SQL
 * that the caller vouches for and must never contain user input.
 */
export class Fn {
  constructor(
    readonly name: string,
    readonly args: readonly unknown[],
  ) {
    assertFunctionName(name);
  }
}

/** An identifier, optionally schema-qualified: `lower`, `pg_catalog.lower`, `my_schema.f2`. */
const FUNCTION_NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/;

/**
 * A function name is written into the SQL as it is (it cannot be a bound parameter), so it must
 * be an identifier: letters, digits and underscores, with one dot for a schema. Checked when
 * `fn()` is called and again where the name enters the SQL.
 */
export function assertFunctionName(name: unknown): void {
  if (typeof name !== 'string' || !FUNCTION_NAME.test(name)) {
    throw new InvalidQueryError(
      `fn(): ${typeof name === 'string' ? JSON.stringify(name) : String(name)} is not a function name; ` +
        'use letters, digits and underscores, with a dot for a schema (schema.name)',
    );
  }
}

/**
 * A column reference, made by `col('name')` or `col('posts.id')`: written as a quoted identifier,
 * resolved against the query's model and includes (an unknown name is an error).
 */
export class Col {
  constructor(readonly name: string) {}
}

/**
 * SQL text written into the query as it is, made by `literal('...')`. Never build one from user input:
 * values belong in bound parameters.
 */
export class Literal {
  constructor(readonly sql: string) {}
}

/**
 * A condition on an expression, made by `where(fn('LOWER', col('email')), 'ann')` or `where(left,
 * Op.gt, right)`; usable wherever a where object is.
 */
export class Where {
  constructor(
    readonly left: unknown,
    readonly operator: symbol | Record<symbol, unknown> | unknown,
    readonly right?: unknown,
  ) {}
}

/** A SQL function call: `fn('COUNT', col('id'))`, `fn('LOWER', col('email'))`. Arguments are bound. */
export function fn(name: string, ...args: unknown[]): Fn {
  return new Fn(name, args);
}

/** A column reference, quoted as an identifier: `col('age')`, `col('posts.title')`. */
export function col(name: string): Col {
  return new Col(name);
}

/**
 * Raw SQL, inserted as it is. The one escape hatch: never build it from user input.
 * @example User.findAll({ where: { createdAt: { [Op.gt]: literal("CURRENT_DATE") } } })
 */
export function literal(sql: string): Literal {
  return new Literal(sql);
}

/** A path into a JSON attribute (`'meta.address.city'`, `'meta.tags[0]'`, `'meta.age::integer'`). */
export class Json {
  constructor(readonly path: string) {}
}

/** A JSON attribute's value with the member at `path` set to `value` (see jsonSet). */
export class JsonSet {
  constructor(
    readonly path: string,
    readonly value: unknown,
  ) {}
}

/**
 * The value at a path of a JSON attribute, for `attributes`, `order` and `where()`, as
 * Sequelize's `sequelize.json()`: `order: [[json('meta.age::integer'), 'DESC']]`. The path is
 * written as in a where key; its keys are bound, never SQL text.
 */
export function json(path: string): Json {
  return new Json(path);
}

/**
 * Sets one member of a JSON attribute in an update, leaving the rest of the document as it is:
 * `Post.update({ meta: jsonSet('meta.address.city', 'Bergen') }, { where })`. The value is any
 * JSON value; the path's last key is created when missing.
 */
export function jsonSet(path: string, value: unknown): JsonSet {
  return new JsonSet(path, value);
}

/** A condition on an expression: `where(fn('LOWER', col('email')), Op.eq, 'a@b.c')`. */
export function where(left: unknown, operator: unknown, right?: unknown): Where {
  return new Where(left, operator, right);
}

/** `CAST(value AS type)`: the value is bound (or an expression), the type checked as a SQL type name. */
export class Cast {
  constructor(
    readonly value: unknown,
    readonly type: string,
  ) {
    assertCastType(type);
  }
}

/** A SQL type as CAST takes it: `INTEGER`, `CHAR(10)`, `DECIMAL(10, 2)`, `DOUBLE PRECISION`, `TEXT[]`. */
const CAST_TYPE = /^[A-Za-z][A-Za-z0-9_]*( [A-Za-z][A-Za-z0-9_]*)*( ?\(\d+( ?, ?\d+)?\))?(\[\])?$/;

/** The type of a cast enters SQL text as it is: only a type name passes. */
export function assertCastType(type: unknown): void {
  if (typeof type !== 'string' || !CAST_TYPE.test(type)) {
    throw new InvalidQueryError(
      `cast(): ${typeof type === 'string' ? JSON.stringify(type) : String(type)} is not a SQL type name`,
    );
  }
}

/**
 * A cast of a value or expression to a SQL type, as Sequelize's `cast()`.
 * @example User.findAll({ where: where(cast(col('age'), 'CHAR(3)'), '42') })
 */
export function cast(value: unknown, type: string): Cast {
  return new Cast(value, type);
}

export type SqlExpression = Fn | Col | Literal | Cast | Json | JsonSet;

export function isExpression(value: unknown): value is SqlExpression {
  return (
    value instanceof Fn ||
    value instanceof Col ||
    value instanceof Literal ||
    value instanceof Cast ||
    value instanceof Json ||
    value instanceof JsonSet
  );
}
