/**
 * Associations with decorators: Sequelize's "Creating with associations" scenarios on SQLite
 * in memory (a Product created with its User and the User's Addresses, a `creator` alias,
 * hasMany and belongsToMany tags), then eager loading with `limit` and a nested create that
 * links an existing row. Run with `pnpm examples`.
 */
import 'reflect-metadata';
import {
  DataTypes,
  Model,
  Strata,
  type BelongsToManyCountAssociationsMixin,
  type CreationOptional,
} from '@strata/core';
import { BelongsTo, BelongsToMany, Column, ForeignKey, HasMany, Table } from '@strata/annotations';

@Table({ modelName: 'product' })
class Product extends Model {
  declare id: CreationOptional<number>;
  @Column declare title: string;
  // Two keys to User: each association names its own. Without @Column the association adds
  // the column, typed like User's primary key.
  @ForeignKey(() => User) declare userId: number | null;
  @ForeignKey(() => User) declare creatorId: number | null;
  // `| null`: a product without a user loads it as null (and the decorator metadata stays Object).
  @BelongsTo(() => User, 'userId') declare user?: User | null;
  @BelongsTo(() => User, 'creatorId') declare creator?: User | null;
  @HasMany(() => Tag) declare tags?: Tag[];
}

@Table({ modelName: 'user' })
class User extends Model {
  declare id: CreationOptional<number>;
  @Column declare firstName: string;
  @Column declare lastName: string;
  @HasMany(() => Address) declare addresses?: Address[];
  // A join table named by string: Strata defines it, keyed by userId and tagId.
  @BelongsToMany(() => Tag, 'user_tags') declare tags?: Tag[];
  declare countTags: BelongsToManyCountAssociationsMixin;
}

@Table({ modelName: 'address' })
class Address extends Model {
  declare id: CreationOptional<number>;
  @Column declare type: string;
  @Column declare line1: string;
  @Column(DataTypes.STRING) declare line2: string | null;
  @Column declare city: string;
  @Column declare state: string;
  @Column declare zip: string;
  @ForeignKey(() => User) declare userId: number | null;
}

@Table({ modelName: 'tag' })
class Tag extends Model {
  declare id: CreationOptional<number>;
  @Column declare name: string;
  @ForeignKey(() => Product) declare productId: number | null;
}

export async function main(log: (line: string) => void = console.log): Promise<void> {
  const db = new Strata({ dialect: 'sqlite', storage: ':memory:', models: [Product, User, Address, Tag] });
  await db.sync();
  // The association objects, as the Sequelize documentation keeps them.
  const { user: ProductUser, creator: Creator } = Product.associations;
  const { addresses: UserAddresses } = User.associations;

  // BelongsTo / HasMany / HasOne: a product, its user and the user's address in one call.
  const chair = await Product.create(
    {
      title: 'Chair',
      user: {
        firstName: 'Mick',
        lastName: 'Broadstone',
        addresses: [{ type: 'home', line1: '100 Main St.', city: 'Austin', state: 'TX', zip: '78704' }],
      },
    },
    { include: [{ association: ProductUser, include: [UserAddresses] }] },
  );
  const mick = chair.user!;
  log(`created ${chair.title} for ${mick.firstName} with ${mick.addresses!.length} address`);

  // BelongsTo with an alias.
  const table = await Product.create(
    { title: 'Table', creator: { firstName: 'Matt', lastName: 'Hansen' } },
    {
      include: [Creator],
    },
  );
  log(`created ${table.title} by ${table.creator!.firstName}`);

  // HasMany with many rows at once, and belongsToMany (join rows written).
  await Product.create({ title: 'Desk', tags: [{ name: 'Alpha' }, { name: 'Beta' }] }, { include: [Tag] });
  const ann = await User.create(
    { firstName: 'Ann', lastName: 'Lee', tags: [{ name: 'vip' }, { name: 'early' }] },
    {
      include: [Tag],
    },
  );
  log(`tags stored: ${await Tag.count()}, Ann's: ${await ann.countTags()}`);

  // Beyond Sequelize: `{ id }` of an existing row links it instead of creating a copy.
  const sofa = await Product.create({ title: 'Sofa', user: { id: mick.id } }, { include: [ProductUser] });
  log(`users stored after linking Mick to ${sofa.title}: ${await User.count()}`);

  // Eager loading: limit counts products, each with all of its tags.
  const page = await Product.findAll({ limit: 2, order: [['title', 'ASC']], include: ['user', 'tags'] });
  for (const product of page) {
    // `include` by alias types the result: product.tags is Tag[], product.user is User | null.
    const tags = product.tags.map((t) => t.name);
    const owner = product.user;
    log(`${product.title}: user ${owner?.firstName ?? '-'}, tags ${tags.sort().join(', ') || '-'}`);
  }
  await db.close();
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
