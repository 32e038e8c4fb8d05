import { rmSync } from 'node:fs';
import {
  DatabaseError,
  DataTypes,
  InvalidQueryError,
  Model,
  Op,
  Strata,
  literal,
  type CreationOptional,
} from '@strata/core';
import { describeEachDialect, type TestDialect } from '../../../../test-support/dialects';

class Author extends Model {
  declare id: CreationOptional<number>;
  declare name: string;
  declare data: string;
  declare books?: Book[];
}

class Book extends Model {
  declare id: CreationOptional<number>;
  declare title: string;
  declare authorId: number;
  declare author?: Author;
}

const AUTHORS = 250;

/**
 * A SELECT expression the database fails to compute on the row whose `data` is not JSON (one row
 * in the middle), and only there: SQLite and PostgreSQL refuse to parse it; MariaDB's JSON
 * functions read it as NULL with a warning, so there an integer overflow on that row fails.
 */
const FAILS_ON_BAD_JSON: Record<TestDialect, string> = {
  sqlite: "json_extract(data, '$.n')",
  postgres: "CAST(data AS json)->>'n'",
  mysql: "CASE WHEN data = 'not json' THEN 9223372036854775807 + id ELSE 0 END",
};

/** Whether the dialect's driver reads a streamed result to its end before running anything else. */
const STREAM_IS_EXCLUSIVE: Record<TestDialect, boolean> = { sqlite: false, postgres: false, mysql: true };

/** Reads `count` rows through findEach with a pool of one connection, then leaves the loop. */
async function readAndBreak(model: typeof Author, count: number): Promise<number> {
  let read = 0;
  for await (const _author of model.findEach({ order: [['id', 'ASC']], batchSize: 10 })) {
    if (++read === count) break;
  }
  return read;
}

describeEachDialect('Model.findEach', (ctx) => {
  let db: Strata;

  beforeAll(async () => {
    db = ctx.connect({ storage: ctx.dialect === 'sqlite' ? `/tmp/strata-find-each-${process.pid}.db` : undefined });
    Author.init(
      {
        name: { type: DataTypes.STRING, allowNull: false },
        data: { type: DataTypes.TEXT, allowNull: false },
      },
      { strata: db, tableName: 'authors', timestamps: false },
    );
    Book.init(
      { title: { type: DataTypes.STRING, allowNull: false } },
      { strata: db, tableName: 'books', timestamps: false },
    );
    Author.hasMany(Book, { as: 'books', foreignKey: 'authorId' });
    Book.belongsTo(Author, { as: 'author', foreignKey: 'authorId' });
    await db.sync({ force: true });
    const authors = await Author.bulkCreate(
      Array.from({ length: AUTHORS }, (_, i) => ({
        name: `author ${String(i).padStart(3, '0')}`,
        // Row 150 holds text that is not JSON: reading it through FAILS_ON_BAD_JSON fails mid-stream.
        data: i === 150 ? 'not json' : JSON.stringify({ n: i }),
      })),
    );
    // Author i has i % 4 books: some none, some several.
    await Book.bulkCreate(
      authors.flatMap((author, i) =>
        Array.from({ length: i % 4 }, (_, j) => ({ title: `book ${i}-${j}`, authorId: author.id })),
      ),
    );
  });

  afterAll(() => rmSync(`/tmp/strata-find-each-${process.pid}.db`, { force: true }));

  async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
    const out: T[] = [];
    for await (const item of iterable) out.push(item);
    return out;
  }

  it('yields every matching row as an instance, in order, whatever the batch size', async () => {
    const expected = await Author.findAll({ where: { id: { [Op.gt]: 3 } }, order: [['name', 'DESC']] });
    for (const batchSize of [1, 7, 1000]) {
      const streamed = await collect(
        Author.findEach({ where: { id: { [Op.gt]: 3 } }, order: [['name', 'DESC']], batchSize }),
      );
      expect(streamed).toHaveLength(AUTHORS - 3);
      expect(streamed[0]).toBeInstanceOf(Author);
      expect(streamed[0].isNewRecord).toBe(false);
      expect(streamed.map((a) => a.get({ plain: true }))).toEqual(expected.map((a) => a.get({ plain: true })));
    }
  });

  it('joins to-one includes in the same rows', async () => {
    const expected = await Book.findAll({ include: ['author'], order: [['id', 'ASC']] });
    const streamed = await collect(Book.findEach({ include: ['author'], order: [['id', 'ASC']], batchSize: 13 }));
    expect(streamed.length).toBeGreaterThan(300);
    expect(streamed[0].author).toBeInstanceOf(Author);
    expect(streamed.map((b) => b.get({ plain: true }))).toEqual(expected.map((b) => b.get({ plain: true })));
  });

  it('loads to-many includes per batch, so every instance has all of its children', async () => {
    const expected = await Author.findAll({ include: ['books'], order: [['id', 'ASC']] });
    const streamed = await collect(Author.findEach({ include: ['books'], order: [['id', 'ASC']], batchSize: 16 }));
    expect(streamed).toHaveLength(AUTHORS);
    expect(streamed[3].books).toHaveLength(3);
    expect(streamed[4].books).toEqual([]);
    expect(streamed.map((a) => a.get({ plain: true }))).toEqual(expected.map((a) => a.get({ plain: true })));
  });

  it('logs the streamed statement and the include loads, through the call or the connection', async () => {
    const logged: string[] = [];
    await collect(Author.findEach({ where: { id: 1 }, include: ['books'], logging: (sql) => logged.push(sql) }));
    expect(logged).toHaveLength(2);
    expect(logged[0]).toMatch(/from [`"]authors[`"]/i);
    expect(logged[1]).toMatch(/from [`"]books[`"]/i);
    const connectionLogged: string[] = [];
    const logging = ctx.connect({
      storage: ctx.dialect === 'sqlite' ? `/tmp/strata-find-each-${process.pid}.db` : undefined,
      logging: (sql) => connectionLogged.push(sql),
    });
    const Logged = logging.define(
      'Author',
      { name: DataTypes.STRING, data: DataTypes.TEXT },
      { tableName: 'authors', timestamps: false },
    );
    await collect(Logged.findEach({ where: { id: 1 } }));
    expect(connectionLogged.filter((sql) => /from [`"]authors[`"]/i.test(sql))).toHaveLength(1);
  });

  it('yields plain objects with raw: true', async () => {
    const streamed = await collect(Author.findEach({ where: { id: 1 }, raw: true }));
    expect(streamed).toEqual([{ id: 1, name: 'author 000', data: '{"n":0}' }]);
    expect(streamed[0]).not.toBeInstanceOf(Author);
  });

  it('refuses a batchSize that is not a positive integer, and rejectOnEmpty', async () => {
    await expect(collect(Author.findEach({ batchSize: 0 }))).rejects.toThrow(
      new InvalidQueryError('Author.findEach: batchSize must be a positive integer (got 0)'),
    );
    await expect(collect(Author.findEach({ batchSize: 2.5 }))).rejects.toThrow(InvalidQueryError);
    await expect(collect(Author.findEach({ rejectOnEmpty: true }))).rejects.toThrow(
      'Author.findEach does not take the rejectOnEmpty option',
    );
  });

  it("runs on the bound transaction's connection and sees its uncommitted rows", async () => {
    await db
      .transaction(async () => {
        await Author.create({ name: 'uncommitted', data: '{}' });
        const names = (await collect(Author.findEach({ where: { name: 'uncommitted' } }))).map((a) => a.name);
        expect(names).toEqual(['uncommitted']);
        // The transaction is still usable after the stream ended.
        expect(await Author.count({ where: { name: 'uncommitted' } })).toBe(1);
        throw new Error('roll back');
      })
      .catch((error: Error) => expect(error.message).toBe('roll back'));
    expect(await Author.count({ where: { name: 'uncommitted' } })).toBe(0);
  });

  it('leaving the loop early inside a transaction closes the cursor and leaves the transaction usable', async () => {
    await db.transaction(async () => {
      let read = 0;
      for await (const _author of Author.findEach({ batchSize: 5 })) if (++read === 12) break;
      expect(read).toBe(12);
      expect(await Author.count()).toBe(AUTHORS);
    });
  });

  it('inside a transaction, loads to-many includes on its connection where the driver can (mysql2 cannot: refused)', async () => {
    const expected = (await Author.findAll({ include: ['books'], order: [['id', 'ASC']] })).map((a) =>
      a.get({ plain: true }),
    );
    const streamed = db.transaction(async () =>
      (await collect(Author.findEach({ include: ['books'], order: [['id', 'ASC']], batchSize: 50 }))).map((a) =>
        a.get({ plain: true }),
      ),
    );
    if (STREAM_IS_EXCLUSIVE[ctx.dialect]) {
      await expect(streamed).rejects.toThrow(
        /Author\.findEach with a to-many include cannot run inside a transaction on this dialect/,
      );
    } else {
      expect(await streamed).toEqual(expected);
    }
  });

  describe('with a pool of one connection', () => {
    let single: Strata;
    let SingleAuthor: typeof Author;

    beforeAll(() => {
      single = ctx.connect({
        storage: ctx.dialect === 'sqlite' ? `/tmp/strata-find-each-${process.pid}.db` : undefined,
        pool: { max: 1, min: 0, acquire: 3000 },
      });
      SingleAuthor = single.define(
        'Author',
        { name: DataTypes.STRING, data: DataTypes.TEXT },
        { tableName: 'authors', timestamps: false },
      ) as unknown as typeof Author;
    });

    it('gives the connection back when the loop breaks', async () => {
      expect(await readAndBreak(SingleAuthor, 25)).toBe(25);
      // With the one connection still held, this would wait for it and fail with a TimeoutError.
      expect(await SingleAuthor.count()).toBe(AUTHORS);
      expect(await readAndBreak(SingleAuthor, 1)).toBe(1);
      expect(await SingleAuthor.count()).toBe(AUTHORS);
    });

    it('gives the connection back when the loop body throws', async () => {
      let read = 0;
      const loop = async (): Promise<void> => {
        for await (const author of SingleAuthor.findEach({ batchSize: 10 })) {
          read++;
          if (author.id === 40) throw new Error('stop here');
        }
      };
      await expect(loop()).rejects.toThrow('stop here');
      expect(read).toBe(40);
      expect(await SingleAuthor.count()).toBe(AUTHORS);
    });

    it('gives the connection back and converts the error when the database fails mid-stream', async () => {
      let read = 0;
      const loop = async (): Promise<void> => {
        const options = {
          attributes: ['id', [literal(FAILS_ON_BAD_JSON[ctx.dialect]), 'n']] as never,
          order: [['id', 'ASC']] as never,
          batchSize: 20,
        };
        for await (const _author of SingleAuthor.findEach(options)) read++;
      };
      const error = await loop().catch((thrown: unknown) => thrown);
      expect(error).toBeInstanceOf(DatabaseError);
      expect((error as DatabaseError).sql).toContain('authors');
      // Rows before the bad one arrived (at least the first batch); the bad one never did.
      expect(read).toBeGreaterThanOrEqual(20);
      expect(read).toBeLessThan(151);
      expect(await SingleAuthor.count()).toBe(AUTHORS);
    });
  });
});
