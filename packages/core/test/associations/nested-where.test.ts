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

class Team extends Model {
  declare id: CreationOptional<number>;
  declare name: string;
}
class Writer extends Model {
  declare id: CreationOptional<number>;
  declare name: string;
  declare teamId: number | null;
}
class Story extends Model {
  declare id: CreationOptional<number>;
  declare title: string;
  declare writerId: number | null;
}
class Remark extends Model {
  declare id: CreationOptional<number>;
  declare body: string;
  declare storyId: number | null;
}
class Label extends Model {
  declare id: CreationOptional<number>;
  declare name: string;
}
class StoryLabel extends Model {
  declare storyId: number;
  declare labelId: number;
}

const names = (rows: Array<{ name: string }>): string[] => rows.map((row) => row.name).sort();

describeEachDialect('$to-many.attribute$ in a top-level where', (ctx) => {
  let db: Strata;

  beforeAll(async () => {
    db = ctx.connect();
    Team.init({ name: DataTypes.STRING }, { strata: db, tableName: 'nw_teams' });
    Writer.init({ name: DataTypes.STRING }, { strata: db, tableName: 'nw_writers' });
    Story.init({ title: DataTypes.STRING }, { strata: db, tableName: 'nw_stories' });
    Remark.init({ body: DataTypes.STRING }, { strata: db, tableName: 'nw_remarks' });
    Label.init({ name: DataTypes.STRING }, { strata: db, tableName: 'nw_labels' });
    StoryLabel.init({}, { strata: db, tableName: 'nw_story_labels', timestamps: false });
    Writer.belongsTo(Team, { as: 'team' });
    Team.hasMany(Writer, { as: 'writers' });
    Writer.hasMany(Story, { as: 'stories' });
    Story.belongsTo(Writer, { as: 'writer' });
    Story.hasMany(Remark, { as: 'remarks' });
    Story.belongsToMany(Label, { through: StoryLabel, as: 'labels' });
    await db.sync({ force: true });
    const [red, blue] = await Team.bulkCreate([{ name: 'red' }, { name: 'blue' }] as never);
    const [ann, bob, cid, dee] = await Writer.bulkCreate([
      { name: 'ann', teamId: red.id },
      { name: 'bob', teamId: blue.id },
      { name: 'cid', teamId: red.id },
      { name: 'dee', teamId: null },
    ] as never);
    const [s1, s2, s3, s4, s5] = await Story.bulkCreate([
      { title: 'alpha', writerId: ann.id },
      { title: 'beta', writerId: ann.id },
      { title: 'alpha', writerId: bob.id },
      { title: 'gamma', writerId: cid.id },
      { title: 'alpha', writerId: cid.id },
    ] as never);
    void dee;
    await Remark.bulkCreate([
      { body: 'great', storyId: s1.id },
      { body: 'meh', storyId: s2.id },
      { body: 'great', storyId: s4.id },
    ] as never);
    const [news, poem] = await Label.bulkCreate([{ name: 'news' }, { name: 'poem' }] as never);
    await StoryLabel.bulkCreate([
      { storyId: s2.id, labelId: news.id },
      { storyId: s3.id, labelId: poem.id },
      { storyId: s5.id, labelId: poem.id },
    ] as never);
  });

  it('hasMany: keeps the parents with a matching child, once each, with all their children', async () => {
    const writers = await Writer.findAll({
      include: ['stories'],
      where: { '$stories.title$': 'alpha' },
      order: ['id'],
    });
    expect(writers.map((w) => w.name)).toEqual(['ann', 'bob', 'cid']);
    const ann = writers[0].get('stories') as Story[];
    expect(ann.map((s) => s.title).sort()).toEqual(['alpha', 'beta']);
    expect(await Writer.count({ include: ['stories'], where: { '$stories.title$': 'alpha' } })).toBe(3);
    const none = await Writer.findAll({ include: ['stories'], where: { '$stories.title$': 'omega' } });
    expect(none).toEqual([]);
  });

  it('combines with parent conditions inside Op.or, Op.and and Op.not', async () => {
    const either = await Writer.findAll({
      include: ['stories'],
      where: { [Op.or]: [{ '$stories.title$': 'gamma' }, { name: 'dee' }] },
    });
    expect(names(either)).toEqual(['cid', 'dee']);
    const both = await Writer.findAll({
      include: ['stories'],
      where: { [Op.and]: [{ '$stories.title$': 'alpha' }, { '$stories.title$': 'beta' }], name: { [Op.ne]: 'x' } },
    });
    // Each reference is its own EXISTS: two different stories may satisfy the two conditions.
    expect(names(both)).toEqual(['ann']);
    const without = await Writer.findAll({
      include: ['stories'],
      where: { [Op.not]: { '$stories.title$': { [Op.in]: ['alpha', 'gamma'] } } },
    });
    expect(names(without)).toEqual(['dee']);
  });

  it('limit counts parents, never joined rows', async () => {
    const writers = await Writer.findAll({
      include: ['stories'],
      where: { '$stories.title$': { [Op.in]: ['alpha', 'beta', 'gamma'] } },
      order: ['id'],
      limit: 2,
    });
    expect(writers.map((w) => w.name)).toEqual(['ann', 'bob']);
    expect((writers[0].get('stories') as Story[]).length).toBe(2);
    const page = await Writer.findAndCountAll({
      include: ['stories'],
      where: { '$stories.title$': 'alpha' },
      order: ['id'],
      limit: 1,
      offset: 1,
    });
    expect(page.count).toBe(3);
    expect(page.rows.map((w) => w.name)).toEqual(['bob']);
  });

  it('belongsToMany goes through the join table', async () => {
    const stories = await Story.findAll({ include: ['labels'], where: { '$labels.name$': 'poem' }, order: ['id'] });
    expect(stories.map((s) => s.title)).toEqual(['alpha', 'alpha']);
    expect((stories[0].get('labels') as Label[]).map((l) => l.name)).toEqual(['poem']);
    const writers = await Writer.findAll({
      include: [{ association: 'stories', include: ['labels'] }],
      where: { '$stories.labels.name$': 'news' },
    });
    expect(names(writers)).toEqual(['ann']);
  });

  it('nested to-many paths and a to-one join in the same query', async () => {
    const writers = await Writer.findAll({
      include: ['team', { association: 'stories', include: ['remarks'] }],
      where: { '$team.name$': 'red', '$stories.remarks.body$': 'great' },
      order: ['id'],
    });
    expect(writers.map((w) => [w.name, (w.get('team') as Team).name])).toEqual([
      ['ann', 'red'],
      ['cid', 'red'],
    ]);
    // Two to-many levels: teams with a writer who wrote a "beta" story (nested EXISTS).
    const teams = await Team.findAll({
      include: [{ association: 'writers', include: ['stories'] }],
      where: { '$writers.stories.title$': 'beta' },
    });
    expect(names(teams)).toEqual(['red']);
    const stories = await Story.findAll({
      include: [{ association: 'writer', include: ['team'] }, 'remarks'],
      where: { '$writer.team.name$': 'red', '$remarks.body$': { [Op.ne]: 'meh' } },
    });
    expect(stories.map((s) => s.title).sort()).toEqual(['alpha', 'gamma']);
    // A to-many level below a to-one join: stories whose writer also wrote a "beta" story.
    const siblings = await Story.findAll({
      include: [{ association: 'writer', include: ['stories'] }],
      where: { '$writer.stories.title$': 'beta' },
    });
    expect(siblings.map((s) => s.title).sort()).toEqual(['alpha', 'beta']);
  });

  it("the include's own where still applies to the matched and the loaded children", async () => {
    const writers = await Writer.findAll({
      include: [{ association: 'stories', where: { title: 'beta' }, required: false }],
      where: { '$stories.title$': 'alpha' },
    });
    expect(writers).toEqual([]);
  });

  it('hostile values stay bound values', async () => {
    const hostile = "alpha'); DROP TABLE nw_stories; --";
    const found = await Writer.findAll({
      include: ['stories'],
      where: { '$stories.title$': hostile, [Op.or]: [{ '$stories.title$': { [Op.like]: "%' OR 1=1 --" } }] },
    });
    expect(found).toEqual([]);
    expect(await Story.count()).toBe(5);
    await expect(
      Writer.findAll({ include: ['stories'], where: { '$stories.title$': { $ne: 'x' } } as never }),
    ).rejects.toThrow(/only Op symbols are operators/);
  });

  it('unknown includes, attributes and ordering parents by a to-many attribute are errors', async () => {
    await expect(Writer.findAll({ include: ['stories'], where: { '$posts.title$': 'x' } })).rejects.toThrow(
      EagerLoadingError,
    );
    await expect(Writer.findAll({ include: ['stories'], where: { '$posts.title$': 'x' } })).rejects.toThrow(
      /posts is not an include of Writer; included: stories/,
    );
    await expect(Writer.findAll({ include: ['stories'], where: { '$stories.nope$': 'x' } })).rejects.toThrow(
      InvalidQueryError,
    );
    await expect(Writer.findAll({ include: ['stories'], where: { '$stories.nope$': 'x' } })).rejects.toThrow(
      /"nope" is not an attribute of Story; valid attributes: .*title/,
    );
    await expect(Writer.findAll({ include: ['stories'], where: { '$stories.remarks.body$': 'x' } })).rejects.toThrow(
      /remarks is not an include of Story; included: none/,
    );
    await expect(Writer.findAll({ include: ['stories'], order: [[col('$stories.title$'), 'ASC']] })).rejects.toThrow(
      /ordering parents by a to-many attribute is ill-defined/,
    );
  });
});
