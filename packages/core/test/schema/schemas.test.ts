import {
  DataTypes,
  describeChange,
  diffModels,
  InvalidQueryError,
  Model,
  ModelDefinitionError,
  Op,
  Strata,
} from '@strata/core';
import { describeEachDialect } from '../../../../test-support/dialects';
import { selectRows } from '../../../../test-support/schema';

// The `schema` model option: PostgreSQL schemas, MySQL databases, refused on SQLite. Tables
// are proven to be where they should by reading the catalog, not only by queries succeeding.
/** A model from db.define: untyped attributes. */
type Defined = ReturnType<Strata['define']>;

describeEachDialect('models in schemas', (ctx) => {
  let db: Strata;
  // Unique per suite: on MySQL a schema is a database, which is server-wide.
  const suffix = () => ctx.url.slice(ctx.url.lastIndexOf('/') + 1);
  const billing = () => `${suffix()}_billing`;
  const archive = () => `${suffix()}_archive`;

  /** The tables of a schema, as the database's catalog lists them. */
  async function tablesIn(schema: string): Promise<string[]> {
    return db.getQueryInterface().showAllTables({ schema });
  }

  if (ctx.dialect === 'sqlite') {
    it('refuses a schema, naming the dialect and the model', () => {
      db = ctx.connect();
      expect(() => db.define('Invoice', { total: DataTypes.INTEGER }, { schema: 'billing' })).toThrow(
        ModelDefinitionError,
      );
      expect(() => db.define('Invoice', { total: DataTypes.INTEGER }, { schema: 'billing' })).toThrow(
        /Invoice: schema "billing" is not supported on sqlite/,
      );
      expect(() =>
        db.define('Line', {
          invoiceId: { type: DataTypes.INTEGER, references: { model: { tableName: 'Invoices', schema: 'billing' } } },
        }),
      ).toThrow(/Line\.invoiceId: references a table in schema "billing", but sqlite has no schemas/);
    });

    it('refuses sync({ schema }) and drop({ schema })', async () => {
      db = ctx.connect();
      db.define('Plain', { name: DataTypes.STRING });
      await expect(db.sync({ schema: 'billing' })).rejects.toThrow(/sync\(\{ schema \}\): sqlite has no schemas/);
      await expect(db.drop({ schema: 'billing' })).rejects.toThrow(/drop\(\{ schema \}\): sqlite has no schemas/);
    });
    return;
  }

  describe('on a server', () => {
    let Invoice: Defined;
    let PublicInvoice: Defined;
    let Customer: Defined;
    let Tag: Defined;

    beforeAll(async () => {
      db = ctx.connect();
      const qi = db.getQueryInterface();
      await qi.createSchema(billing());
      await qi.createSchema(archive());
      // Two tables named `invoices`: one in billing, one in the default schema.
      Invoice = db.define(
        'Invoice',
        { number: { type: DataTypes.STRING, unique: true }, total: DataTypes.INTEGER },
        { tableName: 'invoices', schema: billing(), indexes: [{ fields: ['total'] }] },
      );
      PublicInvoice = db.define(
        'PublicInvoice',
        { number: DataTypes.STRING, total: DataTypes.INTEGER },
        { tableName: 'invoices' },
      );
      // Associations across schemas: customers in archive, invoices in billing, tags in the default schema.
      Customer = db.define('Customer', { name: DataTypes.STRING }, { schema: archive() });
      Tag = db.define('Tag', { label: DataTypes.STRING });
      Customer.hasMany(Invoice, { as: 'invoices', foreignKey: 'customerId' });
      Invoice.belongsTo(Customer, { as: 'customer', foreignKey: 'customerId' });
      Invoice.belongsToMany(Tag, { through: 'invoice_tags', as: 'tags', foreignKey: 'invoiceId', otherKey: 'tagId' });
      Tag.belongsToMany(Invoice, {
        through: 'invoice_tags',
        as: 'invoices',
        foreignKey: 'tagId',
        otherKey: 'invoiceId',
      });
      await db.sync();
    });

    afterAll(async () => {
      // MySQL's schemas are databases outside the suite's own: drop them before the suite's
      // database (whose Tags table their foreign keys reference) is dropped.
      await db.getQueryInterface().dropSchema(billing(), { cascade: true });
      await db.getQueryInterface().dropSchema(archive(), { cascade: true });
    });

    it('creates each table in its schema, and two tables of one name side by side', async () => {
      expect((await tablesIn(billing())).sort()).toEqual(['invoice_tags', 'invoices']);
      expect(await tablesIn(archive())).toEqual(['Customers']);
      const defaults = await db.getQueryInterface().showAllTables();
      expect(defaults).toEqual(expect.arrayContaining(['invoices', 'Tags']));
      expect(defaults).not.toContain('Customers');
    });

    it('getTableName is { tableName, schema, delimiter } with a schema, the name without', () => {
      expect(Invoice.getTableName()).toEqual({ tableName: 'invoices', schema: billing(), delimiter: '.' });
      expect(String(Invoice.getTableName())).toBe(`${billing()}.invoices`);
      expect(PublicInvoice.getTableName()).toBe('invoices');
      expect(Invoice.tableName).toBe('invoices');
    });

    it('names the table schema-qualified, each part quoted by knex for the dialect', async () => {
      const seen: string[] = [];
      const logging = (sql: string): void => void seen.push(sql);
      await Invoice.findAll({ where: { number: 'none' }, logging });
      await Invoice.update({ total: 0 }, { where: { number: 'none' }, logging });
      await Invoice.destroy({ where: { number: 'none' }, logging });
      const quoted = ctx.dialect === 'postgres' ? `"${billing()}"."invoices"` : `\`${billing()}\`.\`invoices\``;
      expect(seen).toHaveLength(3);
      for (const sql of seen) expect(sql).toContain(quoted);
    });

    it('describe() reads the columns of the table in its schema', async () => {
      const timestamps = ['createdAt', 'updatedAt'];
      expect(Object.keys(await Invoice.describe()).sort()).toEqual(
        ['customerId', 'id', 'number', 'total', ...timestamps].sort(),
      );
      // The same-named table of the default schema has no customerId.
      expect(Object.keys(await PublicInvoice.describe()).sort()).toEqual(
        ['id', 'number', 'total', ...timestamps].sort(),
      );
    });

    it('creates, finds, updates, counts and deletes in the right table', async () => {
      const created = await Invoice.create({ number: 'B-1', total: 100 });
      await PublicInvoice.create({ number: 'P-1', total: 5 });
      await Invoice.bulkCreate([
        { number: 'B-2', total: 200 },
        { number: 'B-3', total: 300 },
      ]);
      expect((await Invoice.findAll({ order: [['number', 'ASC']] })).map((i) => i.get('number'))).toEqual([
        'B-1',
        'B-2',
        'B-3',
      ]);
      expect((await PublicInvoice.findAll()).map((i) => i.get('number'))).toEqual(['P-1']);
      expect((await Invoice.findByPk(created.get('id') as number))?.get('number')).toBe('B-1');

      await Invoice.update({ total: 150 }, { where: { number: 'B-1' } });
      await created.reload();
      expect(created.get('total')).toBe(150);
      await created.increment('total', { by: 5 });
      expect(await Invoice.sum('total', { where: { number: 'B-1' } })).toBe(155);
      expect(await Invoice.count({ where: { total: { [Op.gte]: 200 } } })).toBe(2);
      await Invoice.upsert({ id: created.get('id'), number: 'B-1', total: 1 });
      expect((await Invoice.findOne({ where: { number: 'B-1' } }))?.get('total')).toBe(1);

      await Invoice.destroy({ where: { number: 'B-3' } });
      expect(await Invoice.count()).toBe(2);
      // The default schema's table of the same name was never touched.
      const rows = await selectRows<{ number: string; total: number }>(db, 'SELECT number, total FROM invoices');
      expect(rows).toEqual([{ number: 'P-1', total: 5 }]);
    });

    it('joins and loads associations across schemas, with keys referencing the right table', async () => {
      const acme = await Customer.create({ name: 'Acme' });
      const invoice = await Invoice.create({ number: 'C-1', total: 10, customerId: acme.get('id') });
      const urgent = await Tag.create({ label: 'urgent' });
      await (invoice as unknown as { addTag(tag: Model): Promise<void> }).addTag(urgent);

      const found = await Customer.findOne({
        where: { name: 'Acme' },
        include: [{ association: 'invoices', include: ['tags'] }],
      });
      const invoices = found?.get('invoices') as Model[];
      expect(invoices.map((i) => i.get('number'))).toEqual(['C-1']);
      expect((invoices[0].get('tags') as Model[]).map((t) => t.get('label'))).toEqual(['urgent']);
      const separate = await Customer.findAll({ include: [{ association: 'invoices', separate: true }] });
      expect((separate[0].get('invoices') as Model[]).map((i) => i.get('number'))).toEqual(['C-1']);
      const withCustomer = await Invoice.findOne({ where: { number: 'C-1' }, include: ['customer'] });
      expect((withCustomer?.get('customer') as Model).get('name')).toBe('Acme');
      const byTag = await Tag.findOne({ include: [{ association: 'invoices', required: true }] });
      expect((byTag?.get('invoices') as Model[]).map((i) => i.get('number'))).toEqual(['C-1']);

      const qi = db.getQueryInterface();
      const invoiceKeys = await qi.showForeignKeys({ tableName: 'invoices', schema: billing() });
      expect(invoiceKeys).toEqual([
        expect.objectContaining({ columns: ['customerId'], referencedTable: 'Customers', referencedSchema: archive() }),
      ]);
      const joinKeys = await qi.showForeignKeys({ tableName: 'invoice_tags', schema: billing() });
      expect(joinKeys.map((k) => [k.columns[0], k.referencedSchema, k.referencedTable]).sort()).toEqual(
        [
          ['invoiceId', billing(), 'invoices'],
          ['tagId', await qi.defaultSchema(), 'Tags'],
        ].sort(),
      );
    });

    it('reports no difference between the models and the schema they were synced into', async () => {
      expect(await diffModels(db)).toEqual([]);
      // An added column is found in the right schema's table, and alter adds it there only.
      await db.getQueryInterface().removeColumn({ tableName: 'invoices', schema: billing() }, 'total');
      const changes = await diffModels(db, [Invoice, PublicInvoice]);
      // Dropping the column took its index along: both come back.
      expect(changes.map(describeChange)).toEqual([
        `add column ${billing()}.invoices.total`,
        `add index invoices_total on ${billing()}.invoices (total)`,
      ]);
      expect(changes[0]).toMatchObject({ table: { tableName: 'invoices', schema: billing() } });
      await db.sync({ alter: true });
      expect(await diffModels(db)).toEqual([]);
      expect(
        Object.keys(await db.getQueryInterface().describeTable({ tableName: 'invoices', schema: billing() })),
      ).toContain('total');
    });

    it('sync({ schema }) and drop({ schema }) put models without a schema of their own there', async () => {
      const Note = db.define('Note', { body: DataTypes.STRING }, { tableName: 'notes' });
      const Pinned = db.define('Pinned', { body: DataTypes.STRING }, { tableName: 'pinned', schema: billing() });
      await Note.sync({ schema: archive() });
      await Pinned.sync({ schema: archive() });
      expect(await tablesIn(archive())).toContain('notes');
      expect(await tablesIn(billing())).toContain('pinned');
      expect(await tablesIn(archive())).not.toContain('pinned');
      expect(await db.getQueryInterface().showAllTables()).not.toContain('notes');
      await Note.drop({ schema: archive() });
      expect(await tablesIn(archive())).not.toContain('notes');
      await Pinned.drop();
      expect(await tablesIn(billing())).not.toContain('pinned');
    });

    it('refuses a schema name with a dot, or one that is not a string', async () => {
      expect(() => db.define('Dotted', { a: DataTypes.STRING }, { schema: 'a.b' })).toThrow(
        /Dotted: schema must be a non-empty name without dots, got "a.b"/,
      );
      expect(() => db.define('Empty', { a: DataTypes.STRING }, { schema: '' })).toThrow(ModelDefinitionError);
      await expect(db.getQueryInterface().dropTable({ tableName: 'x', schema: 'a.b' })).rejects.toThrow(
        InvalidQueryError,
      );
    });
  });
});
