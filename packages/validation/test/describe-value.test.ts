import { describeValue } from '../src';

describe('describeValue', () => {
  it('describes a value by its kind and size unless told to reveal it', () => {
    expect(describeValue('hunter2')).toBe('a string of 7 characters');
    expect(describeValue(4111)).toBe('a number');
    expect(describeValue(12n)).toBe('a bigint');
    expect(describeValue([1])).toBe('an array');
    expect(describeValue({ a: 1 })).toBe('an object');
    expect(describeValue(new Date(0))).toBe('a Date');
    expect(describeValue(Buffer.from('x'))).toBe('a Buffer');
  });

  it('always shows null, undefined and booleans, which hold no secret', () => {
    expect([null, undefined, true].map((value) => describeValue(value))).toEqual(['null', 'undefined', 'true']);
  });

  it('reveals strings (shortened to 40 characters) and numbers when asked', () => {
    expect(describeValue('hunter2', true)).toBe('the string "hunter2"');
    expect(describeValue('x'.repeat(50), true)).toBe(`the string "${'x'.repeat(40)}…"`);
    expect(describeValue(4111, true)).toBe('number 4111');
    expect(describeValue({ a: 1 }, true)).toBe('an object');
  });
});
