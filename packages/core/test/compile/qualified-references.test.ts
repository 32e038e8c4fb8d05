import {
  DataTypes,
  EagerLoadingError,
  InvalidQueryError,
  Model,
  Op,
  Strata,
  col,
  fn,
  where,
  type CreationOptional,
} from '@strata/core';
import { describeEachDialect } from '../../../../test-support/dialects';

class Writer extends Model {
  declare id: CreationOptional<number>;
  declare name: string;
  declare nickname: string | null;
}
class Essay extends Model {
  declare id: CreationOptional<number>;
  declare title: string;
  declare words: number;
  declare writerId: number | null;
}
class Topic extends Model {
  declare id: CreationOptional<number>;
  declare name: string;
}
class EssayTopic extends Model {
  declare essayId: number;
  declare topicId: number;
  declare main: boolean;
}
class Bio extends Model {
  declare id: CreationOptional<number>;
  declare text: string;
  declare writerId: number;
}

describeEachDialect(
  "qualified names: col('Writer.name'), Op.col, col('essays.id') in attributes, group and order",
  (ctx) => {
    let db: Strata;

    beforeAll(async () => {
      db = ctx.connect({ rootAlias: 'model' });
      Writer.init(
        { name: DataTypes.STRING, nickname: { type: DataTypes.STRING, field: 'nick_name' } },
        { strata: db, tableName: 'writers', timestamps: false },
      );
      Essay.init(
        { title: DataTypes.STRING, words: { type: DataTypes.INTEGER, field: 'word_count' } },
        { strata: db, tableName: 'essays', timestamps: false },
      );
      Bio.init(
        { text: { type: DataTypes.STRING, field: 'bio_text' } },
        { strata: db, tableName: 'bios', timestamps: false },
      );
      Topic.init({ name: DataTypes.STRING }, { strata: db, tableName: 'topics', timestamps: false });
      EssayTopic.init({ main: DataTypes.BOOLEAN }, { strata: db, tableName: 'essay_topics', timestamps: false });
      Essay.belongsToMany(Topic, { through: EssayTopic, as: 'topics' });
      Writer.hasMany(Essay, { as: 'essays' });
      Writer.hasOne(Bio, { as: 'bio' });
      await db.sync({ force: true });
      await Writer.bulkCreate([
        { name: 'ann', nickname: 'ann' },
        { name: 'bob', nickname: 'bobby' },
        { name: 'cy', nickname: null },
      ]);
      await Essay.bulkCreate([
        { title: 'a1', words: 100, writerId: 1 },
        { title: 'a2', words: 50, writerId: 1 },
        { title: 'b1', words: 10, writerId: 2 },
      ]);
      await Bio.bulkCreate([{ text: 'hello', writerId: 2 }]);
      await Topic.bulkCreate([{ name: 'art' }, { name: 'war' }, { name: 'sea' }]);
      await EssayTopic.bulkCreate([
        { essayId: 1, topicId: 1, main: true },
        { essayId: 1, topicId: 2, main: false },
        { essayId: 2, topicId: 3, main: true },
      ]);
    });

    it("Op.col and col() take Model.attribute, mapped to the column's field", async () => {
      const byOp = await Writer.findAll({ where: { name: { [Op.col]: 'Writer.nickname' } } });
      expect(byOp.map((w) => w.name)).toEqual(['ann']);
      const byCol = await Writer.findAll({ where: { name: col('Writer.nickname') } });
      expect(byCol.map((w) => w.name)).toEqual(['ann']);
      // The table name is accepted as the qualifier too, and a bare name as before.
      const byTable = await Writer.findAll({ where: where(col('writers.nickname'), Op.eq, 'bobby') });
      expect(byTable.map((w) => w.name)).toEqual(['bob']);
      expect((await Writer.findAll({ where: { name: { [Op.col]: 'nickname' } } })).length).toBe(1);
    });

    it('Model.attribute in group and order', async () => {
      const rows = (await Writer.findAll({
        attributes: ['nickname', [fn('COUNT', col('Writer.id')), 'n']],
        group: ['Writer.nickname'],
        order: [['Writer.nickname', 'DESC']],
        where: { nickname: { [Op.ne]: null } },
        raw: true,
      })) as unknown as Array<{ nickname: string; n: number | string }>;
      expect(rows.map((r) => [r.nickname, Number(r.n)])).toEqual([
        ['bobby', 1],
        ['ann', 1],
      ]);
    });

    it("fn('COUNT', col('essays.id')) with the to-many include's attributes: [] counts per parent (Sequelize's idiom)", async () => {
      const writers = await Writer.findAll({
        attributes: [
          'id',
          'name',
          [fn('COUNT', col('essays.id')), 'essayCount'],
          [fn('SUM', col('essays.words')), 'total'],
        ],
        include: [{ association: 'essays', attributes: [] }],
        group: ['Writer.id', 'Writer.name'],
        order: [
          [fn('COUNT', col('essays.id')), 'DESC'],
          ['Writer.id', 'ASC'],
        ],
      });
      expect(writers.map((w) => [w.name, Number(w.get('essayCount')), Number(w.get('total') ?? 0)])).toEqual([
        ['ann', 2, 150],
        ['bob', 1, 10],
        ['cy', 0, 0],
      ]);
      // The include was there for the SQL only: no essays were built.
      expect(writers[0].get('essays')).toBeUndefined();
    });

    it('the aggregate alias orders and filters (having) the parents, with attributes.include', async () => {
      const writers = await Writer.findAll({
        attributes: { include: [[fn('COUNT', col('essays.id')), 'essayCount']] },
        include: [{ association: 'essays', attributes: [] }],
        group: ['Writer.id'],
        having: { essayCount: { [Op.gte]: 1 } },
        order: [
          [col('essayCount'), 'DESC'],
          [col('Writer.name'), 'ASC'],
        ],
      });
      expect(writers.map((w) => [w.name, w.nickname, Number(w.get('essayCount'))])).toEqual([
        ['ann', 'ann', 2],
        ['bob', 'bobby', 1],
      ]);
    });

    it('a belongsToMany include with attributes: [] is joined through its join rows', async () => {
      const essays = await Essay.findAll({
        attributes: ['title', [fn('COUNT', col('topics.id')), 'topicCount']],
        include: [{ association: 'topics', attributes: [], required: false, through: { where: { main: true } } }],
        group: ['Essay.id', 'Essay.title'],
        order: [['Essay.id', 'ASC']],
        raw: true,
      });
      expect(essays.map((e) => [e.title, Number((e as unknown as { topicCount: unknown }).topicCount)])).toEqual([
        ['a1', 1],
        ['a2', 1],
        ['b1', 0],
      ]);
      const withWar = await Essay.findAll({
        include: [{ association: 'topics', attributes: [], where: { name: 'war' } }],
      });
      expect(withWar.map((e) => e.title)).toEqual(['a1']);
    });

    it('a joined to-many include with attributes: [] filters without repeating the parents', async () => {
      const writers = await Writer.findAll({
        include: [{ association: 'essays', attributes: [], where: { words: { [Op.gte]: 10 } } }],
        order: [['id', 'ASC']],
      });
      expect(writers.map((w) => w.name)).toEqual(['ann', 'bob']);
    });

    it('to-one include columns by alias in attributes, order and where', async () => {
      const rows = (await Writer.findAll({
        attributes: ['name', [col('bio.text'), 'bioText']],
        include: [{ association: 'bio', attributes: ['id'] }],
        where: { [Op.and]: [where(col('bio.text'), Op.ne, null)] },
        order: [[col('bio.text'), 'ASC']],
        raw: true,
      })) as unknown as Array<Record<string, unknown>>;
      expect(rows.map((r) => [r.name, r.bioText])).toEqual([['bob', 'hello']]);
    });

    it('unknown qualifiers and attributes are errors naming the choices, never SQL', async () => {
      await expect(Writer.findAll({ where: { name: col('Nobody.name') } })).rejects.toThrow(
        /"Nobody\.name": "Nobody" is not Writer and this query has no includes/,
      );
      await expect(Writer.findAll({ where: { name: { [Op.col]: 'Writer.nope' } } })).rejects.toThrow(InvalidQueryError);
      await expect(Writer.findAll({ where: { name: { [Op.col]: 'Writer.nope' } } })).rejects.toThrow(
        /"nope" is not an attribute of Writer; valid attributes: id, name, nickname/,
      );
      await expect(Writer.findAll({ include: ['bio'], order: [[col('nobody.text'), 'ASC']] })).rejects.toThrow(
        EagerLoadingError,
      );
      await expect(Writer.findAll({ include: ['bio'], attributes: [[col('bio.nope'), 'x']] })).rejects.toThrow(
        /"nope" is not an attribute of Bio/,
      );
      await expect(
        Writer.findAll({
          attributes: ['id', [fn('COUNT', col('essays.id')), 'n']],
          include: ['essays'],
          group: ['Writer.id'],
        }),
      ).rejects.toThrow(/essays, a to-many include loaded by its own query/);
      await expect(Writer.findAll({ where: { name: col('Writer.name; DROP TABLE writers') } })).rejects.toThrow(
        InvalidQueryError,
      );
      expect(await Writer.count()).toBe(3);
    });
  },
);
