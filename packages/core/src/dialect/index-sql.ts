import { sayOptionIgnored } from '../options/ignored-option';
import type { IndexSpec } from './dialect';

/** What differs between the dialects' CREATE INDEX statements. */
export interface IndexSyntax {
  /** The database, as error messages name it. */
  database: string;
  /** Where `USING method` goes, or `none` when the dialect has no index methods. */
  method: 'before-columns' | 'after-columns' | 'none';
  prefixLength: boolean;
  collate: boolean;
  /** FULLTEXT and SPATIAL indexes (MySQL). */
  indexTypes?: boolean;
  /** CREATE INDEX CONCURRENTLY (PostgreSQL). */
  concurrently?: boolean;
  /** Operator classes per column (PostgreSQL). */
  operatorClasses?: boolean;
}

/** Index options this dialect has no syntax for: left out, and said so. */
function sayIgnoredIndexOptions(index: IndexSpec, syntax: IndexSyntax): void {
  const where = `index ${index.name} on ${index.table}`;
  if (index.using && syntax.method === 'none') {
    sayOptionIgnored(`${where}: using ${index.using} is ignored on ${syntax.database}, which has one index method`);
  }
  if (!syntax.prefixLength && index.columns.some((column) => column.length !== undefined)) {
    sayOptionIgnored(`${where}: a column length is ignored on ${syntax.database} (prefix indexes are MySQL's)`);
  }
  if (!syntax.collate && index.columns.some((column) => column.collate)) {
    sayOptionIgnored(`${where}: a column collate is ignored on ${syntax.database}`);
  }
}

/**
 * Builds CREATE [UNIQUE] INDEX for one dialect's syntax, in knex raw notation (`??`, `?`).
 * The three dialects share the statement's shape and differ only in the parts listed in
 * IndexSyntax, so each dialect passes its syntax instead of writing the statement again.
 */
export function buildCreateIndex(index: IndexSpec, syntax: IndexSyntax): { sql: string; bindings: unknown[] } {
  refuseUnsupported(index, syntax);
  sayIgnoredIndexOptions(index, syntax);
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
    if (column.operator) part += ` ${keyword(column.operator, 'operator class')}`;
    if (column.order) part += column.order === 'DESC' ? ' DESC' : ' ASC';
    return part;
  });
  let sql =
    `CREATE ${index.unique ? 'UNIQUE ' : ''}${index.type ? `${index.type} ` : ''}INDEX ` +
    `${index.concurrently ? 'CONCURRENTLY ' : ''}?? ON ??` +
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
  return keyword(method, 'index method').toUpperCase();
}

/** A keyword written into the statement (an index method, an operator class): a plain word only. */
function keyword(word: string, what: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(word)) throw new TypeError(`Not an ${what}: ${word}`);
  return word;
}

/** An option the dialect has no syntax for is an error, not an index quietly made without it. */
function refuseUnsupported(index: IndexSpec, syntax: IndexSyntax): void {
  const refuse = (what: string): never => {
    throw new TypeError(`Index ${index.name} on ${index.table}: ${syntax.database} has no ${what}`);
  };
  if (index.type && !syntax.indexTypes) refuse(`${index.type} indexes (MySQL only)`);
  if (index.type && index.unique) refuse(`UNIQUE ${index.type} indexes`);
  if (index.concurrently && !syntax.concurrently) refuse('CREATE INDEX CONCURRENTLY (PostgreSQL only)');
  if (index.columns.some((column) => column.operator) && !syntax.operatorClasses) {
    refuse('operator classes (PostgreSQL only)');
  }
}
