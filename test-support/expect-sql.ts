import type { TestDialect } from './servers';

/**
 * The SQL a statement should have on each dialect. `default` covers every dialect not named:
 * it is written as SQLite and MySQL spell it (backtick quotes, `?` placeholders), and
 * PostgreSQL's spelling is derived from it (double quotes, `$1, $2, ...`). Name a dialect
 * where its SQL differs in more than that (ILIKE, NULLS LAST, SQLite's `limit cast(? as integer)`).
 */
export interface ExpectedSql {
  default?: string;
  sqlite?: string;
  postgres?: string;
  mysql?: string;
  /** The bound values, in order (asymmetric matchers such as `expect.any(Date)` work); unchecked when absent. */
  bindings?: readonly unknown[];
}

/**
 * Checks a compiled statement (from `compile(Model)` or an internal compile function) against the
 * SQL expected on `dialect`; a failure names the dialect.
 *
 * @example
 * expectSql(ctx.dialect, compile(User).findAll({ where: { id: 1 } }), {
 *   default: 'select `users`.`id` from `users` where `users`.`id` = ?',
 *   bindings: [1],
 * });
 */
export function expectSql(
  dialect: TestDialect,
  compiled: { sql: string; bindings: readonly unknown[] },
  expected: ExpectedSql,
): void {
  const sql = expected[dialect] ?? (expected.default === undefined ? undefined : inDialect(dialect, expected.default));
  if (sql === undefined) throw new Error(`expectSql: no SQL expected for ${dialect} and no default`);
  expect({ dialect, sql: compiled.sql }).toEqual({ dialect, sql });
  if (expected.bindings)
    expect({ dialect, bindings: [...compiled.bindings] }).toEqual({ dialect, bindings: expected.bindings });
}

/** SQLite/MySQL spelling to the dialect's: PostgreSQL quotes with " and numbers its placeholders. */
function inDialect(dialect: TestDialect, sql: string): string {
  if (dialect !== 'postgres') return sql;
  let position = 0;
  return sql.replace(/`/g, '"').replace(/\?/g, () => `$${++position}`);
}
