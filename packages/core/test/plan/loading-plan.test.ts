import { DataTypes, Model, Op, Strata, type CreationOptional } from '@strata/core';
import { describeEachDialect } from '../../../../test-support/dialects';

class Author extends Model {
  declare id: CreationOptional<number>;
  declare name: string;
  declare books?: Book[];
}
class Book extends Model {
  declare id: CreationOptional<number>;
  declare title: string;
  declare authorId: number | null;
  declare author?: Author | null;
  declare chapters?: Chapter[];
}
class Chapter extends Model {
  declare id: CreationOptional<number>;
  declare heading: string;
  declare bookId: number | null;
}

/** The loading plan: a bounded number of statements, and limit counts parents. */
describeEachDialect('include loading plan', (ctx) => {
  let db: Strata;

  beforeAll(async () => {
    db = ctx.connect();
    Author.init({ name: DataTypes.STRING }, { strata: db, tableName: 'authors', timestamps: false });
    Book.init({ title: DataTypes.STRING }, { strata: db, tableName: 'books', timestamps: false });
    Chapter.init({ heading: DataTypes.STRING }, { strata: db, tableName: 'chapters', timestamps: false });
    Author.hasMany(Book);
    Book.belongsTo(Author);
    Book.hasMany(Chapter);
    await db.sync({ force: true });
    const authors = await Author.bulkCreate(
      Array.from({ length: 100 }, (_, i) => ({ name: `author ${String(i).padStart(3, '0')}` })) as never,
    );
    const books = await Book.bulkCreate(
      authors.flatMap((author, i) =>
        Array.from({ length: 1 + (i % 3) }, (_, j) => ({ title: `book ${i}.${j}`, authorId: author.id })),
      ) as never,
    );
    await Chapter.bulkCreate(
      books.flatMap((book) => [
        { heading: `${book.title} ch1`, bookId: book.id },
        { heading: `${book.title} ch2`, bookId: book.id },
      ]) as never,
    );
  });

  it('loads 100 parents with two nested to-many levels in three statements', async () => {
    const statements: string[] = [];
    const authors = await Author.findAll({
      include: [{ model: Book, include: [Chapter] }],
      logging: (sql) => statements.push(sql),
    });
    expect(authors).toHaveLength(100);
    expect(statements).toHaveLength(3);
    const books = authors.flatMap((a) => a.books!);
    // 34 authors with one book, 33 with two, 33 with three.
    expect(books).toHaveLength(199);
    expect(books.every((b) => b.chapters!.length === 2 && b.chapters!.every((c) => c.bookId === b.id))).toBe(true);
    expect(authors.every((a) => a.books!.length >= 1 && a.books!.every((b) => b.authorId === a.id))).toBe(true);
  });

  it('limit: 10 with a to-many include returns exactly 10 parents with all their children', async () => {
    const authors = await Author.findAll({ limit: 10, order: [['name', 'ASC']], include: ['books'] });
    expect(authors.map((a) => a.name)).toEqual(Array.from({ length: 10 }, (_, i) => `author 00${i}`));
    expect(authors.map((a) => a.books!.length)).toEqual([1, 2, 3, 1, 2, 3, 1, 2, 3, 1]);
    const page = await Author.findAll({ limit: 5, offset: 95, order: [['name', 'ASC']], include: ['books'] });
    expect(page.map((a) => a.name)).toEqual(['author 095', 'author 096', 'author 097', 'author 098', 'author 099']);
    expect(page.map((a) => a.books!.length)).toEqual([3, 1, 2, 3, 1]);
  });

  it('counts parents with a to-many include, not the joined rows', async () => {
    expect(await Author.count({ include: ['books'] })).toBe(100);
    // Authors with a third book (i % 3 === 2): 33, although each also has two other books.
    expect(await Author.count({ include: [{ model: Book, where: { title: { [Op.like]: '%.2' } } }] })).toBe(33);
    expect(await Author.count({ include: [{ model: Book, required: true }] })).toBe(100);
  });

  it('a to-one include under limit is a join and keeps one row per parent', async () => {
    const statements: string[] = [];
    const books = await Book.findAll({
      limit: 10,
      order: [['id', 'ASC']],
      include: ['author', 'chapters'],
      logging: (sql) => statements.push(sql),
    });
    expect(books).toHaveLength(10);
    expect(statements).toHaveLength(2);
    expect(books.every((b) => b.get('author') !== null && (b.get('author') as Author).id === b.authorId)).toBe(true);
  });
});
