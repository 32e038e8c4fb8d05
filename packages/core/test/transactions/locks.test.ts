import { DataTypes, Model, Strata, Transaction, type CreationOptional } from '@strata/core';
import { describeEachDialect } from '../../../../test-support/dialects';
import { waitUntilBlocked } from './lock-waits';

const TABLE = 'strata_lock_probe';

/** One class per connection: a model class is initialised on exactly one Strata. */
function defineSeat(db: Strata) {
  class Seat extends Model {
    declare id: CreationOptional<number>;
    declare label: string;
    declare holder: string | null;
  }
  Seat.init(
    { label: { type: DataTypes.STRING, allowNull: false }, holder: DataTypes.STRING },
    { strata: db, tableName: TABLE, timestamps: false },
  );
  return Seat;
}

describeEachDialect('row locks', (ctx) => {
  let db: Strata;
  let Seat: ReturnType<typeof defineSeat>;

  beforeAll(async () => {
    db = ctx.connect();
    Seat = defineSeat(db);
    await db.sync({ force: true });
  });

  // Rows are locked by primary key: InnoDB locks every row a locking read scans, so a lookup
  // by an unindexed column would lock its neighbours too.
  const id: Record<string, number> = {};
  beforeEach(async () => {
    await Seat.destroy({ all: true });
    for (const seat of await Seat.bulkCreate([{ label: 'A1' }, { label: 'A2' }, { label: 'A3' }])) {
      id[seat.label] = seat.id;
    }
  });

  if (ctx.dialect === 'sqlite') {
    it('needs no row locks on SQLite: a second transaction waits for the first to end', async () => {
      const events: string[] = [];
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const first = db.transaction(async () => {
        await Seat.findOne({ where: { id: id.A1 }, lock: true });
        events.push('first locked');
        await held;
        await Seat.update({ holder: 'first' }, { where: { id: id.A1 } });
        events.push('first commits');
      });
      const second = db.transaction(async () => {
        events.push('second begins');
        const seat = await Seat.findOne({ where: { id: id.A1 }, lock: true, skipLocked: true });
        events.push(`second sees ${seat?.holder}`);
      });
      await new Promise((resolve) => setImmediate(resolve));
      release();
      await Promise.all([first, second]);
      expect(events).toEqual(['first locked', 'first commits', 'second begins', 'second sees first']);
    });
    return;
  }

  describe('with two real connections', () => {
    let other: Strata;
    let OtherSeat: ReturnType<typeof defineSeat>;

    beforeAll(() => {
      other = ctx.connect();
      OtherSeat = defineSeat(other);
    });

    it("lock: true makes another connection's locking read wait until the holder commits", async () => {
      const holder = await db.transaction();
      await Seat.findOne({ where: { id: id.A1 }, lock: true, transaction: holder });
      let settled = false;
      const waiting = other.transaction((t) => OtherSeat.findOne({ where: { id: id.A1 }, lock: t.LOCK.UPDATE }));
      void waiting.finally(() => (settled = true));
      await waitUntilBlocked(db, TABLE);
      expect(settled).toBe(false);
      await Seat.update({ holder: 'first' }, { where: { id: id.A1 }, transaction: holder });
      await holder.commit();
      // The waiting read ran after the commit, so it reads the holder's write.
      expect((await waiting)?.holder).toBe('first');
    });

    it('skipLocked passes over rows another connection holds', async () => {
      await db.transaction(async () => {
        await Seat.findOne({ where: { id: id.A1 }, lock: true });
        const free = await other.transaction(() =>
          OtherSeat.findAll({ lock: true, skipLocked: true, order: [['label', 'ASC']] }),
        );
        expect(free.map((s) => s.label)).toEqual(['A2', 'A3']);
      });
      const all = await other.transaction(() =>
        OtherSeat.findAll({ lock: true, skipLocked: true, order: [['label', 'ASC']] }),
      );
      expect(all.map((s) => s.label)).toEqual(['A1', 'A2', 'A3']);
    });

    it("lock: 'SHARE' lets other readers share the row but keeps writers' locks out", async () => {
      await db.transaction(async () => {
        await Seat.findOne({ where: { id: id.A2 }, lock: Transaction.LOCK.SHARE });
        await other.transaction(async () => {
          // A second shared lock is granted at once (this would wait forever otherwise).
          expect((await OtherSeat.findOne({ where: { id: id.A2 }, lock: 'SHARE' }))?.label).toBe('A2');
        });
        const forUpdate = await other.transaction(() =>
          OtherSeat.findAll({ lock: 'UPDATE', skipLocked: true, order: [['label', 'ASC']] }),
        );
        expect(forUpdate.map((s) => s.label)).toEqual(['A1', 'A3']);
      });
    });

    it('rejects an unknown lock mode before any SQL is sent', async () => {
      await expect(Seat.findAll({ lock: 'EVERYTHING' as 'SHARE' })).rejects.toThrow(/lock must be true/);
    });
  });
});
