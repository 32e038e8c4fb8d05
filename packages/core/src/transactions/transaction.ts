import type { DriverConnection, IsolationLevel } from '../dialect/dialect';
import { Mutex } from '../dialect/mutex';
import { CommitOutcomeUnknownError, ConnectionLostError } from '../errors/connection-errors';
import { ConnectionError, TransactionError } from '../errors/errors';
import { QueryTimeoutError } from '../errors/transient-errors';

/**
 * `db.transaction({ retry }, callback)`: rerun the whole callback in a new transaction when it
 * failed with an error that says the same work may succeed now (see `isRetryableInTransaction`).
 */
export interface TransactionRetryOptions {
  /** How many times to run the callback again after the first attempt (default 0: none). */
  max: number;
  /**
   * The pause before each new attempt in ms: a number, or a function of the attempt (1 for
   * the first rerun). Default: 25 ms doubling per attempt up to 1 s, each with random jitter
   * of up to half, so two transactions that deadlocked do not collide again in step.
   */
  backoff?: number | ((attempt: number) => number);
}

/**
 * The options of `db.transaction(options, callback)`: isolation level, SQLite's transaction type, the
 * parent transaction for a savepoint, and retries.
 */
export interface TransactionOptions {
  /**
   * Isolation level: 'READ UNCOMMITTED' | 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE'
   * on postgres and mysql; 'DEFERRED' | 'IMMEDIATE' | 'EXCLUSIVE' (the locking mode) on SQLite,
   * which is always serializable. Ignored for a savepoint (it shares its parent's level).
   */
  isolationLevel?: IsolationLevel;
  /** Run as a savepoint of this transaction; `null` starts a new top-level transaction. */
  transaction?: Transaction | null;
  /**
   * Sequelize's `type` (`Transaction.TYPES`): how a SQLite transaction takes its lock.
   * `IMMEDIATE` (the default, see the connection's `transactionType`) takes the write lock at
   * BEGIN; `DEFERRED` at the first write; `EXCLUSIVE` blocks readers too. Ignored elsewhere.
   */
  type?: 'DEFERRED' | 'IMMEDIATE' | 'EXCLUSIVE';
  /**
   * Rerun the callback of a managed top-level transaction on a deadlock, a serialization
   * failure, a lock timeout, or a connection lost before COMMIT was sent; never after COMMIT
   * was sent. `afterCommit` callbacks run once, for the attempt that committed. Ignored for a
   * savepoint (its outer transaction is the one to rerun).
   */
  retry?: TransactionRetryOptions;
}

/**
 * Whether a transaction that failed with `error` may be run again from the start: the database
 * rolled it back for a reason that may be gone now (a deadlock, a serialization failure, a lock
 * wait), or its connection broke before COMMIT was sent (the server rolls back what it had).
 * Never a CommitOutcomeUnknownError: COMMIT was sent, and the work may have been done.
 */
export function isRetryableInTransaction(error: unknown): boolean {
  if (error instanceof CommitOutcomeUnknownError) return false;
  if (error instanceof ConnectionLostError) return true;
  return error instanceof Error && 'retryable' in error && error.retryable === true;
}

/** What a transaction needs from the connection: run statements and give the connection back. */
export interface TransactionHost {
  /** Runs one statement; a synchronous driver answers at once (undefined), else a promise. */
  runOnConnection(connection: DriverConnection, sql: string): Promise<void> | void;
  /** `broken`: the connection may still be inside a transaction; close it instead of pooling it. */
  releaseConnection(connection: DriverConnection, broken?: boolean): void;
  /** The error with the name the connection's `errorNames` asks for. */
  nameError<E>(error: E): E;
}

let nextId = 1;

/**
 * One database transaction, or a savepoint inside one. Managed transactions
 * (`db.transaction(async (t) => ...)`) commit and roll back themselves; an unmanaged one
 * (`const t = await db.transaction()`) must end with `t.commit()` or `t.rollback()`, or it
 * keeps its connection (on SQLite: the only one) for good.
 * Using a transaction after it ended throws a TransactionError.
 *
 * @example
 * const t = await db.transaction();
 * try {
 *   await Account.update({ balance: 0 }, { where: { id: 1 }, transaction: t });
 *   await t.commit();
 * } catch (error) {
 *   await t.rollback();
 *   throw error;
 * }
 */
export class Transaction {
  /** Sequelize's names for the standard isolation levels (postgres, mysql). */
  static readonly ISOLATION_LEVELS = {
    READ_UNCOMMITTED: 'READ UNCOMMITTED',
    READ_COMMITTED: 'READ COMMITTED',
    REPEATABLE_READ: 'REPEATABLE READ',
    SERIALIZABLE: 'SERIALIZABLE',
  } as const;
  /** SQLite's transaction modes, given as `isolationLevel` on SQLite. */
  static readonly TYPES = { DEFERRED: 'DEFERRED', IMMEDIATE: 'IMMEDIATE', EXCLUSIVE: 'EXCLUSIVE' } as const;
  /** Values for a finder's `lock` option: `findAll({ lock: Transaction.LOCK.UPDATE })`. */
  static readonly LOCK = { UPDATE: 'UPDATE', SHARE: 'SHARE' } as const;

  /** A number identifying this transaction in logs (unique within the process). */
  readonly id = nextId++;
  private state: 'active' | 'committed' | 'rolled back' | 'unknown' = 'active';
  /** Why the transaction ended without its owner ending it (idleInTransactionTimeout). */
  private endedBecause: string | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private runningStatements = 0;
  // Created on first use: most transactions have neither, and one is begun per write in a loop.
  private afterCommitCallbacks: Array<(transaction: Transaction) => unknown> | undefined;
  private savepointCounter = 0;
  // Savepoints of this transaction take turns: two started side by side on the one connection
  // would otherwise nest by accident, and releasing the outer one would release the inner.
  private savepointTurn: Mutex | undefined;

  /** @internal */
  constructor(
    private readonly host: TransactionHost,
    /** @internal */ readonly connection: DriverConnection,
    /** The transaction this one is a savepoint of; undefined for a top-level transaction. */
    readonly parent: Transaction | undefined,
    /** @internal */ readonly savepoint: string | undefined,
  ) {}

  /** The same as `Transaction.LOCK`, for Sequelize's `lock: t.LOCK.UPDATE`. */
  get LOCK(): typeof Transaction.LOCK {
    return Transaction.LOCK;
  }

  /**
   * 'commit' or 'rollback' once the transaction ended, undefined while it is active, and
   * 'unknown' when the connection failed after COMMIT was sent: the database may have committed
   * or not (commit() then rejected with CommitOutcomeUnknownError).
   */
  get finished(): 'commit' | 'rollback' | 'unknown' | undefined {
    switch (this.state) {
      case 'active':
        return undefined;
      case 'committed':
        return 'commit';
      case 'unknown':
        return 'unknown';
      default:
        return 'rollback';
    }
  }

  /** @internal Why Strata ended the transaction on its own (an idle timeout), if it did. */
  get expiredReason(): string | undefined {
    return this.endedBecause;
  }

  /**
   * @internal Starts the idle-in-transaction clock: after `ms` without a statement running, the
   * transaction is rolled back and its connection freed.
   */
  expireWhenIdle(ms: number): void {
    if (!(ms > 0) || this.parent) return;
    this.idleMs = ms;
    this.restartIdleClock();
  }

  private idleMs = 0;

  private restartIdleClock(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    if (!(this.idleMs > 0) || this.state !== 'active') return;
    this.idleTimer = setTimeout(() => {
      if (this.state !== 'active' || this.runningStatements > 0) return;
      this.endedBecause = `it was idle for ${this.idleMs} ms (idleInTransactionTimeout) and was rolled back`;
      this.rollback().catch(() => undefined);
    }, this.idleMs);
    this.idleTimer.unref?.();
  }

  /** @internal A statement of this transaction starts (`true`) or ends (`false`). */
  statementRunning(running: boolean): void {
    const root = this.root;
    root.runningStatements += running ? 1 : -1;
    if (!running) root.restartIdleClock();
  }

  /** The outermost transaction (itself, unless this is a savepoint). */
  get root(): Transaction {
    return this.parent ? this.parent.root : this;
  }

  /** Throws if the transaction (or the one it is a savepoint of) already ended. */
  assertActive(): void {
    if (this.state !== 'active') {
      const ended =
        this.endedBecause ?? `was already ${this.state === 'unknown' ? 'ended (commit outcome unknown)' : this.state}`;
      throw new TransactionError(
        `Transaction ${this.id} ${this.endedBecause ? `ended: ${ended}` : ended}; it cannot run more queries ` +
          '(await every query inside the transaction callback, and start a new transaction for later work)',
      );
    }
    this.parent?.assertActive();
  }

  /**
   * Runs `callback` after the outermost transaction commits, never if it rolls back: the place
   * for side effects (emails, cache invalidation) that must not happen for rolled-back work.
   * The trap: an error thrown by the callback reaches the caller of commit, but the data is
   * already committed.
   * @example
   * await db.transaction(async (t) => {
   *   const order = await Order.create({ total: 10 });
   *   t.afterCommit(() => mailer.send(order.id));
   * });
   */
  afterCommit(callback: (transaction: Transaction) => unknown): void {
    if (typeof callback !== 'function') throw new TransactionError('afterCommit takes a function');
    if (this.parent) this.root.afterCommit(callback);
    else (this.afterCommitCallbacks ??= []).push(callback);
  }

  /** @internal Waits until no other savepoint of this transaction is open, then a name for the next. */
  async openSavepoint(timeoutMs: number): Promise<string> {
    await (this.savepointTurn ??= new Mutex()).acquire(
      timeoutMs,
      () =>
        `A savepoint of transaction ${this.id} waited ${timeoutMs} ms (pool.acquire) for another ` +
        'savepoint of the same transaction to end',
    );
    return `${this.savepoint ?? `strata_${this.id}`}_sp${++this.savepointCounter}`;
  }

  /** @internal The savepoint that held this transaction's turn ended. */
  closeSavepoint(): void {
    this.savepointTurn?.release();
  }

  /** Commits (a savepoint: releases it). Then runs the afterCommit callbacks of a top-level transaction. */
  async commit(): Promise<void> {
    this.assertActive();
    if (this.savepoint) {
      try {
        await this.host.runOnConnection(this.connection, `RELEASE SAVEPOINT ${this.savepoint}`);
        this.state = 'committed';
      } catch (error) {
        this.state = 'rolled back';
        await settled(() => this.host.runOnConnection(this.connection, `ROLLBACK TO SAVEPOINT ${this.savepoint}`));
        throw error;
      } finally {
        this.parent!.closeSavepoint();
      }
      return;
    }
    this.stopIdleClock();
    let broken = false;
    try {
      // A synchronous driver commits without a promise of its own.
      const committing = this.host.runOnConnection(this.connection, 'COMMIT');
      if (committing) await committing;
      this.state = 'committed';
    } catch (error) {
      if (commitMayHaveHappened(error)) {
        // COMMIT reached the network and the connection failed before the answer: the server
        // may have committed. Reporting a rollback would make callers write twice.
        this.state = 'unknown';
        broken = true;
        throw this.host.nameError(
          new CommitOutcomeUnknownError(
            `Transaction ${this.id}: the connection failed after COMMIT was sent, so whether it committed is ` +
              `unknown (${(error as Error).message}). Check for the transaction's writes before running it again.`,
            { cause: error, sql: 'COMMIT' },
          ),
        );
      }
      this.state = 'rolled back';
      if (!(await settled(() => this.host.runOnConnection(this.connection, 'ROLLBACK')))) broken = true;
      throw error;
    } finally {
      this.host.releaseConnection(this.connection, broken);
    }
    if (this.afterCommitCallbacks) for (const callback of this.afterCommitCallbacks) await callback(this);
  }

  private stopIdleClock(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  /** Rolls back (a savepoint: only the work done since it began). */
  async rollback(): Promise<void> {
    this.assertActive();
    this.state = 'rolled back';
    this.stopIdleClock();
    if (this.savepoint) {
      try {
        await this.host.runOnConnection(this.connection, `ROLLBACK TO SAVEPOINT ${this.savepoint}`);
      } finally {
        this.parent!.closeSavepoint();
      }
      return;
    }
    let broken = false;
    try {
      await this.host.runOnConnection(this.connection, 'ROLLBACK');
    } catch (error) {
      broken = true;
      throw error;
    } finally {
      this.host.releaseConnection(this.connection, broken);
    }
  }
}

/** Runs a statement whose failure the caller only notes (a rollback after a failure): true when it succeeded. */
async function settled(run: () => Promise<void> | void): Promise<boolean> {
  try {
    await run();
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether a failed COMMIT may still have committed: the connection failed (or stopped
 * answering) after COMMIT was handed to it. A connection already known dead before COMMIT was
 * sent, and an error the server answered with, are definite.
 */
function commitMayHaveHappened(error: unknown): boolean {
  if (error instanceof ConnectionLostError) return error.sentToServer;
  if (error instanceof QueryTimeoutError) return true;
  return error instanceof ConnectionError && !error.retryable;
}
