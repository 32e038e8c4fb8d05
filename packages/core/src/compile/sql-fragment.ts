/**
 * A piece of SQL in knex's raw notation: `??` is an identifier (quoted by knex for the dialect),
 * `?` a bound value. Fragments compose by concatenation, so a whole where clause reaches knex as
 * one `whereRaw` and its text depends only on the query's shape, never on the values.
 */
export interface SqlFragment {
  sql: string;
  bindings: unknown[];
}

export function fragment(sql: string, bindings: unknown[] = []): SqlFragment {
  return { sql, bindings };
}

export function joinFragments(parts: SqlFragment[], separator: string): SqlFragment {
  return {
    sql: parts.map((p) => p.sql).join(separator),
    bindings: parts.flatMap((p) => p.bindings),
  };
}

/** A `?` in literal SQL would be read as a placeholder: knex's escape for it is `\?`. */
export function escapePlaceholders(sql: string): string {
  return sql.replace(/\?/g, '\\?');
}
