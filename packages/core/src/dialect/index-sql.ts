import type { IndexSpec } from './dialect';

/** What differs between the dialects' CREATE INDEX statements. */
export interface IndexSyntax {
  /** Where `USING method` goes, or `none` when the dialect has no index methods. */
  method: 'before-columns' | 'after-columns' | 'none';
  prefixLength: boolean;
  collate: boolean;
}

/**
 * Builds CREATE [UNIQUE] INDEX for one dialect's syntax, in knex raw notation (`??`, `?`).
 * The three dialects share the statement's shape and differ only in the parts listed in
 * IndexSyntax, so each dialect passes its syntax instead of writing the statement again.
 */
export function buildCreateIndex(index: IndexSpec, syntax: IndexSyntax): { sql: string; bindings: unknown[] } {
  const bindings: unknown[] = [index.name, index.table];
  const method = index.using && syntax.method !== 'none' ? ` USING ${indexMethod(index.using)}` : '';
  const columns = index.columns.map((column) => {
    bindings.push(column.field);
    let part = '??';
    if (column.length !== undefined && syntax.prefixLength) part += `(${Math.trunc(column.length)})`;
    if (column.collate && syntax.collate) {
      bindings.push(column.collate);
      part += ' COLLATE ??';
    }
    if (column.order) part += column.order === 'DESC' ? ' DESC' : ' ASC';
    return part;
  });
  let sql =
    `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ?? ON ??` +
    (syntax.method === 'before-columns' ? method : '') +
    ` (${columns.join(', ')})` +
    (syntax.method === 'after-columns' ? method : '');
  if (index.where) {
    sql += ` WHERE ${index.where.sql}`;
    bindings.push(...index.where.bindings);
  }
  return { sql, bindings };
}

/** Index methods are keywords, not identifiers: only a plain word is let through. */
function indexMethod(method: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(method)) throw new TypeError(`Not an index method: ${method}`);
  return method.toUpperCase();
}
