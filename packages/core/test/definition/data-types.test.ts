import { randomUUID } from 'node:crypto';
import {
  DataTypes,
  Model,
  Strata,
  ValidationError,
  type CreateOptions,
  type CreationOptional,
  type DataTypeInput,
} from '@strata/core';
import { describeEachDialect } from '../../../../test-support/dialects';

/** Every byte value once, plus a zero byte at both ends. */
const ALL_BYTES = Buffer.from([0, ...Array.from({ length: 256 }, (_, i) => i), 0]);

interface Case {
  type: DataTypeInput;
  /** [written, read back]; a single value reads back as written. */
  values: Array<[unknown, unknown] | [unknown]>;
}

/** The round-trip matrix: each value is written, read back, and compared with what the docs promise. */
const MATRIX: Record<string, Case> = {
  string: {
    type: DataTypes.STRING(20),
    values: [['plain'], [''], ['it\'s "quoted" \\'], ['héllo ✓ 😀 日本'], ['😀'.repeat(20)], [42, '42']],
  },
  char: {
    type: DataTypes.CHAR(4),
    values: [['abcd'], ['ünï😀'], ['ab'], ['ab  ', 'ab'], [' a', ' a']],
  },
  text: { type: DataTypes.TEXT, values: [['x'.repeat(100_000)], ['line\nbreak\ttab'], ['']] },
  integer: {
    type: DataTypes.INTEGER,
    values: [[0], [-2147483648], [2147483647], ['17', 17], [12n, 12]],
  },
  smallint: { type: DataTypes.SMALLINT, values: [[-32768], [32767], [0]] },
  bigint: {
    type: DataTypes.BIGINT,
    values: [
      [2n ** 53n + 1n, '9007199254740993'],
      ['9007199254740993'],
      [-(2n ** 63n), '-9223372036854775808'],
      ['9223372036854775807'],
      [0, '0'],
      [-1, '-1'],
    ],
  },
  float: { type: DataTypes.FLOAT, values: [[0.1], [1 / 3], [1e300], [-2.5e-300], [0], ['1.25', 1.25]] },
  double: { type: DataTypes.DOUBLE, values: [[0.1 + 0.2], [Number.MAX_VALUE], [Number.MIN_VALUE], [-123.456]] },
  real: { type: DataTypes.REAL, values: [[0.1], [1 / 3], [-7]] },
  decimal: {
    type: DataTypes.DECIMAL(38, 10),
    values: [
      ['1234567890123456789012345678.0123456789'],
      ['-0.0000000001'],
      ['0.1', '0.1000000000'],
      [1.5, '1.5000000000'],
      ['-0', '0.0000000000'],
      ['007.50', '7.5000000000'],
      ['1e-10', '0.0000000001'],
      [10n ** 27n, '1000000000000000000000000000.0000000000'],
    ],
  },
  decimalInteger: { type: DataTypes.DECIMAL(20, 0), values: [['99999999999999999999'], [-12, '-12']] },
  boolean: {
    type: DataTypes.BOOLEAN,
    values: [[true], [false], [1, true], [0, false], ['true', true], ['false', false]],
  },
  date: {
    type: DataTypes.DATE,
    values: [
      [new Date('2024-03-10T06:59:59.999Z')],
      [new Date('2024-11-03T05:30:00.001Z')],
      [new Date(0)],
      [new Date('1969-12-31T23:59:59.999Z')],
      [new Date('2999-12-31T23:59:59.999Z')],
      ['2024-02-29T12:00:00.123+09:00', new Date('2024-02-29T03:00:00.123Z')],
      [1700000000123, new Date(1700000000123)],
    ],
  },
  dateonly: {
    type: DataTypes.DATEONLY,
    values: [
      ['2024-02-29'],
      ['1970-01-01'],
      ['1000-01-01'],
      ['9999-12-31'],
      [new Date('2024-03-10T00:00:00Z'), '2024-03-10'],
    ],
  },
  time: { type: DataTypes.TIME, values: [['13:45:30'], ['00:00:00'], ['23:59:59'], ['07:05', '07:05:00']] },
  uuid: {
    type: DataTypes.UUID,
    values: [
      ['0f8fad5b-d9cb-469f-a165-70867728950e'],
      ['0F8FAD5B-D9CB-469F-A165-70867728950E', '0f8fad5b-d9cb-469f-a165-70867728950e'],
    ],
  },
  json: {
    type: DataTypes.JSON,
    values: [
      [{ a: 1, nested: { b: [1, 2, { c: null }], s: 'x' } }],
      [[]],
      [{}],
      [[1, 'two', { three: 3 }, [4]]],
      ['a string'],
      ['{"looks":"like json"}'],
      [42],
      [1.5],
      [true],
      [false],
      [{ unicode: 'é😀', quote: '"\'' }],
    ],
  },
  jsonb: { type: DataTypes.JSONB, values: [[{ a: [1, { b: 'c' }] }], [[]], ['text'], [0]] },
  blob: {
    type: DataTypes.BLOB,
    values: [[ALL_BYTES], [Buffer.alloc(0)], [new Uint8Array([1, 2, 3]), Buffer.from([1, 2, 3])]],
  },
  enumeration: { type: DataTypes.ENUM('draft', 'published', "it's"), values: [['draft'], ["it's"]] },
};

class Sample extends Model {
  declare id: CreationOptional<number>;
}

/** The matrix's attributes are not declared on the class: write them through an untyped door. */
const create = (values: Record<string, unknown>, options?: CreateOptions): Promise<Sample> =>
  Sample.create(values as never, options);

describeEachDialect('Data types round-trip exactly', (ctx) => {
  let db: Strata;

  beforeAll(async () => {
    db = ctx.connect();
    Sample.init(Object.fromEntries(Object.entries(MATRIX).map(([name, { type }]) => [name, { type }])), {
      strata: db,
      tableName: 'samples',
      timestamps: false,
    });
    await db.sync({ force: true });
  });

  describe.each(Object.keys(MATRIX))('%s', (name) => {
    it('reads back every value exactly, through instances and raw rows', async () => {
      const created = [];
      for (const [written, expected = written] of MATRIX[name].values) {
        const sample = await create({ [name]: written });
        // The instance holds the normalised value right after the write, too.
        expect(sample.get(name)).toEqual(expected);
        created.push({ id: sample.id, expected });
      }
      for (const { id, expected } of created) {
        const found = await Sample.findByPk(id);
        const value = found?.get(name);
        expect(value).toEqual(expected);
        expectSameJsType(value, expected);
        const [raw] = (await Sample.findAll({ where: { id }, raw: true })) as unknown as Array<Record<string, unknown>>;
        expect(raw[name]).toEqual(expected);
      }
    });

    it('reads back SQL NULL as null', async () => {
      const sample = await create({ [name]: null });
      expect((await Sample.findByPk(sample.id))?.get(name)).toBeNull();
    });
  });

  it('keeps a DATE to the millisecond and compares instants in where clauses', async () => {
    const instant = new Date('2030-01-02T03:04:05.678Z');
    await create({ date: instant });
    const found = await Sample.findOne({ where: { date: instant } as never });
    expect((found?.get('date') as Date).getTime()).toBe(instant.getTime());
  });

  it('finds BIGINT and DECIMAL rows by their exact values', async () => {
    await create({ bigint: '9223372036854775806', decimal: '0.3000000000' });
    expect(await Sample.count({ where: { bigint: 9223372036854775806n } as never })).toBe(1);
    expect(await Sample.count({ where: { bigint: '9223372036854775806', decimal: '0.3' } as never })).toBe(1);
  });

  it('keeps JSON null apart from nothing only as SQL NULL: both read back as null', async () => {
    const sample = await create({ json: null });
    expect(await Sample.count({ where: { id: sample.id, json: null } as never })).toBe(1);
  });

  describe('values of the wrong type are refused before any SQL, naming model and attribute', () => {
    const refused: Array<[string, unknown, RegExp]> = [
      ['string', { an: 'object' }, /expected string/],
      ['string', ['array'], /expected string/],
      ['string', 'x'.repeat(21), /longer than 20 characters/],
      ['integer', [1], /expected number/],
      ['integer', 'abc', /expected number/],
      ['integer', 1.5, /expected number/],
      ['integer', 2 ** 31, /outside the INTEGER range/],
      ['smallint', 40000, /outside the SMALLINT range/],
      ['bigint', 2 ** 53 + 2, /lost digits/],
      ['bigint', 2n ** 63n, /int64/],
      ['float', Number.NaN, /finite/],
      ['float', 'abc', /expected number/],
      ['decimal', '1.00000000001', /more than 10 decimal places/],
      ['decimalInteger', '1.5', /more than 0 decimal places/],
      ['decimalInteger', '123456789012345678901', /more than 20 integer digits/],
      ['decimal', { n: 1 }, /expected decimal/],
      ['boolean', 'yes', /expected boolean/],
      ['date', 'not a date', /expected Date/],
      ['date', {}, /expected Date/],
      ['dateonly', '2023-02-29', /not a calendar date/],
      ['dateonly', '2024-1-5', /YYYY-MM-DD/],
      ['time', '25:00:00', /not a time of day/],
      ['time', '10:00:00.5', /expected string/],
      ['uuid', 'not-a-uuid', /not a UUID/],
      ['json', () => 1, /expected JSON value/],
      ['blob', 12, /expected Buffer/],
      ['enumeration', 'archived', /is not one of 'draft', 'published'/],
    ];
    it.each(refused)('%s = %p', async (attribute, value, message) => {
      const statements: string[] = [];
      const before = await Sample.count();
      const error = await create({ [attribute]: value }, { logging: (sql) => statements.push(sql) }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ValidationError);
      const item = (error as ValidationError).errors[0];
      expect(item.path).toBe(attribute);
      expect(item.message).toMatch(new RegExp(`^Sample\\.${attribute}: `));
      expect(item.message).toMatch(message);
      expect(statements).toEqual([]);
      expect(await Sample.count()).toBe(before);
    });

    it('refuses even with validate: false', async () => {
      await expect(create({ integer: 'abc' }, { validate: false })).rejects.toThrow(/Sample\.integer/);
    });

    it('refuses in update() and bulkCreate() too', async () => {
      await expect(Sample.update({ integer: [1] } as never, { where: { id: 1 } })).rejects.toThrow(/Sample\.integer/);
      const before = await Sample.count();
      await expect(Sample.bulkCreate([{ integer: 1 }, { integer: {} }] as never)).rejects.toThrow(/integer/);
      expect(await Sample.count()).toBe(before);
    });
  });

  it('generates DataTypes.NOW, DataTypes.UUIDV4, function and literal defaults', async () => {
    class Defaulted extends Model {}
    Defaulted.init(
      {
        uid: { type: DataTypes.UUID, defaultValue: DataTypes.UUIDV4 },
        at: { type: DataTypes.DATE, defaultValue: DataTypes.NOW },
        label: { type: DataTypes.STRING, defaultValue: () => `label-${randomUUID().slice(0, 4)}` },
        count: { type: DataTypes.INTEGER, defaultValue: 7 },
        flag: { type: DataTypes.BOOLEAN, defaultValue: false },
        meta: { type: DataTypes.JSON, defaultValue: { tags: [] } },
      },
      { strata: db, tableName: 'defaulted', timestamps: false },
    );
    await Defaulted.sync({ force: true });
    const before = Date.now();
    const [a, b] = [await Defaulted.create({}), await Defaulted.create({})];
    const found = await Defaulted.findByPk(a.get('id') as number);
    expect(found?.get('uid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(found?.get('uid')).not.toBe(b.get('uid'));
    expect((found?.get('at') as Date).getTime()).toBeGreaterThanOrEqual(before - 1);
    expect(found?.get('label')).toMatch(/^label-/);
    expect(found?.get('count')).toBe(7);
    expect(found?.get('flag')).toBe(false);
    expect(found?.get('meta')).toEqual({ tags: [] });
    // An object default is copied per row, never shared.
    (a.get('meta') as { tags: string[] }).tags.push('x');
    expect(b.get('meta')).toEqual({ tags: [] });
  });
});

function expectSameJsType(actual: unknown, expected: unknown): void {
  if (expected instanceof Date) expect(actual).toBeInstanceOf(Date);
  else if (Buffer.isBuffer(expected)) expect(Buffer.isBuffer(actual)).toBe(true);
  else expect(typeof actual).toBe(typeof expected);
}

describeEachDialect('BIGINT keys', (ctx) => {
  it('an auto-increment BIGINT key is a string on every dialect, right after create and when read', async () => {
    const db = ctx.connect();
    class Ledger extends Model {
      declare id: CreationOptional<string>;
      declare memo: string | null;
    }
    Ledger.init(
      { id: { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true }, memo: DataTypes.STRING },
      { strata: db, timestamps: false },
    );
    await db.sync({ force: true });
    const [first, second] = [await Ledger.create({ memo: 'a' }), await Ledger.create({ memo: 'b' })];
    expect(typeof first.id).toBe('string');
    expect(BigInt(second.id) - BigInt(first.id)).toBe(1n);
    const [bulk] = await Ledger.bulkCreate([{ memo: 'c' }]);
    expect(typeof bulk.id).toBe('string');
    expect((await Ledger.findByPk(first.id))?.id).toBe(first.id);
    const described = await db.getQueryInterface().describeTable('Ledgers');
    expect(described.id).toMatchObject({ primaryKey: true, autoIncrement: true });
    expect(described.id.type).toMatch(/BIGINT|INTEGER/);
  });
});
