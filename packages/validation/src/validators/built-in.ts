/**
 * The built-in validators: Sequelize's documented list, each backed by validator.js where
 * validator.js has the check, and defined here where Sequelize's own definition differs
 * (`isDecimal`, `notEmpty`, `len`, `max`, `min`, the date checks).
 *
 * Each entry checks its arguments once (`prepare`, at model definition) and returns the
 * test run on every write, so a bad argument fails when the model is defined rather than
 * on the first insert.
 */
import type { UUIDVersion } from 'validator/lib/isUUID';
import { SpecError, isPlainObject } from './arguments';
import { describeType, hasValidatorString, toValidatorString } from './coerce';

// validator.js's checks, one module each rather than the whole library (its index loads every
// validator it has), and each loaded the first time it runs: loaded up front they were about a
// tenth of a cold start, for applications that use none of them.
function lazyCheck<Check extends (...args: never[]) => unknown>(load: () => { default: Check }): Check {
  let check: Check | undefined;
  return ((...args: Parameters<Check>) => (check ??= load().default)(...args)) as Check;
}

function lazyModule<Module>(load: () => Module): () => Module {
  let loaded: Module | undefined;
  return () => (loaded ??= load());
}

const isAlphaModule = lazyModule(() => require('validator/lib/isAlpha') as typeof import('validator/lib/isAlpha'));
const isAlphanumericModule = lazyModule(
  () => require('validator/lib/isAlphanumeric') as typeof import('validator/lib/isAlphanumeric'),
);
const contains = lazyCheck(() => require('validator/lib/contains') as typeof import('validator/lib/contains'));
const isCreditCard = lazyCheck(
  () => require('validator/lib/isCreditCard') as typeof import('validator/lib/isCreditCard'),
);
const isEmail = lazyCheck(() => require('validator/lib/isEmail') as typeof import('validator/lib/isEmail'));
const isFloat = lazyCheck(() => require('validator/lib/isFloat') as typeof import('validator/lib/isFloat'));
const isIP = lazyCheck(() => require('validator/lib/isIP') as typeof import('validator/lib/isIP'));
const isISO8601 = lazyCheck(() => require('validator/lib/isISO8601') as typeof import('validator/lib/isISO8601'));
const isInt = lazyCheck(() => require('validator/lib/isInt') as typeof import('validator/lib/isInt'));
const isLength = lazyCheck(() => require('validator/lib/isLength') as typeof import('validator/lib/isLength'));
const isLowercase = lazyCheck(() => require('validator/lib/isLowercase') as typeof import('validator/lib/isLowercase'));
const isNumeric = lazyCheck(() => require('validator/lib/isNumeric') as typeof import('validator/lib/isNumeric'));
const isURL = lazyCheck(() => require('validator/lib/isURL') as typeof import('validator/lib/isURL'));
const isUUID = lazyCheck(() => require('validator/lib/isUUID') as typeof import('validator/lib/isUUID'));
const isUppercase = lazyCheck(() => require('validator/lib/isUppercase') as typeof import('validator/lib/isUppercase'));

/** How a validator takes its argument, for decorator generation and docs. */
export type BuiltInArgument = 'none' | 'optional' | 'required';

/** The public description of one built-in validator (a row of the docs table). */
export interface BuiltInValidatorInfo {
  /** Key under `validate` (`isEmail`). */
  readonly name: string;
  /** Name of the matching decorator in @strata/annotations (`IsEmail`). */
  readonly decorator: string;
  /** Whether the validator takes no argument, an optional one, or needs one. */
  readonly argument: BuiltInArgument;
  /** What a value must be to pass. */
  readonly description: string;
  /** A `validate` entry using it (`isEmail: true`). */
  readonly example: string;
}

/** A prepared validator: `true` when the (non-null) value passes. */
export type ValueTest = (value: unknown) => boolean;

interface BuiltInDefinition extends BuiltInValidatorInfo {
  /** Checks the normalised arguments (throws {@link SpecError}) and returns the value test. */
  prepare(args: readonly unknown[]): ValueTest;
}

// ---------------------------------------------------------------------------------------
// argument checks

function noArgument(name: string, args: readonly unknown[]): void {
  if (args.length > 0) throw new SpecError(`${name} takes no argument (use ${name}: true or ${name}: { msg })`);
}

/** Zero or one validator.js options object. */
function optionalOptions(name: string, args: readonly unknown[]): Record<string, unknown> | undefined {
  if (args.length === 0) return undefined;
  if (args.length === 1 && isPlainObject(args[0])) return args[0];
  throw new SpecError(`${name} takes at most one validator.js options object, got ${describeArgs(args)}`);
}

function describeArgs(args: readonly unknown[]): string {
  return args.length === 1
    ? `a ${describeType(args[0])}`
    : `${args.length} arguments (${args.map(describeType).join(', ')})`;
}

/** Wraps a string test so that values without a text form fail instead of being coerced. */
function onString(test: (text: string) => boolean): ValueTest {
  return (value) => {
    const text = toValidatorString(value);
    return text !== undefined && test(text);
  };
}

/**
 * Runs a validator.js check once while the model is being defined, so an option it rejects
 * (an unknown locale or card provider) is reported then, with the model and attribute.
 */
function dryRun(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    throw new SpecError(error instanceof Error ? error.message : String(error));
  }
}

function toRegExp(name: string, args: readonly unknown[]): RegExp {
  const usage = `${name} needs a RegExp, a pattern string, or [pattern, flags]`;
  if (args.length < 1 || args.length > 2) throw new SpecError(`${usage}, got ${describeArgs(args)}`);
  const [pattern, flags] = args;
  if (flags !== undefined && typeof flags !== 'string') throw new SpecError(`${usage}; flags must be a string`);
  // A /g or /y RegExp keeps `lastIndex` between test() calls, so the same value would
  // alternate between passing and failing; those flags mean nothing for a whole-value test.
  const stateless = (source: string, f: string) => new RegExp(source, f.replace(/[gy]/g, ''));
  if (pattern instanceof RegExp) {
    if (flags !== undefined) throw new SpecError(`${name}: flags can only follow a pattern string, not a RegExp`);
    return stateless(pattern.source, pattern.flags);
  }
  if (typeof pattern !== 'string') throw new SpecError(`${usage}, got ${describeArgs(args)}`);
  try {
    return stateless(pattern, flags ?? '');
  } catch (error) {
    throw new SpecError(`${name}: ${(error as Error).message}`);
  }
}

function textArgument(name: string, arg: unknown, what: string): string {
  const text = toValidatorString(arg);
  if (text === undefined)
    throw new SpecError(
      `${name} needs ${what} (a string, number, bigint, boolean or Date), got a ${describeType(arg)}`,
    );
  return text;
}

function allowedValues(name: string, args: readonly unknown[]): Set<string> {
  const usage = `${name} needs one array of values, wrapped in another array: ${name}: [['a', 'b']]`;
  if (args.length !== 1 || !Array.isArray(args[0])) {
    const hint =
      args.length > 1 && !args.some(Array.isArray)
        ? ` (got ${args.length} separate arguments; wrap them: ${name}: [[...]])`
        : `, got ${describeArgs(args)}`;
    throw new SpecError(usage + hint);
  }
  const values = args[0] as unknown[];
  const bad = values.findIndex((item) => !hasValidatorString(item));
  if (bad !== -1) {
    throw new SpecError(
      `${name} values must be strings, numbers, bigints, booleans or Dates, got a ${describeType(values[bad])}`,
    );
  }
  return new Set(values.map((item) => toValidatorString(item) as string));
}

// ---------------------------------------------------------------------------------------
// numbers

/** Digits with optional sign, decimal point and exponent; at least one digit. */
const DECIMAL = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

/** A number, bigint or numeric string as a number or bigint; anything else is `undefined`. */
function toNumeric(value: unknown): number | bigint | undefined {
  if (typeof value === 'number') return Number.isNaN(value) ? undefined : value;
  if (typeof value === 'bigint') return value;
  if (typeof value === 'string') {
    const text = value.trim();
    return DECIMAL.test(text) ? Number(text) : undefined;
  }
  return undefined;
}

/** Compares exactly when a bigint is involved and both sides are integers. */
function compareNumeric(a: number | bigint, b: number | bigint): number {
  const isWhole = (n: number | bigint) => typeof n === 'bigint' || Number.isInteger(n);
  if ((typeof a === 'bigint' || typeof b === 'bigint') && isWhole(a) && isWhole(b)) {
    const x = BigInt(a);
    const y = BigInt(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  const x = Number(a);
  const y = Number(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function limitArgument(name: string, args: readonly unknown[]): number | bigint {
  const limit = args.length === 1 ? toNumeric(args[0]) : undefined;
  if (limit === undefined) throw new SpecError(`${name} needs one number (${name}: 23), got ${describeArgs(args)}`);
  return limit;
}

// ---------------------------------------------------------------------------------------
// dates

const ISO_LIKE = /^\d{4}(?:-|$)/;
const TWO_NUMBER_GROUPS = /\d+\D+\d+/;

/**
 * A Date from a Date or a date string, or `undefined`.
 *
 * `Date.parse` alone is too lenient to call something a date: V8 reads `'5'` and
 * `'hello 2'` as years and rolls `'2011-02-30'` over to March. So ISO-looking strings must
 * be real ISO 8601 dates, and other strings need at least two numbers (a day and a year)
 * as well as being accepted by `Date.parse` (`'Nov 5 2011'`, `'11/05/2011'`, RFC 2822).
 */
export function parseDate(value: unknown): Date | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (ISO_LIKE.test(text)) {
    if (!isISO8601(text, { strict: true })) return undefined;
  } else if (!TWO_NUMBER_GROUPS.test(text)) {
    return undefined;
  }
  const time = Date.parse(text);
  return Number.isNaN(time) ? undefined : new Date(time);
}

/** The comparison date of isAfter/isBefore: a fixed date, or "now" at validation time. */
function comparisonDate(name: string, args: readonly unknown[]): () => number {
  if (args.length === 0) return () => Date.now();
  const fixed = args.length === 1 ? parseDate(args[0]) : undefined;
  if (fixed === undefined) {
    throw new SpecError(`${name} needs a date string or Date (${name}: '2011-11-05'), got ${describeArgs(args)}`);
  }
  const time = fixed.getTime();
  return () => time;
}

// ---------------------------------------------------------------------------------------
// the table

const UUID_VERSIONS = new Set(['1', '2', '3', '4', '5', '6', '7', '8', 'nil', 'max', 'loose', 'all']);

const definitions: BuiltInDefinition[] = [
  {
    name: 'is',
    decorator: 'Is',
    argument: 'required',
    description: 'Matches the RegExp: a RegExp, a pattern string, or [pattern, flags].',
    example: "is: /^[a-z]+$/i  or  is: ['^[a-z]+$', 'i']",
    prepare(args) {
      const re = toRegExp('is', args);
      return onString((text) => re.test(text));
    },
  },
  {
    name: 'not',
    decorator: 'Not',
    argument: 'required',
    description: 'Does not match the RegExp: a RegExp, a pattern string, or [pattern, flags].',
    example: "not: /^[a-z]+$/i  or  not: ['^[a-z]+$', 'i']",
    prepare(args) {
      const re = toRegExp('not', args);
      return onString((text) => !re.test(text));
    },
  },
  {
    name: 'isEmail',
    decorator: 'IsEmail',
    argument: 'optional',
    description: 'An email address (foo@bar.com). Optional argument: validator.js isEmail options.',
    example: 'isEmail: true',
    prepare(args) {
      const options = optionalOptions('isEmail', args);
      return onString((text) => isEmail(text, options));
    },
  },
  {
    name: 'isUrl',
    decorator: 'IsUrl',
    argument: 'optional',
    description: 'A URL (http://foo.com). Optional argument: validator.js isURL options (e.g. { require_tld: false }).',
    example: 'isUrl: true',
    prepare(args) {
      const options = optionalOptions('isUrl', args);
      return onString((text) => isURL(text, options));
    },
  },
  {
    name: 'isIP',
    decorator: 'IsIP',
    argument: 'optional',
    description: 'An IPv4 (129.89.23.1) or IPv6 address; with 4 or 6, only that version.',
    example: 'isIP: true  or  isIP: 6',
    prepare(args) {
      if (args.length === 0) return onString((text) => isIP(text));
      const version = args.length === 1 ? String(args[0]) : '';
      if (version !== '4' && version !== '6')
        throw new SpecError(`isIP takes an IP version, 4 or 6, got ${describeArgs(args)}`);
      return onString((text) => isIP(text, version));
    },
  },
  {
    name: 'isIPv4',
    decorator: 'IsIPv4',
    argument: 'none',
    description: 'An IPv4 address (129.89.23.1).',
    example: 'isIPv4: true',
    prepare(args) {
      noArgument('isIPv4', args);
      return onString((text) => isIP(text, 4));
    },
  },
  {
    name: 'isIPv6',
    decorator: 'IsIPv6',
    argument: 'none',
    description: 'An IPv6 address (2001:db8::1).',
    example: 'isIPv6: true',
    prepare(args) {
      noArgument('isIPv6', args);
      return onString((text) => isIP(text, 6));
    },
  },
  {
    name: 'isAlpha',
    decorator: 'IsAlpha',
    argument: 'optional',
    description:
      "Letters only. Optional argument: a validator.js locale ('de-DE', default 'en-US'), or [locale, { ignore }].",
    example: 'isAlpha: true',
    prepare(args) {
      return localeTest('isAlpha', args, localesOf(isAlphaModule()), isAlphaModule().default);
    },
  },
  {
    name: 'isAlphanumeric',
    decorator: 'IsAlphanumeric',
    argument: 'optional',
    description: "Letters and digits only, so '_abc' fails. Optional argument: a locale, or [locale, { ignore }].",
    example: 'isAlphanumeric: true',
    prepare(args) {
      return localeTest('isAlphanumeric', args, localesOf(isAlphanumericModule()), isAlphanumericModule().default);
    },
  },
  {
    name: 'isNumeric',
    decorator: 'IsNumeric',
    argument: 'optional',
    description:
      "Numbers only: digits with an optional sign and decimal point ('-12.5'). Optional argument: validator.js isNumeric options.",
    example: 'isNumeric: true',
    prepare(args) {
      const options = optionalOptions('isNumeric', args);
      return onString((text) => isNumeric(text, options));
    },
  },
  {
    name: 'isInt',
    decorator: 'IsInt',
    argument: 'optional',
    description: 'A valid integer. Optional argument: validator.js isInt options ({ min, max, ... }).',
    example: "isInt: true  or  isInt: { args: { min: 0 }, msg: 'Must be positive' }",
    prepare(args) {
      const options = optionalOptions('isInt', args);
      return onString((text) => isInt(text, options));
    },
  },
  {
    name: 'isFloat',
    decorator: 'IsFloat',
    argument: 'optional',
    description: 'A valid floating point number. Optional argument: validator.js isFloat options ({ min, max, ... }).',
    example: 'isFloat: true',
    prepare(args) {
      const options = optionalOptions('isFloat', args);
      return onString((text) => isFloat(text, options));
    },
  },
  {
    name: 'isDecimal',
    decorator: 'IsDecimal',
    argument: 'none',
    description: "Any number: digits with an optional sign, decimal point and exponent ('-1.5e3').",
    example: 'isDecimal: true',
    prepare(args) {
      noArgument('isDecimal', args);
      return onString((text) => DECIMAL.test(text));
    },
  },
  {
    name: 'isLowercase',
    decorator: 'IsLowercase',
    argument: 'none',
    description: 'No uppercase letters (the value equals its lowercase form).',
    example: 'isLowercase: true',
    prepare(args) {
      noArgument('isLowercase', args);
      return onString((text) => isLowercase(text));
    },
  },
  {
    name: 'isUppercase',
    decorator: 'IsUppercase',
    argument: 'none',
    description: 'No lowercase letters (the value equals its uppercase form).',
    example: 'isUppercase: true',
    prepare(args) {
      noArgument('isUppercase', args);
      return onString((text) => isUppercase(text));
    },
  },
  {
    name: 'notNull',
    decorator: 'NotNull',
    argument: 'none',
    description: 'Not null. Only allowed with allowNull: false, where { msg } sets the notNull violation message.',
    example: "notNull: { msg: 'Please enter your name' }",
    prepare(args) {
      noArgument('notNull', args);
      // A null value never reaches the built-in validators: allowNull: false reports it.
      return () => true;
    },
  },
  {
    name: 'isNull',
    decorator: 'IsNull',
    argument: 'none',
    description: "Only null (any other value fails, '' included).",
    example: 'isNull: true',
    prepare(args) {
      noArgument('isNull', args);
      // Null values skip the built-in validators, so whatever reaches this test is not null.
      return () => false;
    },
  },
  {
    name: 'notEmpty',
    decorator: 'NotEmpty',
    argument: 'none',
    description: 'Not an empty string; whitespace-only strings count as empty.',
    example: 'notEmpty: true',
    prepare(args) {
      noArgument('notEmpty', args);
      return onString((text) => text.trim() !== '');
    },
  },
  {
    name: 'equals',
    decorator: 'Equals',
    argument: 'required',
    description: 'Exactly this value (compared as text, so equals: 5 accepts 5 and "5").',
    example: "equals: 'specific value'",
    prepare(args) {
      if (args.length !== 1) throw new SpecError(`equals needs one value, got ${describeArgs(args)}`);
      const expected = textArgument('equals', args[0], 'one value');
      return onString((text) => text === expected);
    },
  },
  {
    name: 'contains',
    decorator: 'Contains',
    argument: 'required',
    description: 'Contains this substring. Optional second argument: { ignoreCase, minOccurrences }.',
    example: "contains: 'foo'",
    prepare(args) {
      const [seed, options] = containsArguments('contains', args);
      return onString((text) => contains(text, seed, options));
    },
  },
  {
    name: 'notIn',
    decorator: 'NotIn',
    argument: 'required',
    description: 'Not one of these values. The list must be wrapped in another array.',
    example: "notIn: [['foo', 'bar']]",
    prepare(args) {
      const values = allowedValues('notIn', args);
      return onString((text) => !values.has(text));
    },
  },
  {
    name: 'isIn',
    decorator: 'IsIn',
    argument: 'required',
    description: 'One of these values. The list must be wrapped in another array.',
    example: "isIn: [['foo', 'bar']]",
    prepare(args) {
      const values = allowedValues('isIn', args);
      return onString((text) => values.has(text));
    },
  },
  {
    name: 'notContains',
    decorator: 'NotContains',
    argument: 'required',
    description: 'Does not contain this substring. Optional second argument: { ignoreCase }.',
    example: "notContains: 'bar'",
    prepare(args) {
      const [seed, options] = containsArguments('notContains', args);
      return onString((text) => !contains(text, seed, options));
    },
  },
  {
    name: 'len',
    decorator: 'Length',
    argument: 'required',
    description:
      'Length between min and max, inclusive ([min, max]; a single number is a minimum). Emoji count as one character.',
    example: 'len: [2, 10]',
    prepare(args) {
      const usage = 'len needs [min, max] or a minimum length (len: [2, 10])';
      const [min, max] = args;
      const isCount = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n >= 0;
      if (args.length < 1 || args.length > 2 || !isCount(min) || (max !== undefined && !isCount(max))) {
        throw new SpecError(`${usage}, got ${describeArgs(args)}`);
      }
      if (max !== undefined && (max as number) < (min as number))
        throw new SpecError(`len: max (${String(max)}) is below min (${String(min)})`);
      const options = { min: min as number, max: max as number | undefined };
      return onString((text) => isLength(text, options));
    },
  },
  {
    name: 'isUUID',
    decorator: 'IsUUID',
    argument: 'optional',
    description: "A UUID; with a version (1-8, 'nil', 'max', 'loose', 'all'), only that version.",
    example: 'isUUID: 4',
    prepare(args) {
      if (args.length === 0) return onString((text) => isUUID(text));
      const version = args.length === 1 ? String(args[0]) : '';
      if (!UUID_VERSIONS.has(version)) {
        throw new SpecError(`isUUID takes a version (${[...UUID_VERSIONS].join(', ')}), got ${describeArgs(args)}`);
      }
      return onString((text) => isUUID(text, version as UUIDVersion));
    },
  },
  {
    name: 'isDate',
    decorator: 'IsDate',
    argument: 'none',
    description: "A date: a valid Date, or a date string ('2011-11-05', ISO 8601 date-times, 'Nov 5 2011').",
    example: 'isDate: true',
    prepare(args) {
      noArgument('isDate', args);
      return (value) => parseDate(value) !== undefined;
    },
  },
  {
    name: 'isAfter',
    decorator: 'IsAfter',
    argument: 'optional',
    description: 'A date after this one (a date string or Date; true means now, at validation time).',
    example: "isAfter: '2011-11-05'",
    prepare(args) {
      const limit = comparisonDate('isAfter', args);
      return (value) => {
        const date = parseDate(value);
        return date !== undefined && date.getTime() > limit();
      };
    },
  },
  {
    name: 'isBefore',
    decorator: 'IsBefore',
    argument: 'optional',
    description: 'A date before this one (a date string or Date; true means now, at validation time).',
    example: "isBefore: '2011-11-05'",
    prepare(args) {
      const limit = comparisonDate('isBefore', args);
      return (value) => {
        const date = parseDate(value);
        return date !== undefined && date.getTime() < limit();
      };
    },
  },
  {
    name: 'max',
    decorator: 'Max',
    argument: 'required',
    description: 'A number (or numeric string) <= this value; non-numbers fail.',
    example: 'max: 23',
    prepare(args) {
      const limit = limitArgument('max', args);
      return (value) => {
        const n = toNumeric(value);
        return n !== undefined && compareNumeric(n, limit) <= 0;
      };
    },
  },
  {
    name: 'min',
    decorator: 'Min',
    argument: 'required',
    description: 'A number (or numeric string) >= this value; non-numbers fail.',
    example: 'min: 23',
    prepare(args) {
      const limit = limitArgument('min', args);
      return (value) => {
        const n = toNumeric(value);
        return n !== undefined && compareNumeric(n, limit) >= 0;
      };
    },
  },
  {
    name: 'isCreditCard',
    decorator: 'IsCreditCard',
    argument: 'optional',
    description: "A valid credit card number. Optional argument: { provider } ('visa', 'mastercard', 'amex', ...).",
    example: 'isCreditCard: true',
    prepare(args) {
      const options = optionalOptions('isCreditCard', args);
      dryRun(() => isCreditCard('', options));
      return onString((text) => isCreditCard(text, options));
    },
  },
];

/** The locale list validator.js exports next to isAlpha/isAlphanumeric (untyped in @types/validator). */
function localesOf(module: object): readonly string[] {
  return (module as { locales?: string[] }).locales ?? [];
}

function localeTest(
  name: string,
  args: readonly unknown[],
  locales: readonly string[],
  check: (text: string, locale?: never, options?: never) => boolean,
): ValueTest {
  if (args.length > 2) throw new SpecError(`${name} takes a locale and an options object, got ${describeArgs(args)}`);
  const [locale, options] = args;
  if (locale !== undefined && (typeof locale !== 'string' || !locales.includes(locale))) {
    throw new SpecError(
      `${name}: unknown locale ${JSON.stringify(locale) ?? String(locale)}; valid locales: ${locales.join(', ')}`,
    );
  }
  if (options !== undefined && !isPlainObject(options))
    throw new SpecError(`${name}: options must be an object ({ ignore })`);
  const run = (text: string) => check(text, (locale ?? 'en-US') as never, options as never);
  dryRun(() => run(''));
  return onString(run);
}

type ContainsOptions = NonNullable<Parameters<typeof contains>[2]>;

function containsArguments(name: string, args: readonly unknown[]): [string, ContainsOptions | undefined] {
  if (args.length < 1 || args.length > 2)
    throw new SpecError(`${name} needs a substring (${name}: 'foo'), got ${describeArgs(args)}`);
  const seed = textArgument(name, args[0], 'a substring');
  if (seed === '') throw new SpecError(`${name} needs a non-empty substring`);
  const options = args[1];
  if (options !== undefined && !isPlainObject(options))
    throw new SpecError(`${name}: the second argument must be an options object ({ ignoreCase })`);
  return [seed, options as ContainsOptions | undefined];
}

const byName = new Map(definitions.map((definition) => [definition.name, definition]));

/** The definition of a built-in validator, or `undefined` for an unknown name. */
export function findBuiltIn(name: string): BuiltInDefinition | undefined {
  return byName.get(name);
}

/**
 * Every built-in validator, in the order of Sequelize's documentation: its `validate` key,
 * the @strata/annotations decorator generated from it, whether it takes an argument, what
 * it checks, and an example. @strata/annotations generates one decorator per row, and a
 * test checks that docs/validation.md lists every row, so a validator added here reaches both.
 *
 * @example
 * builtInValidators.find((v) => v.name === 'len');
 * // { name: 'len', decorator: 'Length', argument: 'required', description: '...', example: 'len: [2, 10]' }
 */
export const builtInValidators: ReadonlyArray<BuiltInValidatorInfo> = Object.freeze(
  definitions.map(({ name, decorator, argument, description, example }) =>
    Object.freeze({ name, decorator, argument, description, example }),
  ),
);

/** The built-in validator names, for error messages. */
export const builtInValidatorNames: readonly string[] = Object.freeze(definitions.map((definition) => definition.name));
