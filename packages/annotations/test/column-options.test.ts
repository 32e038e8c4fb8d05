import 'reflect-metadata';
import { DataTypes, Model, Strata, UniqueConstraintError, type CreationOptional } from '@strata/core';
import {
  AllowNull,
  AutoIncrement,
  Column,
  Comment,
  Default,
  Index,
  PrimaryKey,
  Table,
  Unique,
} from '@strata/annotations';
import { describeEachDialect } from '../../../test-support/dialects';

@Table({ tableName: 'listings', timestamps: false })
class Listing extends Model {
  @PrimaryKey @AutoIncrement @Column declare id: CreationOptional<number>;
  // Decorator order never matters: @Column first here, last elsewhere.
  @Column @AllowNull(false) @Unique('one_slug_per_site') declare site: string;
  @Unique({ name: 'one_slug_per_site' }) @AllowNull(false) @Column declare slug: string;
  @Unique @Column(DataTypes.STRING(40)) declare code: string | null;
  @Index('by_name') @Column declare lastName: string;
  @Index({ name: 'by_name', order: 'DESC' }) @Column declare firstName: string;
  @Index @Column declare city: string;
  @Index({ name: 'one_ref', unique: true }) @Column(DataTypes.STRING(20)) declare ref: string | null;
  @Comment('Price in cents') @Default(0) @Column(DataTypes.INTEGER) declare price: CreationOptional<number>;
  @Default(() => 'draft') @Column(DataTypes.STRING) declare status: CreationOptional<string>;
  @AllowNull @Column(DataTypes.TEXT) declare notes: string | null;
}

describeEachDialect('column decorators', (ctx) => {
  let db: Strata;

  beforeAll(async () => {
    db = ctx.connect({ models: [Listing] });
    await db.sync({ force: true });
  });

  it('records every column option in the definition', () => {
    const attributes = Listing.getAttributes();
    expect(attributes.id).toMatchObject({ primaryKey: true, autoIncrement: true });
    expect(attributes.site).toMatchObject({ allowNull: false, unique: 'one_slug_per_site' });
    expect(attributes.code).toMatchObject({ unique: true, allowNull: true });
    expect(attributes.price).toMatchObject({ comment: 'Price in cents', defaultValue: 0 });
    expect(attributes.notes?.allowNull).toBe(true);
    expect(Listing.definition.indexes).toEqual([
      { name: 'by_name', fields: ['lastName', { name: 'firstName', order: 'DESC' }] },
      { fields: ['city'] },
      { name: 'one_ref', unique: true, fields: ['ref'] },
    ]);
  });

  it('creates the indexes in the database, composite ones across properties', async () => {
    const indexes = await db.getQueryInterface().showIndex('listings');
    const byName = new Map(indexes.map((index) => [index.name, index]));
    expect(byName.get('by_name')).toMatchObject({ unique: false, fields: ['lastName', 'firstName'] });
    expect(byName.get('listings_city')).toMatchObject({ unique: false, fields: ['city'] });
    expect(byName.get('one_ref')).toMatchObject({ unique: true, fields: ['ref'] });
    expect(byName.get('one_slug_per_site')).toMatchObject({ unique: true, fields: ['site', 'slug'] });
  });

  it('applies defaults, a function default per row, and allows null where told', async () => {
    const listing = await Listing.create({
      site: 'a',
      slug: 's',
      code: null,
      lastName: 'L',
      firstName: 'F',
      city: 'C',
      ref: null,
      notes: null,
    });
    expect(listing.price).toBe(0);
    expect(listing.status).toBe('draft');
    const found = await Listing.findByPk(listing.id);
    expect(found?.status).toBe('draft');
    expect(found?.notes).toBeNull();
  });

  it('enforces a composite @Unique name across properties and leaves the table as it was', async () => {
    const values = { code: null, lastName: 'L', firstName: 'F', city: 'C', ref: null, notes: null };
    await Listing.create({ site: 'b', slug: 'same', ...values });
    await Listing.create({ site: 'c', slug: 'same', ...values });
    const before = await Listing.count();
    await expect(Listing.create({ site: 'b', slug: 'same', ...values })).rejects.toThrow(UniqueConstraintError);
    expect(await Listing.count()).toBe(before);
  });

  it('enforces @AllowNull(false) before writing', async () => {
    const before = await Listing.count();
    await expect(
      Listing.create({
        site: null as unknown as string,
        slug: 'x',
        code: null,
        lastName: 'L',
        firstName: 'F',
        city: 'C',
        ref: null,
        notes: null,
      }),
    ).rejects.toThrow(/site/);
    expect(await Listing.count()).toBe(before);
  });
});
