/**
 * Running in production (docs/production.md): bounded waits, errors you branch on by class,
 * a transaction that retries on contention, and a write made idempotent so that a commit whose
 * outcome is unknown can be checked and safely run again. Two connections share one SQLite
 * file, as two processes would. Run with `pnpm examples`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CommitOutcomeUnknownError,
  DataTypes,
  LockTimeoutError,
  Model,
  Strata,
  UniqueConstraintError,
  type CreationOptional,
} from '@strata/core';

export class Payment extends Model {
  declare id: CreationOptional<number>;
  /** Chosen by the client before the first attempt: the key that makes the write idempotent. */
  declare requestId: string;
  declare amount: number;
}

function definePayment(db: Strata): typeof Payment {
  const model = class extends Payment {};
  Object.defineProperty(model, 'name', { value: 'Payment' });
  return model.init(
    {
      requestId: { type: DataTypes.STRING, allowNull: false, unique: true },
      amount: { type: DataTypes.INTEGER, allowNull: false },
    },
    { strata: db, tableName: 'payments' },
  );
}

/**
 * Records a payment once, whatever happens to the commit: a transaction that retries on lock
 * contention, and, when the outcome of COMMIT is unknown, a look-up by the request id before
 * running it again. A second call with the same id is a no-op.
 */
export async function pay(model: typeof Payment, db: Strata, requestId: string, amount: number): Promise<string> {
  const write = (): Promise<unknown> =>
    db.transaction({ retry: { max: 5 } }, async () => model.create({ requestId, amount }));
  try {
    await write();
    return 'recorded';
  } catch (error) {
    if (error instanceof UniqueConstraintError) return 'already recorded';
    if (!(error instanceof CommitOutcomeUnknownError)) throw error;
    if (await model.findOne({ where: { requestId } })) return 'recorded (checked after an unknown commit)';
    await write();
    return 'recorded (second attempt)';
  }
}

export async function main(log: (line: string) => void = console.log): Promise<void> {
  const directory = mkdtempSync(join(tmpdir(), 'strata-production-'));
  const storage = join(directory, 'app.db');
  const options = { dialect: 'sqlite' as const, storage, busyTimeout: 200, closeTimeout: 2000 };
  const app = new Strata(options);
  const worker = new Strata(options);
  try {
    const AppPayment = definePayment(app);
    const WorkerPayment = definePayment(worker);
    await app.sync();

    log(`first call: ${await pay(AppPayment, app, 'req-1', 40)}`);
    log(`same request again: ${await pay(WorkerPayment, worker, 'req-1', 40)}`);

    // The worker holds the write lock; the app's write waits busyTimeout (200 ms) without
    // blocking the event loop, then fails with a LockTimeoutError it can branch on.
    const held = await worker.transaction({ type: 'IMMEDIATE' });
    try {
      await AppPayment.create({ requestId: 'req-2', amount: 10 });
    } catch (error) {
      if (!(error instanceof LockTimeoutError)) throw error;
      log(`while another connection writes: ${error.name}, retryable: ${error.retryable}`);
    } finally {
      await held.rollback();
    }

    // With retry, the same write waits out a lock held a little longer than busyTimeout.
    const holder = await worker.transaction({ type: 'IMMEDIATE' });
    setTimeout(() => void holder.commit(), 300);
    log(`with retry: ${await pay(AppPayment, app, 'req-2', 10)}`);
    log(`payments: ${(await AppPayment.findAll({ order: [['id', 'ASC']] })).map((p) => p.requestId).join(', ')}`);
  } finally {
    await app.close();
    await worker.close();
    rmSync(directory, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
