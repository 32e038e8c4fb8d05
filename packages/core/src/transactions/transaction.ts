import type { DriverConnection, IsolationLevel } from '../dialect/dialect';
import { TransactionError } from '../errors/errors';

export interface TransactionOptions {
  /** Isolation level (postgres/mysql) or SQLite's DEFERRED/IMMEDIATE/EXCLUSIVE mode. */
  isolationLevel?: IsolationLevel;
  /** Run as a savepoint of this transaction; `null` starts a new top-level transaction. */
  transaction?: Transaction | null;
}

/** What a transaction needs from the connection: run statements and give the connection back. */
export interface TransactionHost {
  runOnConnection(connection: DriverConnection, sql: string): Promise<void>;
  releaseConnection(connection: DriverConnection): void;
}

let nextId = 1;

/**
 * One database transaction, or a savepoint inside one. Managed transactions
 * (`db.transaction(async (t) => ...)`) commit and roll back themselves; an unmanaged one
 * (`const t = await db.transaction()`) must end with `t.commit()` or `t.rollback()`.
 * Using a transaction after it ended throws a TransactionError.
 */
export class Transaction {
  readonly id = nextId++;
  private state: 'active' | 'committed' | 'rolled back' = 'active';
  private readonly afterCommitCallbacks: Array<(transaction: Transaction) => unknown> = [];
  private savepointCounter = 0;

  /** @internal */
  constructor(
    private readonly host: TransactionHost,
    /** @internal */ readonly connection: DriverConnection,
    readonly parent: Transaction | undefined,
    /** @internal */ readonly savepoint: string | undefined,
  ) {}

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
      throw new TransactionError(`Transaction ${this.id} was already ${this.state}; it cannot run more queries`);
    }
    this.parent?.assertActive();
  }

  /** Runs `callback` after the outermost transaction commits (never if it rolls back). */
  afterCommit(callback: (transaction: Transaction) => unknown): void {
    if (this.parent) this.root.afterCommit(callback);
    else this.afterCommitCallbacks.push(callback);
  }

  /** @internal A name for the next savepoint inside this transaction. */
  nextSavepointName(): string {
    return `${this.savepoint ?? `strata_${this.id}`}_sp${++this.savepointCounter}`;
  }

  async commit(): Promise<void> {
    this.assertActive();
    if (this.savepoint) {
      await this.host.runOnConnection(this.connection, `RELEASE SAVEPOINT ${this.savepoint}`);
      this.state = 'committed';
      return;
    }
    try {
      await this.host.runOnConnection(this.connection, 'COMMIT');
      this.state = 'committed';
    } catch (error) {
      this.state = 'rolled back';
      await this.host.runOnConnection(this.connection, 'ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      this.host.releaseConnection(this.connection);
    }
    for (const callback of this.afterCommitCallbacks) await callback(this);
  }

  async rollback(): Promise<void> {
    this.assertActive();
    this.state = 'rolled back';
    if (this.savepoint) {
      await this.host.runOnConnection(this.connection, `ROLLBACK TO SAVEPOINT ${this.savepoint}`);
      return;
    }
    try {
      await this.host.runOnConnection(this.connection, 'ROLLBACK');
    } finally {
      this.host.releaseConnection(this.connection);
    }
  }
}
