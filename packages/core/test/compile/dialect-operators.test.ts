import {
  DataTypes,
  DatabaseError,
  InvalidQueryError,
  Model,
  ModelDefinitionError,
  Op,
  Strata,
  applySchemaChanges,
  col,
  describeChange,
  diffModels,
  fn,
  literal,
  where,
  type CreationOptional,
} from '@strata/core';
import { describeEachDialect } from '../../../../test-support/dialects';

class Word extends Model {
  declare id: CreationOptional<number>;
  declare name: string;
  declare score: number;
  declare tags: string[] | null;
  declare meta: Record<string, unknown> | null;
  declare span: string | null;
}

const WORDS = [
  { name: 'Apple', score: 10, tags: ['fruit', 'red'], meta: { kind: 'fruit', size: 2 }, span: '[1,5)' },
  { name: 'apricot', score: 20, tags: ['fruit'], meta: { kind: 'fruit' }, span: '[5,8)' },
  { name: 'Bean', score: 30, tags: ['veg', 'green'], meta: { kind: 'veg' }, span: '[10,20)' },
  { name: 'x.y', score: 40, tags: [], meta: null, span: null },
];

describeEachDialect('where: operators that differ between dialects', (ctx) => {
  let db: Strata;
  const statements: string[] = [];
  const isPostgres = ctx.dialect === 'postgres';

  beforeAll(async () => {
    db = ctx.connect({ logging: (sql: string) => statements.push(sql) });
    Word.init(
      {
        name: { type: DataTypes.STRING, allowNull: false },
        score: { type: DataTypes.INTEGER, allowNull: false },
        // Native arrays and JSONB exist on PostgreSQL only; elsewhere JSON stands in, and the
        // array operators must be refused.
        tags: isPostgres ? DataTypes.ARRAY(DataTypes.STRING) : DataTypes.JSON,
        meta: isPostgres ? DataTypes.JSONB : DataTypes.JSON,
        // No RANGE data type yet: on PostgreSQL the column is turned into int4range below, and
        // the attribute binds range literals ('[1,5)') as text, which the server parses.
        span: DataTypes.STRING,
      },
      { strata: db, tableName: 'words', timestamps: false },
    );
    await db.sync({ force: true });
    if (isPostgres) await db.query('ALTER TABLE words ALTER COLUMN span TYPE int4range USING span::int4range');
    await Word.bulkCreate(WORDS);
  });

  const names = async (condition: unknown): Promise<string[]> =>
    (await Word.findAll({ where: condition as never })).map((w) => w.name).sort();

  /** The refusal for an operator a dialect lacks: named operator and dialect, and no SQL sent. */
  const expectUnsupported = async (condition: unknown, operator: string): Promise<void> => {
    const before = statements.length;
    const attempt = names(condition);
    await expect(attempt).rejects.toThrow(InvalidQueryError);
    await expect(attempt).rejects.toThrow(`Op.${operator}`);
    await expect(attempt).rejects.toThrow(`is not supported on ${ctx.dialect}`);
    expect(statements.length).toBe(before);
  };

  it('regexp, notRegexp, iRegexp and notIRegexp on every dialect', async () => {
    expect(await names({ name: { [Op.regexp]: '^[A-Z]' } })).toEqual(['Apple', 'Bean']);
    expect(await names({ name: { [Op.notRegexp]: '^[A-Z]' } })).toEqual(['apricot', 'x.y']);
    expect(await names({ name: { [Op.iRegexp]: '^a' } })).toEqual(['Apple', 'apricot']);
    expect(await names({ name: { [Op.notIRegexp]: '^a' } })).toEqual(['Bean', 'x.y']);
    // The pattern is data: a dot is a regexp dot, quotes are characters, nothing is SQL.
    expect(await names({ name: { [Op.regexp]: '^x\\.y$' } })).toEqual(['x.y']);
    expect(await names({ name: { [Op.regexp]: "'; DROP TABLE words; --" } })).toEqual([]);
    await expect(names({ name: { [Op.regexp]: 3 } })).rejects.toThrow(/where\.name: Op\.regexp takes a string/);
    expect(await Word.count()).toBe(WORDS.length);
  });

  it("like follows the database's case rules; iLike ignores case everywhere", async () => {
    // PostgreSQL compares case-sensitively; SQLite's LIKE ignores ASCII case; MySQL follows the
    // column's collation, whose default (utf8mb4_general_ci) ignores case.
    const like = await names({ name: { [Op.like]: 'a%' } });
    expect(like).toEqual(isPostgres ? ['apricot'] : ['Apple', 'apricot']);
    expect(await names({ name: { [Op.notLike]: 'a%' } })).toEqual(
      isPostgres ? ['Apple', 'Bean', 'x.y'] : ['Bean', 'x.y'],
    );
    expect(await names({ name: { [Op.iLike]: 'a%' } })).toEqual(['Apple', 'apricot']);
    expect(await names({ name: { [Op.notILike]: 'A%' } })).toEqual(['Bean', 'x.y']);
    expect(await names({ name: { [Op.startsWith]: 'x.' } })).toEqual(['x.y']);
  });

  it('contains, contained and overlap on PostgreSQL arrays and JSONB; refused elsewhere', async () => {
    if (!isPostgres) {
      await expectUnsupported({ tags: { [Op.contains]: ['fruit'] } }, 'contains');
      await expectUnsupported({ tags: { [Op.contained]: ['fruit'] } }, 'contained');
      await expectUnsupported({ tags: { [Op.overlap]: ['fruit'] } }, 'overlap');
      return;
    }
    expect(await names({ tags: { [Op.contains]: ['fruit'] } })).toEqual(['Apple', 'apricot']);
    expect(await names({ tags: { [Op.contains]: ['fruit', 'red'] } })).toEqual(['Apple']);
    expect(await names({ tags: { [Op.contained]: ['fruit', 'veg'] } })).toEqual(['apricot', 'x.y']);
    expect(await names({ tags: { [Op.overlap]: ['red', 'green'] } })).toEqual(['Apple', 'Bean']);
    expect(await names({ tags: { [Op.overlap]: [] } })).toEqual([]);
    expect(await names({ tags: { [Op.contains]: ['\'}"; DROP TABLE words; --'] } })).toEqual([]);
    expect(await names({ meta: { [Op.contains]: { kind: 'fruit' } } })).toEqual(['Apple', 'apricot']);
    expect(await names({ meta: { [Op.contains]: { kind: 'fruit', size: 2 } } })).toEqual(['Apple']);
    expect(await names({ meta: { [Op.contained]: { kind: 'veg', size: 9 } } })).toEqual(['Bean']);
    await expect(names({ 'meta.kind': { [Op.contains]: 'fruit' } })).rejects.toThrow(
      /where\.meta\.kind: Op\.contains compares whole JSON documents/,
    );
  });

  it('range operators on PostgreSQL ranges; refused elsewhere', async () => {
    const cases: Array<[symbol, string, string, string[]]> = [
      [Op.contains, 'contains', '[2,3)', ['Apple']],
      [Op.contained, 'contained', '[0,9)', ['Apple', 'apricot']],
      [Op.overlap, 'overlap', '[4,6)', ['Apple', 'apricot']],
      [Op.adjacent, 'adjacent', '[8,10)', ['Bean', 'apricot']],
      [Op.strictLeft, 'strictLeft', '[9,12)', ['Apple', 'apricot']],
      [Op.strictRight, 'strictRight', '[1,6)', ['Bean']],
      [Op.noExtendLeft, 'noExtendLeft', '[5,6)', ['Bean', 'apricot']],
      [Op.noExtendRight, 'noExtendRight', '[5,6)', ['Apple']],
    ];
    for (const [operator, name, range, expected] of cases) {
      if (isPostgres) expect([name, await names({ span: { [operator]: range } })]).toEqual([name, expected]);
      else await expectUnsupported({ span: { [operator]: range } }, name);
    }
  });

  it('any and all with arrays (PostgreSQL) and subqueries (PostgreSQL, MySQL)', async () => {
    if (isPostgres) {
      expect(await names({ score: { [Op.any]: [10, 30, 99] } })).toEqual(['Apple', 'Bean']);
      expect(await names({ score: { [Op.gt]: { [Op.all]: [10, 20] } } })).toEqual(['Bean', 'x.y']);
      expect(await names({ score: { [Op.lt]: { [Op.any]: [20, 30] } } })).toEqual(['Apple', 'apricot']);
      expect(await names({ score: { [Op.any]: [] } })).toEqual([]);
      expect(await names({ name: { [Op.any]: ["x.y'; --"] } })).toEqual([]);
    } else {
      await expectUnsupported({ score: { [Op.any]: [10] } }, 'any with an array');
      await expectUnsupported({ score: { [Op.gt]: { [Op.all]: [10] } } }, 'all with an array');
    }
    const subquery = literal('SELECT 20 UNION SELECT 30');
    if (ctx.dialect === 'sqlite') {
      await expectUnsupported({ score: { [Op.any]: subquery } }, 'any');
      await expectUnsupported({ score: { [Op.gte]: { [Op.all]: subquery } } }, 'all');
      return;
    }
    expect(await names({ score: { [Op.any]: subquery } })).toEqual(['Bean', 'apricot']);
    expect(await names({ score: { [Op.gte]: { [Op.all]: subquery } } })).toEqual(['Bean', 'x.y']);
  });

  it('match on PostgreSQL: @@ with a tsquery', async () => {
    if (!isPostgres) {
      if (ctx.dialect === 'sqlite') await expectUnsupported({ name: { [Op.match]: 'apple' } }, 'match');
      return;
    }
    expect(await names({ name: { [Op.match]: fn('to_tsquery', 'apple | bean') } })).toEqual(['Apple', 'Bean']);
    expect(
      await names(
        where(fn('to_tsvector', col('name')), Op.match, fn('plainto_tsquery', "bean'); DROP TABLE words; --")),
      ),
    ).toEqual([]);
    expect(await names(where(fn('to_tsvector', col('name')), Op.match, fn('to_tsquery', 'apricot')))).toEqual([
      'apricot',
    ]);
    await expectUnsupported(
      { name: { [Op.match]: { query: 'apple', mode: 'boolean' } } },
      'match with { query, mode }',
    );
  });
});

class Article extends Model {
  declare id: CreationOptional<number>;
  declare body: string;
}

describeEachDialect('where: full-text search', (ctx) => {
  let db: Strata;
  beforeAll(async () => {
    db = ctx.connect();
    Article.init(
      { body: { type: DataTypes.TEXT, allowNull: false } },
      {
        strata: db,
        tableName: 'articles',
        timestamps: false,
        // MySQL's MATCH ... AGAINST needs a FULLTEXT index on the column; the model declares it.
        indexes: ctx.dialect === 'mysql' ? [{ name: 'articles_body_ft', type: 'FULLTEXT', fields: ['body'] }] : [],
      },
    );
    await db.sync({ force: true });
    await Article.bulkCreate([
      { body: 'Databases store rows in tables' },
      { body: 'Migrations change tables over time' },
      { body: 'Indexes make searching rows faster' },
    ]);
  });

  const bodies = async (condition: unknown): Promise<string[]> =>
    (await Article.findAll({ where: condition as never, order: [['id', 'ASC']] })).map((a) => a.body.split(' ')[0]);

  if (ctx.dialect === 'mysql') {
    it("sync creates the model's FULLTEXT index, and the diff sees it as unchanged", async () => {
      const indexes = (await db.getQueryInterface().showIndex('articles')) as Array<{
        name: string;
        type?: string;
      }>;
      expect(indexes.map((index) => index.name)).toContain('articles_body_ft');
      const [row] = (await db.query(
        "SELECT INDEX_TYPE AS type FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'articles' AND INDEX_NAME = 'articles_body_ft'",
        { type: 'SELECT' },
      )) as Array<{ type: string }>;
      expect(row.type).toBe('FULLTEXT');
      expect((await diffModels(db)).map(describeChange)).toEqual([]);
    });

    it('the diff adds a FULLTEXT index the table lacks as FULLTEXT, not as a plain index', async () => {
      // A table of its own: MariaDB finds nothing through a FULLTEXT index dropped and re-created
      // on a table that already had one (its hidden FTS_DOC_ID is reused), whatever made them.
      const Plain = db.define('Plain', { body: DataTypes.TEXT }, { tableName: 'ft_later', timestamps: false });
      await Plain.sync();
      db.define(
        'Plain',
        { body: DataTypes.TEXT },
        {
          tableName: 'ft_later',
          timestamps: false,
          indexes: [{ name: 'ft_later_body', type: 'FULLTEXT', fields: ['body'] }],
        },
      );
      const changes = await diffModels(db);
      expect(changes.map(describeChange)).toEqual(['add index ft_later_body on ft_later (body)']);
      await applySchemaChanges(db, changes);
      const [row] = (await db.query(
        "SELECT INDEX_TYPE AS type FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'ft_later' AND INDEX_NAME = 'ft_later_body'",
        { type: 'SELECT' },
      )) as Array<{ type: string }>;
      expect(row.type).toBe('FULLTEXT');
      expect((await diffModels(db)).map(describeChange)).toEqual([]);
    });
  } else {
    it('a model FULLTEXT index is refused when the model is defined, naming the model, the index and the dialect', () => {
      class Note extends Model {}
      const define = (): unknown =>
        Note.init(
          { body: DataTypes.TEXT },
          {
            strata: db,
            tableName: 'notes_ft',
            indexes: [{ name: 'notes_body_ft', type: 'FULLTEXT', fields: ['body'] }],
          },
        );
      expect(define).toThrow(ModelDefinitionError);
      expect(define).toThrow(
        `Invalid model Note:\n  - Index notes_body_ft on notes_ft: ${ctx.dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL'} has no FULLTEXT indexes (MySQL only)`,
      );
    });
  }

  it('matches in natural language and boolean mode on MySQL, tsquery on PostgreSQL', async () => {
    if (ctx.dialect === 'sqlite') {
      await expect(bodies({ body: { [Op.match]: 'tables' } })).rejects.toThrow(
        /Article: where\.body: Op\.match is not supported on sqlite/,
      );
      return;
    }
    if (ctx.dialect === 'postgres') {
      const vector = fn('to_tsvector', literal("'english'"), col('body'));
      expect(await bodies(where(vector, Op.match, fn('to_tsquery', literal("'english'"), 'tables & !rows')))).toEqual([
        'Migrations',
      ]);
      expect(await bodies(where(vector, Op.match, fn('to_tsquery', literal("'english'"), 'row')))).toEqual([
        'Databases',
        'Indexes',
      ]);
      return;
    }
    expect(await bodies({ body: { [Op.match]: 'tables' } })).toEqual(['Databases', 'Migrations']);
    expect(await bodies({ body: { [Op.match]: { query: 'tables', mode: 'natural' } } })).toEqual([
      'Databases',
      'Migrations',
    ]);
    expect(await bodies({ body: { [Op.match]: { query: '+tables -rows', mode: 'boolean' } } })).toEqual(['Migrations']);
    // The query is data in either mode; a malformed boolean query is the server's syntax error.
    expect(await bodies({ body: { [Op.match]: "'); DROP TABLE articles; --" } })).toEqual([]);
    await expect(
      bodies({ body: { [Op.match]: { query: "'; DROP TABLE articles; --", mode: 'boolean' } } }),
    ).rejects.toThrow(DatabaseError);
    await expect(bodies({ body: { [Op.match]: { query: 'x', mode: 'fuzzy' } } })).rejects.toThrow(
      /Op\.match takes a query, or \{ query, mode: 'natural' \| 'boolean' \}/,
    );
    expect(await Article.count()).toBe(3);
  });
});
