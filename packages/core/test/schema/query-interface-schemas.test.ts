import { DataTypes, InvalidQueryError, Op, type Strata } from '@strata/core';
import { describeEachDialect } from '../../../../test-support/dialects';
import { selectRows } from '../../../../test-support/schema';

// The query interface with `{ tableName, schema }` wherever it names a table, and its schema
// calls. PostgreSQL schemas; MySQL databases; SQLite refuses, naming itself.
describeEachDialect('query interface in schemas', (ctx) => {
  let db: Strata;
  const ledger = () => `${ctx.url.slice(ctx.url.lastIndexOf('/') + 1)}_ledger`;

  if (ctx.dialect === 'sqlite') {
    it('refuses every schema call and a schema-qualified table, naming the dialect', async () => {
      db = ctx.connect();
      const qi = db.getQueryInterface();
      await expect(qi.createSchema('ledger')).rejects.toThrow('createSchema(): sqlite has no schemas');
      await expect(qi.dropSchema('ledger')).rejects.toThrow('dropSchema(): sqlite has no schemas');
      await expect(qi.showAllSchemas()).rejects.toThrow('showAllSchemas(): sqlite has no schemas');
      await expect(
        qi.createTable({ tableName: 'entries', schema: 'ledger' }, { id: DataTypes.INTEGER }),
      ).rejects.toThrow('createTable(ledger.entries): sqlite has no schemas');
      await expect(qi.bulkInsert({ tableName: 'entries', schema: 'ledger' }, [{ id: 1 }])).rejects.toThrow(
        InvalidQueryError,
      );
      // Nothing was created under any name.
      expect(await qi.showAllTables()).toEqual([]);
    });
    return;
  }

  describe('on a server', () => {
    const entries = () => ({ tableName: 'entries', schema: ledger() });
    const accounts = () => ({ tableName: 'accounts', schema: ledger() });

    /** `schema.table` quoted by knex for this dialect, for the raw reads that check the catalog's truth. */
    const quoted = (name: string): string => db.knex.raw('??', [name]).toQuery();

    beforeAll(async () => {
      db = ctx.connect();
    });

    afterAll(async () => {
      await db.getQueryInterface().dropSchema(ledger(), { cascade: true });
    });

    it('createSchema, showAllSchemas and dropSchema (refusing a schema that holds tables)', async () => {
      const qi = db.getQueryInterface();
      expect(await qi.showAllSchemas()).not.toContain(ledger());
      await qi.createSchema(ledger());
      await qi.createSchema(ledger()); // IF NOT EXISTS
      expect(await qi.showAllSchemas()).toContain(ledger());
      await qi.createTable(
        { tableName: 'scratch', schema: ledger() },
        { id: { type: DataTypes.INTEGER, primaryKey: true } },
      );
      await expect(qi.dropSchema(ledger())).rejects.toThrow();
      expect(await qi.showAllTables({ schema: ledger() })).toEqual(['scratch']);
      await qi.dropSchema(ledger(), { cascade: true });
      expect(await qi.showAllSchemas()).not.toContain(ledger());
      await qi.dropSchema(ledger()); // IF EXISTS
      await qi.createSchema(ledger());
    });

    it('takes { tableName, schema } in every call that names a table', async () => {
      const qi = db.getQueryInterface();
      await qi.createTable(accounts(), {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        name: { type: DataTypes.STRING(40), allowNull: false },
      });
      await qi.createTable(
        entries(),
        {
          id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
          amount: { type: DataTypes.INTEGER, allowNull: false },
          memo: DataTypes.STRING(20),
        },
        { comment: 'ledger entries' },
      );
      // A table of the same name in the default schema stays apart.
      await qi.createTable('entries', { id: { type: DataTypes.INTEGER, primaryKey: true }, note: DataTypes.STRING });
      expect((await qi.showAllTables({ schema: ledger() })).sort()).toEqual(['accounts', 'entries']);

      await qi.addColumn(entries(), 'accountId', { type: DataTypes.INTEGER, allowNull: true });
      await qi.addConstraint(entries(), {
        type: 'foreign key',
        fields: ['accountId'],
        name: 'entries_account_fk',
        references: { table: accounts(), field: 'id' },
        onDelete: 'CASCADE',
      });
      expect(await qi.showForeignKeys(entries())).toEqual([
        expect.objectContaining({ columns: ['accountId'], referencedTable: 'accounts', referencedSchema: ledger() }),
      ]);
      await qi.changeColumn(entries(), 'memo', { type: DataTypes.STRING(60), allowNull: true });
      await qi.renameColumn(entries(), 'memo', 'note');
      await qi.addIndex(entries(), ['amount'], { name: 'entries_amount' });
      await qi.addIndex(entries(), ['note'], { unique: true });
      expect((await qi.showIndex(entries())).map((i) => i.name)).toEqual(
        expect.arrayContaining(['entries_amount', 'entries_note_unique']),
      );
      await qi.removeIndex(entries(), 'entries_amount');
      expect((await qi.showIndex(entries())).map((i) => i.name)).not.toContain('entries_amount');

      const columns = await qi.describeTable(entries());
      expect(Object.keys(columns).sort()).toEqual(['accountId', 'amount', 'id', 'note']);
      expect(columns.note.type).toMatch(/VARCHAR\(60\)|CHARACTER VARYING\(60\)/);
      // The default schema's table is untouched by all of it.
      expect(Object.keys(await qi.describeTable('entries')).sort()).toEqual(['id', 'note']);

      await qi.bulkInsert(accounts(), [{ name: 'cash' }]);
      const [{ id: cash }] = await selectRows<{ id: number }>(db, `SELECT id FROM ${quoted(`${ledger()}.accounts`)}`);
      await qi.bulkInsert(entries(), [
        { amount: 10, note: 'a', accountId: cash },
        { amount: 20, note: 'b', accountId: cash },
        { amount: 30, note: 'c', accountId: null },
      ]);
      expect(await qi.bulkUpdate(entries(), { amount: 25 }, { note: 'b' })).toBe(1);
      expect(await qi.bulkDelete(entries(), { amount: { [Op.gt]: 26 } })).toBe(1);
      await qi.removeConstraint(entries(), 'entries_account_fk');
      expect(await qi.showForeignKeys(entries())).toEqual([]);
      await qi.removeColumn(entries(), 'accountId');
      await qi.renameTable(entries(), 'postings');
      expect((await qi.showAllTables({ schema: ledger() })).sort()).toEqual(['accounts', 'postings']);
      await expect(
        qi.renameTable({ tableName: 'postings', schema: ledger() }, { tableName: 'x', schema: 'elsewhere' }),
      ).rejects.toThrow(/moving it to another schema is not supported/);
      const rows = await selectRows<{ amount: number; note: string }>(
        db,
        `SELECT amount, note FROM ${quoted(`${ledger()}.postings`)} ORDER BY amount`,
      );
      expect(rows).toEqual([
        { amount: 10, note: 'a' },
        { amount: 25, note: 'b' },
      ]);
      await qi.dropTable({ tableName: 'postings', schema: ledger() });
      expect(await qi.showAllTables({ schema: ledger() })).toEqual(['accounts']);
      expect(await qi.showAllTables()).toContain('entries');
    });

    it('quotes hostile schema names as identifiers: the statement keeps its shape', async () => {
      const qi = db.getQueryInterface();
      const hostile = `${ledger()}"; DROP TABLE entries; --`;
      await qi.createSchema(hostile);
      expect(await qi.showAllSchemas()).toContain(hostile);
      await qi.createTable({ tableName: 't', schema: hostile }, { id: { type: DataTypes.INTEGER, primaryKey: true } });
      expect(await qi.showAllTables({ schema: hostile })).toEqual(['t']);
      await qi.dropSchema(hostile, { cascade: true });
      expect(await qi.showAllSchemas()).not.toContain(hostile);
      expect(await qi.showAllTables()).toContain('entries');
      await expect(qi.createSchema('a.b')).rejects.toThrow(/schema must be a non-empty name without dots/);
    });
  });
});
