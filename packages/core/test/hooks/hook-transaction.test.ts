import { DataTypes, Model, Strata, Transaction, type CreationOptional } from '@strata/core';
import { describeEachDialect } from '../../../../test-support/dialects';

class Ticket extends Model {
  declare id: CreationOptional<number>;
  declare title: string;
}

class TicketLog extends Model {
  declare id: CreationOptional<number>;
  declare message: string;
}

/**
 * Hooks receive the transaction the caller passed (or the bound one) as options.transaction,
 * never the savepoint Strata opens around the write: user code compares it, stores it and calls
 * afterCommit on it. The savepoint still keeps each hooked write all-or-nothing.
 */
describeEachDialect('the transaction hooks see', (ctx) => {
  let db: Strata;
  let seen: Array<Transaction | null | undefined>;

  beforeAll(async () => {
    db = ctx.connect();
    Ticket.init({ title: { type: DataTypes.STRING, allowNull: false } }, { strata: db, tableName: 'hooktx_tickets' });
    TicketLog.init(
      { message: { type: DataTypes.STRING, allowNull: false } },
      { strata: db, tableName: 'hooktx_logs', timestamps: false },
    );
    await db.sync({ force: true });
    const remember = (_: unknown, options: { transaction?: Transaction | null }) => {
      seen.push(options.transaction);
    };
    for (const hook of ['beforeCreate', 'afterCreate', 'beforeUpdate', 'afterSave', 'beforeDestroy'] as const) {
      Ticket.addHook(hook, remember);
    }
    Ticket.addHook('beforeBulkUpdate', (options: { transaction?: Transaction | null }) => {
      seen.push(options.transaction);
    });
  });

  beforeEach(async () => {
    seen = [];
    await TicketLog.destroy({ all: true });
    await Ticket.destroy({ all: true, hooks: false });
  });

  it("is the caller's transaction object for create, save, update, destroy and findOrCreate", async () => {
    await db.transaction(async (t) => {
      const ticket = await Ticket.create({ title: 'a' }, { transaction: t });
      ticket.title = 'b';
      await ticket.save({ transaction: t });
      await Ticket.update({ title: 'c' }, { where: { id: ticket.id }, transaction: t });
      await Ticket.findOrCreate({ where: { title: 'z' }, transaction: t });
      await ticket.destroy({ transaction: t });
      expect(seen.length).toBeGreaterThanOrEqual(8);
      for (const transaction of seen) expect(transaction).toBe(t);
    });
  });

  it('is the bound transaction when none is passed, including for nested create', async () => {
    class Part extends Model {
      declare id: CreationOptional<number>;
      declare name: string;
    }
    Part.init({ name: DataTypes.STRING }, { strata: db, tableName: 'hooktx_parts', timestamps: false });
    Ticket.hasMany(Part, { as: 'parts', foreignKey: 'ticketId' });
    await Part.sync({ force: true });
    const partHooks: Array<Transaction | null | undefined> = [];
    Part.addHook('beforeCreate', (_: unknown, options: { transaction?: Transaction | null }) => {
      partHooks.push(options.transaction);
    });
    await db.transaction(async (t) => {
      await Ticket.create({ title: 'graph', parts: [{ name: 'x' }] } as never, { include: ['parts'] });
      expect(seen.length).toBeGreaterThan(0);
      for (const transaction of seen) expect(transaction).toBe(t);
      expect(partHooks).toEqual([t]);
    });
  });

  it('lets a hook register afterCommit on it, and write through it inside the write’s savepoint', async () => {
    const committed: string[] = [];
    const logAndFail = async (ticket: Ticket, options: { transaction?: Transaction | null }) => {
      options.transaction?.afterCommit(() => committed.push(ticket.title));
      await TicketLog.create({ message: ticket.title }, { transaction: options.transaction });
      if (ticket.title === 'bad') throw new Error('refused by hook');
    };
    Ticket.addHook('afterCreate', 'log-and-fail', logAndFail);
    try {
      await db.transaction(async (t) => {
        await Ticket.create({ title: 'good' }, { transaction: t });
        // The hook's log row and the ticket go back together; the caller's transaction goes on.
        await expect(Ticket.create({ title: 'bad' }, { transaction: t })).rejects.toThrow('refused by hook');
        expect(t.finished).toBeUndefined();
      });
    } finally {
      Ticket.removeHook('afterCreate', 'log-and-fail');
    }
    expect((await TicketLog.findAll()).map((row) => row.message)).toEqual(['good']);
    expect((await Ticket.findAll()).map((row) => row.title)).toEqual(['good']);
    // Both callbacks were registered on the caller's transaction, which committed.
    expect(committed).toEqual(['good', 'bad']);
  });

  it('is a transaction of its own, bound to the hook, when there is none', async () => {
    await Ticket.create({ title: 'alone' });
    expect(seen).toHaveLength(3);
    expect(seen[0]).toBeInstanceOf(Transaction);
    expect(new Set(seen).size).toBe(1);
  });
});
