import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CommitOutcomeUnknownError,
  ConnectionLostError,
  DataTypes,
  DeadlockError,
  Model,
  QueryTypes,
  SerializationError,
  Strata,
  type CreationOptional,
  type Transaction,
} from '@strata/core';
import { describeEachDialect } from '../../../../test-support/dialects';
import { FaultProxy } from '../../../../test-support/fault-proxy';
import { rejection } from '../../../../test-support/rejection';
import { SERVERS } from '../../../../test-support/servers';

/** Issue 19: transactions that retry safely, and a commit whose outcome is unknown is never called a rollback. */

function defineEntry(db: Strata) {
  class Entry extends Model {
    declare id: CreationOptional<number>;
    declare label: string;
    declare amount: CreationOptional<number>;
  }
  Entry.init(
    {
      label: { type: DataTypes.STRING, allowNull: false },
      amount: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    },
    { strata: db, tableName: 'retry_entries', timestamps: false },
  );
  return Entry;
}

async function countLabel(db: Strata, label: string): Promise<number> {
  const row = (await db.query('SELECT COUNT(*) AS n FROM retry_entries WHERE label = :label', {
    replacements: { label },
    type: QueryTypes.SELECT,
    plain: true,
  })) as { n: unknown };
  return Number(row.n);
}

describeEachDialect('transaction retry', (ctx) => {
  if (ctx.dialect === 'sqlite') {
    describe('two connections to one database file', () => {
      let directory: string;
      let first: Strata;
      let second: Strata;

      beforeAll(async () => {
        directory = mkdtempSync(join(tmpdir(), 'strata-retry-'));
        const storage = join(directory, 'shared.db');
        first = ctx.connect({ storage });
        second = ctx.connect({ storage });
        await first.query('CREATE TABLE counters (id INTEGER PRIMARY KEY, value INTEGER NOT NULL)');
        await first.query('INSERT INTO counters (id, value) VALUES (1, 0)');
      });

      afterAll(async () => {
        await first.close();
        await second.close();
        rmSync(directory, { recursive: true, force: true });
      });

      /** A read-then-write transaction; `between` runs after its read, before its write. */
      function increment(db: Strata, options: object, between: () => Promise<unknown>, attempts: number[]) {
        return db.transaction(options, async (t: Transaction) => {
          attempts.push(1);
          const row = (await db.query('SELECT value FROM counters WHERE id = 1', {
            transaction: t,
            type: QueryTypes.SELECT,
            plain: true,
          })) as { value: number };
          if (attempts.length === 1) await between();
          await db.query('UPDATE counters SET value = :value WHERE id = 1', {
            replacements: { value: row.value + 1 },
            transaction: t,
          });
        });
      }

      const value = async (): Promise<number> =>
        (
          (await first.query('SELECT value FROM counters WHERE id = 1', { type: QueryTypes.SELECT, plain: true })) as {
            value: number;
          }
        ).value;

      it('DEFERRED read-then-write loses to a concurrent writer (SerializationError); retry reruns it and no increment is lost', async () => {
        const before = await value();
        const failed: number[] = [];
        await rejection(
          increment(first, { type: 'DEFERRED' }, () => second.query('UPDATE counters SET value = value + 1'), failed),
          SerializationError,
        );
        expect(await value()).toBe(before + 1);
        const attempts: number[] = [];
        await increment(
          first,
          { type: 'DEFERRED', retry: { max: 3, backoff: 5 } },
          () => second.query('UPDATE counters SET value = value + 1'),
          attempts,
        );
        expect(attempts).toHaveLength(2);
        expect(await value()).toBe(before + 3);
      });

      it('the default IMMEDIATE transaction holds the write lock from BEGIN: the other writer waits instead', async () => {
        const before = await value();
        const attempts: number[] = [];
        let otherWrite: Promise<unknown> = Promise.resolve();
        await increment(
          first,
          {},
          async () => {
            otherWrite = second.query('UPDATE counters SET value = value + 1');
          },
          attempts,
        );
        await otherWrite;
        expect(attempts).toHaveLength(1);
        expect(await value()).toBe(before + 2);
      });
    });
    return;
  }

  const server = SERVERS[ctx.dialect];
  let db: Strata;
  let Entry: ReturnType<typeof defineEntry>;
  let proxy: FaultProxy;

  beforeAll(async () => {
    db = ctx.connect();
    Entry = defineEntry(db);
    await db.sync({ force: true });
  });

  beforeEach(async () => {
    proxy = await FaultProxy.start(server.port);
  });

  afterEach(async () => {
    await proxy.close();
  });

  it('a deadlock between two transactions: the victim reruns and both commit; afterCommit runs once each', async () => {
    const [a, b] = await Entry.bulkCreate([{ label: 'dl-a' }, { label: 'dl-b' }]);
    const other = ctx.connect();
    const OtherEntry = defineEntry(other);
    const attempts = { first: 0, second: 0 };
    const committed: string[] = [];
    const errors: unknown[] = [];
    const bothLocked = { count: 0, release: (): void => undefined };
    const firstLockTaken = new Promise<void>((resolve) => {
      bothLocked.release = resolve;
    });
    const transfer = (
      strata: Strata,
      model: typeof Entry,
      key: 'first' | 'second',
      firstId: number,
      secondId: number,
    ): Promise<void> =>
      strata.transaction({ retry: { max: 3, backoff: 20 } }, async (t) => {
        attempts[key]++;
        t.afterCommit(() => committed.push(key));
        await model.increment('amount', { by: 1, where: { id: firstId }, transaction: t });
        if (attempts[key] === 1) {
          // Both hold their first row before either asks for its second: a certain deadlock.
          if (++bothLocked.count === 2) bothLocked.release();
          await firstLockTaken;
        }
        await model.increment('amount', { by: 1, where: { id: secondId }, transaction: t });
      });
    await Promise.all([
      transfer(db, Entry, 'first', a.id, b.id).catch((e: unknown) => errors.push(e)),
      transfer(other, OtherEntry, 'second', b.id, a.id).catch((e: unknown) => errors.push(e)),
    ]);
    expect(errors).toEqual([]);
    expect(attempts.first + attempts.second).toBe(3);
    expect(committed.sort()).toEqual(['first', 'second']);
    const rows = await Entry.findAll({ where: { id: [a.id, b.id] }, order: [['id', 'ASC']] });
    expect(rows.map((row) => row.amount)).toEqual([2, 2]);
    console.log(`${ctx.dialect}: deadlock retried, attempts ${JSON.stringify(attempts)}`);
  });

  it('without retry the deadlock victim fails with a DeadlockError and its work is rolled back', async () => {
    const [a, b] = await Entry.bulkCreate([{ label: 'nr-a' }, { label: 'nr-b' }]);
    const other = ctx.connect();
    const OtherEntry = defineEntry(other);
    let locked = 0;
    let release = (): void => undefined;
    const bothLocked = new Promise<void>((resolve) => {
      release = resolve;
    });
    const run = (strata: Strata, model: typeof Entry, firstId: number, secondId: number) =>
      strata.transaction(async (t) => {
        await model.increment('amount', { by: 1, where: { id: firstId }, transaction: t });
        if (++locked === 2) release();
        await bothLocked;
        await model.increment('amount', { by: 1, where: { id: secondId }, transaction: t });
      });
    const outcomes = await Promise.allSettled([run(db, Entry, a.id, b.id), run(other, OtherEntry, b.id, a.id)]);
    const failures = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(failures).toHaveLength(1);
    expect(failures[0].reason).toBeInstanceOf(DeadlockError);
    const amounts = (await Entry.findAll({ where: { id: [a.id, b.id] } })).map((row) => row.amount);
    expect(amounts.reduce((sum, n) => sum + n, 0)).toBe(2);
  });

  it("a COMMIT whose reply is lost ends as finished === 'unknown' with CommitOutcomeUnknownError, never rerun; the row is committed", async () => {
    const through = new Strata(proxy.url(ctx.url), { errorNames: 'sequelize' });
    const ThroughEntry = defineEntry(through);
    let attempts = 0;
    let transaction: Transaction | undefined;
    let afterCommitRuns = 0;
    try {
      proxy.loseReplyAfter('COMMIT');
      const error = await rejection(
        through.transaction({ retry: { max: 3, backoff: 1 } }, async (t) => {
          attempts++;
          transaction = t;
          t.afterCommit(() => afterCommitRuns++);
          await ThroughEntry.create({ label: 'lost-commit-reply' }, { transaction: t });
        }),
        CommitOutcomeUnknownError,
      );
      expect(error.retryable).toBe(false);
      expect(error.name).toBe('SequelizeConnectionError');
      expect(proxy.repliesLost).toBe(1);
      expect(attempts).toBe(1);
      expect(afterCommitRuns).toBe(0);
      expect(transaction?.finished).toBe('unknown');
      // The server did commit: a caller that took this for a rollback would write twice.
      expect(await countLabel(db, 'lost-commit-reply')).toBe(1);
    } finally {
      await through.close();
    }
  });

  it('a connection lost before COMMIT was sent: the server rolled back, retry reruns the callback, one row in the end', async () => {
    const through = new Strata(proxy.url(ctx.url));
    const ThroughEntry = defineEntry(through);
    let attempts = 0;
    let afterCommitRuns = 0;
    try {
      await through.transaction({ retry: { max: 2, backoff: 10 } }, async (t) => {
        attempts++;
        t.afterCommit(() => afterCommitRuns++);
        await ThroughEntry.create({ label: 'lost-before-commit' }, { transaction: t });
        if (attempts === 1) {
          proxy.cut();
          await ThroughEntry.count({ transaction: t });
        }
      });
      expect(attempts).toBe(2);
      expect(afterCommitRuns).toBe(1);
      expect(await countLabel(db, 'lost-before-commit')).toBe(1);
      // Without retry the same fault is a ConnectionLostError and nothing is written.
      const error = await rejection(
        through.transaction(async (t) => {
          await ThroughEntry.create({ label: 'lost-no-retry' }, { transaction: t });
          proxy.cut();
          await ThroughEntry.count({ transaction: t });
        }),
        ConnectionLostError,
      );
      expect(error).toBeInstanceOf(ConnectionLostError);
      expect(await countLabel(db, 'lost-no-retry')).toBe(0);
    } finally {
      await through.close();
    }
  });
});
