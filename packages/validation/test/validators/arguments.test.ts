import { normaliseSpec, SpecError } from '../../src/validators/arguments';
import { errorsFor } from '../support';

describe('normaliseSpec', () => {
  it.each<[string, unknown, { args: unknown[]; msg: string | undefined }]>([
    ['true: no argument', true, { args: [], msg: undefined }],
    ['a single argument', 'foo', { args: ['foo'], msg: undefined }],
    ['a single number', 23, { args: [23], msg: undefined }],
    ['a RegExp', /a/, { args: [/a/], msg: undefined }],
    ['an array: the argument list', [2, 10], { args: [2, 10], msg: undefined }],
    ['a wrapped array: one array argument', [['a', 'b']], { args: [['a', 'b']], msg: undefined }],
    ['{ msg }', { msg: 'nope' }, { args: [], msg: 'nope' }],
    ['{ args, msg } with a list', { args: [2, 10], msg: 'nope' }, { args: [2, 10], msg: 'nope' }],
    ['{ args, msg } with one argument', { args: 6, msg: 'nope' }, { args: [6], msg: 'nope' }],
    ['{ args: true, msg }', { args: true, msg: 'nope' }, { args: [], msg: 'nope' }],
    ['{ args } without msg', { args: [['a']] }, { args: [['a']], msg: undefined }],
    ['an options object: one argument', { min: 1 }, { args: [{ min: 1 }], msg: undefined }],
  ])('%s', (_label, spec, expected) => {
    expect(normaliseSpec(spec)).toEqual(expected);
  });

  it('false and undefined switch a validator off', () => {
    expect(normaliseSpec(false)).toBeNull();
    expect(normaliseSpec(undefined)).toBeNull();
  });

  it('copies the argument list', () => {
    const list = [2, 10];
    const normalised = normaliseSpec(list);
    list.push(99);
    expect(normalised!.args).toEqual([2, 10]);
  });

  it.each<[string, unknown, RegExp]>([
    ['null', null, /use false/],
    ['a non-string msg', { msg: 42 }, /msg must be a string/],
    ['args/msg mixed with other keys', { args: 1, msg: 'x', min: 2 }, /cannot have other keys \(min\)/],
  ])('rejects %s', (_label, spec, message) => {
    expect(() => normaliseSpec(spec)).toThrow(SpecError);
    expect(() => normaliseSpec(spec)).toThrow(message);
  });
});

describe('argument forms in a model (the documented examples)', () => {
  it('isInt: { msg } replaces the message', async () => {
    const errors = await errorsFor({ isInt: { msg: 'Must be an integer number of pennies' } }, '1.5');
    expect(errors.map((e) => e.message)).toEqual(['Must be an integer number of pennies']);
  });

  it("isIn: { args: [['en', 'zh']], msg } passes args and replaces the message", async () => {
    const validate = { isIn: { args: [['en', 'zh']], msg: 'Must be English or Chinese' } };
    expect(await errorsFor(validate, 'zh')).toEqual([]);
    const errors = await errorsFor(validate, 'fr');
    expect(errors.map((e) => e.message)).toEqual(['Must be English or Chinese']);
    expect(errors[0]!.validatorArgs).toEqual([['en', 'zh']]);
  });

  it('an unwrapped list for isIn is rejected instead of read as two arguments', async () => {
    await expect(errorsFor({ isIn: ['en', 'zh'] }, 'en')).rejects.toThrow(
      /wrapped in another array: isIn: \[\['a', 'b'\]\]/,
    );
  });

  it('false switches a validator off', async () => {
    expect(await errorsFor({ isEmail: false, len: false }, 'x')).toEqual([]);
  });

  it('len: { args: [2, 10], msg }', async () => {
    const errors = await errorsFor({ len: { args: [2, 10], msg: 'Between 2 and 10' } }, 'a');
    expect(errors.map((e) => e.message)).toEqual(['Between 2 and 10']);
  });

  it("is: { args: ['^[a-z]+$', 'i'], msg }", async () => {
    const validate = { is: { args: ['^[a-z]+$', 'i'], msg: 'Letters only' } };
    expect(await errorsFor(validate, 'AbC')).toEqual([]);
    expect((await errorsFor(validate, 'A1')).map((e) => e.message)).toEqual(['Letters only']);
  });
});
