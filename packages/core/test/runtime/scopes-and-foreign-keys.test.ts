import { DataTypes, Model, Op, Strata, type CreationOptional } from '@strata/core';
import { describeEachDialect } from '../../../../test-support/dialects';

class Author extends Model {
  declare id: CreationOptional<number>;
  declare name: string;
}

class Book extends Model {
  declare id: CreationOptional<number>;
  declare title: string;
  declare pages: number;
  declare authorId: number | null;
}

/**
 * Issue 14, point 4: scopes were kept per ModelDefinition, and an association that adds a
 * foreign key replaces the model's definition. A scope added with `addScope()` before the
 * association must survive it, and so must a default scope added that way.
 */
describeEachDialect('scopes added before an association adds a foreign key', (ctx) => {
  let db: Strata;

  beforeAll(async () => {
    db = ctx.connect();
    Author.init({ name: { type: DataTypes.STRING, allowNull: false } }, { strata: db, tableName: 'authors' });
    Book.init(
      {
        title: { type: DataTypes.STRING, allowNull: false },
        pages: { type: DataTypes.INTEGER, allowNull: false },
      },
      { strata: db, tableName: 'books', timestamps: false },
    );
    Book.addScope('long', { where: { pages: { [Op.gte]: 300 } } });
    Book.addScope('defaultScope', { where: { pages: { [Op.gt]: 0 } } });
    // Before this, Book has no authorId: the association adds it and rebuilds the definition.
    Author.hasMany(Book, { as: 'books', foreignKey: 'authorId' });
    Book.belongsTo(Author, { as: 'author', foreignKey: 'authorId' });
    await db.sync({ force: true });
    const author = await Author.create({ name: 'ann' });
    await Book.bulkCreate([
      { title: 'short', pages: 100, authorId: author.id },
      { title: 'long', pages: 500, authorId: author.id },
      { title: 'empty', pages: 0, authorId: null },
    ]);
  });

  const titles = (books: Book[]): string[] => books.map((b) => b.title).sort();

  it('keeps a named scope added with addScope()', async () => {
    expect(Book.getAttributes().authorId).toBeDefined();
    expect(titles(await Book.scope('long').findAll())).toEqual(['long']);
  });

  it('keeps a default scope added with addScope()', async () => {
    expect(titles(await Book.findAll())).toEqual(['long', 'short']);
    expect(await Book.unscoped().count()).toBe(3);
  });

  it('lets a scoped variant made before a later foreign key see that key', async () => {
    const allBooks = Book.unscoped();
    class Review extends Model {}
    Review.init({ stars: DataTypes.INTEGER }, { strata: db, tableName: 'reviews', timestamps: false });
    Review.hasMany(Book, { as: 'featured', foreignKey: 'reviewId' });
    expect(Object.keys(allBooks.getAttributes())).toContain('reviewId');
  });
});
