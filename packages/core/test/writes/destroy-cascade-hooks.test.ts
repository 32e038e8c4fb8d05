import { DataTypes, Model, Strata, Transaction, type CreationOptional } from '@strata/core';
import { describeEachDialect } from '../../../../test-support/dialects';

class Shelf extends Model {
  declare id: CreationOptional<number>;
  declare label: string;
}
class Volume extends Model {
  declare id: CreationOptional<number>;
  declare title: string;
  declare shelfId: number;
}
class Leaf extends Model {
  declare id: CreationOptional<number>;
  declare text: string;
  declare volumeId: number;
}
class Sticker extends Model {
  declare id: CreationOptional<number>;
  declare shelfId: number;
}

/**
 * hasMany(..., { onDelete: 'CASCADE', hooks: true }): destroying the parent loads its children
 * and destroys each through its hooks (and their own cascades), in the caller's transaction.
 */
describeEachDialect('destroy cascades through hooks', (ctx) => {
  let db: Strata;
  let destroyed: Array<[string, Transaction | null | undefined]>;

  beforeAll(async () => {
    db = ctx.connect();
    Shelf.init({ label: DataTypes.STRING }, { strata: db, tableName: 'casc_shelves', timestamps: false });
    Volume.init({ title: DataTypes.STRING }, { strata: db, tableName: 'casc_volumes', timestamps: false });
    Leaf.init({ text: DataTypes.STRING }, { strata: db, tableName: 'casc_leaves', timestamps: false });
    Sticker.init({}, { strata: db, tableName: 'casc_stickers', timestamps: false });
    Shelf.hasMany(Volume, { as: 'volumes', foreignKey: 'shelfId', onDelete: 'CASCADE', hooks: true });
    Volume.hasMany(Leaf, { as: 'leaves', foreignKey: 'volumeId', onDelete: 'CASCADE', hooks: true });
    // Without hooks: true the database cascades, and no hook runs.
    Shelf.hasMany(Sticker, { as: 'stickers', foreignKey: 'shelfId', onDelete: 'CASCADE' });
    const record = (name: string) => (instance: Model, options: { transaction?: Transaction | null }) => {
      destroyed.push([`${name} ${String(instance.get('id'))}`, options.transaction]);
    };
    Volume.addHook('afterDestroy', record('volume'));
    Leaf.addHook('afterDestroy', record('leaf'));
    Sticker.addHook('afterDestroy', record('sticker'));
    await db.sync({ force: true });
  });

  beforeEach(async () => {
    destroyed = [];
    await Leaf.destroy({ all: true, hooks: false });
    await Volume.destroy({ all: true, hooks: false });
    await Sticker.destroy({ all: true, hooks: false });
    await Shelf.destroy({ all: true, hooks: false });
  });

  async function seed(): Promise<Shelf> {
    const shelf = await Shelf.create({ label: 'a' });
    const other = await Shelf.create({ label: 'b' });
    const v1 = await Volume.create({ title: 'v1', shelfId: shelf.id });
    const v2 = await Volume.create({ title: 'v2', shelfId: shelf.id });
    await Volume.create({ title: 'elsewhere', shelfId: other.id });
    await Leaf.create({ text: 'p1', volumeId: v1.id });
    await Leaf.create({ text: 'p2', volumeId: v2.id });
    await Sticker.create({ shelfId: shelf.id });
    return shelf;
  }

  it("destroys the children through their hooks, in the caller's transaction, grandchildren first", async () => {
    const shelf = await seed();
    await db.transaction(async (t) => {
      await shelf.destroy({ transaction: t });
      const names = destroyed.map(([name]) => name.split(' ')[0]);
      expect(names).toEqual(['leaf', 'volume', 'leaf', 'volume']);
      for (const [, transaction] of destroyed) expect(transaction).toBe(t);
    });
    expect((await Volume.findAll()).map((volume) => volume.title)).toEqual(['elsewhere']);
    expect(await Leaf.count()).toBe(0);
    // The database cascaded the stickers without their hooks.
    expect(await Sticker.count()).toBe(0);
    expect(destroyed.some(([name]) => name.startsWith('sticker'))).toBe(false);
  });

  it('destroys nothing when a child hook throws', async () => {
    const shelf = await seed();
    Leaf.addHook('beforeDestroy', 'refuse', (leaf: Leaf) => {
      if (leaf.text === 'p2') throw new Error('keep p2');
    });
    try {
      await expect(shelf.destroy()).rejects.toThrow('keep p2');
    } finally {
      Leaf.removeHook('beforeDestroy', 'refuse');
    }
    expect(await Shelf.count()).toBe(2);
    expect(await Volume.count()).toBe(3);
    expect(await Leaf.count()).toBe(2);
  });
});
