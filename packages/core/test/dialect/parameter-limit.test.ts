import { DataTypes, InvalidQueryError, Model, Op, Strata, type CreationOptional } from '@strata/core';
import { describeEachDialect } from '../../../../test-support/dialects';

class Item extends Model {
  declare id: CreationOptional<number>;
  declare name: string;
  declare parts?: Part[];
}

class Part extends Model {
  declare id: CreationOptional<number>;
  declare itemId: number;
}

/**
 * The most bound parameters one statement carries: SQLite as better-sqlite3 builds it
 * (SQLITE_MAX_VARIABLE_NUMBER), and the 16-bit parameter counts of PostgreSQL's Bind message
 * and MySQL's prepared statements.
 */
const LIMITS = { sqlite: 32_766, postgres: 65_535, mysql: 65_535 } as const;

const ids = (count: number, from = 1): number[] => Array.from({ length: count }, (_, i) => from + i);

describeEachDialect('statements over the dialect parameter limit', (ctx) => {
  const limit = LIMITS[ctx.dialect];
  let db: Strata;
  const statements: string[] = [];

  beforeAll(async () => {
    db = ctx.connect({ logging: (sql) => statements.push(sql) });
    Item.init(
      { name: { type: DataTypes.STRING, allowNull: false } },
      { strata: db, tableName: 'items', timestamps: false },
    );
    Part.init(
      { itemId: { type: DataTypes.INTEGER, allowNull: false } },
      { strata: db, tableName: 'parts', timestamps: false },
    );
    Item.hasMany(Part, { as: 'parts', foreignKey: 'itemId' });
    await db.sync({ force: true });
    await Item.bulkCreate([{ name: 'a' }, { name: 'b' }, { name: 'c' }]);
  });

  beforeEach(() => {
    statements.length = 0;
  });

  it('is a property of the dialect', () => {
    expect(db.dialect.maxBoundParameters).toBe(limit);
  });

  it.each([
    ['Op.in', Op.in],
    ['Op.notIn', Op.notIn],
  ])(
    'an %s list of 70,000 values is refused before any SQL, naming the attribute, the count and the limit',
    async (name, operator) => {
      const error = await Item.findAll({ where: { id: { [operator]: ids(70_000) } } }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidQueryError);
      expect((error as Error).message).toContain(`Item: where.id: ${name} lists 70000 values`);
      expect((error as Error).message).toContain(`at most ${limit} bound parameters`);
      expect(statements).toEqual([]);
    },
  );

  it('a list of exactly the limit runs', async () => {
    const found = await Item.findAll({ where: { id: { [Op.in]: ids(limit) } }, order: [['id', 'ASC']] });
    expect(found.map((item) => item.name)).toEqual(['a', 'b', 'c']);
  });

  it('lists each under the limit but together over it are refused for the whole statement, before it is sent', async () => {
    const half = Math.floor(limit / 2) + 1;
    const error = await Item.findAll({
      where: { id: { [Op.in]: ids(half) }, name: { [Op.notIn]: ids(half).map(String) } },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidQueryError);
    expect((error as Error).message).toContain(`at most ${limit} bound parameters; this one has ${half * 2}`);
    expect(statements).toEqual([]);
  });

  it('a separate include load over more parents than one statement can list loads them in several statements', async () => {
    const parents = Math.floor(limit / 2) + 10;
    const created = await Item.bulkCreate(ids(parents).map((i) => ({ name: `bulk-${i}` })));
    const [first, last] = [created[0], created[created.length - 1]];
    await Part.bulkCreate([{ itemId: first.id }, { itemId: last.id }, { itemId: last.id }]);
    const items = await Item.findAll({ where: { name: { [Op.like]: 'bulk-%' } }, include: ['parts'] });
    expect(items).toHaveLength(parents);
    const partCounts = new Map(items.map((item) => [item.name, item.parts?.length]));
    expect(partCounts.get('bulk-1')).toBe(1);
    expect(partCounts.get(`bulk-${parents}`)).toBe(2);
    expect(partCounts.get('bulk-2')).toBe(0);
    await Item.destroy({ where: { name: { [Op.like]: 'bulk-%' } } });
    await Part.destroy({ all: true });
  }, 120_000);
});

class Wide extends Model {
  declare id: CreationOptional<number>;
}

describeEachDialect('bulkCreate of wide rows', (ctx) => {
  it('puts fewer rows in one INSERT when a full batch would pass the parameter limit', async () => {
    const db = ctx.connect();
    // 70 columns: 500 rows would bind 35,000 values, past SQLite's 32,766.
    const columns = Object.fromEntries(ids(70).map((i) => [`c${i}`, { type: DataTypes.STRING(8) }]));
    Wide.init(columns, { strata: db, tableName: 'wide_rows', timestamps: false });
    await db.sync({ force: true });
    const row = Object.fromEntries(ids(70).map((i) => [`c${i}`, `v${i}`]));
    const created = await Wide.bulkCreate(ids(600).map(() => ({ ...row })));
    expect(new Set(created.map((w) => Number(w.id))).size).toBe(600);
    expect(await Wide.count()).toBe(600);
  });
});
