import { AsyncLocalStorage } from 'node:async_hooks';
import type { Dialect, DriverConnection, ExecuteOptions, QueryResult } from '../dialect/dialect';
import { DatabaseError, InvalidQueryError, TransactionError, formatParameters } from '../errors/errors';
import { Transaction, type TransactionHost, type TransactionOptions } from '../transactions/transaction';

/**
 * `logging` option: false, or a function receiving each statement (and its time in ms). The
 * statement has placeholders, never values; a `logQueryParameters: true` connection appends
 * `-- parameters: [...]`.
 */
export type Logging = false | ((sql: string, timingMs?: number) => void);

export interface RunOptions extends ExecuteOptions {
  /** The transaction to run in; `null` runs outside the bound one; undefined uses the bound one. */
  transaction?: Transaction | null;
  logging?: Logging;
  benchmark?: boolean;
  /** Rewrites the converted error in the caller's terms (a model's writes: attribute names). */
  mapError?: (error: Error) => Error;
}

export interface CompiledQuery {
  sql: string;
  bindings: readonly unknown[];
}

/**
 * Runs compiled statements on the right connection: the explicit transaction, else the one
 * bound to the current async context by `transaction(callback)`, else a pooled connection.
 * Driver errors leave here converted to Strata's error classes.
 */
export class Executor implements TransactionHost {
  private readonly context = new AsyncLocalStorage<Transaction>();

  constructor(
    readonly dialect: Dialect,
    private readonly logging: Logging,
    private readonly benchmark: boolean,
    /** The connection's `logQueryParameters`: bound values in log lines and DatabaseErrors. */
    private readonly logQueryParameters = false,
  ) {}

  /** The transaction bound to the current async context, if any and still active. */
  currentTransaction(): Transaction | undefined {
    const transaction = this.context.getStore();
    return transaction && !transaction.finished ? transaction : undefined;
  }

  /**
   * The transaction a call runs in: the explicit one, none for `null`, else the bound one.
   * A savepoint of the explicit transaction that is bound here stands in for it: Strata opens
   * one around a hooked write but hands the hooks the caller's transaction (what Sequelize
   * passes and user code compares and calls afterCommit on), so what the hooks run with it
   * still lands inside that savepoint and a nested savepoint never waits on its own parent.
   * A bound transaction that already ended is an error rather than a silent fallback to
   * autocommit: a query still running after its transaction rolled back (a forgotten await,
   * a sibling in a failed Promise.all) must not write outside it.
   */
  private transactionFor(option: Transaction | null | undefined): Transaction | undefined {
    if (option === null) return undefined;
    const bound = this.context.getStore();
    const transaction = option === undefined || !bound || !isSavepointOf(bound, option) ? (option ?? bound) : bound;
    transaction?.assertActive();
    return transaction;
  }

  /**
   * Runs one statement. Not an async function on purpose: inside `transaction(callback)` every
   * promise costs an AsyncLocalStorage propagation, so a synchronous driver's answer is wrapped
   * in exactly one settled promise.
   */
  run(query: CompiledQuery, options: RunOptions = {}): Promise<QueryResult> {
    try {
      const transaction = this.transactionFor(options.transaction);
      if (transaction) return Promise.resolve(this.runOn(transaction.connection, query, options));
      if (options.transaction === null) this.assertNotWaitingOnItself();
      // A synchronous driver whose connection is free runs the query at once: no lock promise.
      const free = this.dialect.acquireNow?.();
      if (!free) return this.runPooled(query, options);
      try {
        return Promise.resolve(this.runOn(free, query, options));
      } finally {
        this.dialect.release(free);
      }
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  private async runPooled(query: CompiledQuery, options: RunOptions): Promise<QueryResult> {
    const connection = await this.dialect.acquire();
    try {
      return await this.runOn(connection, query, options);
    } finally {
      this.dialect.release(connection);
    }
  }

  /** With one connection, leaving the bound transaction would wait for the connection it holds. */
  private assertNotWaitingOnItself(): void {
    if (this.dialect.supports.singleConnection && this.currentTransaction()) {
      throw new TransactionError(
        'SQLite has a single connection: a query or transaction with { transaction: null } cannot run while ' +
          'the surrounding transaction holds it (it would wait forever)',
      );
    }
  }

  /**
   * Runs one statement on a connection, logged, its error converted. Synchronous drivers
   * (`executeNow`) answer without a promise of their own; the caller awaits the result either way.
   */
  private runOn(
    connection: DriverConnection,
    query: CompiledQuery,
    options: RunOptions,
  ): QueryResult | Promise<QueryResult> {
    this.assertWithinParameterLimit(query);
    if (!this.dialect.executeNow) return this.runOnAsync(connection, query, options);
    const logging = options.logging ?? this.logging;
    const timed = logging && (options.benchmark ?? this.benchmark);
    const started = timed ? performance.now() : 0;
    try {
      return this.dialect.executeNow(connection, query.sql, query.bindings, options);
    } catch (error) {
      throw this.convertError(error, query, options);
    } finally {
      if (logging) logging(this.logLine(query), timed ? performance.now() - started : undefined);
    }
  }

  private async runOnAsync(
    connection: DriverConnection,
    query: CompiledQuery,
    options: RunOptions,
  ): Promise<QueryResult> {
    const logging = options.logging ?? this.logging;
    const timed = logging && (options.benchmark ?? this.benchmark);
    const started = timed ? performance.now() : 0;
    try {
      return await this.dialect.execute(connection, query.sql, query.bindings, options);
    } catch (error) {
      throw this.convertError(error, query, options);
    } finally {
      if (logging) logging(this.logLine(query), timed ? performance.now() - started : undefined);
    }
  }

  /** A statement over the dialect's parameter limit is refused here, with the limit and the count. */
  private assertWithinParameterLimit(query: CompiledQuery): void {
    const limit = this.dialect.maxBoundParameters;
    if (query.bindings.length <= limit) return;
    throw new InvalidQueryError(
      `A statement on ${this.dialect.name} carries at most ${limit} bound parameters; this one has ` +
        `${query.bindings.length} (shorten the IN lists, or select the values with a subquery)`,
    );
  }

  /** What `logging` receives: the statement, and its values only when the connection opted in. */
  private logLine(query: CompiledQuery): string {
    if (!this.logQueryParameters || query.bindings.length === 0) return query.sql;
    return `${query.sql} -- parameters: ${formatParameters(query.bindings)}`;
  }

  /** The driver's error as Strata's class for it, then in the caller's terms (attribute names). */
  private convertError(error: unknown, query: CompiledQuery, options: RunOptions): Error {
    const converted = this.dialect.convertError(error, query.sql, query.bindings);
    const mapped = options.mapError ? options.mapError(converted) : converted;
    if (this.logQueryParameters && mapped instanceof DatabaseError) mapped.showParameters();
    return mapped;
  }

  /** Starts a transaction, or a savepoint when one is already bound (or given). */
  async begin(options: TransactionOptions = {}): Promise<Transaction> {
    const parent = this.transactionFor(options.transaction);
    if (parent) {
      const name = await parent.openSavepoint(this.dialect.acquireTimeout);
      try {
        await this.runOnConnection(parent.connection, `SAVEPOINT ${name}`);
      } catch (error) {
        parent.closeSavepoint();
        throw error;
      }
      return new Transaction(this, parent.connection, parent, name);
    }
    if (options.transaction === null) this.assertNotWaitingOnItself();
    const statements = this.dialect.beginTransaction(options.isolationLevel);
    const connection = await this.dialect.acquire();
    try {
      for (const sql of statements) await this.runOnConnection(connection, sql);
    } catch (error) {
      this.dialect.release(connection);
      throw error;
    }
    return new Transaction(this, connection, undefined, undefined);
  }

  /** Runs `callback` in a transaction bound to its async context; commits or rolls back. */
  async managed<T>(options: TransactionOptions, callback: (transaction: Transaction) => Promise<T> | T): Promise<T> {
    const transaction = await this.begin(options);
    let result: T;
    try {
      result = await this.context.run(transaction, () => callback(transaction));
    } catch (error) {
      if (!transaction.finished) await transaction.rollback().catch(() => undefined);
      throw error;
    }
    if (!transaction.finished) await transaction.commit();
    return result;
  }

  /**
   * Runs `work` in the transaction statements with this option run in (the explicit or the
   * bound one), else in a new one it commits: the statements `work` runs with that transaction
   * share one connection (its session settings) and succeed or fail together.
   */
  inTransaction<T>(option: Transaction | null | undefined, work: (transaction: Transaction) => Promise<T>): Promise<T> {
    const transaction = this.transactionFor(option);
    return transaction ? work(transaction) : this.managed({ transaction: null }, work);
  }

  /** Runs `callback` with `transaction` bound, without committing it. */
  bind<T>(transaction: Transaction, callback: () => T): T {
    return this.context.run(transaction, callback);
  }

  async runOnConnection(connection: DriverConnection, sql: string): Promise<void> {
    await this.runOn(connection, { sql, bindings: [] }, {});
  }

  releaseConnection(connection: DriverConnection, broken = false): void {
    this.dialect.release(connection, broken);
  }
}

/** Whether `inner` is an active savepoint (at any depth) inside `outer`. */
function isSavepointOf(inner: Transaction, outer: Transaction): boolean {
  if (inner.finished) return false;
  for (let parent = inner.parent; parent; parent = parent.parent) if (parent === outer) return true;
  return false;
}
