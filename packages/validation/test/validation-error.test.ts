import { ValidationError, ValidationErrorItem } from '../src';

function item(overrides: Partial<ConstructorParameters<typeof ValidationErrorItem>[0]> = {}): ValidationErrorItem {
  return new ValidationErrorItem({
    message: 'Validation isEmail on email failed',
    type: 'Validation error',
    path: 'email',
    value: 'nope',
    validatorKey: 'isEmail',
    validatorName: 'isEmail',
    ...overrides,
  });
}

describe('ValidationErrorItem', () => {
  it('has the Sequelize fields, value kept out of its enumerable keys', () => {
    const failure = item({ validatorArgs: [1] });
    // `value` is user input (it may be a password): readable, but not printed by JSON or inspect.
    expect(failure.value).toBe('nope');
    expect(Object.keys(failure)).not.toContain('value');
    expect({ ...failure }).toEqual({
      message: 'Validation isEmail on email failed',
      type: 'Validation error',
      path: 'email',
      validatorKey: 'isEmail',
      validatorName: 'isEmail',
      validatorArgs: [1],
      scope: 'attribute',
    });
  });

  it('defaults validatorName to null, validatorArgs to [], value to null', () => {
    const plain = new ValidationErrorItem({ message: 'm', type: 'Validation error', path: 'p', validatorKey: 'k' });
    expect(plain.validatorName).toBeNull();
    expect(plain.validatorArgs).toEqual([]);
    expect(plain.value).toBeNull();
    expect(plain.instance).toBeNull();
    expect(plain.original).toBeUndefined();
  });

  it('keeps instance and original out of its enumerable keys', () => {
    const instance = { a: 1 };
    const original = new Error('boom');
    const withBoth = item({ instance, original });
    expect(withBoth.instance).toBe(instance);
    expect(withBoth.original).toBe(original);
    expect(Object.keys(withBoth)).not.toContain('instance');
    expect(Object.keys(withBoth)).not.toContain('original');
  });
});

describe('ValidationError', () => {
  it('is an Error named ValidationError', () => {
    const error = new ValidationError(undefined, [item()]);
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.name).toBe('ValidationError');
    expect(error.stack).toContain('ValidationError');
  });

  it('composes its message from every item', () => {
    const error = new ValidationError(
      undefined,
      [
        item(),
        item({ type: 'notNull violation', path: 'name', message: 'User.name cannot be null', validatorKey: 'notNull' }),
        item({ type: 'notNull violation', path: 'nick', message: 'Please enter a nickname', validatorKey: 'notNull' }),
        item({ path: 'bothCoordsOrNone', validatorKey: 'bothCoordsOrNone', message: 'Either both', scope: 'model' }),
        item({ type: 'unique violation', path: 'email', message: 'email must be unique', validatorKey: 'not_unique' }),
      ],
      { modelName: 'User' },
    );
    expect(error.message).toBe(
      'Validation error: User.email failed isEmail (Validation isEmail on email failed); ' +
        'notNull Violation: User.name cannot be null; ' +
        'User.nick cannot be null (Please enter a nickname); ' +
        'Validation error: User failed bothCoordsOrNone (Either both); ' +
        'User.email unique violation (email must be unique)',
    );
  });

  it('composes a message without a model name', () => {
    expect(new ValidationError(undefined, [item()]).message).toBe(
      'Validation error: email failed isEmail (Validation isEmail on email failed)',
    );
    expect(new ValidationError(undefined, []).message).toBe('Validation error');
  });

  it('keeps an explicit message and a cause', () => {
    const cause = new Error('driver');
    const error = new ValidationError('Validation error: duplicate', [item()], { cause });
    expect(error.message).toBe('Validation error: duplicate');
    expect(error.cause).toBe(cause);
  });

  it('get(path) returns the failures of one attribute', () => {
    const error = new ValidationError(undefined, [item(), item({ path: 'name' }), item({ validatorKey: 'len' })]);
    expect(error.get('email').map((e) => e.validatorKey)).toEqual(['isEmail', 'len']);
    expect(error.get('nothing')).toEqual([]);
  });

  it('serialises to JSON with its message and items, without instances or values', () => {
    const instance: Record<string, unknown> = {};
    instance['self'] = instance;
    const error = new ValidationError(undefined, [item({ instance, original: new Error('x') })], { modelName: 'User' });
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'ValidationError',
      message: 'Validation error: User.email failed isEmail (Validation isEmail on email failed)',
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
      ],
    });
  });

  it('can be subclassed (core builds its database errors on it)', () => {
    class UniqueLike extends ValidationError {
      override name = 'UniqueLike';
    }
    const error = new UniqueLike(undefined, [item({ type: 'unique violation' })], { modelName: 'User' });
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.name).toBe('UniqueLike');
    expect((JSON.parse(JSON.stringify(error)) as { name: string }).name).toBe('UniqueLike');
  });
});
