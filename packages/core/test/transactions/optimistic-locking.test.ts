import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataTypes, Model, OptimisticLockError, Strata, type CreationOptional } from '@strata/core';
import { describeEachDialect } from '../../../../test-support/dialects';
import { waitUntilBlocked } from './lock-waits';

const TABLE = 'strata_versioned_docs';

/** One class per connection: a model class is initialised on exactly one Strata. */
function defineDoc(db: Strata) {
  class Doc extends Model {
    declare id: CreationOptional<number>;
    declare title: string;
    declare version: CreationOptional<number>;
  }
  Doc.init({ title: { type: DataTypes.STRING, allowNull: false } }, { strata: db, tableName: TABLE, version: true });
  return Doc;
}

describeEachDialect('optimistic locking (version)', (ctx) => {
  // Two connections to one database: on SQLite, two connections to one file.
  const file = join(tmpdir(), `strata-optimistic-${process.pid}-${ctx.dialect}.db`);
  let Doc1: ReturnType<typeof defineDoc>;
  let Doc2: ReturnType<typeof defineDoc>;
  let db1: Strata;

  beforeAll(async () => {
    const storage = ctx.dialect === 'sqlite' ? { storage: file } : {};
    db1 = ctx.connect(storage);
    Doc1 = defineDoc(db1);
    await db1.sync({ force: true });
    Doc2 = defineDoc(ctx.connect(storage));
  });

  afterAll(() => {
    if (ctx.dialect === 'sqlite') {
      for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
    }
  });

  beforeEach(async () => {
    await Doc1.destroy({ all: true });
  });

  it('lets exactly one of two concurrent saves of the same row win; the row holds its values', async () => {
    const { id } = await Doc1.create({ title: 'draft' });
    const mine = (await Doc1.findByPk(id))!;
    const theirs = (await Doc2.findByPk(id))!;
    mine.title = 'mine';
    theirs.title = 'theirs';
    const results = await Promise.allSettled([mine.save(), theirs.save()]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0].reason).toBeInstanceOf(OptimisticLockError);
    expect((lost[0].reason as Error).message).toMatch(/Doc: the row changed since it was loaded/);
    const winner = results[0].status === 'fulfilled' ? 'mine' : 'theirs';
    const stored = (await Doc1.findByPk(id))!;
    expect(stored.title).toBe(winner);
    expect(stored.version).toBe(1);
  });

  it('refuses a stale save, and saves after a reload', async () => {
    const { id } = await Doc1.create({ title: 'v0' });
    const stale = (await Doc2.findByPk(id))!;
    const fresh = (await Doc1.findByPk(id))!;
    await fresh.update({ title: 'v1' });
    expect(fresh.version).toBe(1);

    stale.title = 'stale edit';
    await expect(stale.save()).rejects.toBeInstanceOf(OptimisticLockError);
    expect(stale.version).toBe(0);
    expect((await Doc1.findByPk(id))!.title).toBe('v1');

    await stale.reload();
    await stale.update({ title: 'v2' });
    const stored = (await Doc1.findByPk(id))!;
    expect([stored.title, stored.version]).toEqual(['v2', 2]);
  });

  if (ctx.dialect !== 'sqlite') {
    it('fails the save that waited on the winner’s row lock once the winner commits', async () => {
      const { id } = await Doc1.create({ title: 'draft' });
      const mine = (await Doc1.findByPk(id))!;
      const theirs = (await Doc2.findByPk(id))!;
      const t = await db1.transaction();
      await mine.update({ title: 'mine' }, { transaction: t });
      theirs.title = 'theirs';
      const losing = theirs.save();
      losing.catch(() => undefined);
      await waitUntilBlocked(db1, TABLE);
      await t.commit();
      await expect(losing).rejects.toBeInstanceOf(OptimisticLockError);
      const stored = (await Doc2.findByPk(id))!;
      expect([stored.title, stored.version]).toEqual(['mine', 1]);
    });
  }
});
