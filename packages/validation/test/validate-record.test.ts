import { inspect } from 'node:util';
import {
  assertValid,
  ValidationError,
  validateRecord,
  type AttributeValidationSpec,
  type ValidateRecordInput,
} from '../src';
import { errorsFor, keysOf } from './support';

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function thrown(promise: Promise<unknown>): Promise<ValidationError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('validateRecord', () => {
  it('resolves to an empty list for a valid record', async () => {
    const errors = await validateRecord({
      modelName: 'User',
      values: { email: 'alice@example.com', name: 'Alice' },
      attributes: [
        { name: 'email', allowNull: false, validate: { isEmail: true } },
        { name: 'name', allowNull: true, validate: { len: [2, 10] } },
      ],
    });
    expect(errors).toEqual([]);
  });

  it('reports every failure, in declaration order, not the first only', async () => {
    const errors = await validateRecord({
      modelName: 'User',
      values: { email: 'nope', name: 'A', age: -1, nick: null },
      attributes: [
        { name: 'email', allowNull: false, validate: { isEmail: true, len: [5, 50] } },
        { name: 'name', allowNull: true, validate: { len: [2, 10] } },
        { name: 'age', allowNull: true, validate: { min: 0, isInt: true } },
        { name: 'nick', allowNull: false },
      ],
    });
    expect(keysOf(errors)).toEqual(['email:isEmail', 'email:len', 'name:len', 'age:min', 'nick:notNull']);
  });

  it('passes attributes without validators', async () => {
    expect(
      await validateRecord({
        modelName: 'User',
        values: { a: [1], b: { x: 1 } },
        attributes: [
          { name: 'a', allowNull: true },
          { name: 'b', allowNull: false },
        ],
      }),
    ).toEqual([]);
  });

  it('reads own values only', async () => {
    const errors = await validateRecord({
      modelName: 'User',
      values: {},
      attributes: [
        { name: 'constructor', allowNull: false },
        { name: 'toString', allowNull: false },
      ],
    });
    expect(keysOf(errors)).toEqual(['constructor:notNull', 'toString:notNull']);
  });
});

describe('allowNull', () => {
  describe('allowNull: false', () => {
    it.each([null, undefined])('%p gives one notNull violation and runs no other validator', async (value) => {
      const custom = jest.fn();
      const errors = await errorsFor({ len: [5, 10], isEmail: true, custom }, value, { allowNull: false });
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({
        type: 'notNull violation',
        path: 'field',
        validatorKey: 'notNull',
        message: 'User.field cannot be null',
      });
      expect(custom).not.toHaveBeenCalled();
    });

    it('a missing key counts as undefined', async () => {
      const errors = await validateRecord({
        modelName: 'User',
        values: {},
        attributes: [{ name: 'name', allowNull: false }],
      });
      expect(errors.map((e) => e.message)).toEqual(['User.name cannot be null']);
    });

    it('notNull: { msg } sets the message (the documented example)', async () => {
      const errors = await validateRecord({
        modelName: 'User',
        values: { name: null },
        attributes: [{ name: 'name', allowNull: false, validate: { notNull: { msg: 'Please enter your name' } } }],
      });
      expect(errors.map((e) => e.message)).toEqual(['Please enter your name']);
    });

    it('a non-null value runs every validator', async () => {
      expect(keysOf(await errorsFor({ len: [5, 10] }, 'abc', { allowNull: false }))).toEqual(['field:len']);
    });

    it('empty strings and 0 are not null', async () => {
      expect(await errorsFor({}, '', { allowNull: false })).toEqual([]);
      expect(await errorsFor({}, 0, { allowNull: false })).toEqual([]);
    });
  });

  describe('allowNull: true', () => {
    it('null skips the built-in validators (len: [5, 10] with null passes)', async () => {
      expect(await errorsFor({ len: [5, 10], isEmail: true, notEmpty: true }, null)).toEqual([]);
      expect(await errorsFor({ len: [5, 10] }, undefined)).toEqual([]);
    });

    it('null still runs the custom validators', async () => {
      const custom = jest.fn();
      await errorsFor({ len: [5, 10], custom }, null);
      expect(custom).toHaveBeenCalledWith(null);
    });

    // The documented example: a custom validator can forbid null conditionally.
    describe("name can't be null unless age is 10", () => {
      const attributes: AttributeValidationSpec[] = [
        { name: 'age', allowNull: true },
        {
          name: 'name',
          allowNull: true,
          validate: {
            customValidator(this: { age?: number }, value: unknown) {
              if (value === null && this.age !== 10) {
                throw new Error("name can't be null unless age is 10");
              }
            },
          },
        },
      ];

      it('accepts null when age is 10', async () => {
        expect(await validateRecord({ modelName: 'User', values: { age: 10, name: null }, attributes })).toEqual([]);
      });

      it('rejects null otherwise', async () => {
        const errors = await validateRecord({ modelName: 'User', values: { age: 5, name: null }, attributes });
        expect(errors).toHaveLength(1);
        expect(errors[0]).toMatchObject({
          type: 'Validation error',
          path: 'name',
          value: null,
          validatorKey: 'customValidator',
          validatorName: null,
          message: "name can't be null unless age is 10",
        });
      });

      it('accepts a name whatever the age', async () => {
        expect(await validateRecord({ modelName: 'User', values: { age: 5, name: 'Bob' }, attributes })).toEqual([]);
      });
    });
  });

  describe('skipNullCheckFor', () => {
    const attributes: AttributeValidationSpec[] = [
      { name: 'id', allowNull: false, validate: { isInt: true, positive: jest.fn() } },
      { name: 'createdAt', allowNull: false, validate: { isDate: true } },
    ];

    it('a null value is not a notNull violation and is not validated', async () => {
      const custom = attributes[0]!.validate!['positive'] as jest.Mock;
      const errors = await validateRecord({
        modelName: 'User',
        values: {},
        attributes,
        skipNullCheckFor: ['id', 'createdAt'],
      });
      expect(errors).toEqual([]);
      expect(custom).not.toHaveBeenCalled();
    });

    it('a non-null value is validated', async () => {
      const errors = await validateRecord({
        modelName: 'User',
        values: { id: 'x', createdAt: 'nope' },
        attributes,
        skipNullCheckFor: ['id', 'createdAt'],
      });
      expect(keysOf(errors)).toEqual(['id:isInt', 'createdAt:isDate']);
    });

    it('other attributes keep their null check', async () => {
      const errors = await validateRecord({ modelName: 'User', values: {}, attributes, skipNullCheckFor: ['id'] });
      expect(keysOf(errors)).toEqual(['createdAt:notNull']);
    });
  });
});

describe('custom validators', () => {
  it('the documented isEven example', async () => {
    const validate = {
      isEven(value: unknown) {
        if (parseInt(String(value), 10) % 2 !== 0) throw new Error('Only even values are allowed!');
      },
    };
    expect(await errorsFor(validate, 4)).toEqual([]);
    const errors = await errorsFor(validate, 3);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      validatorKey: 'isEven',
      validatorName: null,
      validatorArgs: [],
      message: 'Only even values are allowed!',
      value: 3,
    });
    expect(errors[0]!.original).toBeInstanceOf(Error);
  });

  it('this is the instance, so other attributes can be read', async () => {
    class Account {
      constructor(
        readonly password: string,
        readonly confirmation: string,
      ) {}
    }
    const instance = new Account('secret', 'other');
    const seen = jest.fn();
    const errors = await validateRecord({
      modelName: 'Account',
      values: { password: 'secret', confirmation: 'other' },
      instance,
      attributes: [
        {
          name: 'confirmation',
          allowNull: false,
          validate: {
            matchesPassword(this: Account, value: unknown) {
              seen(this);
              if (value !== this.password) throw new Error('Passwords do not match');
            },
          },
        },
      ],
    });
    expect(seen.mock.calls[0]![0]).toBe(instance);
    expect(errors.map((e) => e.message)).toEqual(['Passwords do not match']);
    expect(errors[0]!.instance).toBe(instance);
  });

  it('this defaults to the values', async () => {
    const values = { a: 1 };
    const seen = jest.fn();
    await validateRecord({
      modelName: 'M',
      values,
      attributes: [
        {
          name: 'a',
          allowNull: true,
          validate: {
            look(this: unknown) {
              seen(this);
            },
          },
        },
      ],
    });
    expect(seen.mock.calls[0]![0]).toBe(values);
  });

  it('async validators are awaited, and a rejection fails', async () => {
    const validate = {
      async isAvailable(value: unknown) {
        await delay(5);
        if (value === 'taken') throw new Error('Username is taken');
      },
    };
    expect(await errorsFor(validate, 'free')).toEqual([]);
    expect((await errorsFor(validate, 'taken')).map((e) => e.message)).toEqual(['Username is taken']);
  });

  it('a returned rejected promise fails too', async () => {
    const errors = await errorsFor({ check: () => Promise.reject(new Error('remote says no')) }, 'x');
    expect(errors.map((e) => e.message)).toEqual(['remote says no']);
  });

  it('async validators run concurrently and keep declaration order', async () => {
    const started: string[] = [];
    const validate = {
      async slow() {
        started.push('slow');
        await delay(20);
        throw new Error('slow failed');
      },
      async fast() {
        started.push('fast');
        throw new Error('fast failed');
      },
    };
    const errors = await errorsFor(validate, 'x');
    expect(started).toEqual(['slow', 'fast']);
    expect(errors.map((e) => e.validatorKey)).toEqual(['slow', 'fast']);
  });

  it('returning false does not fail (only throwing does)', async () => {
    expect(await errorsFor({ check: () => false }, 'x')).toEqual([]);
  });

  it('a thrown string becomes the message; anything else falls back to "Validation error"', async () => {
    const errors = await errorsFor(
      {
        a() {
          throw 'plain string';
        },
        b() {
          throw { message: 'object with message' };
        },
        c() {
          throw undefined;
        },
        d() {
          throw new Error('');
        },
      },
      'x',
    );
    expect(errors.map((e) => e.message)).toEqual([
      'plain string',
      'object with message',
      'Validation error',
      'Validation error',
    ]);
    expect(errors[0]!.original).toBeUndefined();
  });

  it('run alongside built-ins, in declaration order', async () => {
    const errors = await errorsFor(
      {
        first() {
          throw new Error('first');
        },
        len: [10, 20],
        last() {
          throw new Error('last');
        },
      },
      'abc',
    );
    expect(errors.map((e) => e.validatorKey)).toEqual(['first', 'len', 'last']);
  });
});

describe('model-wide validators', () => {
  // The documented Place example.
  const place: Omit<ValidateRecordInput, 'values'> = {
    modelName: 'Place',
    attributes: [
      { name: 'name', allowNull: true },
      { name: 'address', allowNull: true },
      { name: 'latitude', allowNull: true, validate: { min: -90, max: 90 } },
      { name: 'longitude', allowNull: true, validate: { min: -180, max: 180 } },
    ],
    modelValidators: {
      bothCoordsOrNone(this: { latitude: unknown; longitude: unknown }) {
        if ((this.latitude === null) !== (this.longitude === null)) {
          throw new Error('Either both latitude and longitude, or neither!');
        }
      },
    },
  };

  it('passes with both or neither coordinate', async () => {
    expect(await validateRecord({ ...place, values: { latitude: 10, longitude: 20 } })).toEqual([]);
    expect(await validateRecord({ ...place, values: { latitude: null, longitude: null } })).toEqual([]);
  });

  it('collects the model error alongside the attribute errors, keyed by the validator name', async () => {
    const error = await thrown(assertValid({ ...place, values: { latitude: 200, longitude: null } }));
    expect(keysOf(error.errors)).toEqual(['latitude:max', 'bothCoordsOrNone:bothCoordsOrNone']);
    expect(error.get('bothCoordsOrNone')).toHaveLength(1);
    expect(error.get('bothCoordsOrNone')[0]).toMatchObject({
      type: 'Validation error',
      path: 'bothCoordsOrNone',
      validatorKey: 'bothCoordsOrNone',
      validatorName: null,
      scope: 'model',
      message: 'Either both latitude and longitude, or neither!',
    });
    expect(error.message).toBe(
      'Validation error: Place.latitude failed max (Validation max on latitude failed); ' +
        'Place failed bothCoordsOrNone (Either both latitude and longitude, or neither!)',
    );
  });

  it('run after the attribute validators have settled, with this = instance', async () => {
    const order: string[] = [];
    const instance = { a: 1 };
    const seen = jest.fn();
    await validateRecord({
      modelName: 'M',
      values: { a: 1 },
      instance,
      attributes: [
        {
          name: 'a',
          allowNull: true,
          validate: {
            async slow() {
              await delay(10);
              order.push('attribute');
            },
          },
        },
      ],
      modelValidators: {
        whole(this: unknown) {
          seen(this);
          order.push('model');
        },
      },
    });
    expect(order).toEqual(['attribute', 'model']);
    expect(seen.mock.calls[0]![0]).toBe(instance);
  });

  it('may be async', async () => {
    const errors = await validateRecord({
      modelName: 'M',
      values: {},
      attributes: [],
      modelValidators: {
        async remote() {
          await delay(5);
          throw new Error('remote check failed');
        },
      },
    });
    expect(keysOf(errors)).toEqual(['remote:remote']);
  });

  it('still run with fields (a partial update), and are skipped by name with skip', async () => {
    const whole = jest.fn();
    const base = {
      modelName: 'M',
      values: { a: 'x' },
      attributes: [{ name: 'a', allowNull: true, validate: { isInt: true } }],
      modelValidators: { whole },
    };
    expect(await validateRecord({ ...base, fields: [] })).toEqual([]);
    expect(whole).toHaveBeenCalledTimes(1);
    await validateRecord({ ...base, skip: ['whole'] });
    expect(whole).toHaveBeenCalledTimes(1);
  });
});

describe('fields and skip', () => {
  const attributes: AttributeValidationSpec[] = [
    { name: 'email', allowNull: false, validate: { isEmail: true } },
    { name: 'name', allowNull: false },
    { name: 'age', allowNull: true, validate: { min: 0 } },
  ];

  it('fields validates only the listed attributes', async () => {
    const errors = await validateRecord({ modelName: 'User', values: { age: -1 }, attributes, fields: ['age'] });
    expect(keysOf(errors)).toEqual(['age:min']);
  });

  it('skip leaves attributes out', async () => {
    const errors = await validateRecord({
      modelName: 'User',
      values: { email: 'nope', age: -1 },
      attributes,
      skip: ['email', 'name'],
    });
    expect(keysOf(errors)).toEqual(['age:min']);
  });

  it('fields and skip combine', async () => {
    const errors = await validateRecord({
      modelName: 'User',
      values: {},
      attributes,
      fields: ['email', 'name'],
      skip: ['email'],
    });
    expect(keysOf(errors)).toEqual(['name:notNull']);
  });
});

describe('typeCheck', () => {
  const typeCheck = (value: unknown) =>
    typeof value === 'string' ? null : `field must be a string, got ${typeof value}`;

  it('a failing type check is an isOfType error and skips the other validators', async () => {
    const custom = jest.fn();
    const errors = await validateRecord({
      modelName: 'User',
      values: { name: 42 },
      attributes: [{ name: 'name', allowNull: true, typeCheck, validate: { len: [5, 10], custom } }],
    });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      type: 'Validation error',
      path: 'name',
      validatorKey: 'isOfType',
      validatorName: null,
      message: 'field must be a string, got number',
      value: 42,
    });
    expect(custom).not.toHaveBeenCalled();
  });

  it('a passing type check lets the validators run', async () => {
    const errors = await validateRecord({
      modelName: 'User',
      values: { name: 'abc' },
      attributes: [{ name: 'name', allowNull: true, typeCheck, validate: { len: [5, 10] } }],
    });
    expect(keysOf(errors)).toEqual(['name:len']);
  });

  it('is not called for null values', async () => {
    const check = jest.fn(typeCheck);
    const errors = await validateRecord({
      modelName: 'User',
      values: { name: null },
      attributes: [{ name: 'name', allowNull: false, typeCheck: check }],
    });
    expect(keysOf(errors)).toEqual(['name:notNull']);
    expect(check).not.toHaveBeenCalled();
  });

  it('an empty message gets the default one', async () => {
    const errors = await validateRecord({
      modelName: 'User',
      values: { name: 1 },
      attributes: [{ name: 'name', allowNull: true, typeCheck: () => '' }],
    });
    expect(errors.map((e) => e.message)).toEqual(['Validation isOfType on name failed']);
  });
});

describe('assertValid', () => {
  it('resolves for a valid record', async () => {
    await expect(
      assertValid({ modelName: 'User', values: { a: 'x' }, attributes: [{ name: 'a', allowNull: false }] }),
    ).resolves.toBeUndefined();
  });

  it('throws one ValidationError naming every failure', async () => {
    const error = await thrown(
      assertValid({
        modelName: 'User',
        values: { email: 'nope', name: null },
        attributes: [
          { name: 'email', allowNull: false, validate: { isEmail: true } },
          { name: 'name', allowNull: false },
        ],
      }),
    );
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ValidationError');
    expect(error.modelName).toBe('User');
    expect(error.message).toBe(
      'Validation error: User.email failed isEmail (Validation isEmail on email failed); notNull Violation: User.name cannot be null',
    );
    expect(keysOf(error.errors)).toEqual(['email:isEmail', 'name:notNull']);
  });

  it('the error is JSON-safe even when the instance refers to itself', async () => {
    const instance: Record<string, unknown> = { email: 'nope' };
    instance['self'] = instance;
    const error = await thrown(
      assertValid({
        modelName: 'User',
        values: { email: 'nope' },
        instance,
        attributes: [
          {
            name: 'email',
            allowNull: false,
            validate: {
              isEmail: true,
              custom() {
                throw Object.assign(new Error('bad'), { instance });
              },
            },
          },
        ],
      }),
    );
    expect(error.errors[0]!.instance).toBe(instance);
    const json = JSON.parse(JSON.stringify(error)) as Record<string, unknown>;
    // `value` is user input: readable on the item, kept out of JSON (see ValidationErrorItem).
    expect(error.errors.map((item) => item.value)).toEqual(['nope', 'nope']);
    expect(json).toEqual({
      name: 'ValidationError',
      message:
        'Validation error: User.email failed isEmail (Validation isEmail on email failed); User.email failed custom (bad)',
      modelName: 'User',
      errors: [
        {
          message: 'Validation isEmail on email failed',
          type: 'Validation error',
          path: 'email',
          validatorKey: 'isEmail',
          validatorName: 'isEmail',
          validatorArgs: [],
          scope: 'attribute',
        },
        {
          message: 'bad',
          type: 'Validation error',
          path: 'email',
          validatorKey: 'custom',
          validatorName: null,
          validatorArgs: [],
          scope: 'attribute',
        },
      ],
    });
  });

  it('default messages name the rule, not the value, unless messagesIncludeValues', async () => {
    const attributes = [{ name: 'email', allowNull: false, validate: { isEmail: true } }];
    const quiet = await thrown(assertValid({ modelName: 'User', values: { email: 'secret@@x' }, attributes }));
    expect(quiet.message).toBe('Validation error: User.email failed isEmail (Validation isEmail on email failed)');
    expect(inspect(quiet, { depth: 10 })).not.toContain('secret@@x');
    const loud = await thrown(
      assertValid({ modelName: 'User', values: { email: 'secret@@x' }, attributes, messagesIncludeValues: true }),
    );
    expect(loud.errors[0]!.message).toBe('Validation isEmail on email failed for the string "secret@@x"');
  });
});
