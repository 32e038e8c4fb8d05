import { DataTypes, Model, Op, Strata, type CreationOptional } from '@strata/core';
import { runtimeOf } from '../../src/runtime/model-runtime';
import { describeEachDialect } from '../../../../test-support/dialects';

/**
 * Finds with includes go through the connection's shape cache (compile/select-recipe): a repeated
 * shape binds its new values into SQL knex built once. These tests hold it to the rows the
 * database returns, to knex being skipped only for a shape it has built, and to values staying
 * bound parameters.
 */
class Writer extends Model {
  declare id: CreationOptional<number>;
  declare name: string;
  declare posts?: Article[];
  declare profile?: Bio | null;
}

class Article extends Model {
  declare id: CreationOptional<number>;
  declare title: string;
  declare score: number;
  declare writerId: number;
  declare writer?: Writer | null;
}

class Bio extends Model {
  declare id: CreationOptional<number>;
  declare text: string;
  declare writerId: number;
}

describeEachDialect('finds with includes through the shape cache', (ctx) => {
  let db: Strata;
  let ids: number[];
  const HOSTILE = `x'); DROP TABLE articles; -- ? ?? $1 :name \\?`;

  /** How many knex builders `run` created: none when every statement's shape was cached. */
  async function knexBuildersDuring(run: () => Promise<unknown>): Promise<number> {
    // Every knex builder (knex.queryBuilder(), knex('table')) comes from its client's queryBuilder().
    const { client } = runtimeOf(Writer).host.knex;
    const spy = jest.spyOn(client, 'queryBuilder');
    try {
      await run();
      return spy.mock.calls.length;
    } finally {
      spy.mockRestore();
    }
  }

  /** The statements a find sends. */
  async function statementsOf(run: (logging: (sql: string) => void) => Promise<unknown>): Promise<string[]> {
    const sent: string[] = [];
    await run((sql) => sent.push(sql));
    return sent;
  }

  beforeAll(async () => {
    db = ctx.connect();
    Writer.init(
      { name: { type: DataTypes.STRING, allowNull: false } },
      { strata: db, tableName: 'writers', timestamps: false },
    );
    Article.init(
      { title: { type: DataTypes.STRING, allowNull: false }, score: { type: DataTypes.INTEGER, allowNull: false } },
      { strata: db, tableName: 'articles', timestamps: false },
    );
    Bio.init(
      { text: { type: DataTypes.STRING, allowNull: false } },
      { strata: db, tableName: 'bios', timestamps: false },
    );
    Writer.hasMany(Article, { as: 'posts', foreignKey: 'writerId' });
    Article.belongsTo(Writer, { as: 'writer', foreignKey: 'writerId' });
    Writer.hasOne(Bio, { as: 'profile', foreignKey: 'writerId' });
    await db.sync({ force: true });
    const writers = await Writer.bulkCreate([{ name: 'ann' }, { name: 'bob' }, { name: 'cy' }, { name: HOSTILE }]);
    ids = writers.map((w) => w.id);
    await Article.bulkCreate([
      { title: 'a1', score: 1, writerId: ids[0] },
      { title: 'a2', score: 5, writerId: ids[0] },
      { title: 'b1', score: 3, writerId: ids[1] },
      { title: HOSTILE, score: 9, writerId: ids[3] },
    ]);
    await Bio.bulkCreate([
      { text: 'ann bio', writerId: ids[0] },
      { text: 'bob bio', writerId: ids[1] },
    ]);
  });

  it('answers repeated findOne with a to-many include with each call its own rows, without knex', async () => {
    const titles = async (id: number) =>
      (await Writer.findOne({ where: { id }, include: ['posts'] }))?.posts?.map((p) => p.title).sort();
    expect(await titles(ids[0])).toEqual(['a1', 'a2']);
    const builders = await knexBuildersDuring(async () => {
      expect(await titles(ids[1])).toEqual(['b1']);
      expect(await titles(ids[2])).toEqual([]);
      expect(await titles(ids[0])).toEqual(['a1', 'a2']);
      expect(await titles(ids[3])).toEqual([HOSTILE]);
    });
    expect(builders).toBe(0);
  });

  it('answers repeated finds with a joined to-one include and limit/offset with their own rows', async () => {
    const find = (score: number, limit: number, offset: number) =>
      Article.findAll({
        where: { score: { [Op.gte]: score } },
        include: ['writer'],
        order: [['score', 'ASC']],
        limit,
        offset,
      });
    // A new shape is built by knex (so the spy sees knex at work); offset 0 writes no OFFSET.
    expect(await knexBuildersDuring(() => find(0, 10, 0))).toBeGreaterThan(0);
    expect(await knexBuildersDuring(() => find(0, 10, 2))).toBeGreaterThan(0);
    let page: Article[] = [];
    const builders = await knexBuildersDuring(async () => {
      page = await find(3, 1, 1);
    });
    expect(builders).toBe(0);
    expect(page.map((a) => [a.title, a.writer?.name])).toEqual([['a2', 'ann']]);
  });

  it('answers a per-parent limited include (a ranked subquery) repeatedly with its own rows', async () => {
    const top = (min: number) =>
      Writer.findAll({
        where: { id: { [Op.in]: ids } },
        order: [
          ['id', 'ASC'],
          ['posts', 'score', 'DESC'],
        ],
        include: [{ association: 'posts', where: { score: { [Op.gte]: min } }, required: false, limit: 1 }],
      });
    expect((await top(0)).map((w) => w.posts?.map((p) => p.title))).toEqual([['a2'], ['b1'], [], [HOSTILE]]);
    let found: Writer[] = [];
    const builders = await knexBuildersDuring(async () => {
      found = await top(4);
    });
    expect(builders).toBe(0);
    expect(found.map((w) => w.posts?.map((p) => p.title))).toEqual([['a2'], [], [], [HOSTILE]]);
  });

  it('gives a different include attribute list, include where, required flag or number of IN keys its own SQL', async () => {
    const rows = async (include: unknown, where: unknown = { id: ids[0] }) => {
      let found: Writer[] = [];
      const sent = await statementsOf(async (logging) => {
        found = (await Writer.findAll({
          where,
          include,
          order: [['id', 'ASC']],
          logging,
        } as never)) as unknown as Writer[];
      });
      return { found, sent };
    };
    const plain = await rows([{ association: 'posts' }]);
    const fewer = await rows([{ association: 'posts', attributes: ['id', 'title'] }]);
    expect(fewer.sent[1]).not.toBe(plain.sent[1]);
    expect(fewer.found[0].posts?.map((p) => p.score)).toEqual([undefined, undefined]);
    expect(plain.found[0].posts?.map((p) => p.score).sort()).toEqual([1, 5]);

    const filtered = await rows([{ association: 'posts', where: { score: { [Op.gt]: 2 } } }]);
    expect(filtered.sent[1]).not.toBe(plain.sent[1]);
    expect(filtered.found[0].posts?.map((p) => p.title)).toEqual(['a2']);

    // A required to-one include keeps only the writers that have one; an optional one keeps them all.
    const all = { id: { [Op.in]: ids } };
    const optional = await rows([{ association: 'profile', required: false }], all);
    const required = await rows([{ association: 'profile', required: true }], all);
    expect(required.sent[0]).not.toBe(optional.sent[0]);
    expect(optional.found.map((w) => w.profile?.text ?? null)).toEqual(['ann bio', 'bob bio', null, null]);
    expect(required.found.map((w) => w.profile?.text)).toEqual(['ann bio', 'bob bio']);
    // The same for a required to-many include (an EXISTS filter), after the optional shape ran.
    const requiredPosts = await rows([{ association: 'posts', required: true }], all);
    expect(requiredPosts.found.map((w) => w.name)).toEqual(['ann', 'bob', HOSTILE]);

    // The IN load of two parents, then of three: each its own placeholders and rows.
    const two = await rows(['posts'], { id: { [Op.in]: [ids[0], ids[1]] } });
    const three = await rows(['posts'], { id: { [Op.in]: [ids[0], ids[1], ids[3]] } });
    expect(three.sent[1]).not.toBe(two.sent[1]);
    expect(two.found.map((w) => w.posts?.length)).toEqual([2, 1]);
    expect(three.found.map((w) => w.posts?.length)).toEqual([2, 1, 1]);
    // Three keys are sent as four (the last one repeated): the four-key load's shape, each its own rows.
    const four = await rows(['posts'], { id: { [Op.in]: ids } });
    expect(four.sent[1]).toBe(three.sent[1]);
    expect(four.found.map((w) => w.posts?.length)).toEqual([2, 1, 0, 1]);
  });

  it('keeps hostile values bound in the root where, the include where and the IN keys', async () => {
    const byTitle = (title: string) =>
      Writer.findAll({
        where: { name: { [Op.ne]: title } },
        include: [{ association: 'posts', where: { title }, required: true }],
      });
    const sent = await statementsOf(async (logging) => {
      await Writer.findAll({ where: { name: 'ann' }, include: ['posts'], logging });
      await Writer.findAll({ where: { name: HOSTILE }, include: ['posts'], logging });
    });
    for (const sql of sent) expect(sql).not.toContain('DROP TABLE');
    expect((await byTitle('a1')).map((w) => w.name)).toEqual(['ann']);
    expect(await byTitle(HOSTILE)).toEqual([]);
    const hostileWriter = await Writer.findOne({ where: { name: HOSTILE }, include: ['posts', 'profile'] });
    expect(hostileWriter?.posts?.map((p) => p.title)).toEqual([HOSTILE]);
    expect(await Article.count()).toBe(4);
  });

  it('caches a plain find first run with offset 0 for later offsets, each call with its own rows', async () => {
    const page = (offset: number) =>
      Writer.findAll({ attributes: ['name'], order: [['id', 'ASC']], limit: 2, offset }).then((rows) =>
        rows.map((row) => row.name),
      );
    expect(await page(0)).toEqual(['ann', 'bob']);
    // A later offset is a shape of its own (OFFSET ?), built once and then cached.
    expect(await page(1)).toEqual(['bob', 'cy']);
    let second: string[] = [];
    expect(
      await knexBuildersDuring(async () => {
        second = await page(2);
      }),
    ).toBe(0);
    expect(second).toEqual(['cy', HOSTILE]);
    expect(await knexBuildersDuring(() => page(0))).toBe(0);
  });
});
