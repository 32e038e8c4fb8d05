/**
 * Models: a programmatic model with the kinds of options a real schema needs (exact types,
 * a composite unique, a foreign key, ENUM, paranoid, version, underscored, indexes, getters,
 * setters and a VIRTUAL attribute), synced and used on SQLite in memory.
 * Run with `pnpm examples` (or `node examples/dist/models/main.js`).
 */
import { createHash } from 'node:crypto';
import { DataTypes, Model, OptimisticLockError, Strata, type CreationOptional, type InstanceThis } from '@strata/core';

export class Shop extends Model {
  declare id: CreationOptional<number>;
  declare name: string;
}

export class Product extends Model {
  declare id: CreationOptional<number>;
  declare shopId: number;
  declare sku: string;
  declare title: string;
  declare price: string;
  declare stock: string;
  declare status: CreationOptional<'draft' | 'live' | 'retired'>;
  declare attributes: Record<string, unknown> | null;
  declare launchDay: string | null;
  declare secret: string | undefined;
  declare secretHash: string | null;
  declare label: CreationOptional<string>;
  declare version: CreationOptional<number>;
  declare deletedAt: Date | null;
}

export async function main(log: (line: string) => void = console.log): Promise<void> {
  const db = new Strata({ dialect: 'sqlite', storage: ':memory:' });

  Shop.init({ name: { type: DataTypes.STRING(80), allowNull: false } }, { strata: db, timestamps: false });
  Product.init(
    {
      shopId: {
        type: DataTypes.INTEGER,
        allowNull: false,
        references: { model: Shop },
        onDelete: 'CASCADE',
      },
      // One SKU per shop: a composite unique constraint named by both attributes.
      sku: { type: DataTypes.STRING(20), allowNull: false, unique: 'products_shop_sku' },
      title: {
        type: DataTypes.STRING(100),
        allowNull: false,
        set(this: InstanceThis, value: unknown) {
          this.setDataValue('title', String(value).trim());
        },
      },
      price: { type: DataTypes.DECIMAL(10, 2), allowNull: false, defaultValue: '0.00' },
      stock: { type: DataTypes.BIGINT, allowNull: false, defaultValue: 0 },
      status: { type: DataTypes.ENUM('draft', 'live', 'retired'), defaultValue: 'draft' },
      attributes: DataTypes.JSON,
      launchDay: DataTypes.DATEONLY,
      secret: {
        type: DataTypes.VIRTUAL(DataTypes.STRING),
        validate: { len: [6, 64] },
        set(this: InstanceThis, value: unknown) {
          this.setDataValue('secret', value);
          this.setDataValue('secretHash', createHash('sha256').update(String(value)).digest('hex'));
        },
      },
      secretHash: DataTypes.STRING(64),
      label: {
        type: DataTypes.VIRTUAL(DataTypes.STRING, ['sku', 'title']),
        get(this: InstanceThis) {
          return `${String(this.sku)}: ${String(this.title)}`;
        },
      },
    },
    {
      strata: db,
      underscored: true,
      paranoid: true,
      version: true,
      indexes: [
        { fields: ['status', { name: 'createdAt', order: 'DESC' }] },
        { name: 'products_live_title', unique: true, fields: ['title'], where: { deletedAt: null } },
      ],
    },
  );
  await db.sync();

  const columns = await db.getQueryInterface().describeTable('Products');
  log(`columns: ${Object.keys(columns).join(', ')}`);
  const indexes = await db.getQueryInterface().showIndex('Products');
  log(
    `indexes: ${indexes
      .map((i) => i.name)
      .sort()
      .join(', ')}`,
  );

  const shop = await Shop.create({ name: 'Corner shop' });
  const lamp = await Product.create({
    shopId: shop.id,
    sku: 'LAMP-1',
    title: '  Desk lamp  ',
    price: '19.9',
    stock: (2n ** 53n + 1n).toString(),
    attributes: { colours: ['black', 'white'], dimmable: true },
    launchDay: '2024-02-29',
    secret: 'supplier-code',
  });
  const found = (await Product.findByPk(lamp.id))!;
  log(`read back: ${found.label}, price ${found.price}, stock ${found.stock}, launch ${found.launchDay}`);
  log(
    `json: ${JSON.stringify(found.attributes)}; secret stored: ${found.secretHash !== null && !('secret' in columns)}`,
  );

  const stale = (await Product.findByPk(lamp.id))!;
  found.status = 'live';
  await found.save();
  stale.price = '1.00';
  try {
    await stale.save();
  } catch (error) {
    if (!(error instanceof OptimisticLockError)) throw error;
    log(`stale save refused; price still ${(await Product.findByPk(lamp.id))!.price}`);
  }

  await found.destroy();
  const hidden = await Product.findByPk(lamp.id);
  const kept = await Product.findByPk(lamp.id, { paranoid: false });
  log(`after destroy: found ${hidden === null ? 'nothing' : 'a row'}, with paranoid: false ${kept?.sku}`);
  await kept!.restore();
  log(`restored: ${await Product.count()} product`);
  await db.close();
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
