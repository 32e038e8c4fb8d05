import {
  DataTypes,
  InvalidQueryError,
  Model,
  Op,
  QueryTypes,
  StrataError,
  Strata,
  ValidationError,
  col,
  compile,
  fn,
  where,
  type CreationOptional,
} from '@strata/core';
import { describeEachDialect } from '../../../../test-support/dialects';

/** The table an attack would like to drop, read or change. */
class Victim extends Model {
  declare id: CreationOptional<number>;
  declare name: string;
  declare secret: string;
  declare balance: number;
}

/** A table the tests may write to, so that writes with hostile values have somewhere to go. */
class Scratch extends Model {
  declare id: CreationOptional<number>;
  declare name: string | null;
  declare amount: CreationOptional<number>;
}

const HOSTILE_STRINGS = [
  "'; DROP TABLE victims; --",
  "' OR '1'='1",
  "\\'; DROP TABLE victims; --",
  '" OR ""="',
  '`; DROP TABLE victims; --',
  '1; UPDATE victims SET balance = 0; --',
  "' UNION SELECT secret FROM victims --",
  ') OR (1=1',
  '$1',
  ':name',
  '?',
  '??',
  '\\?',
  '*/ DROP TABLE victims; /*',
  'victims.secret',
  'name" FROM victims; DROP TABLE victims; --',
];

/** Objects a JSON body or query string parser can produce. */
const HOSTILE_OBJECTS: unknown[] = [
  { $ne: null },
  { $gt: '' },
  { $or: [{ name: 'a' }] },
  { name: 'admin' },
  JSON.parse('{"__proto__": {"$ne": null}}'),
  ['alice', { $ne: null }],
  [['nested']],
  { toString: 'x' },
];

/** Hostile objects that are not a valid where by themselves ({ name: 'admin' } is one, and harmless). */
const HOSTILE_WHERES = HOSTILE_OBJECTS.filter((o) => JSON.stringify(o) !== '{"name":"admin"}');

describeEachDialect('injection: hostile input through every public entry', (ctx) => {
  let db: Strata;
  let snapshot: unknown[];

  const victims = async (): Promise<unknown[]> =>
    Victim.unscoped().findAll({ order: [['id', 'ASC']], raw: true, paranoid: false });

  /** The call either refuses the input with a StrataError or runs it as plain data; the SQL never changes shape. */
  const refusedOrHarmless = async (attempt: () => Promise<unknown>): Promise<void> => {
    try {
      await attempt();
    } catch (error) {
      expect(isRefusal(error)).toBe(true);
    }
  };
  const isRefusal = (error: unknown): boolean => error instanceof StrataError || error instanceof ValidationError;

  beforeAll(async () => {
    db = ctx.connect();
    Victim.init(
      {
        name: { type: DataTypes.STRING, allowNull: false },
        secret: { type: DataTypes.STRING, allowNull: false },
        balance: { type: DataTypes.INTEGER, allowNull: false },
      },
      {
        strata: db,
        tableName: 'victims',
        timestamps: false,
        scopes: { rich: { where: { balance: { [Op.gt]: 50 } } } },
      },
    );
    Scratch.init(
      {
        name: { type: DataTypes.STRING(200), unique: true },
        amount: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      },
      { strata: db, tableName: 'scratch', timestamps: false },
    );
    await db.sync({ force: true });
    await Victim.bulkCreate([
      { name: 'alice', secret: 's3cr3t', balance: 100 },
      { name: 'bob', secret: 'hunter2', balance: 50 },
    ]);
    snapshot = await victims();
  });

  afterEach(async () => {
    // The victim table still exists and no row changed.
    expect(await victims()).toEqual(snapshot);
  });

  it('where values: strings are compared as data, objects are refused', async () => {
    for (const hostile of HOSTILE_STRINGS) {
      expect(await Victim.findAll({ where: { name: hostile } })).toEqual([]);
      expect(await Victim.findAll({ where: { name: { [Op.like]: hostile } } })).toEqual([]);
      expect(await Victim.findAll({ where: { name: { [Op.iLike]: hostile } } })).toEqual([]);
      expect(await Victim.findAll({ where: { name: { [Op.substring]: hostile } } })).toEqual([]);
      expect(await Victim.findAll({ where: { name: [hostile, 'nobody'] } })).toEqual([]);
      expect(await Victim.findAll({ where: where(fn('LOWER', col('name')), Op.eq, hostile) })).toEqual([]);
      expect(await Victim.count({ where: { [Op.or]: [{ name: hostile }, { secret: hostile }] } })).toBe(0);
      await refusedOrHarmless(async () =>
        expect(await Victim.findAll({ where: { balance: hostile as never } })).toEqual([]),
      );
    }
    for (const hostile of HOSTILE_OBJECTS) {
      await expect(Victim.findAll({ where: { name: hostile as never } })).rejects.toBeInstanceOf(InvalidQueryError);
      await expect(Victim.findOne({ where: { secret: hostile as never } })).rejects.toBeInstanceOf(InvalidQueryError);
      await expect(Victim.count({ where: { name: { [Op.in]: [hostile] } } as never })).rejects.toBeInstanceOf(
        InvalidQueryError,
      );
    }
    for (const hostile of HOSTILE_WHERES) {
      await expect(Victim.findAll({ where: hostile as never })).rejects.toBeInstanceOf(InvalidQueryError);
    }
    await expect(Victim.findAll({ where: { name: undefined } })).rejects.toBeInstanceOf(InvalidQueryError);
  });

  it('attribute names, aliases, order, group and Op.col: only the model attributes are accepted', async () => {
    for (const hostile of [...HOSTILE_STRINGS, ...(HOSTILE_OBJECTS as string[])]) {
      await expect(Victim.findAll({ attributes: [hostile as never] })).rejects.toBeInstanceOf(InvalidQueryError);
      await expect(Victim.findAll({ attributes: [['name', hostile]] as never })).rejects.toBeInstanceOf(
        InvalidQueryError,
      );
      await expect(Victim.findAll({ attributes: { exclude: [hostile as never] } })).rejects.toBeInstanceOf(
        InvalidQueryError,
      );
      if (typeof hostile === 'string') {
        await expect(Victim.findAll({ where: { [hostile]: 1 } as never })).rejects.toBeInstanceOf(InvalidQueryError);
      }
      await expect(Victim.findAll({ order: [['name', hostile as never]] })).rejects.toBeInstanceOf(InvalidQueryError);
      // `victims.secret` names the model's own attribute qualified by its table (what Sequelize code
      // writes as `'User.name'`): order, group, Op.col, col() and count/max map it to that column (below).
      if (hostile !== 'victims.secret') {
        await expect(Victim.findAll({ order: [[hostile as never, 'ASC']] })).rejects.toBeInstanceOf(InvalidQueryError);
        await expect(Victim.findAll({ order: [hostile as never] })).rejects.toBeInstanceOf(InvalidQueryError);
        await expect(Victim.findAll({ group: [hostile as never] })).rejects.toBeInstanceOf(InvalidQueryError);
        await expect(Victim.findAll({ where: { name: { [Op.col]: hostile as never } } })).rejects.toBeInstanceOf(
          InvalidQueryError,
        );
        await expect(Victim.findAll({ where: where(col(hostile as string), Op.eq, 1) })).rejects.toBeInstanceOf(
          InvalidQueryError,
        );
        await expect(Victim.count({ col: hostile as never })).rejects.toBeInstanceOf(InvalidQueryError);
        await expect(Victim.max(hostile as never)).rejects.toBeInstanceOf(InvalidQueryError);
      }
      await expect(Victim.aggregate('balance', hostile as string)).rejects.toBeInstanceOf(InvalidQueryError);
      expect(() => Victim.scope(hostile as string)).toThrow(InvalidQueryError);
      if (typeof hostile === 'string' && !/^[A-Za-z_][\w.]*$/.test(hostile)) {
        expect(() => fn(hostile)).toThrow(InvalidQueryError);
      }
    }
    // A qualified name is resolved against the model, never written as it is: the qualifier must
    // be the model (its name or table), the rest one of its attributes, mapped to its column.
    const qualified = compile(Victim).findAll({
      order: [['victims.secret', 'ASC']],
      where: { name: col('Victim.secret') },
    });
    expect(qualified.sql).toContain(ctx.dialect === 'postgres' ? '"victims"."secret"' : '`victims`.`secret`');
    await expect(Victim.findAll({ order: [['other_table.secret', 'ASC']] as never })).rejects.toBeInstanceOf(
      InvalidQueryError,
    );
    await expect(Victim.findAll({ order: [['victims.secret; --', 'ASC']] as never })).rejects.toBeInstanceOf(
      InvalidQueryError,
    );
  });

  it('the SQL text depends only on the query shape, never on the values', async () => {
    const statements: string[] = [];
    const logging = (sql: string): void => {
      statements.push(sql);
    };
    const shapes = async (value: string): Promise<string[]> => {
      statements.length = 0;
      await Victim.findAll({ where: { name: value, secret: { [Op.like]: value } }, logging });
      await Victim.count({ where: { [Op.or]: [{ name: value }, { secret: { [Op.substring]: value } }] }, logging });
      await Victim.update({ balance: 1 }, { where: { name: value }, logging });
      await Victim.destroy({ where: { secret: value }, logging });
      await db.query('SELECT name FROM victims WHERE name = :v', { replacements: { v: value }, logging });
      return [...statements];
    };
    const benign = await shapes('nobody');
    expect(benign.length).toBeGreaterThanOrEqual(5);
    for (const hostile of HOSTILE_STRINGS) expect(await shapes(hostile)).toEqual(benign);
  });

  it('limit, offset and findByPk: only plain values', async () => {
    for (const hostile of [...HOSTILE_STRINGS, ...HOSTILE_OBJECTS, -1, 1.5, NaN, Infinity, '10']) {
      await expect(Victim.findAll({ limit: hostile as never })).rejects.toBeInstanceOf(InvalidQueryError);
      await expect(Victim.findAll({ offset: hostile as never })).rejects.toBeInstanceOf(InvalidQueryError);
    }
    for (const hostile of [...HOSTILE_STRINGS, ...HOSTILE_OBJECTS]) {
      await refusedOrHarmless(async () => expect(await Victim.findByPk(hostile)).toBeNull());
    }
  });

  it('raw replacements and bind parameters are always bound', async () => {
    for (const hostile of HOSTILE_STRINGS) {
      const named = await db.query('SELECT name FROM victims WHERE name = :v OR secret = :v', {
        replacements: { v: hostile },
        type: QueryTypes.SELECT,
      });
      expect(named).toEqual([]);
      const positional = await db.query('SELECT name FROM victims WHERE name = ? AND secret = ?', {
        replacements: [hostile, hostile],
        type: QueryTypes.SELECT,
      });
      expect(positional).toEqual([]);
      const bound = await db.query('SELECT name FROM victims WHERE name = $1', {
        bind: [hostile],
        type: QueryTypes.SELECT,
      });
      expect(bound).toEqual([]);
    }
    for (const hostile of HOSTILE_OBJECTS.filter((o) => !Array.isArray(o))) {
      await expect(
        db.query('SELECT name FROM victims WHERE name = :v', { replacements: { v: hostile } }),
      ).rejects.toBeInstanceOf(InvalidQueryError);
    }
  });

  it('create, bulkCreate, upsert, update and increment store hostile strings as data', async () => {
    for (const hostile of HOSTILE_STRINGS) {
      const created = await Scratch.create({ name: hostile });
      expect((await Scratch.findByPk(created.id))?.name).toBe(hostile);
      const [updatedCount] = await Scratch.update({ name: `${hostile}!` }, { where: { name: hostile } });
      expect(updatedCount).toBe(1);
      const [upserted] = await Scratch.upsert({ name: `${hostile}!`, amount: 3 });
      expect(upserted.id).toBe(created.id);
      expect(upserted.name).toBe(`${hostile}!`);
      await created.reload();
      expect(created.name).toBe(`${hostile}!`);
      await refusedOrHarmless(() => Scratch.create({ name: 'x', [hostile]: 'y' } as never).then((s) => s.destroy()));
      await expect(Scratch.update({ [hostile]: 1 } as never, { all: true })).rejects.toBeInstanceOf(InvalidQueryError);
      await expect(Scratch.increment(hostile as never, { all: true })).rejects.toBeInstanceOf(InvalidQueryError);
      await expect(Scratch.increment('amount', { by: hostile as never, all: true })).rejects.toBeInstanceOf(
        InvalidQueryError,
      );
      await expect(Scratch.bulkCreate([{ name: 'z' }], { fields: [hostile as never] })).rejects.toBeInstanceOf(
        InvalidQueryError,
      );
      await expect(Scratch.upsert({ name: 'z' }, { conflictFields: [hostile as never] })).rejects.toBeInstanceOf(
        InvalidQueryError,
      );
    }
    const many = await Scratch.bulkCreate(HOSTILE_STRINGS.map((name) => ({ name: `bulk ${name}` })));
    expect(many).toHaveLength(HOSTILE_STRINGS.length);
    for (const hostile of HOSTILE_OBJECTS) {
      expect(isRefusal(await Scratch.create({ name: hostile as never }).catch((e: unknown) => e))).toBe(true);
      expect(isRefusal(await Scratch.update({ name: hostile as never }, { all: true }).catch((e: unknown) => e))).toBe(
        true,
      );
      expect(isRefusal(await Scratch.bulkCreate([{ name: hostile as never }]).catch((e: unknown) => e))).toBe(true);
      await expect(Scratch.update({ amount: 1 }, { where: { name: hostile as never } })).rejects.toBeInstanceOf(
        InvalidQueryError,
      );
      await expect(Scratch.destroy({ where: { name: hostile as never } })).rejects.toBeInstanceOf(InvalidQueryError);
    }
    expect(await Scratch.count({ where: { name: { [Op.startsWith]: 'bulk ' } } })).toBe(HOSTILE_STRINGS.length);
    await Scratch.destroy({ all: true });
  });

  it('update and destroy on the victim with hostile where input change nothing', async () => {
    for (const hostile of HOSTILE_STRINGS) {
      expect((await Victim.update({ balance: 0 }, { where: { name: hostile } }))[0]).toBe(0);
      expect(await Victim.destroy({ where: { secret: hostile } })).toBe(0);
      expect((await Victim.increment('balance', { where: { name: hostile } }))[0]).toBe(0);
    }
    for (const hostile of HOSTILE_WHERES) {
      await expect(Victim.update({ balance: 0 }, { where: hostile as never })).rejects.toBeInstanceOf(
        InvalidQueryError,
      );
      await expect(Victim.destroy({ where: hostile as never })).rejects.toBeInstanceOf(InvalidQueryError);
    }
    for (const hostile of HOSTILE_OBJECTS) {
      await expect(Victim.destroy({ where: { id: hostile as never } })).rejects.toBeInstanceOf(InvalidQueryError);
    }
    await expect(Victim.destroy({} as never)).rejects.toBeInstanceOf(InvalidQueryError);
    await expect(Victim.update({ balance: 0 }, { where: {} })).rejects.toBeInstanceOf(InvalidQueryError);
    await expect(Victim.destroy({ where: { id: undefined } })).rejects.toBeInstanceOf(InvalidQueryError);
    await expect(Victim.destroy({ all: 'true' as never })).rejects.toBeInstanceOf(InvalidQueryError);
  });
});
