import {
  DataTypes,
  InvalidQueryError,
  Model,
  Strata,
  UniqueConstraintError,
  ValidationError,
  type CreationOptional,
} from '@strata/core';
import { describeEachDialect } from '../../../../test-support/dialects';

class Tag extends Model {
  declare id: CreationOptional<number>;
  declare slug: string;
  declare label: string | null;
  declare uses: CreationOptional<number>;
}

describeEachDialect('bulkCreate', (ctx) => {
  let db: Strata;

  beforeAll(async () => {
    db = ctx.connect();
    Tag.init(
      {
        slug: { type: DataTypes.STRING, allowNull: false, unique: true, validate: { len: [2, 20] } },
        label: { type: DataTypes.STRING, field: 'tag_label' },
        uses: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      },
      { strata: db, tableName: 'tags' },
    );
    await db.sync({ force: true });
  });

  beforeEach(async () => {
    await Tag.destroy({ all: true });
  });

  it('inserts every row and gives each its generated id, including MySQL multi-row inserts', async () => {
    const tags = await Tag.bulkCreate([{ slug: 'aa' }, { slug: 'bb', label: 'B' }, { slug: 'cc' }]);
    expect(tags.map((t) => typeof t.id)).toEqual(['number', 'number', 'number']);
    expect(new Set(tags.map((t) => t.id)).size).toBe(3);
    for (const tag of tags) {
      const stored = await Tag.findByPk(tag.id);
      expect(stored?.slug).toBe(tag.slug);
    }
    expect(tags.every((t) => !t.isNewRecord && t.changed() === false)).toBe(true);
  });

  it('gives every row of a many-batch insert its own stored id', async () => {
    const tags = await Tag.bulkCreate(Array.from({ length: 1203 }, (_, index) => ({ slug: `m${index}` })));
    const stored = new Map((await Tag.findAll({ raw: true })).map((row) => [row.id, row.slug]));
    expect(stored.size).toBe(1203);
    for (const tag of tags) expect(stored.get(tag.id)).toBe(tag.slug);
  });

  it('writes only `fields` and ignores other properties (Sequelize seed case)', async () => {
    const [tag] = await Tag.bulkCreate([{ slug: 'ff', label: 'ignored', uses: 9 }], { fields: ['slug'] });
    const stored = await Tag.findByPk(tag.id);
    expect(stored?.slug).toBe('ff');
    expect(stored?.label).toBeNull();
    expect(stored?.uses).toBe(0);
    await expect(Tag.bulkCreate([{ slug: 'gg' }], { fields: ['nope' as never] })).rejects.toThrow(
      /fields names "nope", which is not an attribute/,
    );
  });

  it('validates by default and writes no row when one row is bad', async () => {
    const error = await Tag.bulkCreate([{ slug: 'ok' }, { slug: 'x' }, { slug: 'ok2' }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toMatch(/^Row 1: /);
    expect(await Tag.count()).toBe(0);
    // validate: false skips the validators (the type check still runs).
    await Tag.bulkCreate([{ slug: 'x' }], { validate: false });
    expect(await Tag.count()).toBe(1);
  });

  it('is all-or-nothing when the database refuses one row', async () => {
    await Tag.create({ slug: 'taken' });
    await expect(Tag.bulkCreate([{ slug: 'new1' }, { slug: 'taken' }])).rejects.toBeInstanceOf(UniqueConstraintError);
    expect(await Tag.count()).toBe(1);
    const many = Array.from({ length: 1200 }, (_, i) => ({ slug: `s${i}` }));
    many[1100] = { slug: 'taken' };
    await expect(Tag.bulkCreate(many)).rejects.toBeInstanceOf(UniqueConstraintError);
    expect(await Tag.count()).toBe(1);
  });

  it('ignoreDuplicates skips colliding rows and still returns the new ids', async () => {
    const existing = await Tag.create({ slug: 'dup', label: 'old' });
    const tags = await Tag.bulkCreate([{ slug: 'dup', label: 'new' }, { slug: 'fresh' }], { ignoreDuplicates: true });
    expect(await Tag.count()).toBe(2);
    expect((await Tag.findByPk(existing.id))?.label).toBe('old');
    const fresh = await Tag.findOne({ where: { slug: 'fresh' } });
    expect(tags[1].id).toBe(fresh?.id);
    // The skipped duplicate holds the row as stored, on every dialect.
    expect(tags[0].id).toBe(existing.id);
    expect(tags[0].label).toBe('old');
  });

  it('updateOnDuplicate updates the listed attributes of colliding rows', async () => {
    const existing = await Tag.create({ slug: 'up', label: 'old', uses: 1 });
    const tags = await Tag.bulkCreate(
      [
        { slug: 'up', label: 'new', uses: 5 },
        { slug: 'other', label: 'o' },
      ],
      { updateOnDuplicate: ['label'] },
    );
    const stored = await Tag.findByPk(existing.id);
    expect(stored?.label).toBe('new');
    expect(stored?.uses).toBe(1);
    expect(tags[0].id).toBe(existing.id);
    expect(typeof tags[1].id).toBe('number');
    expect(await Tag.count()).toBe(2);
    await expect(Tag.bulkCreate([{ slug: 'a' }], { updateOnDuplicate: ['nope' as never] })).rejects.toBeInstanceOf(
      InvalidQueryError,
    );
  });

  it('returning reads database-filled columns back on every dialect', async () => {
    const tags = await Tag.bulkCreate([{ slug: 'r1' }, { slug: 'r2', label: 'L' }], { returning: true });
    expect(tags.map((t) => t.get({ plain: true }))).toEqual([
      expect.objectContaining({ slug: 'r1', label: null, uses: 0 }),
      expect.objectContaining({ slug: 'r2', label: 'L', uses: 0 }),
    ]);
    expect(tags[0].get('createdAt')).toBeInstanceOf(Date);
  });

  it('joins a bound transaction as a savepoint', async () => {
    await db
      .transaction(async () => {
        await Tag.bulkCreate([{ slug: 't1' }, { slug: 't2' }]);
        expect(await Tag.count()).toBe(2);
        throw new Error('undo');
      })
      .catch(() => undefined);
    expect(await Tag.count()).toBe(0);
  });
});
