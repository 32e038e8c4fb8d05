import {
  DataTypes,
  EagerLoadingError,
  InvalidQueryError,
  Model,
  Op,
  Strata,
  col,
  type CreationOptional,
} from '@strata/core';
import { describeEachDialect } from '../../../../test-support/dialects';

class Article extends Model {
  declare id: CreationOptional<number>;
  declare title: string;
}
class Picture extends Model {
  declare id: CreationOptional<number>;
  declare url: string;
  declare kind: string;
  declare articleId: number | null;
}
class Topic extends Model {
  declare id: CreationOptional<number>;
  declare name: string;
}
class ArticleTopic extends Model {
  declare articleId: number;
  declare topicId: number;
  declare weight: number;
}

const LONG = 'theMainTopicOfThisArticleUnderAnAliasLongerThanAnyIdentifier';

describeEachDialect('include options', (ctx) => {
  let db: Strata;

  beforeAll(async () => {
    db = ctx.connect();
    Article.init({ title: DataTypes.STRING }, { strata: db, tableName: 'articles' });
    Picture.init({ url: DataTypes.STRING, kind: DataTypes.STRING }, { strata: db, tableName: 'pictures' });
    Topic.init({ name: DataTypes.STRING }, { strata: db, tableName: 'topics' });
    ArticleTopic.init({ weight: DataTypes.INTEGER }, { strata: db, tableName: 'article_topics', timestamps: false });
    Article.hasMany(Picture, { as: 'images', scope: { kind: 'image' } });
    Article.hasMany(Picture, { as: 'thumbnails', scope: { kind: 'thumb' } });
    Article.belongsToMany(Topic, { through: ArticleTopic });
    Article.belongsTo(Topic, { as: LONG, foreignKey: 'mainTopicId' });
    Topic.belongsTo(Topic, { as: `${LONG}Parent`, foreignKey: 'parentId' });
    await db.sync({ force: true });
    const article = await Article.create({ title: 'one' });
    const call = article as unknown as Record<string, (...args: unknown[]) => Promise<Model>>;
    await call.createImage({ url: 'a.png' });
    await call.createImage({ url: 'b.png' });
    await call.createThumbnail({ url: 'a-small.png' });
    const [math, art] = await Topic.bulkCreate([{ name: 'math' }, { name: 'art' }] as never);
    await ArticleTopic.bulkCreate([
      { articleId: article.id, topicId: math.id, weight: 1 },
      { articleId: article.id, topicId: art.id, weight: 5 },
    ] as never);
    await Article.create({ title: 'two' });
  });

  it('an association scope filters what it loads and sets what it creates', async () => {
    const [article] = await Article.findAll({ where: { title: 'one' }, include: ['images', 'thumbnails'] });
    expect((article.get('images') as Picture[]).map((p) => p.url).sort()).toEqual(['a.png', 'b.png']);
    expect((article.get('thumbnails') as Picture[]).map((p) => [p.url, p.kind])).toEqual([['a-small.png', 'thumb']]);
  });

  it('through.where filters join rows and through.attributes picks their columns', async () => {
    const [article] = await Article.findAll({
      where: { title: 'one' },
      include: [{ association: 'topics', through: { attributes: ['weight'], where: { weight: { [Op.gt]: 2 } } } }],
    });
    const topics = article.get('topics') as Topic[];
    expect(topics.map((t) => t.name)).toEqual(['art']);
    expect((topics[0].get('ArticleTopic') as Model).get({ plain: true })).toEqual({ weight: 5 });
    const required = await Article.findAll({
      include: [{ association: 'topics', through: { where: { weight: 1 } } }],
    });
    expect(required.map((a) => a.title)).toEqual(['one']);
  });

  it('aliases longer than the databases allow still load every column', async () => {
    const [parent, child] = await Topic.bulkCreate([{ name: 'science' }, { name: 'physics' }] as never);
    await child.update({ parentId: parent.id } as never);
    const article = await Article.create({ title: 'long', mainTopicId: child.id } as never);
    const loaded = await Article.findByPk(article.id, { include: [{ association: LONG, include: [`${LONG}Parent`] }] });
    const main = loaded!.get(LONG) as Topic;
    expect(main.get({ plain: true })).toMatchObject({ id: child.id, name: 'physics', parentId: parent.id });
    expect((main.get(`${LONG}Parent`) as Topic).name).toBe('science');
    const found = await Article.findAll({
      include: [LONG],
      where: { [`$${LONG}.name$`]: 'physics' },
    });
    expect(found.map((a) => a.title)).toEqual(['long']);
  });

  it('raw: true returns flat plain rows, one per included row (as Sequelize)', async () => {
    const rows = (await Article.findAll({
      where: { title: 'one' },
      include: ['images'],
      raw: true,
    })) as unknown as Array<Record<string, unknown>>;
    expect(rows.length).toBeGreaterThan(0);
    expect(rows[0]).toMatchObject({ title: 'one', 'images.id': expect.any(Number) });
    expect(Object.getPrototypeOf(rows[0])).toBe(Object.prototype);
  });

  it('rejects a $path$ through a to-many include, unknown paths and unknown attributes', async () => {
    await expect(Article.findAll({ include: ['images'], order: [[col('$images.url$'), 'ASC']] })).rejects.toThrow(
      /images, a to-many include loaded by its own query/,
    );
    await expect(Article.findAll({ where: { '$author.name$': 'x' } })).rejects.toThrow(InvalidQueryError);
    await expect(Article.findAll({ include: [{ association: 'images', attributes: ['nope'] }] })).rejects.toThrow(
      /"nope" is not an attribute of Picture/,
    );
    await expect(Article.findAll({ include: [Picture] })).rejects.toThrow(EagerLoadingError);
  });

  it('hostile values in include where and through where stay bound values', async () => {
    const hostile = "x'); DROP TABLE pictures; --";
    const found = await Article.findAll({
      include: [
        { association: 'images', where: { url: hostile } },
        { association: 'topics', required: false, through: { where: { weight: 1 } } },
      ],
    });
    expect(found).toEqual([]);
    expect(await Picture.count()).toBe(3);
    await expect(
      Article.findAll({ include: [{ association: 'images', where: { url: { $ne: 'x' } } as never }] }),
    ).rejects.toThrow(/only Op symbols are operators/);
  });
});
