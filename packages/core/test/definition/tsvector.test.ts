import {
  CreationOptional,
  DataTypes,
  Model,
  ModelDefinitionError,
  Op,
  Strata,
  describeChange,
  diffModels,
  fn,
} from '@strata/core';
import { describeEachDialect } from '../../../../test-support/dialects';

class Article extends Model {
  declare id: CreationOptional<number>;
  declare title: string;
  declare search: CreationOptional<string | null>;
}

describeEachDialect('TSVECTOR', (ctx) => {
  let db: Strata;
  beforeAll(() => {
    db = ctx.connect();
  });

  const attributes = { title: DataTypes.STRING, search: DataTypes.TSVECTOR };

  if (ctx.dialect !== 'postgres') {
    it('is refused when the model is defined, naming the model, attribute and dialect', () => {
      const dialectName = ctx.dialect === 'sqlite' ? 'SQLite' : 'MySQL';
      expect(() => Article.init(attributes, { strata: db })).toThrow(ModelDefinitionError);
      expect(() => Article.init(attributes, { strata: db })).toThrow(
        `Article.search: TSVECTOR columns exist only on PostgreSQL; ${dialectName} has no TSVECTOR type`,
      );
    });
    return;
  }

  beforeAll(async () => {
    Article.init(attributes, {
      strata: db,
      timestamps: false,
      indexes: [{ fields: ['search'], using: 'GIN' }],
    });
    await Article.sync({ force: true });
  });

  it('creates a tsvector column with a GIN index that the diff sees as unchanged', async () => {
    const columns = await db.getQueryInterface().describeTable('Articles');
    expect(columns.search?.type).toMatch(/^tsvector$/i);
    const [index] = (await db.query(
      `SELECT indexdef FROM pg_indexes WHERE tablename = 'Articles' AND indexdef LIKE '%search%'`,
      { type: 'SELECT' },
    )) as Array<{ indexdef: string }>;
    expect(index?.indexdef).toMatch(/USING gin \(search\)/);
    expect((await diffModels(db)).map(describeChange)).toEqual([]);
  });

  it('round-trips tsvector text in PostgreSQL normalized form, and to_tsvector documents', async () => {
    const written = await Article.create({ title: 'a', search: "fat cat sat on the mat it's fat" });
    expect((await Article.findByPk(written.id))?.search).toBe("'cat' 'fat' 'it''s' 'mat' 'on' 'sat' 'the'");
    const positions = await Article.create({ title: 'b', search: "'cat':2 'fat':1,3" });
    expect((await Article.findByPk(positions.id))?.search).toBe("'cat':2 'fat':1,3");
    const document = await Article.create({
      title: 'c',
      search: fn('to_tsvector', 'english', 'The quick brown foxes jumped') as never,
    });
    expect((await Article.findByPk(document.id))?.search).toBe("'brown':3 'fox':4 'jump':5 'quick':2");
    expect((await Article.findByPk((await Article.create({ title: 'd', search: '' })).id))?.search).toBe('');
  });

  it('is searched with Op.match against to_tsquery', async () => {
    const titles = async (query: string): Promise<string[]> =>
      (await Article.findAll({ where: { search: { [Op.match]: fn('to_tsquery', 'english', query) } } }))
        .map((row) => row.title)
        .sort();
    expect(await titles('fox & jumping')).toEqual(['c']);
    expect(await titles('fat & !dog')).toEqual(['a', 'b']);
    expect(await titles('cat & mat')).toEqual(['a']);
    expect(await titles('unicorn')).toEqual([]);
  });

  it('refuses a value that is not a string, naming the model and attribute; bad tsvector text writes nothing', async () => {
    const before = await Article.count();
    await expect(Article.create({ title: 'x', search: ['fat'] } as never)).rejects.toThrow(
      /Article\.search: expected string for TSVECTOR/,
    );
    await expect(Article.create({ title: 'x', search: "'unterminated" })).rejects.toThrow();
    expect(await Article.count()).toBe(before);
  });
});
