/**
 * A first-come, first-served lock. SQLite has one connection and one writer, so a transaction
 * holds the connection until it ends and everything else queues behind it instead of running
 * inside someone else's transaction.
 */
export class Mutex {
  private locked = false;
  private readonly waiters: Array<() => void> = [];

  acquire(): Promise<void> {
    if (!this.locked) {
      this.locked = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiters.push(resolve));
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
