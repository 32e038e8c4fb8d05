import {
  DataTypes,
  InvalidQueryError,
  QueryTypes,
  Strata,
  Transaction,
  TransactionError,
  UniqueConstraintError,
  Model,
  type CreationOptional,
} from '@strata/core';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runScript } from '../../../../test-support/child-script';
import { describeEachDialect } from '../../../../test-support/dialects';

class Account extends Model {
  declare id: CreationOptional<number>;
  declare name: string;
  declare balance: CreationOptional<number>;
}

describeEachDialect('transactions', (ctx) => {
  let db: Strata;

  const names = async (options: { transaction?: Transaction | null } = {}): Promise<string[]> =>
    (await Account.findAll({ order: [['name', 'ASC']], ...options })).map((a) => a.name);

  beforeAll(async () => {
    db = ctx.connect();
    Account.init(
      {
        name: { type: DataTypes.STRING, allowNull: false, unique: true },
        balance: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      },
      { strata: db, tableName: 'tx_accounts', timestamps: false },
    );
    await db.sync({ force: true });
  });

  beforeEach(async () => {
    await Account.destroy({ all: true });
  });

  describe('managed', () => {
    it('runs queries sent at once one after another, without driver warnings', async () => {
      const url =
        ctx.dialect === 'sqlite' ? `sqlite:${join(mkdtempSync(join(tmpdir(), 'strata-tx-')), 'tx.db')}` : ctx.url;
      const output = await runScript(join(__dirname, 'fixtures', 'concurrent-queries.ts'), { STRATA_URL: url });
      expect(JSON.parse(output)).toEqual({ count: 3, names: ['a', 'b'], matched: 1, warnings: [] });
    });

    it('commits when the callback resolves and returns its value', async () => {
      const result = await db.transaction(async (t) => {
        expect(t).toBeInstanceOf(Transaction);
        await Account.create({ name: 'ann' });
        return 42;
      });
      expect(result).toBe(42);
      expect(await names()).toEqual(['ann']);
    });

    it('rolls back when the callback throws and rethrows the same error', async () => {
      const boom = new Error('boom');
      await expect(
        db.transaction(async () => {
          await Account.create({ name: 'ann' });
          await Account.update({ balance: 5 }, { where: { name: 'ann' } });
          throw boom;
        }),
      ).rejects.toBe(boom);
      expect(await names()).toEqual([]);
    });

    it('takes options first: db.transaction(options, callback)', async () => {
      const level = ctx.dialect === 'sqlite' ? 'IMMEDIATE' : 'SERIALIZABLE';
      const result = await db.transaction({ isolationLevel: level }, async () => {
        await Account.create({ name: 'iso' });
        return 'done';
      });
      expect(result).toBe('done');
      expect(await names()).toEqual(['iso']);
    });
  });

  describe('unmanaged', () => {
    it('commits with t.commit()', async () => {
      const t = await db.transaction();
      await Account.create({ name: 'ann' }, { transaction: t });
      expect(await names({ transaction: t })).toEqual(['ann']);
      await t.commit();
      expect(t.finished).toBe('commit');
      expect(await names()).toEqual(['ann']);
    });

    it('rolls back with t.rollback()', async () => {
      const t = await db.transaction();
      await Account.create({ name: 'ann' }, { transaction: t });
      await Account.create({ name: 'bob' }, { transaction: t });
      await t.rollback();
      expect(t.finished).toBe('rollback');
      expect(await names()).toEqual([]);
    });
    it('keeps bulkCreate and update with returning inside an explicit transaction', async () => {
      const t = await db.transaction();
      await Account.bulkCreate([{ name: 'ann' }, { name: 'bob' }], { transaction: t });
      const [count, rows] = await Account.update(
        { balance: 5 },
        { where: { name: 'ann' }, returning: true, transaction: t },
      );
      expect([count, rows?.map((row) => [row.name, row.balance])]).toEqual([1, [['ann', 5]]]);
      await t.rollback();
      expect(await names()).toEqual([]);
    });
  });

  describe('automatic binding', () => {
    it('binds every query in the callback, including ones started together with Promise.all', async () => {
      await expect(
        db.transaction(async () => {
          await Promise.all(['a', 'b', 'c', 'd', 'e'].map((name) => Account.create({ name })));
          await Promise.all([
            Account.update({ balance: 1 }, { where: { name: 'a' } }),
            db.query("UPDATE tx_accounts SET balance = 2 WHERE name = 'b'"),
            Account.bulkCreate([{ name: 'f' }, { name: 'g' }]),
          ]);
          expect(await names()).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
          throw new Error('undo all of it');
        }),
      ).rejects.toThrow('undo all of it');
      expect(await names()).toEqual([]);
    });

    it('keeps the binding across timers and nested async functions', async () => {
      const createLater = async (name: string): Promise<void> => {
        await new Promise((resolve) => setImmediate(resolve));
        await Account.create({ name });
      };
      await expect(
        db.transaction(async () => {
          await createLater('late');
          throw new Error('no');
        }),
      ).rejects.toThrow('no');
      expect(await names()).toEqual([]);
    });

    it('lets an explicit transaction win over the bound one', async () => {
      const finished = await db.transaction();
      await finished.commit();
      await db.transaction(async () => {
        // The explicit (finished) transaction is used, not the bound one: so this fails.
        await expect(Account.create({ name: 'x' }, { transaction: finished })).rejects.toBeInstanceOf(TransactionError);
      });
      expect(await names()).toEqual([]);
    });

    it('starts a savepoint inside the bound transaction even when given the parent explicitly', async () => {
      await db.transaction(async (outer) => {
        await Account.create({ name: 'outer' });
        const inner = await db.transaction({ transaction: outer });
        expect(inner.parent).toBe(outer);
        await Account.create({ name: 'inner' }, { transaction: inner });
        await inner.rollback();
        expect(await names()).toEqual(['outer']);
      });
      expect(await names()).toEqual(['outer']);
    });

    if (ctx.dialect !== 'sqlite') {
      it('runs an explicit transaction of another connection inside a bound one', async () => {
        const other = await db.transaction();
        await expect(
          db.transaction(async () => {
            await Account.create({ name: 'kept' }, { transaction: other });
            await Account.create({ name: 'dropped' });
            throw new Error('roll back the bound one');
          }),
        ).rejects.toThrow('roll back the bound one');
        await other.commit();
        expect(await names()).toEqual(['kept']);
      });

      it('runs { transaction: null } outside the bound transaction', async () => {
        await expect(
          db.transaction(async () => {
            await Account.create({ name: 'inside' });
            await Account.create({ name: 'outside' }, { transaction: null });
            throw new Error('roll back');
          }),
        ).rejects.toThrow('roll back');
        expect(await names()).toEqual(['outside']);
      });
    } else {
      it('refuses { transaction: null } inside a transaction, which would wait for its own connection', async () => {
        await db.transaction(async () => {
          await expect(Account.create({ name: 'outside' }, { transaction: null })).rejects.toThrow(
            /single connection.*transaction: null/,
          );
          await expect(db.transaction({ transaction: null }, async () => 1)).rejects.toBeInstanceOf(TransactionError);
        });
        expect(await names()).toEqual([]);
      });
    }
  });

  describe('nested transactions are savepoints', () => {
    it('rolls back only the failed inner work', async () => {
      await db.transaction(async () => {
        await Account.create({ name: 'outer' });
        await expect(
          db.transaction(async (inner) => {
            expect(inner.parent).toBeDefined();
            await Account.create({ name: 'inner' });
            throw new Error('inner fails');
          }),
        ).rejects.toThrow('inner fails');
        await Account.create({ name: 'after' });
      });
      expect(await names()).toEqual(['after', 'outer']);
    });

    it('keeps committed inner work only until the outer transaction rolls back', async () => {
      await expect(
        db.transaction(async () => {
          await db.transaction(async () => {
            await db.transaction(async () => Account.create({ name: 'deepest' }));
            await Account.create({ name: 'inner' });
          });
          expect(await names()).toEqual(['deepest', 'inner']);
          throw new Error('outer fails');
        }),
      ).rejects.toThrow('outer fails');
      expect(await names()).toEqual([]);
    });

    it('runs sibling savepoints started together one after the other', async () => {
      await db.transaction(async () => {
        const results = await Promise.allSettled(
          ['a', 'b', 'c', 'd'].map((name, index) =>
            db.transaction(async () => {
              await Account.create({ name });
              await new Promise((resolve) => setImmediate(resolve));
              if (index % 2 === 1) throw new Error(`drop ${name}`);
            }),
          ),
        );
        expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected']);
      });
      expect(await names()).toEqual(['a', 'c']);
    });
  });

  describe('afterCommit', () => {
    it('runs after the commit, with the data visible, and never after a rollback', async () => {
      const seen: string[][] = [];
      await db.transaction(async (t) => {
        await Account.create({ name: 'ann' });
        t.afterCommit(async () => {
          seen.push(await names());
        });
        expect(seen).toEqual([]);
      });
      expect(seen).toEqual([['ann']]);

      const neverCalled = jest.fn();
      await expect(
        db.transaction(async (t) => {
          t.afterCommit(neverCalled);
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      expect(neverCalled).not.toHaveBeenCalled();
    });

    it('on a savepoint, waits for the outermost commit', async () => {
      const calls: string[] = [];
      await db.transaction(async () => {
        await db.transaction(async (inner) => {
          inner.afterCommit(() => calls.push('inner callback'));
        });
        calls.push('outer still running');
      });
      expect(calls).toEqual(['outer still running', 'inner callback']);
    });
  });

  describe('finished transactions', () => {
    it('refuse queries, commit and rollback with an error that says so', async () => {
      const t = await db.transaction();
      await t.commit();
      await expect(Account.create({ name: 'x' }, { transaction: t })).rejects.toThrow(/already committed/);
      await expect(t.commit()).rejects.toBeInstanceOf(TransactionError);
      await expect(t.rollback()).rejects.toThrow(/already committed/);
      const r = await db.transaction();
      await r.rollback();
      await expect(db.query('SELECT 1', { transaction: r })).rejects.toThrow(/already rolled back/);
      expect(await names()).toEqual([]);
    });

    it('make a query left running after its transaction rolled back fail instead of writing outside it', async () => {
      let open!: () => void;
      const gate = new Promise<void>((resolve) => (open = resolve));
      let stray: Promise<unknown> = Promise.resolve();
      await expect(
        db.transaction(async () => {
          stray = gate.then(() => Account.create({ name: 'stray' }));
          stray.catch(() => undefined);
          await Account.create({ name: 'first' });
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      open();
      await expect(stray).rejects.toBeInstanceOf(TransactionError);
      expect(await names()).toEqual([]);
    });
  });

  describe('failures inside a transaction', () => {
    it('leave the database as it was before the transaction', async () => {
      await Account.create({ name: 'ann', balance: 10 });
      const error = await db
        .transaction(async () => {
          await Account.update({ balance: 0 }, { where: { name: 'ann' } });
          await Account.create({ name: 'bob', balance: 10 });
          await Account.create({ name: 'ann' }); // duplicate: the database refuses it
        })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UniqueConstraintError);
      const rows = (await Account.findAll({ raw: true, attributes: ['name', 'balance'] })) as unknown as Array<{
        name: string;
        balance: number;
      }>;
      expect(rows).toEqual([{ name: 'ann', balance: 10 }]);
    });
  });

  describe('isolation levels', () => {
    if (ctx.dialect === 'sqlite') {
      it('opens DEFERRED, IMMEDIATE and EXCLUSIVE transactions and rejects the server levels', async () => {
        const statements: string[] = [];
        const logged = ctx.connect({ logging: (sql) => statements.push(sql) });
        for (const level of Object.values(Transaction.TYPES)) {
          expect(await logged.transaction({ isolationLevel: level }, async () => level)).toBe(level);
        }
        expect(statements.filter((s) => s.startsWith('BEGIN'))).toEqual([
          'BEGIN DEFERRED',
          'BEGIN IMMEDIATE',
          'BEGIN EXCLUSIVE',
        ]);
        await expect(logged.transaction({ isolationLevel: 'SERIALIZABLE' }, async () => 1)).rejects.toBeInstanceOf(
          InvalidQueryError,
        );
        // The refused level did not keep the only connection.
        expect(await logged.query('SELECT 1 AS one', { type: QueryTypes.SELECT })).toEqual([{ one: 1 }]);
      });
    } else {
      it('accepts the four standard levels and rejects SQLite modes', async () => {
        for (const level of Object.values(Transaction.ISOLATION_LEVELS)) {
          await db.transaction({ isolationLevel: level }, () => Account.create({ name: level }));
        }
        expect(await Account.count()).toBe(4);
        await expect(db.transaction({ isolationLevel: 'IMMEDIATE' }, async () => 1)).rejects.toBeInstanceOf(
          InvalidQueryError,
        );
      });

      it('READ COMMITTED sees a concurrent commit, REPEATABLE READ keeps its snapshot', async () => {
        const other = ctx.connect();
        await Account.create({ name: 'ann', balance: 1 });
        const readTwice = (level: 'READ COMMITTED' | 'REPEATABLE READ'): Promise<number[]> =>
          db.transaction({ isolationLevel: level }, async () => {
            const first = (await Account.findOne({ where: { name: 'ann' } }))!.balance;
            await other.query('UPDATE tx_accounts SET balance = balance + 1 WHERE name = ?', {
              replacements: ['ann'],
            });
            const second = (await Account.findOne({ where: { name: 'ann' } }))!.balance;
            return [first, second];
          });
        expect(await readTwice('READ COMMITTED')).toEqual([1, 2]);
        expect(await readTwice('REPEATABLE READ')).toEqual([2, 2]);
      });
    }
  });

  describe('concurrency', () => {
    it('loses no update when concurrent transactions read with lock: true and write', async () => {
      await Account.create({ name: 'counter', balance: 0 });
      await Promise.all(
        Array.from({ length: 8 }, () =>
          db.transaction(async () => {
            const row = (await Account.findOne({ where: { name: 'counter' }, lock: true }))!;
            await new Promise((resolve) => setImmediate(resolve));
            await row.update({ balance: row.balance + 1 });
          }),
        ),
      );
      expect((await Account.findOne({ where: { name: 'counter' } }))!.balance).toBe(8);
    });

    if (ctx.dialect === 'sqlite') {
      it('queues concurrent SQLite transactions instead of interleaving them', async () => {
        const events: string[] = [];
        await Promise.all(
          ['one', 'two', 'three'].map((name) =>
            db.transaction(async () => {
              events.push(`${name} begins`);
              await Account.create({ name });
              await new Promise((resolve) => setImmediate(resolve));
              events.push(`${name} ends`);
            }),
          ),
        );
        expect(events).toEqual(['one begins', 'one ends', 'two begins', 'two ends', 'three begins', 'three ends']);
        expect(await names()).toEqual(['one', 'three', 'two']);
      });
    }
  });
});
