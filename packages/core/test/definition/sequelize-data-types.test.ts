import { DataTypes, Model, Strata, ValidationError, type CreationOptional } from '@strata/core';
import { describeEachDialect } from '../../../../test-support/dialects';

// Sequelize v6's data type names, variants and arguments (lib/data-types.js): each accepted,
// stored, and read back the same on every dialect.

class Sample extends Model {
  declare id: CreationOptional<number>;
  declare tiny: number | null;
  declare tinyUnsigned: number | null;
  declare medium: number | null;
  declare smallUnsigned: number | null;
  declare intUnsigned: number | null;
  declare intWidth: number | null;
  declare zerofilled: number | null;
  declare amount: string | null;
  declare price: string | null;
  declare ratio: number | null;
  declare score: number | null;
  declare body: string | null;
  declare at: Date | null;
  declare code: string | null;
  declare ticket: CreationOptional<string>;
}

describeEachDialect('DataTypes: Sequelize names, variants and arguments', (ctx) => {
  let db: Strata;

  beforeAll(async () => {
    db = ctx.connect();
    Sample.init(
      {
        tiny: DataTypes.TINYINT,
        tinyUnsigned: DataTypes.TINYINT.UNSIGNED,
        medium: DataTypes.MEDIUMINT,
        smallUnsigned: DataTypes.SMALLINT.UNSIGNED,
        intUnsigned: DataTypes.INTEGER.UNSIGNED,
        intWidth: DataTypes.INTEGER(11),
        zerofilled: DataTypes.INTEGER(5).ZEROFILL,
        amount: DataTypes.DECIMAL,
        price: DataTypes.NUMERIC(10, 2),
        ratio: DataTypes.FLOAT(11, 10),
        score: DataTypes.NUMBER,
        body: DataTypes.TEXT('long'),
        at: DataTypes.DATE(6),
        code: DataTypes.STRING(10).BINARY,
        ticket: { type: DataTypes.UUID, defaultValue: DataTypes.UUIDV1 },
      },
      { strata: db, tableName: 'samples', timestamps: false },
    );
    await db.sync({ force: true });
  });

  beforeEach(async () => {
    await Sample.destroy({ all: true });
  });

  it('writes each value within its range and reads it back as the same JS value', async () => {
    const at = new Date('2026-01-02T03:04:05.678Z');
    const created = await Sample.create({
      tiny: -128,
      tinyUnsigned: 255,
      medium: 8388607,
      smallUnsigned: 65535,
      intUnsigned: 4294967295,
      intWidth: 42,
      zerofilled: 7,
      amount: '10.5',
      price: '1.5',
      ratio: 0.1234567891,
      score: 2.5,
      body: 'x'.repeat(70000),
      at,
      code: 'AbC',
    });
    const row = await Sample.findByPk(created.id);
    expect(row?.get({ plain: true })).toMatchObject({
      tiny: -128,
      tinyUnsigned: 255,
      medium: 8388607,
      smallUnsigned: 65535,
      intUnsigned: 4294967295,
      intWidth: 42,
      zerofilled: 7,
      amount: '10.5',
      price: '1.50',
      ratio: 0.1234567891,
      score: 2.5,
      at,
      code: 'AbC',
    });
    expect(row?.body).toHaveLength(70000);
    expect(row?.ticket).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('keeps a bare DECIMAL unbounded (NUMERIC on PostgreSQL): 10.5 is not rounded, long values keep every digit', async () => {
    for (const amount of ['10.5', '-0.001', '123456789012345678901234567890.123456789', '42']) {
      const row = await Sample.create({ amount });
      expect((await Sample.findByPk(row.id))?.amount).toBe(amount);
    }
    const written = await Sample.create({ amount: 3.25 as unknown as string });
    expect((await Sample.findByPk(written.id))?.amount).toBe('3.25');
    expect((await Sample.findByPk(written.id))?.get('amount')).toBe('3.25');
    const columns = await db.getQueryInterface().describeTable('samples');
    const expected = { postgres: /^NUMERIC$/i, mysql: /^DECIMAL\(65,\s?30\)$/i, sqlite: /^DECIMAL_TEXT$/i };
    expect(columns.amount.type).toMatch(expected[ctx.dialect]);
  });

  it('refuses values outside a type range the same way on every dialect, and writes nothing', async () => {
    const cases: Array<[string, unknown, RegExp]> = [
      ['tiny', 128, /outside the TINYINT range -128..127/],
      ['tinyUnsigned', -1, /outside the TINYINT UNSIGNED range 0..255/],
      ['tinyUnsigned', 256, /outside the TINYINT UNSIGNED range 0..255/],
      ['medium', 8388608, /outside the MEDIUMINT range/],
      ['intUnsigned', -5, /outside the INTEGER UNSIGNED range 0..4294967295/],
      ['zerofilled', -1, /outside the INTEGER\(5\) UNSIGNED ZEROFILL range/],
      ['amount', '1.0000000000000000000000000000001', /an unbounded DECIMAL holds DECIMAL\(65, 30\)/],
      ['price', '1.234', /more than 2 decimal places/],
    ];
    for (const [attribute, value, message] of cases) {
      const attempt = Sample.create({ [attribute]: value } as never);
      await expect(attempt).rejects.toThrow(ValidationError);
      await expect(Sample.create({ [attribute]: value } as never)).rejects.toThrow(message);
    }
    expect(await Sample.count()).toBe(0);
  });

  it('STRING(n).BINARY compares byte for byte: a differently cased value does not match', async () => {
    await Sample.create({ code: 'AbC' });
    expect(await Sample.count({ where: { code: 'abc' } })).toBe(0);
    expect(await Sample.count({ where: { code: 'AbC' } })).toBe(1);
  });

  it('writes UNSIGNED and ZEROFILL into the MySQL column, and the widest-fitting column elsewhere', async () => {
    const columns = await db.getQueryInterface().describeTable('samples');
    if (ctx.dialect === 'mysql') {
      expect(columns.tinyUnsigned.type).toMatch(/^TINYINT(\(\d+\))? UNSIGNED$/i);
      expect(columns.intUnsigned.type).toMatch(/^INT(\(\d+\))? UNSIGNED$/i);
      expect(columns.zerofilled.type).toMatch(/^INT(\(\d+\))? UNSIGNED ZEROFILL$/i);
      expect(columns.medium.type).toMatch(/^MEDIUMINT/i);
    }
    if (ctx.dialect === 'postgres') {
      expect(columns.tiny.type).toMatch(/^SMALLINT$/i);
      expect(columns.smallUnsigned.type).toMatch(/^INTEGER$/i);
      expect(columns.intUnsigned.type).toMatch(/^BIGINT$/i);
    }
  });
});

describe('DataTypes: Sequelize forms', () => {
  it('prints types as they are written, variants included', () => {
    expect(String(DataTypes.INTEGER(11).UNSIGNED.ZEROFILL)).toBe('INTEGER(11) UNSIGNED ZEROFILL');
    expect(String(DataTypes.INTEGER.UNSIGNED)).toBe('INTEGER UNSIGNED');
    expect(String(DataTypes.STRING(10).BINARY)).toBe('STRING(10) BINARY');
    expect(String(DataTypes.STRING.BINARY)).toBe('STRING(255) BINARY');
    expect(String(DataTypes.TEXT('long'))).toBe("TEXT('long')");
    expect(String(DataTypes.DATE(6))).toBe('DATE(6)');
    expect(String(DataTypes.FLOAT(11, 10))).toBe('FLOAT(11, 10)');
    expect(String(DataTypes.DECIMAL())).toBe('DECIMAL');
    expect(String(DataTypes.DECIMAL(10))).toBe('DECIMAL(10, 0)');
    expect(String(DataTypes.NUMERIC(10, 2))).toBe('DECIMAL(10, 2)');
    expect(DataTypes.NUMBER().key).toBe('DOUBLE');
  });

  it('takes `new DataTypes.X(...)` as the Sequelize docs write it, with the same result as a call', () => {
    expect(String(new DataTypes.STRING(128))).toBe(String(DataTypes.STRING(128)));
    expect(new DataTypes.ENUM('a', 'b').values).toEqual(['a', 'b']);
    expect(String(new DataTypes.DECIMAL(10, 2).UNSIGNED)).toBe('DECIMAL(10, 2) UNSIGNED');
  });

  it('refuses ABSTRACT as a column type and unknown TEXT sizes, naming what there is', () => {
    class Bad extends Model {}
    const db = new Strata({ dialect: 'sqlite', storage: ':memory:' });
    expect(() => Bad.init({ x: DataTypes.ABSTRACT }, { strata: db })).toThrow(/ABSTRACT is not a column type/);
    expect(() => DataTypes.TEXT('huge' as never)).toThrow(/the size is 'tiny', 'medium' or 'long'/);
    return db.close();
  });
});
