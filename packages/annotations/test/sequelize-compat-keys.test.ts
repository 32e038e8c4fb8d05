import 'reflect-metadata';
import {
  DataTypes,
  InvalidQueryError,
  Model,
  ModelDefinitionError,
  ValidationError,
  type CreationOptional,
} from '@strata/core';
import {
  AutoIncrement,
  BeforeCreate,
  BelongsTo,
  Column,
  createIndexDecorator,
  Default,
  ForeignKey,
  getAttributes,
  getOptions,
  getScopeOptions,
  HasMany,
  HasOne,
  PrimaryKey,
  Scopes,
  Sequelize,
  Table,
  Unique,
} from '@strata/annotations';
import { describeEachDialect } from '../../../test-support/dialects';

// sequelize-typescript models as its users write them (keys declared by @ForeignKey alone,
// options given as objects, TypeScript-inferred key types), moved over by changing the imports.

@Table({ timestamps: false })
class Novel extends Model {
  declare id: CreationOptional<number>;
  @Column declare title: string;
  // The key is named by Leaf's @ForeignKey; the option only adds `allowNull: false`.
  @HasMany(() => Leaf, { foreignKey: { allowNull: false }, onDelete: 'CASCADE' })
  declare leaves?: Leaf[];
}

@Table({ timestamps: false })
class Leaf extends Model {
  declare id: CreationOptional<number>;
  @Column(DataTypes.TEXT) declare content: string;
  // No @Column: the association creates the attribute, named after this property.
  @ForeignKey(() => Novel) declare novelId: number;
  @BelongsTo(() => Novel, { foreignKey: { allowNull: false }, onDelete: 'CASCADE' }) declare novel?: Novel;
}

@Table({ timestamps: false })
class Licence extends Model {
  declare id: CreationOptional<number>;
  @Column declare code: string;
  @ForeignKey(() => Driver) declare driverId: number;
}

@Table({ timestamps: false })
class Badge extends Model {
  declare id: CreationOptional<number>;
  @Column declare label: string;
  @ForeignKey(() => Driver) @Column(DataTypes.INTEGER) declare driverId: number | null;
}

// Declared after Licence and Badge: the type of `licence` is emitted as metadata when the class is defined.
@Table({ timestamps: false })
class Driver extends Model {
  declare id: CreationOptional<number>;
  @Column declare name: string;
  @HasOne(() => Licence, { foreignKey: { allowNull: false } }) declare licence?: Licence;
  @HasOne(() => Badge) declare badge?: Badge;
}

/** A UUID key, referred to by a key TypeScript calls `number` (sequelize-typescript's own fixtures do this). */
@Table({ timestamps: false })
class Owner extends Model {
  @PrimaryKey @Default(DataTypes.UUIDV4) @Column(DataTypes.UUID) declare id: CreationOptional<string>;
  @Column declare name: string;
}

@Scopes({ withOwner: { include: [() => Owner] } })
@Table({ timestamps: false })
class Boot extends Model {
  declare id: CreationOptional<number>;
  @Column declare brand: string;
  @ForeignKey(() => Owner) @Column declare ownerId: number;
  @BelongsTo(() => Owner) declare owner?: Owner;
}

const ByBrandAndSize = createIndexDecorator({ name: 'sneaker_brand_size', unique: true });

@Table({ timestamps: false })
class Sneaker extends Model {
  declare id: CreationOptional<number>;
  @ByBrandAndSize @Column declare brand: string;
  @ByBrandAndSize({ order: 'DESC' }) @Column declare size: number;
  @Column declare colour: string;
}

function connect(url: string, options: ConstructorParameters<typeof Sequelize>[1] = {}): Sequelize {
  return new Sequelize(url.includes('://') ? url : `sqlite:${url}`, options);
}

describeEachDialect('sequelize-typescript compatibility: keys, nested creates, loaded associations', (ctx) => {
  describe('on one connection', () => {
    let sequelize: Sequelize;
    beforeAll(async () => {
      sequelize = connect(ctx.url, { models: [Novel, Leaf, Driver, Licence, Badge, Owner, Boot, Sneaker] });
      await sequelize.sync({ force: true });
    });
    afterAll(() => sequelize.close());

    it("names a key given as { allowNull: false } after the @ForeignKey property, and shows it as Sequelize's association does", async () => {
      const leaves = Novel.associations.leaves;
      expect(leaves.foreignKey).toBe('novelId');
      expect(leaves.foreignKeyAttribute).toMatchObject({ name: 'novelId', allowNull: false });
      expect(leaves.options.onDelete).toBe('CASCADE');
      expect(Leaf.associations.novel.foreignKey).toBe('novelId');
      expect(Leaf.associations.novel.foreignKeyAttribute).toMatchObject({ name: 'novelId', allowNull: false });
      // A left-out onDelete shows the one the constraint got: CASCADE for a NOT NULL key.
      expect(Driver.associations.licence.foreignKey).toBe('driverId');
      expect(Driver.associations.licence.options.onDelete).toBe('CASCADE');
      const columns = await sequelize.getQueryInterface().describeTable(Leaf.tableName);
      expect(Object.keys(columns)).toEqual(expect.arrayContaining(['novelId']));
      expect(Object.keys(columns)).not.toContain('novel3Id');
      expect(columns.novelId.allowNull).toBe(false);
    });

    it('creates a parent with children whose NOT NULL key it fills in, for hasMany and hasOne', async () => {
      const novel = await Novel.create(
        { title: 'Dorian Gray', leaves: [{ content: 'one' }, { content: 'two' }] } as never,
        { include: [Leaf] },
      );
      expect(novel.leaves?.map((leaf) => [leaf.content, leaf.novelId])).toEqual([
        ['one', novel.id],
        ['two', novel.id],
      ]);
      const driver = await Driver.create({ name: 'Ada', licence: { code: 'A1' } } as never, { include: [Licence] });
      expect(driver.licence?.driverId).toBe(driver.id);
      expect(await Licence.count({ where: { driverId: driver.id } })).toBe(1);
    });

    it("refuses a child without its parent in Sequelize's words, and writes nothing", async () => {
      const before = await Leaf.count();
      const error = await Leaf.create({ content: 'orphan' } as never).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).message).toBe('notNull Violation: Leaf.novelId cannot be null');
      const nested = await Leaf.create({ content: 'orphan' } as never, { include: [Novel] }).catch((e: unknown) => e);
      expect((nested as ValidationError).message).toBe('notNull Violation: Leaf.novelId cannot be null');
      expect(await Leaf.count()).toBe(before);
    });

    it('makes a loaded association a property of the instance, and an unloaded one none', async () => {
      const novel = await Novel.create({ title: 'Emma', leaves: [{ content: 'a' }] } as never);
      // leaves without include is no association value: not even a property.
      expect('leaves' in novel).toBe(false);
      const found = await Novel.findByPk(novel.id, { include: [Leaf] });
      expect(found && Object.hasOwn(found, 'leaves')).toBe(true);
      expect(found?.leaves).toEqual([]);
      const plain = await Novel.findByPk(novel.id);
      expect(plain && 'leaves' in plain).toBe(false);
    });

    it('reloads the associations an instance was found with: a deleted child is gone after reload()', async () => {
      const novel = await Novel.create({ title: 'Persuasion', leaves: [{ content: 'x' }, { content: 'y' }] } as never, {
        include: [Leaf],
      });
      const found = (await Novel.findByPk(novel.id, { include: [Leaf] }))!;
      expect(found.leaves).toHaveLength(2);
      await found.leaves![0].destroy();
      await found.reload();
      expect(found.leaves?.map((leaf) => leaf.content)).toEqual(['y']);
      await Novel.update({ title: 'Persuasion, 2nd ed.' }, { where: { id: novel.id } });
      // `attributes` reloads those only: the other values stay as they were.
      // (Model#reload's declared options do not list `attributes` yet; Sequelize code passes it.)
      await found.reload({ attributes: ['id'] } as never);
      expect(found.title).toBe('Persuasion');
      await found.reload();
      expect(found.title).toBe('Persuasion, 2nd ed.');
    });

    it('types a @ForeignKey column TypeScript calls number like the UUID key it refers to (the constraint needs it)', async () => {
      const columns = await sequelize.getQueryInterface().describeTable(Boot.tableName);
      const ownerColumns = await sequelize.getQueryInterface().describeTable(Owner.tableName);
      expect(columns.ownerId.type).toBe(ownerColumns.id.type);
      const boot = await Boot.create({ brand: 'Hiker', owner: { name: 'Bob' } } as never, { include: [Owner] });
      expect(typeof boot.ownerId).toBe('string');
      expect(boot.ownerId).toBe(boot.owner?.id);
    });

    it('resolves model getters in the includes of object-form scopes', async () => {
      const owner = await Owner.create({ name: 'Cy' });
      await Boot.create({ brand: 'Trail', ownerId: owner.id as unknown as number });
      const boot = await Boot.scope('withOwner').findOne({ where: { brand: 'Trail' } });
      expect(boot?.owner?.name).toBe('Cy');
    });

    it("resolves $set of a hasOne to the associated instance it saved, as Sequelize's setter does", async () => {
      const driver = await Driver.create({ name: 'Bo', badge: { label: 'old' } } as never, { include: [Badge] });
      const badge = await Badge.create({ label: 'new', driverId: null });
      const saved = await driver.$set('badge', badge);
      expect(saved).toBe(badge);
      expect(badge.driverId).toBe(driver.id);
      expect((await Badge.findAll({ where: { driverId: driver.id } })).map((b) => b.label)).toEqual(['new']);
      expect(await driver.$set('badge', null)).toBeNull();
    });

    it('creates the one index a createIndexDecorator decorator marks on several columns', async () => {
      const indexes = await sequelize.getQueryInterface().showIndex(Sneaker.tableName);
      const index = indexes.find((entry) => entry.name === 'sneaker_brand_size');
      expect(index).toMatchObject({ unique: true, fields: ['brand', 'size'] });
      await Sneaker.create({ brand: 'Run', size: 42, colour: 'red' });
      await expect(Sneaker.create({ brand: 'Run', size: 42, colour: 'blue' })).rejects.toThrow();
      expect(await Sneaker.count()).toBe(1);
    });

    it('narrows an instance increment by the where of the call, and refuses Model.update() with no where', async () => {
      const sneaker = await Sneaker.create({ brand: 'Walk', size: 40, colour: 'red' });
      // (Model#increment's declared options leave `where` out; Sequelize code passes it.)
      await sneaker.increment('size', { by: 2, where: { colour: 'blue' } } as never);
      expect((await Sneaker.findByPk(sneaker.id))?.size).toBe(40);
      await sneaker.increment('size', { by: 2, where: { colour: 'red' } } as never);
      expect((await Sneaker.findByPk(sneaker.id))?.size).toBe(42);
      expect(sneaker.size).toBe(42);
      const updateWithoutOptions = Sneaker.update.bind(Sneaker) as (values: object) => Promise<unknown>;
      await expect(updateWithoutOptions({ colour: 'all' })).rejects.toThrow(InvalidQueryError);
      await expect(updateWithoutOptions({ colour: 'all' })).rejects.toThrow(
        /^Missing where attribute in the options parameter: Sneaker\.update needs a where/,
      );
      expect(await Sneaker.count({ where: { colour: 'all' } })).toBe(0);
    });
  });
});

describe('sequelize-typescript definition checks', () => {
  it('reads what the decorators recorded: getAttributes, getOptions, getScopeOptions', () => {
    @Table({ tableName: 'coded_things', timestamps: false })
    class Coded extends Model {
      @PrimaryKey @AutoIncrement @Column declare id: number;
      @Unique('code_per_kind') @Column(DataTypes.STRING(5)) declare code: string;
      @Default(false) @Column declare active: boolean;
      declare notAnAttribute: string;
    }
    const attributes = getAttributes(Coded.prototype);
    expect(Object.keys(attributes ?? {})).toEqual(['id', 'code', 'active']);
    expect(attributes?.id).toEqual({ primaryKey: true, autoIncrement: true, type: DataTypes.INTEGER });
    // Two STRING(5) are equal values: a type is compared by what it is.
    expect(attributes?.code).toEqual({ unique: 'code_per_kind', type: DataTypes.STRING(5) });
    expect(attributes?.active).toEqual({ defaultValue: false, type: DataTypes.BOOLEAN });
    expect(getOptions(Coded.prototype)).toEqual({ tableName: 'coded_things', timestamps: false });
    expect(getOptions(Coded)).not.toHaveProperty('freezeTableName');
    expect(getScopeOptions(Boot.prototype)).toEqual({ withOwner: { include: [expect.any(Function)] } });
    expect(getScopeOptions(Coded)).toBeUndefined();
  });

  it('refuses a hook method named like the hook (Model.beforeCreate adds hooks)', () => {
    expect(() => {
      @Table
      class Clash extends Model {
        @BeforeCreate
        static override beforeCreate(): void {}
      }
      return Clash;
    }).toThrow(/the name is reserved for Model\.beforeCreate\(fn\)/);
  });

  it("refuses two auto-increment columns, in Sequelize's words", () => {
    @Table
    class Twice extends Model {
      @PrimaryKey @AutoIncrement @Column declare id: number;
      @AutoIncrement @Column declare other: number;
    }
    const sequelize = new Sequelize({ dialect: 'sqlite', storage: ':memory:' });
    expect(() => sequelize.addModels([Twice])).toThrow(
      'Invalid Instance definition. Only one autoincrement field allowed.',
    );
    expect(() => sequelize.addModels([Twice])).toThrow(ModelDefinitionError);
  });

  it("says a target that was not added 'has not been defined'", () => {
    @Table
    class Stranger extends Model {}
    @Table
    class Lonely extends Model {
      @HasOne(() => Stranger, 'lonelyId') declare stranger?: Stranger;
    }
    const sequelize = new Sequelize({ dialect: 'sqlite', storage: ':memory:' });
    expect(() => sequelize.addModels([Lonely])).toThrow(/Stranger has not been defined/);
  });
});
