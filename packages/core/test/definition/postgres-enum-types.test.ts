import {
  CreationOptional,
  DataTypes,
  Model,
  Op,
  QueryTypes,
  Strata,
  dataTypeForColumn,
  describeChange,
  diffModels,
} from '@strata/core';
import { describeEachDialect } from '../../../../test-support/dialects';

class Ticket extends Model {
  declare id: CreationOptional<number>;
  declare status: CreationOptional<string>;
  declare tags: CreationOptional<string | null>;
}

describeEachDialect('ENUM columns as the database stores them', (ctx) => {
  let db: Strata;
  beforeAll(() => {
    db = ctx.connect();
  });

  /** The enum types of the database, each with its values in order. */
  const enumTypes = async (): Promise<Record<string, string[]>> => {
    const rows = (await db.query(
      `SELECT t.typname AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
         FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname`,
      { type: QueryTypes.SELECT },
    )) as Array<{ name: string; labels: string[] }>;
    return Object.fromEntries(rows.map((row) => [row.name, row.labels]));
  };

  const define = (values: string[]): void => {
    Ticket.init(
      {
        status: { type: DataTypes.ENUM(...values), allowNull: false, defaultValue: 'open' },
        tags: { type: DataTypes.ENUM('x', "it's"), allowNull: true },
      },
      { strata: db, tableName: 'tickets', timestamps: false },
    );
  };

  if (ctx.dialect !== 'postgres') {
    it('keeps its native form: MySQL ENUM(...), SQLite text with a CHECK', async () => {
      define(['open', 'closed']);
      await db.sync({ force: true });
      const columns = await db.getQueryInterface().describeTable('tickets');
      expect(columns.status?.type).toMatch(ctx.dialect === 'mysql' ? /^ENUM\('open','closed'\)$/ : /^TEXT$/);
      if (ctx.dialect === 'mysql') {
        // What a generated down migration writes back for the live column.
        expect(dataTypeForColumn(db.dialect, columns.tags?.type as string)).toEqual(DataTypes.ENUM('x', "it's"));
      }
      await expect(db.query("INSERT INTO tickets (status) VALUES ('other')")).rejects.toThrow();
      expect((await diffModels(db)).map(describeChange)).toEqual([]);
    });
    return;
  }

  it('sync creates a named type per column (enum_<table>_<column>) that the database enforces', async () => {
    define(['open', 'closed']);
    await db.sync({ force: true });
    expect(await enumTypes()).toEqual({ enum_tickets_status: ['open', 'closed'], enum_tickets_tags: ['x', "it's"] });
    const columns = await db.getQueryInterface().describeTable('tickets');
    expect(columns.status?.type).toBe("ENUM('open','closed')");
    expect(dataTypeForColumn(db.dialect, columns.tags?.type as string)).toEqual(DataTypes.ENUM('x', "it's"));
    expect((await diffModels(db)).map(describeChange)).toEqual([]);
    await Ticket.create({ status: 'closed', tags: "it's" });
    await db.query("INSERT INTO tickets (tags) VALUES ('x')");
    await expect(db.query("INSERT INTO tickets (status) VALUES ('other')")).rejects.toThrow(/enum_tickets_status/);
    expect(await Ticket.count({ where: { status: { [Op.any]: ['closed', 'open'] } } })).toBe(2);
    expect(await Ticket.count({ where: { status: { [Op.in]: ['closed'] } } })).toBe(1);
    expect(await Ticket.count({ where: { status: { [Op.ne]: { [Op.all]: ['closed'] } } as never } })).toBe(1);
    const found = await Ticket.findAll({ where: { status: 'open' }, raw: true });
    expect(found).toEqual([{ id: expect.any(Number), status: 'open', tags: 'x' }]);
    // sync({ force }) drops the table with its types and creates both again.
    await db.sync({ force: true });
    expect(await Ticket.count()).toBe(0);
  });

  it('sync({ alter }) adds new values with ALTER TYPE, keeping the rows', async () => {
    define(['open', 'closed']);
    await db.sync({ force: true });
    await Ticket.create({ status: 'closed' });
    define(['new', 'open', 'pending', 'closed']);
    const typeId = async (): Promise<unknown> =>
      (await db.query("SELECT oid::text AS id FROM pg_type WHERE typname = 'enum_tickets_status'", {
        type: QueryTypes.SELECT,
      })) as unknown;
    const before = await typeId();
    await db.sync({ alter: true });
    // The same type, grown in place (a replaced type would have a new oid).
    expect(await typeId()).toEqual(before);
    expect((await enumTypes()).enum_tickets_status).toEqual(['new', 'open', 'pending', 'closed']);
    expect((await diffModels(db)).map(describeChange)).toEqual([]);
    await Ticket.create({ status: 'pending' });
    expect((await Ticket.findAll({ order: [['id', 'ASC']] })).map((t) => t.get('status'))).toEqual([
      'closed',
      'pending',
    ]);
  });

  it('a new value the new default uses at once replaces the type (ALTER TYPE values wait for commit)', async () => {
    Ticket.init(
      { status: { type: DataTypes.ENUM('open', 'closed'), allowNull: false, defaultValue: 'open' } },
      { strata: db, tableName: 'tickets', timestamps: false },
    );
    await db.sync({ force: true });
    await Ticket.create({ status: 'closed' });
    Ticket.init(
      { status: { type: DataTypes.ENUM('draft', 'open', 'closed'), allowNull: false, defaultValue: 'draft' } },
      { strata: db, tableName: 'tickets', timestamps: false },
    );
    await db.sync({ alter: true });
    expect((await enumTypes()).enum_tickets_status).toEqual(['draft', 'open', 'closed']);
    expect((await diffModels(db)).map(describeChange)).toEqual([]);
    await db.query('INSERT INTO tickets DEFAULT VALUES');
    expect((await Ticket.findAll({ order: [['id', 'ASC']] })).map((t) => t.status)).toEqual(['closed', 'draft']);
  });

  it('a value taken out replaces the type; a row still holding it fails the change and nothing changes', async () => {
    define(['open', 'closed', 'archived']);
    await db.sync({ force: true });
    await Ticket.create({ status: 'closed' });
    define(['open', 'closed']);
    await db.sync({ alter: true });
    expect((await enumTypes()).enum_tickets_status).toEqual(['open', 'closed']);
    expect((await Ticket.findAll()).map((t) => t.get('status'))).toEqual(['closed']);

    const qi = db.getQueryInterface();
    await expect(
      qi.changeColumn('tickets', 'status', { type: DataTypes.ENUM('open'), allowNull: false }),
    ).rejects.toThrow(/closed/);
    expect((await enumTypes()).enum_tickets_status).toEqual(['open', 'closed']);
  });

  it('the query interface creates, changes and drops the types with the columns (migrations)', async () => {
    const qi = db.getQueryInterface();
    await qi.dropTable('tickets');
    expect(await enumTypes()).toEqual({});
    await qi.createTable('orders', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      state: { type: DataTypes.ENUM('a', 'b'), allowNull: false, defaultValue: 'a' },
    });
    await qi.addColumn('orders', 'size', { type: DataTypes.ENUM('s', 'm') });
    expect(await enumTypes()).toEqual({ enum_orders_state: ['a', 'b'], enum_orders_size: ['s', 'm'] });
    await db.query("INSERT INTO orders (size) VALUES ('m')");
    await qi.changeColumn('orders', 'size', { type: DataTypes.ENUM('s', 'm', 'l') });
    expect((await enumTypes()).enum_orders_size).toEqual(['s', 'm', 'l']);
    // A column that stops being an ENUM leaves no type behind.
    await qi.changeColumn('orders', 'size', { type: DataTypes.STRING(10) });
    expect(await enumTypes()).toEqual({ enum_orders_state: ['a', 'b'] });
    await qi.changeColumn('orders', 'size', { type: DataTypes.ENUM('m', 'l') });
    expect(await db.query('SELECT size FROM orders', { type: QueryTypes.SELECT })).toEqual([{ size: 'm' }]);
    await qi.removeColumn('orders', 'size');
    expect(await enumTypes()).toEqual({ enum_orders_state: ['a', 'b'] });
    await qi.dropTable('orders');
    expect(await enumTypes()).toEqual({});
  });
});
