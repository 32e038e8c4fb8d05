/**
 * Sequelize's rules for what follows a built-in validator's name, turned into one shape:
 * the argument list and an optional custom message.
 */

/** A built-in validator's spec after normalisation. */
export interface NormalisedSpec {
  args: unknown[];
  msg: string | undefined;
}

/** A spec that cannot be read; `reason` completes "Invalid validator X on Model.attr: ...". */
export class SpecError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'SpecError';
  }
}

/**
 * Reads a built-in validator's spec. Returns `null` when the spec switches it off
 * (`false` or `undefined`).
 *
 * | spec                               | args                |
 * | ---------------------------------- | ------------------- |
 * | `true`                             | `[]`                |
 * | `'foo'`, `23`, `/re/`, `{ min: 1 }`| `['foo']` ...       |
 * | `[2, 10]`                          | `[2, 10]`           |
 * | `[['a', 'b']]`                     | `[['a', 'b']]`      |
 * | `{ msg }`                          | `[]`, msg           |
 * | `{ args: x, msg }`                 | as `x` above, msg   |
 *
 * Trap: an array is always the argument list, so one array argument needs a second pair of
 * brackets (`isIn: [['a', 'b']]`); `isIn: ['a', 'b']` means two arguments `'a'` and `'b'`.
 * Each validator checks its own argument count, so that mistake is reported, not guessed at.
 *
 * An object counts as `{ args, msg }` only when every key is `args` or `msg`; any other
 * object (`isInt: { min: 0 }`) is a single argument, the validator.js options.
 */
export function normaliseSpec(spec: unknown): NormalisedSpec | null {
  if (spec === false || spec === undefined) return null;
  if (spec === null) throw new SpecError('null is not a valid spec (use false to turn a validator off)');
  if (isArgsMsgObject(spec)) {
    const { args, msg } = spec;
    if (msg !== undefined && typeof msg !== 'string') {
      throw new SpecError(`msg must be a string, got ${typeof msg}`);
    }
    return { args: argsOf(args), msg };
  }
  if (isPlainObject(spec) && ('args' in spec || 'msg' in spec)) {
    const extra = Object.keys(spec).filter((key) => key !== 'args' && key !== 'msg');
    throw new SpecError(
      `an object with args/msg cannot have other keys (${extra.join(', ')}); put validator.js options under args`,
    );
  }
  return { args: argsOf(spec), msg: undefined };
}

function argsOf(value: unknown): unknown[] {
  if (value === undefined || value === true) return [];
  if (Array.isArray(value)) return value.slice();
  return [value];
}

function isArgsMsgObject(value: unknown): value is { args?: unknown; msg?: unknown } {
  if (!isPlainObject(value)) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((key) => key === 'args' || key === 'msg');
}

/** An object literal (not an array, RegExp, Date or class instance). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
