import { ConnectionAcquireTimeoutError } from '../errors/connection-errors';

/**
 * A first-come, first-served lock. SQLite has one connection and one writer, so a transaction
 * holds the connection until it ends and everything else queues behind it instead of running
 * inside someone else's transaction. Savepoints use one per transaction so that sibling
 * savepoints started side by side (`Promise.all`) take turns instead of interleaving.
 *
 * The trap: a waiter that gives up (timeout) must leave the queue, or the next `release()`
 * would hand the lock to nobody and every later caller would wait forever.
 */
export class Mutex {
  private locked = false;
  private readonly waiters: Array<() => void> = [];

  /**
   * Resolves once the lock is held. With `timeoutMs`, rejects with a ConnectionAcquireTimeoutError (a TimeoutError) (carrying
   * `describe()`'s message) when the lock is still taken after that long.
   */
  acquire(timeoutMs?: number, describe?: () => string): Promise<void> {
    if (!this.locked) {
      this.locked = true;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const waiter = (): void => {
        if (timer) clearTimeout(timer);
        resolve();
      };
      this.waiters.push(waiter);
      if (timeoutMs !== undefined && Number.isFinite(timeoutMs)) {
        timer = setTimeout(() => {
          const index = this.waiters.indexOf(waiter);
          if (index >= 0) this.waiters.splice(index, 1);
          reject(new ConnectionAcquireTimeoutError(describe?.() ?? `Lock not acquired within ${timeoutMs} ms`));
        }, timeoutMs);
      }
    });
  }

  /** Takes the lock if it is free right now; false when someone holds it. */
  tryAcquire(): boolean {
    if (this.locked) return false;
    this.locked = true;
    return true;
  }

  release(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.locked = false;
  }
}
