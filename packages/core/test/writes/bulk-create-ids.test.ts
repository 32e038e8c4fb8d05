import { DataTypes, Model, Strata, type CreationOptional } from '@strata/core';
import { describeEachDialect } from '../../../../test-support/dialects';

class Ticket extends Model {
  declare id: CreationOptional<number>;
  declare name: string;
}

function defineTicket(db: Strata): typeof Ticket {
  Ticket.init(
    { name: { type: DataTypes.STRING, allowNull: false } },
    { strata: db, tableName: 'tickets', timestamps: false },
  );
  return Ticket;
}

/** Every returned id belongs to the row that instance was built from, as stored. */
async function expectIdsMatchRows(instances: Ticket[]): Promise<void> {
  const stored = await Ticket.findAll({ raw: true, order: [['id', 'ASC']] });
  const byId = new Map(stored.map((row) => [Number(row.id), row.name]));
  for (const instance of instances) {
    expect(byId.get(Number(instance.id))).toBe(instance.name);
  }
}

// Multi-primary MySQL/MariaDB setups (Galera, one step per node) allocate auto-increment keys in
// steps other than 1, and MySQL 8 interleaves keys of concurrent multi-row inserts: the ids a
// bulkCreate returns must be the ones the database assigned, not insertId + i.
describeEachDialect('bulkCreate returns the ids the database assigned', (ctx) => {
  it('with auto_increment_increment = 3 and offset = 2 on the session', async () => {
    // Every connection of this one starts with the step and offset (MySQL session settings).
    const db = ctx.connect({
      pool: { max: 1 },
      ...(ctx.dialect === 'mysql' ? { session: { auto_increment_increment: 3, auto_increment_offset: 2 } } : {}),
    });
    defineTicket(db);
    await db.sync({ force: true });
    const names = ['a', 'b', 'c', 'd', 'e'];
    const created = await Ticket.bulkCreate(names.map((name) => ({ name })));
    if (ctx.dialect === 'mysql') {
      const ids = (await Ticket.findAll({ order: [['id', 'ASC']] })).map((t) => Number(t.id));
      expect(ids[1] - ids[0]).toBe(3);
    }
    await expectIdsMatchRows(created);
    // A following write through each instance changes exactly its own row.
    for (const ticket of created) await ticket.update({ name: `${ticket.name}!` });
    expect((await Ticket.findAll({ order: [['id', 'ASC']] })).map((t) => t.name)).toEqual(
      names.map((name) => `${name}!`),
    );
    await expectIdsMatchRows(created);
  });

  it('two bulkCreates running at once on two connections each get their own ids', async () => {
    const db = ctx.connect({ pool: { max: 2 } });
    defineTicket(db);
    await db.sync({ force: true });
    const left = Array.from({ length: 200 }, (_, i) => ({ name: `left-${i}` }));
    const right = Array.from({ length: 200 }, (_, i) => ({ name: `right-${i}` }));
    const [a, b] = await Promise.all([Ticket.bulkCreate(left), Ticket.bulkCreate(right)]);
    expect(new Set([...a, ...b].map((t) => Number(t.id))).size).toBe(400);
    await expectIdsMatchRows([...a, ...b]);
  });
});

class Counter extends Model {
  declare id: CreationOptional<number>;
}

// A model whose only attribute is its auto-increment key writes rows with no column at all;
// no dialect has a portable multi-row INSERT without a column list.
describeEachDialect('bulkCreate of rows that leave every column to the database', (ctx) => {
  beforeAll(async () => {
    const db = ctx.connect();
    Counter.init({}, { strata: db, tableName: 'counters', timestamps: false });
    await db.sync({ force: true });
  });

  beforeEach(async () => {
    await Counter.truncate();
  });

  it('inserts one row per record and gives each its own stored id', async () => {
    const created = await Counter.bulkCreate([{}, {}, {}]);
    const ids = created.map((c) => Number(c.id));
    expect(new Set(ids).size).toBe(3);
    const stored = (await Counter.findAll({ order: [['id', 'ASC']] })).map((c) => Number(c.id));
    expect(stored).toEqual([...ids].sort((a, b) => a - b));
  });

  it('with returning: true, and a single empty create', async () => {
    const created = await Counter.bulkCreate([{}, {}], { returning: true });
    const single = await Counter.create({});
    const ids = [...created, single].map((c) => Number(c.id));
    expect(new Set(ids).size).toBe(3);
    expect(await Counter.count()).toBe(3);
  });

  it('writes no row when the surrounding transaction rolls back', async () => {
    const db = Counter.sequelize;
    await expect(
      db.transaction(async () => {
        await Counter.bulkCreate([{}, {}]);
        expect(await Counter.count()).toBe(2);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await Counter.count()).toBe(0);
  });
});
