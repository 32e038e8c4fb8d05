import { DataTypes, Strata, UniqueConstraintError } from '@strata/core';
import { describeEachDialect } from '../../../../test-support/dialects';

/** addIndex and createTable index options: applied where the dialect has them, an error where not. */
describeEachDialect('index options', (ctx) => {
  let db: Strata;
  const qi = () => db.getQueryInterface();
  let tableCounter = 0;

  async function table(columns: Parameters<ReturnType<Strata['getQueryInterface']>['createTable']>[1] = {}) {
    const name = `idx_items_${++tableCounter}`;
    await qi().createTable(name, {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      title: { type: DataTypes.STRING(60), allowNull: false },
      body: { type: DataTypes.TEXT, allowNull: true },
      archived: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      ...columns,
    });
    return name;
  }
  const index = async (tableName: string, name: string) =>
    (await qi().showIndex(tableName)).find((entry) => entry.name === name);

  beforeAll(() => {
    db = ctx.connect();
  });

  it("takes a model index's method as Sequelize's other name for using", async () => {
    const statements: string[] = [];
    const logged = ctx.connect({ logging: (sql) => void statements.push(sql) });
    const Tagged = logged.define(
      'Tagged',
      { label: DataTypes.STRING(40) },
      { tableName: 'idx_method_tagged', indexes: [{ name: 'idx_method_label', fields: ['label'], method: 'BTREE' }] },
    );
    await Tagged.sync({ force: true });
    const create = statements.find((sql) => /create index/i.test(sql)) ?? '';
    if (ctx.dialect === 'sqlite')
      expect(create).not.toMatch(/using/i); // one index method: said as a warning
    else expect(create).toMatch(/using btree/i);
    expect((await logged.getQueryInterface().showIndex('idx_method_tagged')).map((entry) => entry.name)).toContain(
      'idx_method_label',
    );
  });

  it("createTable's uniqueKeys makes a named composite unique constraint", async () => {
    await qi().createTable(
      'idx_lines',
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        orderId: { type: DataTypes.INTEGER, allowNull: false },
        line: { type: DataTypes.INTEGER, allowNull: false },
      },
      { uniqueKeys: { idx_lines_order_line: { fields: ['orderId', 'line'] } } },
    );
    expect(await index('idx_lines', 'idx_lines_order_line')).toMatchObject({
      unique: true,
      fields: ['orderId', 'line'],
    });
    await qi().bulkInsert('idx_lines', [
      { orderId: 1, line: 1 },
      { orderId: 1, line: 2 },
    ]);
    await expect(qi().bulkInsert('idx_lines', [{ orderId: 1, line: 2 }])).rejects.toThrow(UniqueConstraintError);
    await expect(
      qi().createTable('idx_bad', { a: DataTypes.INTEGER }, { uniqueKeys: { k: { fields: ['nope'] } } }),
    ).rejects.toThrow('uniqueKeys.k names nope, which is not a column');
  });

  it('takes fields as { attribute | name, order, collate, length }', async () => {
    const name = await table();
    await qi().addIndex(name, [{ attribute: 'title', order: 'DESC' }, { name: 'archived' }], { name: `${name}_ta` });
    expect(await index(name, `${name}_ta`)).toMatchObject({ fields: ['title', 'archived'], unique: false });
    await expect(qi().addIndex(name, [{ order: 'DESC' }])).rejects.toThrow('a field object needs name (or attribute)');
  });

  it('makes a partial index with where (PostgreSQL, SQLite) and refuses it on MySQL', async () => {
    const name = await table();
    const adding = qi().addIndex(name, ['title'], { name: `${name}_live`, unique: true, where: { archived: false } });
    if (ctx.dialect === 'mysql') {
      await expect(adding).rejects.toThrow(`Index ${name}_live on ${name}: mysql has no partial indexes (where)`);
      return;
    }
    await adding;
    await qi().bulkInsert(name, [
      { title: 'a', archived: true },
      { title: 'a', archived: true },
      { title: 'a', archived: false },
    ]);
    await expect(qi().bulkInsert(name, [{ title: 'a', archived: false }])).rejects.toThrow(UniqueConstraintError);
  });

  it('makes FULLTEXT indexes on MySQL and refuses them elsewhere', async () => {
    const name = await table();
    const adding = qi().addIndex(name, ['body'], { name: `${name}_ft`, type: 'FULLTEXT' });
    if (ctx.dialect === 'mysql') {
      await adding;
      expect(await index(name, `${name}_ft`)).toMatchObject({ fields: ['body'] });
    } else {
      await expect(adding).rejects.toThrow(`Index ${name}_ft on ${name}: `);
      await expect(qi().addIndex(name, ['body'], { type: 'FULLTEXT' })).rejects.toThrow(
        'has no FULLTEXT indexes (MySQL only)',
      );
      expect(await index(name, `${name}_ft`)).toBeUndefined();
    }
  });

  it('uses operator classes, methods and CONCURRENTLY on PostgreSQL, and refuses the first and last elsewhere', async () => {
    const name = await table({ tags: { type: DataTypes.JSONB, allowNull: true } });
    const operator = qi().addIndex(name, ['tags'], { name: `${name}_tags`, using: 'GIN', operator: 'jsonb_path_ops' });
    const concurrently = qi().addIndex(name, ['title'], { name: `${name}_c`, concurrently: true });
    if (ctx.dialect === 'postgres') {
      await operator;
      await concurrently;
      const [definition] = (await db.query(`SELECT indexdef FROM pg_indexes WHERE indexname = '${name}_tags'`, {
        type: 'SELECT',
      })) as Array<{ indexdef: string }>;
      expect(definition.indexdef).toMatch(/USING gin \(tags jsonb_path_ops\)/);
      expect(await index(name, `${name}_c`)).toMatchObject({ fields: ['title'] });
    } else {
      await expect(operator).rejects.toThrow('has no operator classes (PostgreSQL only)');
      await expect(concurrently).rejects.toThrow('has no CREATE INDEX CONCURRENTLY (PostgreSQL only)');
    }
  });
});
