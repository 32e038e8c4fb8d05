import { describeType, toValidatorString } from '../../src/validators/coerce';
import { errorsFor } from '../support';

describe('toValidatorString', () => {
  it.each<[unknown, string]>([
    ['abc', 'abc'],
    ['', ''],
    [12, '12'],
    [-1.5, '-1.5'],
    [10n, '10'],
    [true, 'true'],
    [false, 'false'],
    [new Date('2020-01-02T03:04:05.000Z'), '2020-01-02T03:04:05.000Z'],
  ])('%p -> %p', (value, expected) => {
    expect(toValidatorString(value)).toBe(expected);
  });

  it.each<[string, unknown]>([
    ['an array', ['a', 'b']],
    ['a plain object', { a: 1 }],
    ['an object with a custom toString', { toString: () => 'abc' }],
    ['a Buffer', Buffer.from('abc')],
    ['a symbol', Symbol('abc')],
    ['a function', () => 'abc'],
    ['an invalid Date', new Date('nope')],
  ])('has no text form for %s', (_label, value) => {
    expect(toValidatorString(value)).toBeUndefined();
  });

  it('describes types for messages', () => {
    expect([null, [], /a/, new Date(), {}, 'a'].map(describeType)).toEqual([
      'null',
      'array',
      'RegExp',
      'Date',
      'object',
      'string',
    ]);
  });
});

describe('values of the wrong type fail instead of being stringified', () => {
  it('an array fails isIn even when its text form is in the list', async () => {
    // Sequelize: String(['foo']) === 'foo', which passes.
    expect(await errorsFor({ isIn: [['foo', 'bar']] }, ['foo'])).toHaveLength(1);
    expect(await errorsFor({ notIn: [['foo']] }, ['bar'])).toHaveLength(1);
  });

  it('an object with a custom toString fails', async () => {
    const sneaky = { toString: () => 'foo' };
    expect(await errorsFor({ equals: 'foo' }, sneaky)).toHaveLength(1);
    expect(await errorsFor({ is: /^foo$/ }, sneaky)).toHaveLength(1);
    expect(await errorsFor({ len: [1, 10] }, sneaky)).toHaveLength(1);
    expect(await errorsFor({ contains: 'f' }, sneaky)).toHaveLength(1);
    expect(await errorsFor({ notContains: 'x' }, sneaky)).toHaveLength(1);
    expect(await errorsFor({ not: /x/ }, sneaky)).toHaveLength(1);
  });

  it('an array fails len and notEmpty', async () => {
    expect(await errorsFor({ len: [2, 10] }, ['abc', 'def'])).toHaveLength(1);
    expect(await errorsFor({ notEmpty: true }, ['x'])).toHaveLength(1);
  });

  it('objects fail max, min and the date checks', async () => {
    expect(await errorsFor({ max: 10 }, { valueOf: () => 1 })).toHaveLength(1);
    expect(await errorsFor({ min: 0 }, [5])).toHaveLength(1);
    expect(await errorsFor({ isDate: true }, { toString: () => '2011-11-05' })).toHaveLength(1);
    expect(await errorsFor({ isAfter: '2000-01-01' }, 1700000000000)).toHaveLength(1);
  });

  it('numbers, bigints, booleans and Dates are stringified', async () => {
    expect(await errorsFor({ isInt: true }, 42)).toEqual([]);
    expect(await errorsFor({ len: [2, 2] }, 42)).toEqual([]);
    expect(await errorsFor({ isNumeric: true }, 10n)).toEqual([]);
    expect(await errorsFor({ isIn: [['true', 'false']] }, true)).toEqual([]);
    expect(await errorsFor({ is: /^2020-01-02T/ }, new Date('2020-01-02T03:04:05Z'))).toEqual([]);
  });
});
