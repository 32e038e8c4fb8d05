/**
 * The decorator set on SQLite: an abstract base with shared columns, column options,
 * composite unique constraints and indexes, renamed timestamps, soft delete, optimistic
 * locking, scopes, hook methods and validators. Run with `pnpm examples`.
 */
import 'reflect-metadata';
import {
  DataTypes,
  Model,
  Op,
  OptimisticLockError,
  Strata,
  ValidationError,
  type CreationOptional,
} from '@strata/core';
import {
  AllowNull,
  AutoIncrement,
  BeforeValidate,
  Column,
  Comment,
  CreatedAt,
  Default,
  DefaultScope,
  DeletedAt,
  Index,
  IsIn,
  Length,
  Min,
  ModelValidator,
  PrimaryKey,
  Scopes,
  Table,
  Unique,
  UpdatedAt,
  Validate,
  Version,
} from '@strata/annotations';

/** Shared by every model below; needs no @Table of its own. */
abstract class Entity extends Model {
  @PrimaryKey @AutoIncrement @Column declare id: CreationOptional<number>;
  @CreatedAt declare created: CreationOptional<Date>;
  @UpdatedAt declare modified: CreationOptional<Date>;
}

@DefaultScope(() => ({ where: { status: { [Op.ne]: 'hidden' } } }))
@Scopes(() => ({
  cheap: { where: { priceCents: { [Op.lt]: 1000 } } },
  inCategory: (category: string) => ({ where: { category } }),
}))
@Table({ tableName: 'products', underscored: true })
export class Product extends Entity {
  @Unique('sku_per_shop') @AllowNull(false) @Column declare shop: string;
  @Unique('sku_per_shop') @Length([3, 12]) @AllowNull(false) @Column declare sku: string;
  @Index('by_category') @IsIn([['books', 'games', 'tools']]) @Column declare category: string;
  @Index({ name: 'by_category', order: 'DESC' }) @Column(DataTypes.INTEGER) declare priceCents: number;
  @Comment('Shown on the product page') @Column(DataTypes.TEXT) declare description: string | null;
  @Default('visible') @Column(DataTypes.STRING(20)) declare status: CreationOptional<string>;
  @Min(0) @Default(0) @Column(DataTypes.INTEGER) declare stock: CreationOptional<number>;
  @Validate({
    isLowercaseList(value: unknown) {
      if (typeof value === 'string' && value !== value.toLowerCase()) throw new Error('Tags are lowercase');
    },
  })
  @Column(DataTypes.STRING)
  declare tags: string | null;
  @DeletedAt declare removed: Date | null;
  @Version declare revision: CreationOptional<number>;

  @BeforeValidate
  static trimSku(product: Product): void {
    if (typeof product.sku === 'string') product.sku = product.sku.trim();
  }

  @ModelValidator
  freeItemsHaveNoStock(): void {
    if (this.priceCents === 0 && this.stock > 0) throw new Error('A free product cannot be stocked');
  }
}

export async function main(log: (line: string) => void = console.log): Promise<void> {
  const db = new Strata({ dialect: 'sqlite', storage: ':memory:', models: [Product] });
  await db.sync();

  const book = await Product.create({
    shop: 'north',
    sku: 'BK-001',
    category: 'books',
    priceCents: 1500,
    description: null,
    tags: 'paper',
  });
  log(`created ${book.sku} at revision ${book.revision}, created at a ${book.created.constructor.name}`);

  await Product.create({
    shop: 'south',
    sku: 'BK-001',
    category: 'books',
    priceCents: 900,
    description: null,
    tags: null,
  });
  const cheap = await Product.findAll({ where: { priceCents: { [Op.lt]: 1000 } }, order: [['shop', 'ASC']] });
  log(`under 10.00: ${cheap.map((p) => `${p.shop}/${p.sku}`).join(', ')}`);

  try {
    await Product.create({
      shop: 'north',
      sku: 'X',
      category: 'toys',
      priceCents: 0,
      stock: 5,
      description: null,
      tags: 'Loud',
    });
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    log(`rejected: ${error.errors.map((e) => `${e.path} (${e.validatorKey})`).join(', ')}`);
  }

  const stale = (await Product.findByPk(book.id))!;
  await book.update({ stock: 3 });
  try {
    await stale.update({ stock: 7 });
  } catch (error) {
    if (!(error instanceof OptimisticLockError)) throw error;
    log(`stale update refused; revision is now ${book.revision}`);
  }

  await book.destroy();
  log(`after soft delete: ${await Product.count()} visible, ${await Product.count({ paranoid: false })} stored`);

  const indexes = await db.getQueryInterface().showIndex('products');
  log(
    `indexes: ${indexes
      .map((index) => `${index.name}(${index.fields.join(', ')})`)
      .sort()
      .join('; ')}`,
  );
  log(
    `scopes: ${Object.keys(Product.definition.options.scopes ?? {}).join(', ')}; hooks: ${Product.hasHook('beforeValidate')}`,
  );
  await db.close();
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
