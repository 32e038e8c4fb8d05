/**
 * Associations: Sequelize's "Creating with associations" scenarios on SQLite in memory
 * (a Product created with its User and the User's Addresses, a `creator` alias, hasMany and
 * belongsToMany tags), then eager loading with `limit` and a nested create that links an
 * existing row. Run with `pnpm examples`.
 */
import { DataTypes, Model, Strata, type CreationOptional } from '@strata/core';

class Product extends Model {
  declare id: CreationOptional<number>;
  declare title: string;
}
class User extends Model {
  declare id: CreationOptional<number>;
  declare firstName: string;
  declare lastName: string;
  declare addresses?: Address[];
}
class Address extends Model {
  declare id: CreationOptional<number>;
  declare type: string;
  declare line1: string;
  declare line2: string | null;
  declare city: string;
  declare state: string;
  declare zip: string;
}
class Tag extends Model {
  declare id: CreationOptional<number>;
  declare name: string;
}

export async function main(log: (line: string) => void = console.log): Promise<void> {
  const db = new Strata({ dialect: 'sqlite', storage: ':memory:' });
  Product.init({ title: DataTypes.STRING }, { strata: db, modelName: 'product' });
  User.init({ firstName: DataTypes.STRING, lastName: DataTypes.STRING }, { strata: db, modelName: 'user' });
  Address.init(
    {
      type: DataTypes.STRING,
      line1: DataTypes.STRING,
      line2: DataTypes.STRING,
      city: DataTypes.STRING,
      state: DataTypes.STRING,
      zip: DataTypes.STRING,
    },
    { strata: db, modelName: 'address' },
  );
  Tag.init({ name: DataTypes.STRING }, { strata: db, modelName: 'tag' });

  // The association objects are kept on the models, as the Sequelize documentation does.
  const ProductUser = Product.belongsTo(User);
  const UserAddresses = User.hasMany(Address);
  const Creator = Product.belongsTo(User, { as: 'creator' });
  Product.hasMany(Tag);
  User.belongsToMany(Tag, { through: 'user_tags' });
  await db.sync();

  // BelongsTo / HasMany / HasOne: a product, its user and the user's address in one call.
  const chair = await Product.create(
    {
      title: 'Chair',
      user: {
        firstName: 'Mick',
        lastName: 'Broadstone',
        addresses: [{ type: 'home', line1: '100 Main St.', city: 'Austin', state: 'TX', zip: '78704' }],
      },
    } as never,
    { include: [{ association: ProductUser, include: [UserAddresses] }] },
  );
  const mick = chair.get('user') as User;
  log(`created ${chair.title} for ${mick.firstName} with ${mick.addresses!.length} address`);

  // BelongsTo with an alias.
  const table = await Product.create({ title: 'Table', creator: { firstName: 'Matt', lastName: 'Hansen' } } as never, {
    include: [Creator],
  });
  log(`created ${table.title} by ${(table.get('creator') as User).firstName}`);

  // HasMany with many rows at once, and belongsToMany (join rows written).
  await Product.create({ title: 'Desk', tags: [{ name: 'Alpha' }, { name: 'Beta' }] } as never, { include: [Tag] });
  const ann = await User.create(
    { firstName: 'Ann', lastName: 'Lee', tags: [{ name: 'vip' }, { name: 'early' }] } as never,
    {
      include: [Tag],
    },
  );
  log(
    `tags stored: ${await Tag.count()}, Ann's: ${await (ann as unknown as { countTags(): Promise<number> }).countTags()}`,
  );

  // Beyond Sequelize: `{ id }` of an existing row links it instead of creating a copy.
  const sofa = await Product.create({ title: 'Sofa', user: { id: mick.id } } as never, { include: [ProductUser] });
  log(`users stored after linking Mick to ${sofa.title}: ${await User.count()}`);

  // Eager loading: limit counts products, each with all of its tags.
  const page = await Product.findAll({ limit: 2, order: [['title', 'ASC']], include: ['user', 'tags'] });
  for (const product of page) {
    const tags = (product.get('tags') as Tag[]).map((t) => t.name);
    const owner = product.get('user') as User | null;
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
