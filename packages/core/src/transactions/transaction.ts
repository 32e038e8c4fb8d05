import type { DriverConnection, IsolationLevel } from '../dialect/dialect';
import { Mutex } from '../dialect/mutex';
import { TransactionError } from '../errors/errors';

export interface TransactionOptions {
  /**
   * Isolation level: 'READ UNCOMMITTED' | 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE'
   * on postgres and mysql; 'DEFERRED' | 'IMMEDIATE' | 'EXCLUSIVE' (the locking mode) on SQLite,
   * which is always serializable. Ignored for a savepoint (it shares its parent's level).
   */
  isolationLevel?: IsolationLevel;
  /** Run as a savepoint of this transaction; `null` starts a new top-level transaction. */
  transaction?: Transaction | null;
}

/** What a transaction needs from the connection: run statements and give the connection back. */
export interface TransactionHost {
  runOnConnection(connection: DriverConnection, sql: string): Promise<void>;
  /** `broken`: the connection may still be inside a transaction; close it instead of pooling it. */
  releaseConnection(connection: DriverConnection, broken?: boolean): void;
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

  readonly id = nextId++;
  private state: 'active' | 'committed' | 'rolled back' = 'active';
  private readonly afterCommitCallbacks: Array<(transaction: Transaction) => unknown> = [];
  private savepointCounter = 0;
  // Savepoints of this transaction take turns: two started side by side on the one connection
  // would otherwise nest by accident, and releasing the outer one would release the inner.
  private readonly savepointTurn = new Mutex();

  /** @internal */
  constructor(
    private readonly host: TransactionHost,
    /** @internal */ readonly connection: DriverConnection,
    readonly parent: Transaction | undefined,
    /** @internal */ readonly savepoint: string | undefined,
  ) {}

  /** The same as `Transaction.LOCK`, for Sequelize's `lock: t.LOCK.UPDATE`. */
  get LOCK(): typeof Transaction.LOCK {
    return Transaction.LOCK;
  }

  /** 'commit' or 'rollback' once the transaction ended, undefined while it is active. */
  get finished(): 'commit' | 'rollback' | undefined {
    return this.state === 'active' ? undefined : this.state === 'committed' ? 'commit' : 'rollback';
  }

  /** The outermost transaction (itself, unless this is a savepoint). */
  get root(): Transaction {
    return this.parent ? this.parent.root : this;
  }

  /** Throws if the transaction (or the one it is a savepoint of) already ended. */
  assertActive(): void {
    if (this.state !== 'active') {
      throw new TransactionError(
        `Transaction ${this.id} was already ${this.state}; it cannot run more queries ` +
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
    else this.afterCommitCallbacks.push(callback);
  }

  /** @internal Waits until no other savepoint of this transaction is open, then a name for the next. */
  async openSavepoint(timeoutMs: number): Promise<string> {
    await this.savepointTurn.acquire(
      timeoutMs,
      () =>
        `A savepoint of transaction ${this.id} waited ${timeoutMs} ms (pool.acquire) for another ` +
        'savepoint of the same transaction to end',
    );
    return `${this.savepoint ?? `strata_${this.id}`}_sp${++this.savepointCounter}`;
  }

  /** @internal The savepoint that held this transaction's turn ended. */
  closeSavepoint(): void {
    this.savepointTurn.release();
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
        await this.host.runOnConnection(this.connection, `ROLLBACK TO SAVEPOINT ${this.savepoint}`).catch(() => {});
        throw error;
      } finally {
        this.parent!.closeSavepoint();
      }
      return;
    }
    let broken = false;
    try {
      await this.host.runOnConnection(this.connection, 'COMMIT');
      this.state = 'committed';
    } catch (error) {
      this.state = 'rolled back';
      await this.host.runOnConnection(this.connection, 'ROLLBACK').catch(() => {
        broken = true;
      });
      throw error;
    } finally {
      this.host.releaseConnection(this.connection, broken);
    }
    for (const callback of this.afterCommitCallbacks) await callback(this);
  }

  /** Rolls back (a savepoint: only the work done since it began). */
  async rollback(): Promise<void> {
    this.assertActive();
    this.state = 'rolled back';
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
