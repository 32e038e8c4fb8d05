import { ConnectionError, DataTypes, QueryTypes } from '@strata/core';
import { describeEachDialect } from '../../../../test-support/dialects';

// `searchPath`: PostgreSQL's search_path on every pooled connection, for models and raw
// queries alike; refused by the dialects that have none.
describeEachDialect('searchPath', (ctx) => {
  if (ctx.dialect !== 'postgres') {
    it('is refused, naming the dialect', () => {
      expect(() => ctx.connect({ searchPath: 'tenant_a' })).toThrow(ConnectionError);
      expect(() => ctx.connect({ searchPath: 'tenant_a' })).toThrow(
        `searchPath is a PostgreSQL option; ${ctx.dialect} has no search path`,
      );
    });
    return;
  }

  beforeAll(async () => {
    const admin = ctx.connect();
    await admin.getQueryInterface().createSchema('tenant_a');
    await admin.getQueryInterface().createSchema('tenant b');
  });

  it('applies to every pooled connection, raw queries included', async () => {
    const db = ctx.connect({ searchPath: 'tenant_a, public', pool: { max: 3 } });
    // Three connections at once, each opened with the setting.
    const paths = await db.transaction(async () =>
      Promise.all([1, 2, 3].map(() => db.query('SHOW search_path', { type: QueryTypes.SELECT, transaction: null }))),
    );
    for (const rows of paths) expect(rows).toEqual([{ search_path: 'tenant_a, public' }]);
    // A raw CREATE TABLE without a schema lands in tenant_a.
    await db.query('CREATE TABLE raw_made (id integer)');
    expect(await db.getQueryInterface().showAllTables({ schema: 'tenant_a' })).toContain('raw_made');
    expect(await db.getQueryInterface().defaultSchema()).toBe('tenant_a');
  });

  it('puts models without a schema in the first schema of the path, found again by a second connection', async () => {
    const tenant = ctx.connect({ searchPath: 'tenant_a' });
    const Item = tenant.define('Item', { name: DataTypes.STRING }, { tableName: 'items' });
    await Item.sync();
    await Item.create({ name: 'in tenant a' });
    const other = ctx.connect({ searchPath: '"tenant b"' });
    const OtherItem = other.define('Item', { name: DataTypes.STRING }, { tableName: 'items' });
    await OtherItem.sync();
    await OtherItem.create({ name: 'in tenant b' });

    const plain = ctx.connect();
    const qi = plain.getQueryInterface();
    expect(await qi.showAllTables({ schema: 'tenant_a' })).toContain('items');
    expect(await qi.showAllTables({ schema: 'tenant b' })).toEqual(['items']);
    expect(await qi.showAllTables()).not.toContain('items');
    expect((await Item.findAll()).map((i) => i.get('name'))).toEqual(['in tenant a']);
    expect((await OtherItem.findAll()).map((i) => i.get('name'))).toEqual(['in tenant b']);
    // The same tables, named by schema from a connection with the default path.
    const Qualified = plain.define('Item', { name: DataTypes.STRING }, { tableName: 'items', schema: 'tenant b' });
    expect((await Qualified.findAll()).map((i) => i.get('name'))).toEqual(['in tenant b']);
  });

  it('refuses a searchPath that is not a non-empty string', () => {
    expect(() => ctx.connect({ searchPath: '' })).toThrow(/searchPath must be a non-empty string/);
  });
});
