/**
 * The error a failed validation produces: one {@link ValidationError} carrying one
 * {@link ValidationErrorItem} per failure, every failure of the record rather than the first.
 */

/**
 * What kind of failure an item reports. This package produces `'Validation error'` (a
 * validator, custom validator, model validator or the type check failed) and
 * `'notNull violation'`; core adds `'unique violation'` and friends for database errors.
 */
export type ValidationErrorItemType =
  | 'Validation error'
  | 'notNull violation'
  | 'string violation'
  | 'unique violation'
  // Keeps editor completion for the names above while accepting core's own types.
  | (string & Record<never, never>);

/**
 * Whether a failure belongs to one attribute (`path` is the attribute) or to a model-wide
 * validator (`path` is the validator's name).
 */
export type ValidationErrorItemScope = 'attribute' | 'model';

/** Constructor options of {@link ValidationErrorItem}. */
export interface ValidationErrorItemOptions {
  message: string;
  type: ValidationErrorItemType;
  /** Attribute name, or the model validator's name. */
  path: string;
  /** The offending value. Readable as `item.value`, never enumerable: see {@link ValidationErrorItem}. */
  value?: unknown;
  /** Name of the validator that failed: `isEmail`, `len`, `notNull`, a custom function's key. */
  validatorKey: string;
  /** The built-in validator's name; `null` for custom and model validators. */
  validatorName?: string | null;
  /** Arguments the built-in validator was called with. */
  validatorArgs?: unknown[];
  /** The error a custom or model validator threw. */
  original?: Error;
  /** The record that was validated. */
  instance?: object | null;
  scope?: ValidationErrorItemScope;
  /** The record's position in a multi-record write (`bulkCreate`); absent otherwise. */
  index?: number;
}

/**
 * One failure: which attribute (`path`), which validator (`validatorKey`), the offending
 * `value` and a human `message`.
 *
 * `instance` and `original` are non-enumerable, so `JSON.stringify` never walks into the
 * record (which may reference itself) or into a driver error. `value` is non-enumerable too,
 * so `JSON.stringify`, `util.inspect` and loggers that walk an error's properties never print
 * user input (a password that failed `len`, a card number that failed `isCreditCard`); code
 * that needs it reads `item.value`.
 *
 * @example
 * catch (err) {
 *   if (err instanceof ValidationError) {
 *     for (const item of err.errors) console.log(item.path, item.validatorKey, item.message);
 *   }
 * }
 */
export class ValidationErrorItem {
  readonly message: string;
  readonly type: ValidationErrorItemType;
  readonly path: string;
  /** The offending value (non-enumerable: kept out of JSON and `util.inspect` output). */
  declare readonly value: unknown;
  readonly validatorKey: string;
  readonly validatorName: string | null;
  readonly validatorArgs: unknown[];
  readonly scope: ValidationErrorItemScope;
  /** The record's position in a multi-record write (`bulkCreate`); undefined otherwise. */
  readonly index?: number;
  /** The record that was validated (non-enumerable). */
  declare readonly instance: object | null;
  /** The error a custom or model validator threw (non-enumerable). */
  declare readonly original?: Error;

  constructor(options: ValidationErrorItemOptions) {
    this.message = options.message;
    this.type = options.type;
    this.path = options.path;
    this.validatorKey = options.validatorKey;
    this.validatorName = options.validatorName ?? null;
    this.validatorArgs = options.validatorArgs ?? [];
    this.scope = options.scope ?? 'attribute';
    if (options.index !== undefined) this.index = options.index;
    Object.defineProperty(this, 'value', {
      value: options.value === undefined ? null : options.value,
      enumerable: false,
      writable: true,
      configurable: true,
    });
    Object.defineProperty(this, 'instance', {
      value: options.instance ?? null,
      enumerable: false,
      writable: true,
      configurable: true,
    });
    Object.defineProperty(this, 'original', {
      value: options.original,
      enumerable: false,
      writable: true,
      configurable: true,
    });
  }
}

/** Options of {@link ValidationError}. */
export interface ValidationErrorOptions {
  /** The model whose record failed; used in the composed message. */
  modelName?: string;
  /** A lower-level error that caused this one (core's database errors pass the driver's). */
  cause?: unknown;
}

/**
 * Thrown (by `assertValid` (of @strata/validation), and by core before every write) when a record fails
 * validation. `errors` lists every failure; the message names each of them:
 *
 * ```text
 * Validation error: User.email failed isEmail (Validation isEmail on email failed); notNull Violation: User.name cannot be null
 * ```
 *
 * Trap: the `errors` array is the data to act on; do not parse the message.
 *
 * @example
 * try {
 *   await User.create({ email: 'nope' });
 * } catch (err) {
 *   if (err instanceof ValidationError) console.log(err.get('email')[0]?.validatorKey); // 'isEmail'
 * }
 */
export class ValidationError extends Error {
  /**
   * A class elsewhere (core's UniqueConstraintError, a database error with its own base class)
   * that Sequelize code catches as a ValidationError sets this symbol to true on its instances:
   * `instanceof ValidationError` is then true for it, without a second base class.
   */
  static readonly kind: unique symbol = Symbol.for('@strata/validation:ValidationError');

  /**
   * `instanceof ValidationError` also holds for an error that sets `ValidationError.kind` (another
   * copy of this package, or a compatible class).
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    return (
      this === ValidationError &&
      typeof value === 'object' &&
      value !== null &&
      (value as Record<symbol, unknown>)[ValidationError.kind] === true
    );
  }

  override name = 'ValidationError';
  readonly errors: ValidationErrorItem[];
  readonly modelName?: string;

  /**
   * @param message the message; when omitted it is composed from `errors`.
   * @param errors every failure.
   */
  constructor(message: string | undefined, errors: ValidationErrorItem[] = [], options: ValidationErrorOptions = {}) {
    super(
      message ?? describeValidationFailures(errors, options.modelName),
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.errors = errors;
    if (options.modelName !== undefined) this.modelName = options.modelName;
  }

  /** The failures on one attribute (or of one model validator, by its name). */
  get(path: string): ValidationErrorItem[] {
    return this.errors.filter((item) => item.path === path);
  }

  /** A plain object for logs and API responses; `message` is included, unlike a bare Error's JSON. */
  toJSON(): { name: string; message: string; modelName?: string; errors: ValidationErrorItem[] } {
    return {
      name: this.name,
      message: this.message,
      ...(this.modelName === undefined ? {} : { modelName: this.modelName }),
      errors: this.errors,
    };
  }
}

/**
 * Composes `Validation error: <failure>; <failure>` with each failure named by model and
 * attribute, so a log line alone says what to fix. Missing required values are headed
 * `notNull Violation:` as in Sequelize (`notNull Violation: User.name cannot be null`); a header
 * is written where the kind of failure changes.
 */
export function describeValidationFailures(errors: readonly ValidationErrorItem[], modelName?: string): string {
  if (errors.length === 0) return 'Validation error';
  const prefix = modelName === undefined ? '' : `${modelName}.`;
  let previousHeader: string | undefined;
  const parts = errors.map((item) => {
    const header = item.type === 'notNull violation' ? 'notNull Violation' : 'Validation error';
    const lead = header === previousHeader ? '' : `${header}: `;
    previousHeader = header;
    return lead + describeFailure(item, prefix, modelName);
  });
  return parts.join('; ');
}

function describeFailure(item: ValidationErrorItem, prefix: string, modelName: string | undefined): string {
  if (item.type === 'notNull violation') {
    const plain = `${prefix}${item.path} cannot be null`;
    return item.message === plain ? plain : `${plain} (${item.message})`;
  }
  if (item.scope === 'model') {
    return `${modelName ?? 'record'} failed ${item.validatorKey} (${item.message})`;
  }
  if (item.type === 'Validation error') {
    return `${prefix}${item.path} failed ${item.validatorKey} (${item.message})`;
  }
  return `${prefix}${item.path} ${item.type} (${item.message})`;
}
