import type { Strata } from '../connection/strata';
import { InvalidQueryError } from '../errors/errors';
import type { Logging } from './executor';
import type { Model } from '../model/model';
import { runtimeOf } from '../runtime/model-runtime';
import { isPlainObject } from '../compile/where';
import { nested } from '../hydration/raw-rows';
import type { Transaction } from '../transactions/transaction';

/**
 * The `type` option of `db.query(sql, { type })`: what the call resolves to. `QueryTypes.SELECT` gives
 * the rows; without a type the call gives `[results, metadata]`, as in Sequelize.
 * @example
 * const rows = await db.query('SELECT id FROM users WHERE age > ?', { replacements: [18], type:
 * QueryTypes.SELECT });
 */
export const QueryTypes = {
  SELECT: 'SELECT',
  INSERT: 'INSERT',
  UPDATE: 'UPDATE',
  BULKUPDATE: 'BULKUPDATE',
  DELETE: 'DELETE',
  BULKDELETE: 'BULKDELETE',
  UPSERT: 'UPSERT',
  RAW: 'RAW',
  SHOWTABLES: 'SHOWTABLES',
  DESCRIBE: 'DESCRIBE',
} as const;

/** One of the QueryTypes values. */
export type QueryType = (typeof QueryTypes)[keyof typeof QueryTypes];

/**
 * The options of `db.query(sql, options)` and `queryInterface.query`: bound replacements, the result's
 * shape (`type`, `plain`, `raw`, `nest`), the transaction and logging. Values are always bound, never
 * spliced into the SQL.
 */
export interface RawQueryOptions {
  /** Values for `:name` (object) or `?` (array) placeholders; always sent bound, never spliced. */
  replacements?: Record<string, unknown> | readonly unknown[];
  /** Values for `$1`/`$name` bind parameters. */
  bind?: Record<string, unknown> | readonly unknown[];
  type?: QueryType;
  /** Only the first row (SELECT). */
  plain?: boolean;
  /** Hydrate rows as instances of this model (with type SELECT). */
  model?: typeof Model;
  /** With `model`: map column names to attribute names and parse values (default true). */
  mapToModel?: boolean;
  /** With `model`: plain objects instead of instances. */
  raw?: boolean;
  /** SELECT without `model` (or with `raw`): dotted column names (`"posts.id"`) become nested objects. */
  nest?: boolean;
  transaction?: Transaction | null;
  logging?: Logging;
  benchmark?: boolean;
  /** With `type: SELECT`: run on the primary even when the connection has read replicas. */
  useMaster?: boolean;
  /** This statement's time limit in ms, overriding the connection's `timeout` (QueryTimeoutError past it). */
  timeout?: number;
}

/**
 * Runs raw SQL with its placeholders rewritten in a single left-to-right pass: each `:name`,
 * `?` or `$n` outside string literals, quoted identifiers and comments becomes the dialect's
 * bound parameter. Values are never spliced into the text, so a value containing `:name` or
 * `?` stays that literal text.
 */
export async function runRawQuery(strata: Strata, sql: string, options: RawQueryOptions): Promise<unknown> {
  const compiled = bindPlaceholders(sql, options, (position) => strata.dialect.placeholder(position));
  const bindings = compiled.bindings.map((value) => strata.dialect.codec.bindUntyped(value));
  const result = await strata.executor.run(
    { sql: compiled.sql, bindings },
    {
      transaction: options.transaction,
      logging: options.logging,
      benchmark: options.benchmark,
      // As in Sequelize: a query typed SELECT may run on a read replica; any other on the primary.
      read: options.type === QueryTypes.SELECT && !options.useMaster,
      timeout: options.timeout,
    },
  );
  const type = options.type ?? QueryTypes.RAW;
  if (type === QueryTypes.SELECT) {
    const model = options.model;
    const rows = model
      ? result.rows.map((row) => {
          // mapToModel (default on): column names become attribute names, values are parsed.
          const values = options.mapToModel === false ? row : runtimeOf(model).hydrator.parseColumns(row);
          return options.raw ? values : model.build(values as never, { isNewRecord: false, raw: true });
        })
      : result.rows;
    const shaped =
      options.nest && (!model || options.raw) ? rows.map((row) => nested(row as Record<string, unknown>)) : rows;
    return options.plain ? (shaped[0] ?? null) : shaped;
  }
  if (type === QueryTypes.RAW) {
    return [result.rows, { affectedRows: result.affectedRows, insertId: result.insertId }];
  }
  return [result.rows, result.affectedRows];
}

export function bindPlaceholders(
  sql: string,
  options: Pick<RawQueryOptions, 'replacements' | 'bind'>,
  placeholder: (position: number) => string,
): { sql: string; bindings: unknown[] } {
  const { replacements, bind } = options;
  const bindings: unknown[] = [];
  let positional = 0;
  let out = '';
  const push = (value: unknown, name: string): string => {
    if (value === undefined) throw new InvalidQueryError(`Raw query: no value for ${name}`);
    if (isPlainObject(value) && replacements !== undefined) {
      throw new InvalidQueryError(`Raw query: the value for ${name} is an object; replacements take scalars or lists`);
    }
    if (Array.isArray(value) && replacements !== undefined) {
      if (value.length === 0) throw new InvalidQueryError(`Raw query: ${name} is an empty list`);
      return value.map((item) => push(item, name)).join(', ');
    }
    bindings.push(value);
    return placeholder(bindings.length);
  };
  let i = 0;
  while (i < sql.length) {
    const char = sql[i];
    const next = sql[i + 1];
    // Skip string literals, quoted identifiers and comments untouched.
    if (char === "'" || char === '"' || char === '`') {
      const end = closingQuote(sql, i, char);
      out += sql.slice(i, end);
      i = end;
      continue;
    }
    if (char === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end === -1 ? sql.length : end;
      out += sql.slice(i, stop);
      i = stop;
      continue;
    }
    if (char === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      const stop = end === -1 ? sql.length : end + 2;
      out += sql.slice(i, stop);
      i = stop;
      continue;
    }
    if (char === ':' && next === ':') {
      out += '::';
      i += 2;
      continue;
    }
    if (char === ':' && replacements && !Array.isArray(replacements) && /[A-Za-z_]/.test(next ?? '')) {
      const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(sql.slice(i + 1))![0];
      if (!Object.prototype.hasOwnProperty.call(replacements, name)) {
        throw new InvalidQueryError(`Raw query: no replacement named :${name}`);
      }
      out += push((replacements as Record<string, unknown>)[name], `:${name}`);
      i += name.length + 1;
      continue;
    }
    if (char === '?' && replacements && Array.isArray(replacements)) {
      out += push(replacements[positional], `replacement ${positional + 1}`);
      positional++;
      i += 1;
      continue;
    }
    if (char === '$' && bind && /[A-Za-z0-9_]/.test(next ?? '')) {
      const name = /^[A-Za-z0-9_]+/.exec(sql.slice(i + 1))![0];
      const value = Array.isArray(bind) ? bind[Number(name) - 1] : (bind as Record<string, unknown>)[name];
      out += push(value, `$${name}`);
      i += name.length + 1;
      continue;
    }
    out += char;
    i += 1;
  }
  if (Array.isArray(replacements) && positional !== replacements.length) {
    throw new InvalidQueryError(
      `Raw query: ${replacements.length} replacements given for ${positional} ? placeholders`,
    );
  }
  return { sql: out, bindings };
}

function closingQuote(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    if (sql[i] === '\\' && quote === "'") i += 1;
    i += 1;
  }
  return sql.length;
}
