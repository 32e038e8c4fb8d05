import { DataTypes, Op, QueryTypes, Strata, describeChange, diffModels } from '@strata/core';
import { describeEachDialect } from '../../../../test-support/dialects';

// ENUM columns of tables in a named schema: on PostgreSQL each column's named type lives in the
// table's schema, so two schemas may each have a `tickets` table with its own `status` type.
// MySQL (a schema is a database) keeps its native ENUM; SQLite has no schemas (schemas.test.ts).
describeEachDialect('ENUM columns of tables in schemas', (ctx) => {
  if (ctx.dialect === 'sqlite') {
    it('refuses the schema before any ENUM type is made', () => {
      const db = ctx.connect();
      expect(() => db.define('Ticket', { status: DataTypes.ENUM('open', 'closed') }, { schema: 'support' })).toThrow(
        /Ticket: schema "support" is not supported on sqlite/,
      );
    });
    return;
  }

  let db: Strata;
  // On MySQL a schema is a database, which is server-wide: a name unique to this suite.
  const support = () => `${ctx.url.slice(ctx.url.lastIndexOf('/') + 1)}_support`;

  /** The enum types of a schema, each with its values in order (PostgreSQL's catalog). */
  async function enumTypesIn(schema: string): Promise<Record<string, string[]>> {
    const rows = (await db.query(
      `SELECT t.typname AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
         FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE n.nspname = :schema GROUP BY t.typname`,
      { type: QueryTypes.SELECT, replacements: { schema } },
    )) as Array<{ name: string; labels: string[] }>;
    return Object.fromEntries(rows.map((row) => [row.name, row.labels]));
  }

  const defineBoth = (supportValues: string[]) => {
    const SupportTicket = db.define(
      'SupportTicket',
      { status: { type: DataTypes.ENUM(...supportValues), allowNull: false } },
      { tableName: 'tickets', schema: support(), timestamps: false },
    );
    const Ticket = db.define(
      'Ticket',
      { status: { type: DataTypes.ENUM('new', 'done'), allowNull: false } },
      { tableName: 'tickets', timestamps: false },
    );
    return { SupportTicket, Ticket };
  };

  beforeAll(async () => {
    db = ctx.connect();
    await db.getQueryInterface().dropSchema(support(), { cascade: true });
    await db.getQueryInterface().createSchema(support());
  });

  it('gives each schema its own type, queried, grown and dropped there', async () => {
    const { SupportTicket, Ticket } = defineBoth(['open', 'closed']);
    await db.sync({ force: true });
    if (ctx.dialect === 'postgres') {
      expect(await enumTypesIn(support())).toEqual({ enum_tickets_status: ['open', 'closed'] });
      expect((await enumTypesIn('public')).enum_tickets_status).toEqual(['new', 'done']);
    }

    await SupportTicket.bulkCreate([{ status: 'open' }, { status: 'closed' }]);
    await Ticket.create({ status: 'new' });
    // On PostgreSQL Op.any casts the list to the column's own type, the one in the schema.
    const anyOf = ctx.dialect === 'postgres' ? Op.any : Op.in;
    expect(await SupportTicket.count({ where: { status: { [anyOf]: ['open', 'closed'] } } })).toBe(2);
    expect(await Ticket.count({ where: { status: { [anyOf]: ['new'] } } })).toBe(1);
    await expect(SupportTicket.create({ status: 'new' })).rejects.toThrow(/status/);

    // A value added to the model: sync alter grows the type in its schema, rows kept.
    defineBoth(['open', 'pending', 'closed']);
    await db.sync({ alter: true });
    if (ctx.dialect === 'postgres') {
      expect(await enumTypesIn(support())).toEqual({ enum_tickets_status: ['open', 'pending', 'closed'] });
      expect((await enumTypesIn('public')).enum_tickets_status).toEqual(['new', 'done']);
    }
    const { SupportTicket: Grown } = defineBoth(['open', 'pending', 'closed']);
    await Grown.create({ status: 'pending' });
    expect(await Grown.count()).toBe(3);
    expect((await diffModels(db)).map(describeChange)).toEqual([]);

    // A value removed: the type is replaced in its schema (no row holds the value any more).
    await Grown.destroy({ where: { status: 'closed' } });
    defineBoth(['open', 'pending']);
    await db.sync({ alter: true });
    if (ctx.dialect === 'postgres') {
      expect(await enumTypesIn(support())).toEqual({ enum_tickets_status: ['open', 'pending'] });
    }

    await db.getQueryInterface().dropTable({ tableName: 'tickets', schema: support() });
    if (ctx.dialect === 'postgres') {
      expect(await enumTypesIn(support())).toEqual({});
      expect((await enumTypesIn('public')).enum_tickets_status).toEqual(['new', 'done']);
    }
    // On MySQL the schema is a database of its own, which outlives this suite's database.
    await db.getQueryInterface().dropSchema(support(), { cascade: true });
  });
});
