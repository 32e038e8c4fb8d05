import { builtInValidators } from '../../src';
import { errorsFor } from '../support';

interface Case {
  spec: unknown;
  valid: unknown[];
  invalid: unknown[];
  /** notNull can only be declared with allowNull: false. */
  allowNull?: boolean;
}

const V4_UUID = '0b4e7e8c-3c1a-4f3e-9d6a-2f1b5c3a4d5e';
const V1_UUID = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';
const withToString = { toString: () => 'foo@bar.com' };

// One entry per row of Sequelize's documented list; the coverage test below keeps this in
// step with builtInValidators.
const cases: Record<string, Case> = {
  is: { spec: /^[a-z]+$/i, valid: ['abc', 'ABC'], invalid: ['ab1', '', 12] },
  not: { spec: /^[0-9]+$/, valid: ['abc', 'a1'], invalid: ['123', 123] },
  isEmail: { spec: true, valid: ['foo@bar.com'], invalid: ['foo', 'foo@', withToString, ['foo@bar.com']] },
  isUrl: { spec: true, valid: ['http://foo.com', 'https://foo.com/a?b=1'], invalid: ['foo', 'http://'] },
  isIP: { spec: true, valid: ['129.89.23.1', '::1'], invalid: ['999.1.1.1', 'abc'] },
  isIPv4: { spec: true, valid: ['129.89.23.1'], invalid: ['::1', '1.2.3'] },
  isIPv6: { spec: true, valid: ['2001:db8::1', '::1'], invalid: ['129.89.23.1'] },
  isAlpha: { spec: true, valid: ['abc', 'ABC'], invalid: ['abc1', '_abc', 'a b'] },
  isAlphanumeric: { spec: true, valid: ['abc123'], invalid: ['_abc', 'a b'] },
  isNumeric: { spec: true, valid: ['123', '-12.5', 42], invalid: ['12a', '', 'abc'] },
  isInt: { spec: true, valid: ['12', '-3', 7, 9007199254740993n], invalid: ['1.5', 'abc', 1.5] },
  isFloat: { spec: true, valid: ['1.5', '3', 2.25], invalid: ['abc', '1.2.3'] },
  isDecimal: {
    spec: true,
    valid: ['1', '-1.5', '+2', '1e5', '.5', '1.', 0.25],
    invalid: ['abc', '.', '1e', '', '1,5'],
  },
  isLowercase: { spec: true, valid: ['abc', 'abc1'], invalid: ['Abc'] },
  isUppercase: { spec: true, valid: ['ABC', 'ABC1'], invalid: ['aBC'] },
  notNull: { spec: true, valid: ['x', 0, ''], invalid: [], allowNull: false },
  isNull: { spec: true, valid: [null, undefined], invalid: ['', 'x', 0] },
  notEmpty: { spec: true, valid: ['a', ' a '], invalid: ['', '   ', '\n\t'] },
  equals: { spec: 'specific value', valid: ['specific value'], invalid: ['Specific value', 'specific value '] },
  contains: { spec: 'foo', valid: ['foo', 'xfoox'], invalid: ['fo', 'FOO'] },
  notIn: { spec: [['foo', 'bar']], valid: ['baz', 'fo'], invalid: ['foo', 'bar'] },
  isIn: { spec: [['foo', 'bar']], valid: ['foo', 'bar'], invalid: ['baz', 'fo', 'foo,bar', ['foo']] },
  notContains: { spec: 'bar', valid: ['foo'], invalid: ['foobar', 'bar'] },
  len: { spec: [2, 10], valid: ['ab', 'abcdefghij', '😀😀'], invalid: ['a', '😀', 'abcdefghijk'] },
  isUUID: { spec: 4, valid: [V4_UUID], invalid: [V1_UUID, 'not-a-uuid'] },
  isDate: {
    spec: true,
    valid: ['2011-11-05', '2011-11-05T10:00:00Z', '2011-11-05 10:00:00', 'Nov 5 2011', '11/05/2011', new Date()],
    invalid: ['foo', '2011-02-30', '5', 'hello 2', 12345, new Date('nope')],
  },
  isAfter: {
    spec: '2011-11-05',
    valid: ['2011-11-06', new Date('2020-01-01')],
    invalid: ['2011-11-04', '2011-11-05', 'foo'],
  },
  isBefore: {
    spec: '2011-11-05',
    valid: ['2011-11-04', new Date('2000-01-01')],
    invalid: ['2011-11-06', '2011-11-05', 'foo'],
  },
  max: { spec: 23, valid: [23, 22.5, '22', -5, 23n], invalid: [24, '24', 23.01, 24n, 'abc', ''] },
  min: { spec: 23, valid: [23, '100', 100n, ' 30 '], invalid: [22, '22', 'abc', '', 22n] },
  isCreditCard: {
    spec: true,
    valid: ['4111111111111111', '5500 0000 0000 0004'],
    invalid: ['4111111111111112', 'abc'],
  },
};

describe('built-in validators', () => {
  it('covers every row of builtInValidators, and nothing else', () => {
    expect(Object.keys(cases).sort()).toEqual(builtInValidators.map((v) => v.name).sort());
  });

  describe.each(Object.entries(cases))('%s', (name, { spec, valid, invalid, allowNull }) => {
    const options = { allowNull: allowNull ?? true };

    it.each(valid.map((value) => [value]))('accepts %p', async (value) => {
      expect(await errorsFor({ [name]: spec }, value, options)).toEqual([]);
    });

    if (invalid.length > 0) {
      it.each(invalid.map((value) => [value]))('rejects %p with the default message', async (value) => {
        const errors = await errorsFor({ [name]: spec }, value, options);
        expect(errors).toHaveLength(1);
        expect(errors[0]).toMatchObject({
          type: 'Validation error',
          path: 'field',
          validatorKey: name,
          validatorName: name,
          message: `Validation ${name} on field failed`,
        });
        expect(errors[0]!.value).toBe(value);
      });

      it('rejects with a custom message', async () => {
        const withMsg = spec === true ? { msg: `bad ${name}` } : { args: spec, msg: `bad ${name}` };
        const errors = await errorsFor({ [name]: withMsg }, invalid[0], options);
        expect(errors.map((e) => e.message)).toEqual([`bad ${name}`]);
        expect(errors[0]!.validatorKey).toBe(name);
      });
    }
  });

  describe('notNull', () => {
    it('carries the message of the notNull violation', async () => {
      const errors = await errorsFor({ notNull: { msg: 'Please enter your name' } }, null, { allowNull: false });
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({
        type: 'notNull violation',
        validatorKey: 'notNull',
        message: 'Please enter your name',
      });
    });
  });

  describe('validator arguments', () => {
    it('reports the arguments a built-in ran with', async () => {
      const [error] = await errorsFor({ len: [2, 10] }, 'a');
      expect(error!.validatorArgs).toEqual([2, 10]);
    });

    it('is and not build the RegExp from [pattern, flags]', async () => {
      expect(await errorsFor({ is: ['^[a-z]+$', 'i'] }, 'ABC')).toEqual([]);
      expect(await errorsFor({ not: ['^[a-z]+$', 'i'] }, 'ABC')).toHaveLength(1);
      expect(await errorsFor({ is: '^[a-z]+$' }, 'ABC')).toHaveLength(1);
    });

    it('a /g RegExp gives the same answer every time', async () => {
      const validate = { is: /^a/g };
      for (let i = 0; i < 3; i++) expect(await errorsFor(validate, 'abc')).toEqual([]);
    });

    it('isIP restricts to one version', async () => {
      expect(await errorsFor({ isIP: 4 }, '129.89.23.1')).toEqual([]);
      expect(await errorsFor({ isIP: 4 }, '::1')).toHaveLength(1);
      expect(await errorsFor({ isIP: 6 }, '::1')).toEqual([]);
      expect(await errorsFor({ isIP: { args: 6, msg: 'IPv6 only' } }, '129.89.23.1')).toMatchObject([
        { message: 'IPv6 only' },
      ]);
    });

    it('isUUID without a version accepts any version', async () => {
      expect(await errorsFor({ isUUID: true }, V1_UUID)).toEqual([]);
      expect(await errorsFor({ isUUID: 'all' }, V4_UUID)).toEqual([]);
      expect(await errorsFor({ isUUID: 1 }, V1_UUID)).toEqual([]);
    });

    it('isAlpha and isAlphanumeric take a locale', async () => {
      expect(await errorsFor({ isAlpha: 'de-DE' }, 'Straße')).toEqual([]);
      expect(await errorsFor({ isAlpha: true }, 'Straße')).toHaveLength(1);
      expect(await errorsFor({ isAlpha: ['en-US', { ignore: ' -' }] }, 'Jean-Luc Picard')).toEqual([]);
      expect(await errorsFor({ isAlphanumeric: 'de-DE' }, 'Straße1')).toEqual([]);
    });

    it('validator.js options objects pass through', async () => {
      expect(await errorsFor({ isInt: { min: 0, max: 10 } }, '11')).toHaveLength(1);
      expect(await errorsFor({ isInt: { args: { min: 0 }, msg: 'Must be positive' } }, '-1')).toMatchObject([
        { message: 'Must be positive' },
      ]);
      expect(await errorsFor({ isUrl: { require_tld: false } }, 'http://localhost:3000')).toEqual([]);
      expect(await errorsFor({ isUrl: true }, 'http://localhost:3000')).toHaveLength(1);
      expect(await errorsFor({ isEmail: { allow_display_name: true } }, 'Foo <foo@bar.com>')).toEqual([]);
      expect(await errorsFor({ isCreditCard: { provider: 'visa' } }, '5500000000000004')).toHaveLength(1);
      expect(await errorsFor({ contains: ['FOO', { ignoreCase: true }] }, 'xfoox')).toEqual([]);
    });

    it('len with one number is a minimum', async () => {
      expect(await errorsFor({ len: 3 }, 'abcdefghijklmnop')).toEqual([]);
      expect(await errorsFor({ len: 3 }, 'ab')).toHaveLength(1);
    });

    it('isAfter and isBefore compare with now when given true', async () => {
      const past = new Date(Date.now() - 60_000);
      const future = new Date(Date.now() + 60_000);
      expect(await errorsFor({ isAfter: true }, future)).toEqual([]);
      expect(await errorsFor({ isAfter: true }, past)).toHaveLength(1);
      expect(await errorsFor({ isBefore: true }, past)).toEqual([]);
      expect(await errorsFor({ isBefore: new Date('2000-01-01') }, '1999-12-31')).toEqual([]);
    });

    it('max and min compare bigints exactly', async () => {
      const big = 2n ** 63n;
      expect(await errorsFor({ max: big }, big)).toEqual([]);
      expect(await errorsFor({ max: big }, big + 1n)).toHaveLength(1);
      expect(await errorsFor({ min: 9007199254740993n }, 9007199254740992n)).toHaveLength(1);
    });

    it('equals, isIn and notIn compare numbers, booleans and Dates by their text form', async () => {
      expect(await errorsFor({ equals: 5 }, 5)).toEqual([]);
      expect(await errorsFor({ equals: 5 }, '5')).toEqual([]);
      expect(await errorsFor({ equals: 'true' }, true)).toEqual([]);
      expect(await errorsFor({ isIn: [[1, 2, 3]] }, 2)).toEqual([]);
      expect(await errorsFor({ isIn: [[1, 2, 3]] }, 4)).toHaveLength(1);
      expect(await errorsFor({ isIn: [[10n]] }, 10n)).toEqual([]);
      expect(await errorsFor({ notIn: [[false]] }, false)).toHaveLength(1);
      const date = new Date('2020-01-02T03:04:05.000Z');
      expect(await errorsFor({ isIn: [[date]] }, '2020-01-02T03:04:05.000Z')).toEqual([]);
    });
  });
});
