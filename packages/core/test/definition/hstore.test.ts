import {
  CreationOptional,
  DataTypes,
  describeChange,
  diffModels,
  Model,
  ModelDefinitionError,
  Op,
  Strata,
  ValidationError,
} from '@strata/core';
import { describeEachDialect } from '../../../../test-support/dialects';

type Hstore = Record<string, string | null>;

class Product extends Model {
  declare id: CreationOptional<number>;
  declare attrs: CreationOptional<Hstore | null>;
}

describeEachDialect('HSTORE', (ctx) => {
  let db: Strata;
  beforeAll(() => {
    db = ctx.connect();
  });

  if (ctx.dialect !== 'postgres') {
    it('is refused when the model is defined, naming the model, attribute and dialect', () => {
      const dialectName = ctx.dialect === 'sqlite' ? 'SQLite' : 'MySQL';
      expect(() => Product.init({ attrs: DataTypes.HSTORE }, { strata: db })).toThrow(ModelDefinitionError);
      expect(() => Product.init({ attrs: DataTypes.HSTORE }, { strata: db })).toThrow(
        `Product.attrs: HSTORE columns exist only on PostgreSQL; ${dialectName} has no HSTORE type`,
      );
    });
    return;
  }

  beforeAll(async () => {
    // The hstore extension is the database's (docs/data-types.md says so).
    await db.query('CREATE EXTENSION IF NOT EXISTS hstore');
    Product.init({ attrs: DataTypes.HSTORE }, { strata: db, timestamps: false });
    await Product.sync({ force: true });
  });

  const HARD: Hstore[] = [
    {},
    { color: 'red', size: null },
    { 'say "hi"': 'a "quoted" value', 'a=>b': 'c=>d', 'x, y': '1, 2', 'back\\slash': 'end\\' },
    { '': '', ' spaced ': ' value ', NULL: 'NULL', unicode: 'é😀' },
  ];

  it('round-trips objects: empty, NULL values, keys and values with quotes, =>, commas', async () => {
    for (const value of HARD) {
      const created = await Product.create({ attrs: value });
      expect(created.attrs).toEqual(value);
      expect((await Product.findByPk(created.id))?.attrs).toEqual(value);
      const [raw] = await Product.findAll({ where: { id: created.id }, raw: true });
      expect(raw?.attrs).toEqual(value);
    }
    const empty = await Product.create({ attrs: null });
    expect((await Product.findByPk(empty.id))?.attrs).toBeNull();
    expect((await diffModels(db)).map(describeChange)).toEqual([]);
  });

  it('where compares a whole object; Op.contains finds rows holding some pairs', async () => {
    await Product.truncate();
    await Product.bulkCreate(HARD.map((attrs) => ({ attrs })));
    const attrsOf = (rows: Product[]): unknown[] => rows.map((row) => row.attrs);
    expect(attrsOf(await Product.findAll({ where: { attrs: { size: null, color: 'red' } } }))).toEqual([HARD[1]]);
    expect(attrsOf(await Product.findAll({ where: { attrs: {} } }))).toEqual([{}]);
    expect(attrsOf(await Product.findAll({ where: { attrs: { [Op.contains]: { 'a=>b': 'c=>d' } } } }))).toEqual([
      HARD[2],
    ]);
    expect(await Product.count({ where: { attrs: { [Op.contains]: {} } } })).toBe(4);
    expect(await Product.count({ where: { attrs: { [Op.ne]: {} } } })).toBe(3);
  });

  it('refuses values that are not flat objects of strings, naming the model and attribute', async () => {
    await expect(Product.create({ attrs: { n: 1 } as never })).rejects.toThrow(ValidationError);
    await expect(Product.create({ attrs: { n: 1 } as never })).rejects.toThrow(
      'Product.attrs: HSTORE key "n": a value is a string or null',
    );
    await expect(Product.create({ attrs: ['a'] as never })).rejects.toThrow(/Product\.attrs: expected object/);
    await expect(Product.findAll({ where: { attrs: { nested: { a: 'b' } } as never } })).rejects.toThrow(
      /where\.attrs: HSTORE key "nested"/,
    );
  });
});
