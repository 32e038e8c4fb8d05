import { builtInValidators, checkValidatorSpecs, validateRecord, type AttributeValidators } from '../../src';

function check(validate: AttributeValidators, allowNull = true): void {
  checkValidatorSpecs('User', [{ name: 'field', allowNull, validate }]);
}

describe('checkValidatorSpecs', () => {
  it('accepts every documented example', () => {
    expect(() =>
      check({
        is: /^[a-z]+$/i,
        not: ['^[a-z]+$', 'i'],
        isEmail: true,
        isUrl: true,
        isIP: true,
        isIPv4: true,
        isIPv6: true,
        isAlpha: true,
        isAlphanumeric: true,
        isNumeric: true,
        isInt: true,
        isFloat: true,
        isDecimal: true,
        isLowercase: true,
        isUppercase: true,
        isNull: true,
        notEmpty: true,
        equals: 'specific value',
        contains: 'foo',
        notIn: [['foo', 'bar']],
        isIn: [['foo', 'bar']],
        notContains: 'bar',
        len: [2, 10],
        isUUID: 4,
        isDate: true,
        isAfter: '2011-11-05',
        isBefore: '2011-11-05',
        max: 23,
        min: 23,
        isCreditCard: true,
        isEven(value: unknown) {
          if (Number(value) % 2 !== 0) throw new Error('Only even values are allowed!');
        },
      }),
    ).not.toThrow();
    expect(() => check({ notNull: { msg: 'Please enter your name' } }, false)).not.toThrow();
  });

  it('accepts the example of every builtInValidators row', () => {
    for (const { name, example } of builtInValidators) {
      // `name: <spec>  or  name: <spec>`: evaluate the first form.
      const first = example.split('  or  ')[0]!;
      const validate = new Function(`return { ${first} };`)() as AttributeValidators;
      expect(Object.keys(validate)).toEqual([name]);
      expect(() => check(validate, name !== 'notNull')).not.toThrow();
    }
  });

  it('names Model.attribute and the unknown key, suggests the closest name and lists the valid ones', () => {
    expect(() => check({ isEmial: true })).toThrow(TypeError);
    expect(() => check({ isEmial: true })).toThrow(
      /^Unknown validator "isEmial" on User\.field\. Did you mean "isEmail"\?/,
    );
    expect(() => check({ isURL: true })).toThrow(/Did you mean "isUrl"\?/);
    let message = '';
    try {
      check({ somethingElse: true });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).not.toMatch(/Did you mean/);
    for (const { name } of builtInValidators) expect(message).toContain(name);
    expect(message).toMatch(/custom validator must be a function/);
  });

  it.each<[string, AttributeValidators, RegExp]>([
    ['len with a string', { len: 'abc' }, /len needs \[min, max\]/],
    ['len with max below min', { len: [10, 2] }, /max \(2\) is below min \(10\)/],
    ['isIn without the extra brackets', { isIn: ['a', 'b'] }, /isIn: \[\['a', 'b'\]\] \(got 2 separate arguments/],
    ['isIn with a string', { isIn: 'abc' }, /isIn needs one array of values/],
    [
      'notIn with objects in the list',
      { notIn: [[{ a: 1 }]] },
      /values must be strings, numbers, bigints, booleans or Dates, got a object/,
    ],
    ['isIP with version 5', { isIP: 5 }, /isIP takes an IP version, 4 or 6/],
    ['isUUID with version 9', { isUUID: 9 }, /isUUID takes a version/],
    ['isAlpha with an unknown locale', { isAlpha: 'xx-XX' }, /unknown locale "xx-XX"; valid locales: en-US/],
    [
      'isCreditCard with an unknown provider',
      { isCreditCard: { provider: 'foo' } },
      /foo is not a valid credit card provider/,
    ],
    ['is with flags after a RegExp', { is: [/a/, 'i'] }, /flags can only follow a pattern string/],
    ['is with an invalid pattern', { is: '(' }, /Invalid regular expression/],
    ['is without a pattern', { is: true }, /is needs a RegExp/],
    ['equals with an object', { equals: { a: 1 } }, /equals needs one value/],
    ['contains with an empty string', { contains: '' }, /non-empty substring/],
    ['max with a word', { max: 'abc' }, /max needs one number/],
    ['min without an argument', { min: true }, /min needs one number/],
    ['isAfter with a non-date', { isAfter: 'tomorrow-ish' }, /isAfter needs a date string or Date/],
    ['isEmail with two arguments', { isEmail: [{}, {}] }, /isEmail takes at most one validator.js options object/],
    ['isIPv4 with an argument', { isIPv4: 4 }, /isIPv4 takes no argument/],
    ['isDate with an argument', { isDate: { args: 'x', msg: 'y' } }, /isDate takes no argument/],
    ['a non-string msg', { isInt: { msg: 1 } }, /msg must be a string/],
    ['null', { isInt: null }, /use false to turn a validator off/],
  ])('rejects %s', (_label, validate, message) => {
    expect(() => check(validate)).toThrow(TypeError);
    expect(() => check(validate)).toThrow(message);
    expect(() => check(validate)).toThrow(/on User\.field: /);
  });

  it('rejects notNull without allowNull: false', () => {
    expect(() => check({ notNull: true }, true)).toThrow(
      /"notNull" on User\.field: the notNull validator is only allowed with allowNull: false/,
    );
  });

  it('rejects callback-style custom validators', () => {
    const validate = {
      isUnique(_value: unknown, next: unknown) {
        void next;
      },
    };
    expect(() => check(validate)).toThrow(
      /Custom validator "isUnique" on User\.field declares 2 parameters: callback-style validators are not supported/,
    );
  });

  it('rejects a model validator that is not a function, takes a callback, or shares a name with an attribute', () => {
    const attributes = [{ name: 'latitude', allowNull: true }];
    expect(() => checkValidatorSpecs('Place', attributes, { bad: 'nope' as never })).toThrow(
      /Model validator "bad" on Place must be a function/,
    );
    expect(() => checkValidatorSpecs('Place', attributes, { latitude() {} })).toThrow(/same name as an attribute/);
    expect(() =>
      checkValidatorSpecs('Place', attributes, {
        cb(this: unknown, ...args: unknown[]) {
          void args;
        },
      }),
    ).not.toThrow();
    expect(() =>
      checkValidatorSpecs('Place', attributes, {
        cb: function (next: unknown) {
          void next;
        } as never,
      }),
    ).toThrow(/callback-style/);
  });

  it('rejects a typeCheck that is not a function', () => {
    expect(() => checkValidatorSpecs('User', [{ name: 'a', allowNull: true, typeCheck: 'string' as never }])).toThrow(
      /Invalid typeCheck on User\.a/,
    );
  });

  it('rejects a validate option that is not an object', () => {
    expect(() => checkValidatorSpecs('User', [{ name: 'a', allowNull: true, validate: [] as never }])).toThrow(
      /expected an object of validators/,
    );
  });

  it('validateRecord reports the same definition errors, as a rejected TypeError', async () => {
    const run = validateRecord({
      modelName: 'User',
      values: { email: 'x' },
      attributes: [{ name: 'email', allowNull: true, validate: { isEmial: true } }],
    });
    await expect(run).rejects.toThrow(TypeError);
    await expect(
      validateRecord({
        modelName: 'User',
        values: { email: 'x' },
        attributes: [{ name: 'email', allowNull: true, validate: { isEmial: true } }],
      }),
    ).rejects.toThrow(/Unknown validator "isEmial" on User\.email/);
  });

  it('reuses the compiled validators of a validate object, and reports a shared broken one under each name', async () => {
    const validate = { len: [2, 4] };
    const attributes = [{ name: 'code', allowNull: true, validate }];
    checkValidatorSpecs('Item', attributes);
    for (let i = 0; i < 3; i++) {
      const errors = await validateRecord({ modelName: 'Item', values: { code: 'abcdef' }, attributes });
      expect(errors.map((e) => e.validatorKey)).toEqual(['len']);
    }
    const broken = { len: 'x' };
    expect(() => checkValidatorSpecs('A', [{ name: 'a', allowNull: true, validate: broken }])).toThrow(/A\.a/);
    expect(() => checkValidatorSpecs('B', [{ name: 'b', allowNull: true, validate: broken }])).toThrow(/B\.b/);
  });
});
