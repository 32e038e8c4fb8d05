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

type Bound<T> = { value: T | null; inclusive: boolean };
type Range<T> = [] | [Bound<T>, Bound<T>] | [T | null, T | null];

class Booking extends Model {
  declare id: CreationOptional<number>;
  declare seats: CreationOptional<Range<number> | null>;
  declare ids: CreationOptional<Range<string> | null>;
  declare prices: CreationOptional<Range<string> | null>;
  declare during: CreationOptional<Range<Date> | null>;
  declare days: CreationOptional<Range<string> | null>;
}

const attributes = {
  seats: DataTypes.RANGE(DataTypes.INTEGER),
  ids: DataTypes.RANGE(DataTypes.BIGINT),
  prices: DataTypes.RANGE(DataTypes.DECIMAL),
  during: DataTypes.RANGE(DataTypes.DATE),
  days: DataTypes.RANGE(DataTypes.DATEONLY),
};

const incl = <T>(value: T | null, inclusive: boolean): Bound<T> => ({ value, inclusive });

describeEachDialect('RANGE(type)', (ctx) => {
  let db: Strata;
  beforeAll(() => {
    db = ctx.connect();
  });

  it('takes only the subtypes PostgreSQL has a range of', () => {
    expect(() => DataTypes.RANGE(DataTypes.STRING)).toThrow(
      "DataTypes.RANGE(STRING(255)): a range's subtype is one of INTEGER, BIGINT, DECIMAL, DATE, DATEONLY",
    );
    expect(String(DataTypes.RANGE(DataTypes.DATEONLY))).toBe('RANGE(DATEONLY)');
    expect(String(DataTypes.RANGE())).toBe('RANGE(INTEGER)');
  });

  if (ctx.dialect !== 'postgres') {
    it('is refused when the model is defined, naming the model, attribute and dialect', () => {
      const dialectName = ctx.dialect === 'sqlite' ? 'SQLite' : 'MySQL';
      expect(() => Booking.init(attributes, { strata: db })).toThrow(ModelDefinitionError);
      expect(() => Booking.init(attributes, { strata: db })).toThrow(
        `Booking.seats: RANGE columns exist only on PostgreSQL; ${dialectName} has no RANGE type`,
      );
    });
    return;
  }

  beforeAll(async () => {
    Booking.init(attributes, { strata: db, timestamps: false });
    await Booking.sync({ force: true });
  });

  const roundTrip = async (values: Partial<Record<keyof typeof attributes, unknown>>): Promise<Booking | null> => {
    const created = await Booking.create(values as never);
    return Booking.findByPk(created.id);
  };

  it('sync creates int4range, int8range, numrange, tstzrange and daterange columns the diff sees as unchanged', async () => {
    const columns = await db.getQueryInterface().describeTable('Bookings');
    expect(Object.fromEntries(Object.entries(columns).map(([name, column]) => [name, column.type]))).toMatchObject({
      seats: expect.stringMatching(/^int4range$/i),
      ids: expect.stringMatching(/^int8range$/i),
      prices: expect.stringMatching(/^numrange$/i),
      during: expect.stringMatching(/^tstzrange$/i),
      days: expect.stringMatching(/^daterange$/i),
    });
    expect((await diffModels(db)).map(describeChange)).toEqual([]);
  });

  it('round-trips each subtype with Sequelize bounds: plain values are [lower, upper)', async () => {
    const found = await roundTrip({
      seats: [1, 10],
      ids: ['-9223372036854775808', 9223372036854775807n],
      prices: [
        { value: '-0.5', inclusive: false },
        { value: 12.25, inclusive: true },
      ],
      during: [new Date('2024-01-01T00:00:00.123Z'), '2024-06-30T23:59:59.999+02:00'],
      days: ['2024-02-28', '2024-03-01'],
    });
    expect(found?.get({ plain: true })).toEqual({
      id: found?.id,
      seats: [incl(1, true), incl(10, false)],
      ids: [incl('-9223372036854775808', true), incl('9223372036854775807', false)],
      prices: [incl('-0.5', false), incl('12.25', true)],
      during: [incl(new Date('2024-01-01T00:00:00.123Z'), true), incl(new Date('2024-06-30T21:59:59.999Z'), false)],
      days: [incl('2024-02-28', true), incl('2024-03-01', false)],
    });
  });

  it('reads discrete ranges back in PostgreSQL canonical form', async () => {
    const found = await roundTrip({
      seats: [incl(1, false), incl(10, true)],
      days: [incl('2024-02-28', true), incl('2024-02-29', true)],
    });
    expect(found?.seats).toEqual([incl(2, true), incl(11, false)]);
    expect(found?.days).toEqual([incl('2024-02-28', true), incl('2024-03-01', false)]);
  });

  it('round-trips empty ranges, unbounded sides and infinite bounds', async () => {
    const found = await roundTrip({
      seats: [],
      ids: [null, 5],
      prices: [-Infinity, null],
      during: [new Date('2000-01-01T00:00:00.000Z'), Infinity],
      days: [-Infinity, Infinity],
    });
    expect(found?.get({ plain: true })).toEqual({
      id: found?.id,
      seats: [],
      ids: [incl(null, false), incl('5', false)],
      prices: [incl(-Infinity, false), incl(null, false)],
      during: [incl(new Date('2000-01-01T00:00:00.000Z'), true), incl(Infinity, false)],
      days: [incl(-Infinity, false), incl(Infinity, false)],
    });
    // A range whose bounds leave nothing between them is PostgreSQL's empty range.
    expect((await roundTrip({ seats: [5, 5] }))?.seats).toEqual([]);
    expect((await roundTrip({ seats: [null, null] }))?.seats).toEqual([incl(null, false), incl(null, false)]);
  });

  it('refuses malformed ranges before any SQL, naming the model and attribute', async () => {
    const before = await Booking.count();
    await expect(Booking.create({ seats: [1, 'x'] } as never)).rejects.toBeInstanceOf(ValidationError);
    await expect(Booking.create({ seats: [1, 'x'] } as never)).rejects.toThrow(
      /Booking\.seats: range upper bound: expected number/,
    );
    await expect(Booking.create({ seats: [1, 2, 3] } as never)).rejects.toThrow(/Booking\.seats: expected range/);
    await expect(Booking.create({ seats: 5 } as never)).rejects.toThrow(/Booking\.seats: expected range/);
    await expect(Booking.create({ seats: [0, Infinity] } as never)).rejects.toThrow(
      /Booking\.seats: range upper bound: INTEGER has no infinity; use null/,
    );
    await expect(Booking.create({ seats: [{ inclusive: true }, 3] } as never)).rejects.toThrow(
      /Booking\.seats: range lower bound: an object bound is \{ value, inclusive \}/,
    );
    await expect(Booking.create({ seats: [{ value: 1, inclusive: 'yes' }, 3] } as never)).rejects.toThrow(
      /Booking\.seats: range lower bound: inclusive is true or false/,
    );
    await expect(Booking.create({ days: ['2024-02-30', null] } as never)).rejects.toThrow(
      /Booking\.days: range lower bound: .*is not a calendar date/,
    );
    await expect(Booking.create({ seats: [10, 1] } as never)).rejects.toThrow(
      /Booking\.seats: range lower bound 10 is above the upper bound 1/,
    );
    await expect(Booking.create({ ids: ['9223372036854775807', '-1'] } as never)).rejects.toThrow(
      /Booking\.ids: range lower bound 9223372036854775807 is above the upper bound -1/,
    );
    await expect(Booking.create({ prices: ['10.5', '9.99'] } as never)).rejects.toThrow(
      /Booking\.prices: range lower bound/,
    );
    await expect(Booking.create({ days: ['2024-03-01', '2024-02-28'] } as never)).rejects.toThrow(
      /Booking\.days: range lower bound/,
    );
    await expect(Booking.create({ days: [Infinity, '2024-02-28'] } as never)).rejects.toThrow(
      /Booking\.days: range lower bound/,
    );
    await expect(
      Booking.create({ during: ['2024-01-02T00:00:00Z', '2024-01-01T23:59:59.999Z'] } as never),
    ).rejects.toThrow(/Booking\.during: range lower bound/);
    expect(await Booking.count()).toBe(before);
  });

  it('filters with Op.contains (an element or a range) and Op.overlap on a range column', async () => {
    await Booking.destroy({ where: {}, all: true } as never);
    await Booking.bulkCreate([
      { seats: [1, 10], days: ['2024-01-01', '2024-01-10'] },
      { seats: [20, null], days: ['2024-01-05', Infinity] },
      { seats: [], days: [] },
    ] as never);
    const seatsOf = (rows: Booking[]): unknown[] =>
      rows.map((row) => row.seats).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    expect(seatsOf(await Booking.findAll({ where: { seats: { [Op.contains]: 5 } } as never }))).toEqual([
      [incl(1, true), incl(10, false)],
    ]);
    expect(seatsOf(await Booking.findAll({ where: { seats: { [Op.contains]: 10 } } as never }))).toEqual([]);
    expect(seatsOf(await Booking.findAll({ where: { seats: { [Op.contains]: [25, 1000] } } as never }))).toEqual([
      [incl(20, true), incl(null, false)],
    ]);
    // Every range contains the empty range.
    expect(await Booking.count({ where: { seats: { [Op.contains]: [] } } as never })).toBe(3);
    expect(await Booking.count({ where: { days: { [Op.overlap]: ['2024-01-09', '2024-01-20'] } } as never })).toBe(2);
    expect(await Booking.count({ where: { days: { [Op.overlap]: ['2023-01-01', '2024-01-01'] } } as never })).toBe(0);
    expect(await Booking.count({ where: { days: { [Op.contains]: '2030-01-01' } } as never })).toBe(1);
    await expect(Booking.findAll({ where: { seats: { [Op.contains]: 'x' } } as never })).rejects.toThrow(
      /where\.seats: expected number/,
    );
  });

  it('where: { attr: range } compares ranges (not IN), with bounds, empty and infinite ranges', async () => {
    await Booking.destroy({ where: {}, all: true } as never);
    await Booking.bulkCreate([
      { seats: [1, 10], days: ['2024-01-01', Infinity] },
      { seats: [incl(1, true), incl(10, true)], days: [] },
      { seats: [], days: [-Infinity, '2024-01-01'] },
    ] as never);
    const count = (where: object): Promise<number> => Booking.count({ where: where as never });
    expect(await count({ seats: [1, 10] })).toBe(1);
    // [1,10] on an integer range is [1,11) in canonical form: equal ranges, however written.
    expect(await count({ seats: [incl(1, true), incl(11, false)] })).toBe(1);
    expect(await count({ seats: [incl(0, false), incl(10, true)] })).toBe(1);
    expect(await count({ seats: [] })).toBe(1);
    expect(await count({ seats: [5, 5] })).toBe(1);
    expect(await count({ days: ['2024-01-01', Infinity] })).toBe(1);
    expect(await count({ days: [-Infinity, '2024-01-01'] })).toBe(1);
    expect(await count({ days: [-Infinity, null] })).toBe(0);
    expect(await count({ seats: { [Op.ne]: [1, 10] } })).toBe(2);
    await expect(count({ seats: [1, 'x'] })).rejects.toThrow(/where\.seats: range upper bound: expected number/);
  });
});
