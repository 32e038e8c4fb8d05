import createDebug from 'debug';

/**
 * The `logging` option, on the connection or on one call: `true` (or `console.log`) prints each
 * statement, a function receives it (and, with `benchmark`, its time in ms rounded to 0.1),
 * `false` is silent. Statements carry placeholders, never values; a `logQueryParameters: true`
 * connection appends `-- parameters: [...]`.
 */
export type Logging = boolean | ((sql: string, timingMs?: number) => void);

/** A resolved `logging` option: the function to call, or false for silence. */
export type LogStatement = false | ((sql: string, timingMs?: number) => void);

/**
 * `DEBUG=strata:sql` logs every statement when the connection has no `logging` option, as
 * `DEBUG=knex:query` does for knex; `strata:pool` and `strata:tx` are the pool's and the
 * transactions' channels.
 */
export const debugSql: DebugChannel = createDebug('strata:sql');
export const debugPool: DebugChannel = createDebug('strata:pool');
export const debugTransaction: DebugChannel = createDebug('strata:tx');

/**
 * What Strata uses of a `debug` logger. Typed here, so that the shipped declarations never name
 * the debug package's types (its @types package is not a dependency of users' projects).
 */
export interface DebugChannel {
  (formatter: string, ...args: unknown[]): void;
  readonly enabled: boolean;
}

function printStatement(sql: string, timingMs?: number): void {
  console.log(timingMs === undefined ? `Executing: ${sql}` : `Executed (${timingMs} ms): ${sql}`);
}

function debugStatement(sql: string, timingMs?: number): void {
  if (timingMs === undefined) debugSql(sql);
  else debugSql(`(${timingMs} ms) ${sql}`);
}

/**
 * The function a `logging` option stands for. `undefined` on a call means "the connection's";
 * on the connection it means "DEBUG=strata:sql decides".
 */
export function resolveLogging(option: Logging | undefined): LogStatement | undefined {
  if (option === undefined) return undefined;
  if (option === true) return printStatement;
  return option;
}

/** The connection's logger: its `logging` option, else the `strata:sql` debug channel if enabled. */
export function connectionLogging(option: Logging | undefined): LogStatement {
  return resolveLogging(option) ?? (debugSql.enabled ? debugStatement : false);
}

/** A statement's run time as logged: milliseconds rounded to 0.1. */
export function roundedMs(startedAt: number, endedAt: number): number {
  return Math.round((endedAt - startedAt) * 10) / 10;
}
