import { AsyncLocalStorage } from 'node:async_hooks';
import type { Dialect, DriverConnection, ExecuteOptions, QueryResult } from '../dialect/dialect';
import { ConnectionLostError } from '../errors/connection-errors';
import { applyErrorNames, type ErrorNames } from '../errors/error-names';
import {
  ConnectionError,
  DatabaseError,
  InvalidQueryError,
  TransactionError,
  formatParameters,
} from '../errors/errors';
import {
  Transaction,
  isRetryableInTransaction,
  type TransactionHost,
  type TransactionOptions,
  type TransactionRetryOptions,
} from '../transactions/transaction';
import { debugPool, debugTransaction, resolveLogging, roundedMs, type LogStatement, type Logging } from './logging';
import type { ServerSet } from '../connection/replication/server-set';

export type { Logging } from './logging';

export interface RunOptions extends ExecuteOptions {
  /** The transaction to run in; `null` runs outside the bound one; undefined uses the bound one. */
  transaction?: Transaction | null;
  logging?: Logging;
  benchmark?: boolean;
  /** Rewrites the converted error in the caller's terms (a model's writes: attribute names). */
  mapError?: (error: Error) => Error;
  /** A read that may run on a read replica when it runs outside a transaction (finders, raw SELECT). */
  read?: boolean;
}

/** How the executor treats faults, from the connection's options (docs/production.md). */
export interface FaultOptions {
  /** `errorNames`: which `name` errors leaving this connection carry. */
  errorNames?: ErrorNames;
  /** `retry.max`: reruns of a statement outside a transaction whose connection was dead (default 2). */
  statementRetries?: number;
  /** `idleInTransactionTimeout` in ms (0: off). */
  idleInTransactionTimeout?: number;
}

/** A statement that only reads, so running it twice does no harm. */
const READ_ONLY = /^\s*\(?\s*SELECT\b/i;

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
  /** Set by Strata when `replication` names read replicas: where reads outside a transaction go. */
  readReplicas?: ServerSet;

  constructor(
    readonly dialect: Dialect,
    private readonly logging: LogStatement,
    private readonly benchmark: boolean,
    /** The connection's `logQueryParameters`: bound values in log lines and DatabaseErrors. */
    private readonly logQueryParameters = false,
    private readonly faults: FaultOptions = {},
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
      if (transaction) {
        if (!this.faults.idleInTransactionTimeout)
          return Promise.resolve(this.runOn(transaction.connection, query, options));
        return this.runTimedInTransaction(transaction, query, options);
      }
      if (options.transaction === null) this.assertNotWaitingOnItself();
      if (options.read && this.readReplicas) {
        return this.readReplicas.runRead((connection) => this.runOn(connection, query, options));
      }
      // A synchronous driver whose connection is free runs the query at once: no lock promise.
      const free = this.dialect.acquireNow?.();
      if (!free) return this.runPooled(query, options);
      try {
        return Promise.resolve(this.runOn(free, query, options));
      } finally {
        this.dialect.release(free);
      }
    } catch (error) {
      return Promise.reject(this.nameError(error));
    }
  }

  /** A statement of a transaction with an idle timeout: the clock stops while it runs. */
  private async runTimedInTransaction(
    transaction: Transaction,
    query: CompiledQuery,
    options: RunOptions,
  ): Promise<QueryResult> {
    transaction.statementRunning(true);
    try {
      return await this.runOn(transaction.connection, query, options);
    } finally {
      transaction.statementRunning(false);
    }
  }

  /**
   * A statement outside a transaction, on a pooled connection. When the connection turns out
   * to be dead (killed while idle, its server restarted), the statement runs again on a fresh
   * one, up to `retry.max` times: any statement the driver refused before sending, and a read
   * also after (a read run twice does no harm; a write might have been done).
   */
  private async runPooled(query: CompiledQuery, options: RunOptions): Promise<QueryResult> {
    const retries = this.faults.statementRetries ?? 2;
    for (let attempt = 0; ; attempt++) {
      const connection = await this.acquire();
      let broken = false;
      try {
        return await this.runOn(connection, query, options);
      } catch (error) {
        // A connection fault (the server ended the session, the socket broke) may reach the
        // driver before its socket closes: never pool that connection again.
        broken = error instanceof ConnectionError;
        const again =
          attempt < retries &&
          error instanceof ConnectionLostError &&
          (!error.sentToServer || READ_ONLY.test(query.sql));
        if (!again) throw error;
      } finally {
        this.dialect.release(connection, broken);
      }
    }
  }

  /**
   * A pooled connection, its failure named as the connection's `errorNames` asks; the wait is
   * reported on the strata:pool debug channel.
   */
  private acquire(): Promise<DriverConnection> {
    // Not async: without a debug channel or error renaming, the pool's own promise as it is.
    if (!debugPool.enabled) return this.named(this.dialect.acquire());
    const started = performance.now();
    return this.named(this.dialect.acquire()).then((connection) => {
      debugPool('acquired a %s connection in %d ms', this.dialect.name, roundedMs(started, performance.now()));
      return connection;
    });
  }

  /**
   * `work`, its rejection named as the connection's `errorNames` asks: for the errors a model
   * call raises before any statement (validation, empty results). Free when names are Strata's.
   */
  named<T>(work: Promise<T>): Promise<T> {
    if (this.faults.errorNames !== 'sequelize') return work;
    return work.catch((error: unknown) => {
      throw this.nameError(error);
    });
  }

  /** The error with the name the connection's `errorNames` asks for. */
  nameError<E>(error: E): E {
    return applyErrorNames(error, this.faults.errorNames);
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
    const logging = resolveLogging(options.logging) ?? this.logging;
    const timed = logging && (options.benchmark ?? this.benchmark);
    const started = timed ? performance.now() : 0;
    try {
      return this.dialect.executeNow(connection, query.sql, query.bindings, options);
    } catch (error) {
      // Another process holds the lock: wait for it without blocking the event loop.
      if (this.dialect.isBusy?.(connection, error, query.sql)) return this.runOnAsync(connection, query, options);
      throw this.convertError(error, query, options);
    } finally {
      if (logging) logging(this.logLine(query), timed ? roundedMs(started, performance.now()) : undefined);
    }
  }

  private async runOnAsync(
    connection: DriverConnection,
    query: CompiledQuery,
    options: RunOptions,
  ): Promise<QueryResult> {
    const logging = resolveLogging(options.logging) ?? this.logging;
    const timed = logging && (options.benchmark ?? this.benchmark);
    const started = timed ? performance.now() : 0;
    try {
      return await this.dialect.execute(connection, query.sql, query.bindings, options);
    } catch (error) {
      throw this.convertError(error, query, options);
    } finally {
      if (logging) logging(this.logLine(query), timed ? roundedMs(started, performance.now()) : undefined);
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
    return this.nameError(mapped);
  }

  /** Starts a transaction, or a savepoint when one is already bound (or given). */
  async begin(options: TransactionOptions = {}): Promise<Transaction> {
    const parent = this.transactionFor(options.transaction);
    if (parent) {
      const name = await parent.openSavepoint(this.dialect.acquireTimeout);
      if (debugTransaction.enabled) debugTransaction('savepoint %s', name);
      try {
        await this.runOnConnection(parent.connection, `SAVEPOINT ${name}`);
      } catch (error) {
        parent.closeSavepoint();
        throw error;
      }
      return new Transaction(this, parent.connection, parent, name);
    }
    if (options.transaction === null) this.assertNotWaitingOnItself();
    const statements = this.dialect.beginTransaction(options.isolationLevel, { type: options.type });
    const connection = await this.acquire();
    return this.startOn(connection, statements, options);
  }

  /**
   * A top-level transaction begun without a promise where the driver is synchronous and its
   * connection is free (SQLite outside another transaction); else `begin`'s promise. A write
   * loop inside `transaction()` that begins one per call pays no acquire or BEGIN promise.
   */
  private beginNow(options: TransactionOptions): Transaction | Promise<Transaction> {
    if (!this.dialect.acquireNow || this.transactionFor(options.transaction) !== undefined) return this.begin(options);
    if (options.transaction === null) this.assertNotWaitingOnItself();
    const statements = this.dialect.beginTransaction(options.isolationLevel, { type: options.type });
    const connection = this.dialect.acquireNow();
    if (!connection) return this.acquire().then((waited) => this.startOn(waited, statements, options));
    if (debugPool.enabled) debugPool('acquired a %s connection in %d ms', this.dialect.name, 0);
    return this.startOn(connection, statements, options);
  }

  /** Runs the BEGIN statements on a connection just taken from the pool; a failure returns it. */
  private startOn(
    connection: DriverConnection,
    statements: readonly string[],
    options: TransactionOptions,
  ): Transaction | Promise<Transaction> {
    if (debugTransaction.enabled) {
      debugTransaction('begin%s', options.isolationLevel ? ` (${options.isolationLevel})` : '');
    }
    for (let i = 0; i < statements.length; i++) {
      let running: Promise<void> | void;
      try {
        running = this.runOnConnection(connection, statements[i]);
      } catch (error) {
        this.dialect.release(connection, true);
        throw error;
      }
      // The driver answers asynchronously (or SQLite waits for another process's lock): the rest in turn.
      if (running) return this.startAfter(running, connection, statements.slice(i + 1));
    }
    return this.newTransaction(connection);
  }

  private async startAfter(
    running: Promise<void>,
    connection: DriverConnection,
    rest: readonly string[],
  ): Promise<Transaction> {
    try {
      await running;
      for (const sql of rest) await this.runOnConnection(connection, sql);
    } catch (error) {
      this.dialect.release(connection, true);
      throw error;
    }
    return this.newTransaction(connection);
  }

  private newTransaction(connection: DriverConnection): Transaction {
    const transaction = new Transaction(this, connection, undefined, undefined);
    transaction.expireWhenIdle(this.faults.idleInTransactionTimeout ?? 0);
    return transaction;
  }

  /**
   * Runs `callback` in a transaction bound to its async context; commits or rolls back. With
   * `retry`, a top-level transaction that failed with a retryable fault (see
   * `isRetryableInTransaction`) runs again from the start, after a pause, at most `retry.max`
   * more times.
   */
  managed<T>(options: TransactionOptions, callback: (transaction: Transaction) => Promise<T> | T): Promise<T> {
    const retry = options.retry;
    // Not async: without retry the transaction's promise is returned as it is (one layer less).
    if (!retry) return this.managedOnce(options, callback);
    try {
      if (this.transactionFor(options.transaction) !== undefined) return this.managedOnce(options, callback);
    } catch (error) {
      return Promise.reject(error as Error);
    }
    return this.managedRetrying(options, retry, callback);
  }

  private async managedRetrying<T>(
    options: TransactionOptions,
    retry: TransactionRetryOptions,
    callback: (transaction: Transaction) => Promise<T> | T,
  ): Promise<T> {
    const max = Math.max(0, Math.floor(retry.max));
    // Bounded: at most max + 1 attempts.
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.managedOnce(options, callback);
      } catch (error) {
        if (attempt >= max || !isRetryableInTransaction(error)) throw error;
        await pause(retryPause(retry, attempt + 1));
      }
    }
  }

  private async managedOnce<T>(
    options: TransactionOptions,
    callback: (transaction: Transaction) => Promise<T> | T,
  ): Promise<T> {
    const begun = this.beginNow(options);
    const transaction = begun instanceof Transaction ? begun : await begun;
    let result: T;
    try {
      result = await this.context.run(transaction, () => callback(transaction));
    } catch (error) {
      if (debugTransaction.enabled) {
        debugTransaction('rollback: the callback threw %s', error instanceof Error ? error.name : typeof error);
      }
      if (!transaction.finished) await transaction.rollback().catch(() => undefined);
      throw error;
    }
    if (transaction.expiredReason) {
      throw this.nameError(new TransactionError(`Transaction ${transaction.id} ended: ${transaction.expiredReason}`));
    }
    if (!transaction.finished) {
      try {
        await transaction.commit();
      } catch (error) {
        throw this.nameError(error);
      }
    }
    if (debugTransaction.enabled) debugTransaction('committed');
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

  /**
   * Runs a statement of the transaction machinery (BEGIN, COMMIT, SAVEPOINT). A synchronous
   * driver answers at once and nothing is returned; otherwise a promise of the statement's end.
   */
  runOnConnection(connection: DriverConnection, sql: string): Promise<void> | void {
    const result = this.runOn(connection, { sql, bindings: NO_BINDINGS }, NO_OPTIONS);
    if (result instanceof Promise) return result.then(ignore);
  }

  releaseConnection(connection: DriverConnection, broken = false): void {
    this.dialect.release(connection, broken);
  }
}

const NO_BINDINGS: readonly unknown[] = [];
const NO_OPTIONS: RunOptions = {};

function ignore(): void {}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The pause before rerun number `attempt` (1 for the first): the option's, or 25 ms doubling to 1 s with jitter. */
function retryPause(retry: TransactionRetryOptions, attempt: number): number {
  const { backoff } = retry;
  if (typeof backoff === 'number') return Math.max(0, backoff);
  if (typeof backoff === 'function') return Math.max(0, backoff(attempt));
  const base = Math.min(1000, 25 * 2 ** (attempt - 1));
  return base / 2 + Math.random() * (base / 2);
}

/** Whether `inner` is an active savepoint (at any depth) inside `outer`. */
function isSavepointOf(inner: Transaction, outer: Transaction): boolean {
  if (inner.finished) return false;
  for (let parent = inner.parent; parent; parent = parent.parent) if (parent === outer) return true;
  return false;
}
