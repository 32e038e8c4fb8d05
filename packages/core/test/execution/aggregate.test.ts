import { DataTypes, InvalidQueryError, Model, Strata, col, fn, Fn, type CreationOptional } from '@strata/core';
import { describeEachDialect, type TestDialect } from '../../../../test-support/dialects';

class Reading extends Model {
  declare id: CreationOptional<number>;
  declare sensor: string;
  declare level: number;
  declare ok: boolean;
}

// Model.aggregate(attribute, name) writes the name into the SQL, so a caller that passes it on
// from a request could run any function: SLEEP and PG_SLEEP stall the server, LOAD_FILE and
// PG_LS_DIR read its files. Only the dialect's genuine aggregates are accepted, before any SQL
// is sent; fn() stays the explicit escape hatch, its name checked to be an identifier.
describeEachDialect('Model.aggregate: function names on an allow-list', (ctx) => {
  let db: Strata;
  const sent: string[] = [];

  beforeAll(async () => {
    db = ctx.connect({ logging: (sql) => sent.push(sql) });
    Reading.init(
      {
        sensor: { type: DataTypes.STRING, allowNull: false },
        level: { type: DataTypes.INTEGER, allowNull: false },
        ok: { type: DataTypes.BOOLEAN, allowNull: false },
      },
      { strata: db, tableName: 'readings', timestamps: false },
    );
    await db.sync({ force: true });
    await Reading.bulkCreate([
      { sensor: 'a', level: 1, ok: true },
      { sensor: 'b', level: 2, ok: true },
      { sensor: 'c', level: 6, ok: false },
    ]);
  });

  beforeEach(() => {
    sent.length = 0;
  });

  const hostile = [
    'SLEEP',
    'sleep',
    'PG_SLEEP',
    'LOAD_FILE',
    'PG_LS_DIR',
    'pg_read_file',
    'BENCHMARK',
    'sum) FROM readings; --',
    'pg_catalog.pg_sleep',
  ];

  it.each(hostile)('refuses %p before any SQL is sent', async (name) => {
    const refusal = Reading.aggregate('level', name);
    await expect(refusal).rejects.toThrow(InvalidQueryError);
    await expect(Reading.aggregate('level', name)).rejects.toThrow(
      new RegExp(
        `Reading\\.aggregate: .* is not an aggregate function on ${db.dialect.name}; allowed: COUNT, SUM, AVG, MIN, MAX`,
      ),
    );
    expect(sent).toEqual([]);
  });

  it('refuses a name that is not a string', async () => {
    await expect(Reading.aggregate('level', 42 as never)).rejects.toThrow(
      /Reading\.aggregate: a number is not an aggregate/,
    );
    expect(sent).toEqual([]);
  });

  it('refuses another dialect’s aggregate as well as non-aggregates', async () => {
    const foreign = ctx.dialect === 'postgres' ? 'GROUP_CONCAT' : 'ARRAY_AGG';
    await expect(Reading.aggregate('level', foreign)).rejects.toThrow(/is not an aggregate function/);
    expect(sent).toEqual([]);
  });

  it('runs the standard aggregates, whatever their case', async () => {
    expect(await Reading.aggregate('level', 'count')).toBe(3);
    expect(await Reading.aggregate('level', 'SUM')).toBe(9);
    expect(await Reading.aggregate('level', 'Avg')).toBe(3);
    expect(await Reading.aggregate('level', 'min')).toBe(1);
    expect(await Reading.aggregate('level', 'max', { where: { ok: true } })).toBe(2);
    expect(await Reading.aggregate('sensor', 'count', { distinct: true })).toBe(3);
  });

  // Each dialect's own aggregates, with the value each reads back as.
  const ownAggregates: Record<TestDialect, Array<[attribute: 'level' | 'ok', name: string, value: unknown]>> = {
    sqlite: [
      ['level', 'TOTAL', 9],
      ['level', 'GROUP_CONCAT', expect.stringMatching(/^[126],[126],[126]$/)],
    ],
    postgres: [
      ['ok', 'BOOL_AND', false],
      ['ok', 'BOOL_OR', true],
      ['level', 'BIT_OR', 7],
      ['level', 'ARRAY_AGG', expect.arrayContaining([1, 2, 6])],
      ['level', 'VAR_POP', expect.closeTo(14 / 3, 6)],
    ],
    mysql: [
      ['level', 'BIT_OR', 7],
      ['level', 'GROUP_CONCAT', expect.stringMatching(/^[126],[126],[126]$/)],
      ['level', 'VAR_POP', expect.closeTo(14 / 3, 4)],
    ],
  };

  it('runs the dialect’s own aggregates and reads each back as its kind of value', async () => {
    for (const [attribute, name, value] of ownAggregates[ctx.dialect]) {
      expect(await Reading.aggregate(attribute, name)).toEqual(value);
    }
  });

  it('lists only genuine aggregates: every allowed name runs on this database', async () => {
    for (const name of db.dialect.aggregateFunctions.keys()) {
      const attribute = /^(BOOL_|EVERY)/.test(name) ? 'ok' : 'level';
      await expect(Reading.aggregate(attribute, name)).resolves.not.toBeUndefined();
    }
  });
});

class Gauge extends Model {
  declare id: CreationOptional<number>;
  declare sensor: string;
}

describeEachDialect('fn(): the escape hatch takes identifiers only', (ctx) => {
  let db: Strata;

  beforeAll(async () => {
    db = ctx.connect();
    Gauge.init(
      { sensor: { type: DataTypes.STRING, allowNull: false } },
      { strata: db, tableName: 'gauges', timestamps: false },
    );
    await db.sync({ force: true });
    await Gauge.create({ sensor: 'Mixed' });
  });

  it.each(['SLEEP(5)', 'lower; DROP TABLE gauges', 'a.b.c', '1abc', 'lower --', '', 'pg_catalog.'])(
    'refuses %p as a function name',
    (name) => {
      expect(() => fn(name)).toThrow(InvalidQueryError);
      expect(() => fn(name)).toThrow(/fn\(\): .* is not a function name; use letters, digits and underscores/);
    },
  );

  it('calls any function named by an identifier, schema-qualified too', async () => {
    const lowered = await Gauge.findAll({ attributes: [[fn('LOWER', col('sensor')), 'lowered']], raw: true });
    expect(lowered).toEqual([{ lowered: 'mixed' }]);
    if (ctx.dialect === 'postgres') {
      const qualified = await Gauge.findAll({
        attributes: [[fn('pg_catalog.upper', col('sensor')), 'raised']],
        raw: true,
      });
      expect(qualified).toEqual([{ raised: 'MIXED' }]);
    }
  });

  it('checks the name again where it enters the SQL, for an Fn not made by fn()', async () => {
    const forged = Object.create(Fn.prototype, {
      name: { value: 'SLEEP(1)--' },
      args: { value: [] },
    }) as Fn;
    await expect(Gauge.findAll({ attributes: [[forged, 'x']] })).rejects.toThrow(/is not a function name/);
  });
});
