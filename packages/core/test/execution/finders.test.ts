import {
  DataTypes,
  EmptyResultError,
  InvalidQueryError,
  Model,
  Op,
  Strata,
  UniqueConstraintError,
  col,
  fn,
  type CreationOptional,
} from '@strata/core';
import { describeEachDialect } from '../../../../test-support/dialects';

class Item extends Model {
  declare id: CreationOptional<number>;
  declare sku: string;
  declare name: string;
  declare category: string;
  declare price: number;
  declare stock: number | null;
}

class Account extends Model {
  declare id: CreationOptional<number>;
  declare email: string;
  declare name: string | null;
  declare plan: CreationOptional<string>;
}

const ITEMS = [
  { sku: 'a1', name: 'Apple', category: 'fruit', price: 3, stock: 10 },
  { sku: 'b1', name: 'Banana', category: 'fruit', price: 1, stock: null },
  { sku: 'c1', name: 'Carrot', category: 'veg', price: 2, stock: 5 },
  { sku: 'd1', name: 'Daikon', category: 'veg', price: 4, stock: 0 },
  { sku: 'e1', name: 'Eggplant', category: 'veg', price: 5, stock: 7 },
];

describeEachDialect('finders', (ctx) => {
  let db: Strata;

  beforeAll(async () => {
    db = ctx.connect();
    Item.init(
      {
        sku: { type: DataTypes.STRING, allowNull: false, unique: true },
        name: { type: DataTypes.STRING, allowNull: false },
        category: { type: DataTypes.STRING, allowNull: false, field: 'item_category' },
        price: { type: DataTypes.INTEGER, allowNull: false },
        stock: DataTypes.INTEGER,
      },
      { strata: db, tableName: 'items', timestamps: false },
    );
    Account.init(
      {
        email: { type: DataTypes.STRING, allowNull: false, unique: true },
        name: DataTypes.STRING,
        plan: { type: DataTypes.STRING, allowNull: false, defaultValue: 'free' },
      },
      { strata: db, tableName: 'accounts' },
    );
    await db.sync({ force: true });
    await Item.bulkCreate(ITEMS);
  });

  beforeEach(async () => {
    await Account.destroy({ all: true });
  });

  it('selects attribute lists, exclude, include with aliases and functions', async () => {
    const [apple] = await Item.findAll({ attributes: ['id', 'name'], where: { sku: 'a1' } });
    expect(Object.keys(apple.dataValues).sort()).toEqual(['id', 'name']);
    const [banana] = await Item.findAll({ attributes: { exclude: ['stock', 'price'] }, where: { sku: 'b1' } });
    expect(banana.dataValues).toEqual({ id: banana.id, sku: 'b1', name: 'Banana', category: 'fruit' });
    const [aliased] = await Item.findAll({
      attributes: [
        ['name', 'label'],
        [fn('UPPER', col('category')), 'shout'],
      ],
      where: { sku: 'c1' },
      raw: true,
    });
    expect(aliased).toEqual({ label: 'Carrot', shout: 'VEG' });
    const [withExtra] = await Item.findAll({
      attributes: { include: [[fn('LOWER', col('name')), 'lower']] },
      where: { sku: 'd1' },
    });
    expect(withExtra.get('lower')).toBe('daikon');
    expect(withExtra.category).toBe('veg');
  });

  it('orders by attribute, direction, NULLS FIRST/LAST and function; groups with having', async () => {
    const byPrice = await Item.findAll({ order: [['price', 'DESC']] });
    expect(byPrice.map((i) => i.sku)).toEqual(['e1', 'd1', 'a1', 'c1', 'b1']);
    const nullsFirst = await Item.findAll({ order: [['stock', 'ASC NULLS FIRST']] });
    expect(nullsFirst.map((i) => i.stock)).toEqual([null, 0, 5, 7, 10]);
    const nullsLast = await Item.findAll({ order: [['stock', 'DESC NULLS LAST']] });
    expect(nullsLast.map((i) => i.stock)).toEqual([10, 7, 5, 0, null]);
    const byLength = await Item.findAll({ order: [[fn('LENGTH', col('name')), 'ASC'], 'name'] });
    expect(byLength[0].name).toBe('Apple');
    const groups = await Item.findAll({
      attributes: ['category', [fn('COUNT', col('id')), 'n'], [fn('SUM', col('price')), 'total']],
      group: ['category'],
      having: { n: { [Op.gt]: 2 } },
      order: [[col('n'), 'DESC']],
      raw: true,
    });
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ category: 'veg' });
    expect(Number((groups[0] as unknown as { n: number }).n)).toBe(3);
    expect(Number((groups[0] as unknown as { total: number }).total)).toBe(11);
  });

  it('pages with limit and offset, selects distinct values, and returns raw rows', async () => {
    const page = await Item.findAll({ order: ['sku'], limit: 2, offset: 1 });
    expect(page.map((i) => i.sku)).toEqual(['b1', 'c1']);
    const categories = await Item.findAll({ attributes: ['category'], distinct: true, order: ['category'], raw: true });
    expect(categories).toEqual([{ category: 'fruit' }, { category: 'veg' }]);
    const raw = await Item.findAll({ where: { sku: 'a1' }, raw: true });
    expect(raw[0]).not.toBeInstanceOf(Model);
    expect(raw[0]).toMatchObject({ sku: 'a1', category: 'fruit', price: 3 });
  });

  it('rejects bad limits, offsets, directions, attributes and aliases before any SQL', async () => {
    const bad: object[] = [
      { limit: -1 },
      { limit: 1.5 },
      { limit: '10' },
      { offset: Number.MAX_SAFE_INTEGER + 2 },
      { offset: { $gt: 1 } },
      { order: [['price', 'DESC; DROP TABLE items']] },
      { order: [['price', 'SIDEWAYS']] },
      { order: [['nope', 'ASC']] },
      { order: 'price' },
      { attributes: ['nope'] },
      { attributes: [['name', 'bad alias"']] },
      { attributes: { exclude: ['nope'] } },
      { group: ['nope'] },
    ];
    for (const options of bad) {
      await expect(Item.findAll(options as never)).rejects.toBeInstanceOf(InvalidQueryError);
    }
    await expect(Item.findAll({ attributes: ['nope' as never] })).rejects.toThrow(
      /"nope" is not an attribute of Item; valid attributes: id, sku, name/,
    );
  });

  it('findOne, findByPk and rejectOnEmpty', async () => {
    const apple = await Item.findOne({ where: { sku: 'a1' } });
    expect(apple?.name).toBe('Apple');
    expect(await Item.findByPk(apple!.id)).toMatchObject({ sku: 'a1' });
    expect(await Item.findByPk(999999)).toBeNull();
    await expect(Item.findOne({ where: { sku: 'zz' }, rejectOnEmpty: true })).rejects.toBeInstanceOf(EmptyResultError);
    await expect(Item.findByPk(999999, { rejectOnEmpty: true })).rejects.toBeInstanceOf(EmptyResultError);
    const custom = new Error('gone');
    await expect(Item.findOne({ where: { sku: 'zz' }, rejectOnEmpty: custom })).rejects.toBe(custom);
    await expect(Item.findByPk({ id: 1 })).rejects.toThrow(/findByPk takes a id value, got an object/);
    await expect(Item.findByPk([1])).rejects.toBeInstanceOf(InvalidQueryError);
  });

  it('findByPk: the plain primary-key lookup and the general find agree', async () => {
    const apple = (await Item.findOne({ where: { sku: 'a1' } }))!;
    const carrot = (await Item.findOne({ where: { sku: 'c1' } }))!;
    // The second round runs on the SQL the first one kept for the plain lookup.
    for (let round = 0; round < 2; round += 1) {
      expect((await Item.findByPk(apple.id))?.get()).toEqual(apple.get());
      expect((await Item.findByPk(String(apple.id)))?.get('sku')).toBe('a1');
      expect(await Item.findByPk(apple.id, { raw: true })).toEqual(apple.get({ plain: true }));
      expect((await Item.findByPk(apple.id, { attributes: ['sku'] }))?.get()).toEqual({ sku: 'a1' });
      await expect(Item.findByPk('abc')).rejects.toThrow(/^Item: where\.id: expected/);
      await expect(Item.findByPk(2 ** 40)).rejects.toThrow(/^Item: where\.id: .*outside the INTEGER range/);
    }
    Item.addScope('fruit', { where: { category: 'fruit' } });
    expect(await Item.scope('fruit').findByPk(carrot.id)).toBeNull();
    expect((await Item.scope('fruit').findByPk(apple.id))?.get('sku')).toBe('a1');
    const seen: unknown[] = [];
    Item.addHook('afterFind', 'spy', (found: unknown) => void seen.push(found));
    try {
      await Item.findByPk(carrot.id);
      await Item.findByPk(carrot.id, { hooks: false });
    } finally {
      Item.removeHook('afterFind', 'spy');
    }
    expect(seen).toHaveLength(1);
    expect((seen[0] as Item).sku).toBe('c1');
  });

  it('counts, counts distinct values and columns, and aggregates', async () => {
    expect(await Item.count()).toBe(5);
    expect(await Item.count({ where: { category: 'veg' } })).toBe(3);
    expect(await Item.count({ col: 'stock' })).toBe(4);
    expect(await Item.count({ col: 'category', distinct: true })).toBe(2);
    const perCategory = await Item.count({ group: ['category'] });
    expect([...perCategory].sort((a, b) => String(a.category).localeCompare(String(b.category)))).toEqual([
      { category: 'fruit', count: 2 },
      { category: 'veg', count: 3 },
    ]);
    expect(await Item.max('price')).toBe(5);
    expect(await Item.min('price', { where: { category: 'veg' } })).toBe(2);
    expect(await Item.sum('price')).toBe(15);
    expect(await Item.sum('price', { where: { sku: 'none' } })).toBe(0);
    expect(await Item.max('price', { where: { sku: 'none' } })).toBeNull();
    expect(await Item.aggregate('price', 'avg', { where: { category: 'fruit' } })).toBe(2);
    expect(await Item.max('name')).toBe('Eggplant');
    await expect(Item.max('nope' as never)).rejects.toThrow(/not an attribute/);
    await expect(Item.aggregate('price', 'sum) FROM items; --')).rejects.toBeInstanceOf(InvalidQueryError);
  });

  it('findAndCountAll pages rows and counts every match', async () => {
    const { count, rows } = await Item.findAndCountAll({
      where: { price: { [Op.gte]: 2 } },
      order: [['price', 'ASC']],
      limit: 2,
      offset: 1,
    });
    expect(count).toBe(4);
    expect(rows.map((r) => r.sku)).toEqual(['a1', 'd1']);
  });

  it('findOrCreate creates once, fills values from where, and finds afterwards', async () => {
    const [created, wasCreated] = await Account.findOrCreate({
      where: { email: 'a@x.io' },
      defaults: { name: 'A' },
    });
    expect(wasCreated).toBe(true);
    expect(created.email).toBe('a@x.io');
    expect(created.name).toBe('A');
    expect(created.plan).toBe('free');
    expect(created.isNewRecord).toBe(false);
    const [found, again] = await Account.findOrCreate({ where: { email: 'a@x.io' }, defaults: { name: 'other' } });
    expect(again).toBe(false);
    expect(found.id).toBe(created.id);
    expect(found.name).toBe('A');
    // defaults win over where for the same attribute; operators in where are not values.
    const [other] = await Account.findOrCreate({
      where: { email: 'b@x.io', name: { [Op.ne]: 'x' } },
      defaults: { plan: 'pro' },
    });
    expect(other.get({ plain: true })).toMatchObject({ email: 'b@x.io', name: null, plan: 'pro' });
    expect(await Account.count()).toBe(2);
  });

  it('findOrCreate runs in a savepoint inside a bound transaction and rolls back with it', async () => {
    await db
      .transaction(async () => {
        const [, created] = await Account.findOrCreate({ where: { email: 't@x.io' } });
        expect(created).toBe(true);
        throw new Error('roll back');
      })
      .catch((error: Error) => expect(error.message).toBe('roll back'));
    expect(await Account.count()).toBe(0);
    await db.transaction(async () => {
      await Account.create({ email: 'dup@x.io' });
      // A failed insert inside findOrCreate must not poison the surrounding transaction.
      await expect(
        Account.findOrCreate({ where: { email: 'fresh@x.io' }, defaults: { email: 'dup@x.io' } }),
      ).rejects.toBeInstanceOf(UniqueConstraintError);
      await Account.create({ email: 'after@x.io' });
    });
    expect(await Account.count()).toBe(2);
  });

  it('findOrCreate is correct when callers race on a unique key', async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        Account.findOrCreate({ where: { email: 'race@x.io' }, defaults: { name: `caller ${i}` } }),
      ),
    );
    expect(results.filter(([, created]) => created)).toHaveLength(1);
    const ids = new Set(results.map(([account]) => account.id));
    expect(ids.size).toBe(1);
    expect(await Account.count({ where: { email: 'race@x.io' } })).toBe(1);
  });

  it('findOrBuild builds without saving; findCreateFind creates or finds', async () => {
    const [built, isBuilt] = await Account.findOrBuild({ where: { email: 'build@x.io' }, defaults: { name: 'B' } });
    expect(isBuilt).toBe(true);
    expect(built.isNewRecord).toBe(true);
    expect(built.name).toBe('B');
    expect(await Account.count()).toBe(0);
    const [made, created] = await Account.findCreateFind({ where: { email: 'cf@x.io' } });
    expect(created).toBe(true);
    const [same, createdAgain] = await Account.findCreateFind({ where: { email: 'cf@x.io' } });
    expect(createdAgain).toBe(false);
    expect(same.id).toBe(made.id);
    const raced = await Promise.all([1, 2, 3].map(() => Account.findCreateFind({ where: { email: 'cfr@x.io' } })));
    expect(new Set(raced.map(([a]) => a.id)).size).toBe(1);
  });
});
