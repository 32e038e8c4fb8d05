import { DataTypes, EmptyResultError, Model, Strata, ValidationError, type CreationOptional } from '@strata/core';
import { describeEachDialect } from '../../../../test-support/dialects';

class Product extends Model {
  declare id: CreationOptional<number>;
  declare title: string;
  declare userId: number | null;
  declare creatorId: number | null;
}
class User extends Model {
  declare id: CreationOptional<number>;
  declare firstName: string;
  declare lastName: string | null;
}
class Address extends Model {
  declare id: CreationOptional<number>;
  declare type: string;
  declare line1: string;
  declare city: string | null;
  declare userId: number | null;
}
class Tag extends Model {
  declare id: CreationOptional<number>;
  declare name: string;
  declare productId: number | null;
}
class Label extends Model {
  declare id: CreationOptional<number>;
  declare name: string;
}

describeEachDialect('nested create', (ctx) => {
  let db: Strata;
  let ProductUser: ReturnType<typeof Product.belongsTo>;
  let Creator: ReturnType<typeof Product.belongsTo>;
  let UserAddresses: ReturnType<typeof User.hasMany>;

  beforeAll(async () => {
    db = ctx.connect();
    Product.init({ title: DataTypes.STRING }, { strata: db, modelName: 'product' });
    User.init({ firstName: DataTypes.STRING, lastName: DataTypes.STRING }, { strata: db, modelName: 'user' });
    Address.init(
      {
        type: DataTypes.STRING,
        line1: { type: DataTypes.STRING, allowNull: false, validate: { notEmpty: true } },
        city: DataTypes.STRING,
      },
      { strata: db, modelName: 'address' },
    );
    Tag.init({ name: DataTypes.STRING }, { strata: db, modelName: 'tag' });
    Label.init({ name: { type: DataTypes.STRING, unique: true } }, { strata: db, modelName: 'label' });
    ProductUser = Product.belongsTo(User);
    Creator = Product.belongsTo(User, { as: 'creator' });
    UserAddresses = User.hasMany(Address);
    Product.hasMany(Tag);
    Product.belongsToMany(Label, { through: 'product_labels' });
    await db.sync({ force: true });
  });

  it("creates a product with its user and the user's addresses in one call", async () => {
    const product = await Product.create(
      {
        title: 'Chair',
        user: {
          firstName: 'Mick',
          lastName: 'Broadstone',
          addresses: [{ type: 'home', line1: '100 Main St.', city: 'Austin' }],
        },
      } as never,
      { include: [{ association: ProductUser, include: [UserAddresses] }] },
    );
    const user = product.get('user') as User;
    expect(product.userId).toBe(user.id);
    expect((user.get('addresses') as Address[])[0].userId).toBe(user.id);
    const loaded = await Product.findByPk(product.id, { include: [{ association: 'user', include: ['addresses'] }] });
    expect(loaded!.toJSON()).toMatchObject({
      title: 'Chair',
      user: { firstName: 'Mick', lastName: 'Broadstone', addresses: [{ type: 'home', line1: '100 Main St.' }] },
    });
  });

  it('belongsTo with an alias, hasMany by model, by alias string, many at once', async () => {
    const withCreator = await Product.create(
      { title: 'Table', creator: { firstName: 'Matt', lastName: 'Hansen' } } as never,
      { include: [Creator] },
    );
    expect(withCreator.creatorId).toBe((withCreator.get('creator') as User).id);
    const tagged = await Product.create({ title: 'Desk', tags: [{ name: 'Alpha' }, { name: 'Beta' }] } as never, {
      include: [Tag],
    });
    expect(await Tag.count({ where: { productId: tagged.id } })).toBe(2);
    const user = await User.create(
      {
        firstName: 'Ann',
        addresses: [
          { type: 'home', line1: 'a' },
          { type: 'work', line1: 'b' },
        ],
      } as never,
      { include: ['addresses'] },
    );
    expect(await Address.count({ where: { userId: user.id } })).toBe(2);
  });

  it('belongsToMany writes the join rows', async () => {
    const product = await Product.create({ title: 'Lamp', labels: [{ name: 'bright' }, { name: 'new' }] } as never, {
      include: ['labels'],
    });
    const loaded = await Product.findByPk(product.id, { include: ['labels'] });
    expect((loaded!.get('labels') as Label[]).map((l) => l.name).sort()).toEqual(['bright', 'new']);
  });

  it('links an existing instance or { id } instead of creating a row, for every kind', async () => {
    const owner = await User.create({ firstName: 'Owner' });
    const address = await Address.create({ type: 'home', line1: 'old' } as never);
    const label = await Label.create({ name: 'existing' });
    const usersBefore = await User.count();
    const product = await Product.create(
      { title: 'Sofa', user: owner, creator: { id: owner.id }, labels: [{ id: label.id }, { name: 'fresh' }] } as never,
      { include: [ProductUser, Creator, 'labels'] },
    );
    expect(await User.count()).toBe(usersBefore);
    expect(product.userId).toBe(owner.id);
    expect(product.creatorId).toBe(owner.id);
    expect(await Label.count({ where: { name: 'existing' } })).toBe(1);
    const loaded = await Product.findByPk(product.id, { include: ['labels'] });
    expect((loaded!.get('labels') as Label[]).map((l) => l.name).sort()).toEqual(['existing', 'fresh']);
    const user = await User.create({ firstName: 'Mover', addresses: [address, { id: address.id + 0 }] } as never, {
      include: ['addresses'],
    }).catch((e: Error) => e);
    // The same row twice is still one row: linked once.
    expect(user).toBeInstanceOf(User);
    expect(((await Address.findByPk(address.id)) as Address).userId).toBe((user as User).id);
  });

  it('a link to a row that does not exist fails before anything is written', async () => {
    const before = await Product.count();
    await expect(
      Product.create({ title: 'Ghost', user: { id: 987654 } } as never, { include: [ProductUser] }),
    ).rejects.toThrow(EmptyResultError);
    expect(await Product.count()).toBe(before);
  });

  it('validates the whole graph before the first INSERT', async () => {
    const counts = async (): Promise<number[]> => [await Product.count(), await User.count(), await Address.count()];
    const before = await counts();
    const statements: string[] = [];
    const error = await Product.create(
      {
        title: 'Bad',
        user: {
          firstName: 'X',
          addresses: [
            { type: 'home', line1: 'ok' },
            { type: 'work', line1: '' },
          ],
        },
      } as never,
      { include: [{ association: ProductUser, include: [UserAddresses] }], logging: (sql) => statements.push(sql) },
    ).catch((e: Error) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toMatch(/product\.user\.addresses\[1\]/);
    expect(statements.filter((sql) => /insert/i.test(sql))).toEqual([]);
    expect(await counts()).toEqual(before);
  });

  it('a constraint failure part-way rolls the whole graph back', async () => {
    await Label.create({ name: 'taken' });
    const before = [await Product.count(), await Label.count()];
    await expect(
      Product.create({ title: 'Dup', labels: [{ name: 'unique-one' }, { name: 'taken' }] } as never, {
        include: ['labels'],
      }),
    ).rejects.toThrow();
    expect([await Product.count(), await Label.count()]).toEqual(before);
  });
});
