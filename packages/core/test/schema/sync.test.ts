import { DataTypes, ForeignKeyConstraintError, InvalidQueryError, Model, Strata } from '@strata/core';
import { describeEachDialect } from '../../../../test-support/dialects';
import { selectRows } from '../../../../test-support/schema';

describeEachDialect('sync and drop', (ctx) => {
  let db: Strata;
  let Comment: typeof Model;
  let Article: typeof Model;
  let Writer: typeof Model;
  const ours = ['Articles', 'Comments', 'Writers'];

  beforeAll(() => {
    db = ctx.connect();
    // Declared dependants first: sync and drop must order the tables themselves.
    Comment = db.define(
      'Comment',
      {
        body: { type: DataTypes.TEXT, allowNull: false },
        articleId: { type: DataTypes.INTEGER, references: { model: 'Articles' }, onDelete: 'CASCADE' },
        parentId: { type: DataTypes.INTEGER, references: { model: 'Comments' } },
      },
      { indexes: [{ fields: ['articleId', 'createdAt'] }, { unique: true, fields: ['body', 'articleId'] }] },
    );
    Article = db.define(
      'Article',
      {
        title: { type: DataTypes.STRING, allowNull: false, unique: true },
        writerId: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'Writers' } },
        published: { type: DataTypes.BOOLEAN, defaultValue: false },
      },
      { indexes: [{ fields: ['writerId'] }] },
    );
    Writer = db.define('Writer', { name: DataTypes.STRING });
  });

  async function tables(): Promise<string[]> {
    return (await db.getQueryInterface().showAllTables()).filter((t) => ours.includes(t)).sort();
  }

  async function indexNames(): Promise<string[]> {
    const all = await Promise.all(ours.map((t) => db.getQueryInterface().showIndex(t)));
    return all.flatMap((list, i) => list.map((index) => `${ours[i]}.${index.name}:${index.fields.join('+')}`)).sort();
  }

  it('creates every table, in dependency order, with its indexes', async () => {
    await db.sync();
    expect(await tables()).toEqual(ours);
    const names = await indexNames();
    expect(names).toEqual(
      expect.arrayContaining([
        'Comments.Comments_articleId_createdAt:articleId+createdAt',
        'Comments.Comments_body_articleId_unique:body+articleId',
        'Articles.Articles_writerId:writerId',
        'Articles.Articles_title_unique:title',
      ]),
    );
  });

  it('running sync() twice changes nothing and duplicates no index', async () => {
    const before = await indexNames();
    const writer = await Writer.create({ name: 'kept' } as never);
    await db.sync();
    await db.sync();
    expect(await indexNames()).toEqual(before);
    expect(await Writer.count()).toBe(1);
    expect((await Writer.findByPk(writer.get('id') as number))?.get('name')).toBe('kept');
  });

  it('runs SQLite with foreign keys on (every dialect enforces them)', async () => {
    if (ctx.dialect === 'sqlite') {
      expect(await selectRows(db, 'PRAGMA foreign_keys')).toEqual([{ foreign_keys: 1 }]);
    }
    await expect(Article.create({ title: 'orphan', writerId: 424242 } as never)).rejects.toBeInstanceOf(
      ForeignKeyConstraintError,
    );
  });

  it('sync({ force: true }) drops and recreates every table, dependants first', async () => {
    const writer = await Writer.create({ name: 'w' } as never);
    const article = await Article.create({ title: 'a', writerId: writer.get('id') } as never);
    await Comment.create({ body: 'c', articleId: article.get('id') } as never);
    const statements: string[] = [];
    await db.sync({ force: true, logging: (sql) => statements.push(sql) });
    expect(await tables()).toEqual(ours);
    expect(await Writer.count()).toBe(0);
    const tableOf = (sql: string): string | undefined =>
      /^(?:drop|create) table (?:if exists )?["`]?(\w+)/i.exec(sql)?.[1];
    const drops = statements.filter((s) => /^drop table/i.test(s)).map(tableOf);
    expect(drops).toEqual(['Comments', 'Articles', 'Writers']);
    const creates = statements.filter((s) => /^create table/i.test(s)).map(tableOf);
    expect(creates).toEqual(['Writers', 'Articles', 'Comments']);
  });

  it('sync({ force, match }) refuses when the database name does not match, and drops nothing', async () => {
    await Writer.create({ name: 'survivor' } as never);
    const error = await db.sync({ force: true, match: /_test$/ }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidQueryError);
    expect((error as Error).message).toMatch(/does not match \/_test\$\//);
    expect(await Writer.count()).toBe(1);
    await db.sync({ force: true, match: /^(strata_t\d+_\d+|:memory:)$/ });
    expect(await Writer.count()).toBe(0);
  });

  it('Model.sync() and Model.drop() work on one table', async () => {
    await Writer.create({ name: 'x' } as never);
    await Comment.drop();
    expect(await tables()).toEqual(['Articles', 'Writers']);
    await Comment.sync();
    expect(await tables()).toEqual(ours);
    await Comment.sync({ force: true });
    expect(await Writer.count()).toBe(1);
  });

  it('drop() removes every table, dependants first', async () => {
    const writer = await Writer.create({ name: 'w2' } as never);
    await Article.create({ title: 'kept until drop', writerId: writer.get('id') } as never);
    await db.drop();
    expect(await tables()).toEqual([]);
    await db.sync();
    expect(await tables()).toEqual(ours);
  });
});
