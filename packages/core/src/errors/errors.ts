import { inspect, type InspectOptionsStylized } from 'node:util';
import { ValidationError, type ValidationErrorItem } from '@strata/validation';

/** What every Strata error may carry besides its message. */
export interface StrataErrorOptions {
  /** The error that caused this one: the driver's error for a database fault. */
  cause?: unknown;
  /** The statement that failed, with placeholders (never values), when one did. */
  sql?: string;
  /** Whether running the same work again may succeed (see `StrataError.retryable`). */
  retryable?: boolean;
}

/**
 * Every error Strata throws extends StrataError, so `catch (e) { if (e instanceof StrataError) }`
 * separates ORM faults from bugs in user code. Driver errors are never thrown raw: the dialect's
 * error table maps them to the classes below, the same class for the same fault on every
 * dialect, with the driver's error kept as `cause` (also readable as Sequelize's `parent` and
 * `original`).
 *
 * `retryable` says whether running the same work again may succeed without changing it: true
 * for deadlocks, serialization failures, lock waits, and connection faults that happened before
 * the statement reached the server; false whenever the database may already have done the work
 * (a commit whose reply was lost) or will refuse it again (a constraint, a syntax error).
 */
export class StrataError extends Error {
  declare readonly sql?: string;
  readonly retryable: boolean;

  constructor(message: string, options: StrataErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    if (options.sql !== undefined) Object.defineProperty(this, 'sql', { value: options.sql, enumerable: true });
    this.retryable = options.retryable ?? false;
  }

  /** Sequelize's name for `cause`: the driver's error. */
  get parent(): unknown {
    return this.cause;
  }

  /** Sequelize's other name for `cause`: the driver's error. */
  get original(): unknown {
    return this.cause;
  }
}

/**
 * A statement the database rejected. `sql` is the statement as Strata sent it, with
 * placeholders, never with values. The bound `parameters` are kept off the enumerable properties
 * (they may hold secrets), and the message never quotes them: any bound value the database
 * repeated in its own message is replaced by `[redacted]`. They appear in the message, in
 * `util.inspect` and in `JSON.stringify` output only when the connection was created with
 * `logQueryParameters: true`.
 *
 * `cause` is the driver's error, readable as it is; `util.inspect` and `toJSON` show only its
 * identifying fields (code, errno, sqlState, constraint, table, column), because the driver's
 * error carries values: mysql2's `sql` has them filled in, pg's `detail` repeats the row's key.
 */
export class DatabaseError extends StrataError {
  declare readonly sql: string;
  declare readonly parameters: readonly unknown[];
  /** Set by the executor for a `logQueryParameters: true` connection (non-enumerable). */
  declare private parametersShown: boolean;

  constructor(
    message: string,
    sql: string,
    parameters: readonly unknown[],
    cause?: unknown,
    options: { retryable?: boolean } = {},
  ) {
    super(redactBoundValues(message, parameters), { cause, sql, retryable: options.retryable });
    Object.defineProperty(this, 'parameters', { value: parameters, enumerable: false });
    Object.defineProperty(this, 'parametersShown', { value: false, enumerable: false, writable: true });
  }

  /**
   * @internal The connection opted in with `logQueryParameters: true`: the message names the
   * parameters, and inspect/JSON output shows them and the driver's error whole.
   */
  showParameters(): void {
    if (this.parametersShown) return;
    this.parametersShown = true;
    this.message += ` (parameters: ${formatParameters(this.parameters)})`;
  }

  /** What logs and API responses get: the enumerable fields, the parameters only when opted in. */
  toJSON(): Record<string, unknown> {
    const fields: Record<string, unknown> = Object.fromEntries(Object.entries(this));
    return {
      ...fields,
      name: this.name,
      message: this.message,
      ...(this.parametersShown ? { parameters: this.parameters } : {}),
      ...(this.cause === undefined ? {} : { cause: this.visibleCause() }),
    };
  }

  /**
   * How `console.log` and `util.inspect` show the error: its SQL, and its parameters only when the
   * connection opted in.
   */
  [inspect.custom](_depth: number, options: InspectOptionsStylized, show: typeof inspect): string {
    // A copy that util.inspect prints as it prints any error (stack, then fields, then
    // [cause]), holding only what may be shown.
    const shown = new Error(this.message, this.cause === undefined ? undefined : { cause: this.visibleCause() });
    shown.stack = this.stack;
    Object.assign(shown, this, this.parametersShown ? { parameters: this.parameters } : {});
    return show(shown, options);
  }

  private visibleCause(): unknown {
    return this.parametersShown ? this.cause : identifyingFields(this.cause);
  }
}

/** The fields of a driver error that identify it without repeating the statement's values. */
const IDENTIFYING_FIELDS = ['name', 'code', 'errno', 'sqlState', 'severity', 'schema', 'table', 'column', 'constraint'];

function identifyingFields(cause: unknown): unknown {
  if (typeof cause !== 'object' || cause === null || cause instanceof StrataError) return cause;
  const source = cause as Record<string, unknown>;
  return Object.fromEntries(
    IDENTIFYING_FIELDS.filter((field) => source[field] !== undefined).map((field) => [field, source[field]]),
  );
}

/**
 * The bound values as a log line or a message shows them (only for `logQueryParameters: true`):
 * JSON-like, with bigints as digits and Buffers by their size.
 */
export function formatParameters(parameters: readonly unknown[]): string {
  const shown = parameters.map((parameter) => {
    if (typeof parameter === 'bigint') return parameter.toString();
    if (Buffer.isBuffer(parameter)) return `<Buffer ${parameter.length} bytes>`;
    if (parameter instanceof Date) return JSON.stringify(parameter.toISOString());
    return JSON.stringify(parameter) ?? String(parameter);
  });
  return `[${shown.join(', ')}]`;
}

/**
 * The database's message with every bound value it quotes replaced by `[redacted]`. MySQL and
 * PostgreSQL repeat the offending value (`Incorrect integer value: 'x'`, `invalid input syntax
 * for type integer: "x"`); only quoted occurrences are replaced, so a value `1` does not blank
 * out `at row 1`.
 */
function redactBoundValues(message: string, parameters: readonly unknown[]): string {
  let redacted = message;
  for (const parameter of parameters) {
    const text =
      typeof parameter === 'string' || typeof parameter === 'number' || typeof parameter === 'bigint'
        ? String(parameter)
        : undefined;
    if (!text) continue;
    for (const [open, close] of QUOTES) {
      redacted = redacted.split(`${open}${text}${close}`).join(`${open}[redacted]${close}`);
    }
  }
  return redacted;
}

const QUOTES: ReadonlyArray<readonly [string, string]> = [
  ["'", "'"],
  ['"', '"'],
  ['(', ')'],
];

/**
 * A unique or primary key constraint refused a write. `fields` names the attributes involved
 * (attribute names, not column names, on every dialect, once the write that failed is known);
 * `errors` holds one `'unique violation'` item per attribute, with the attribute's
 * `unique: { msg }` as its message when one is given. The message names the model, the
 * attributes and the constraint, never the duplicate value.
 *
 * `duplicateValues` (non-enumerable, like `parameters`) is the key as the database reported it,
 * as text in the key's column order: PostgreSQL and MySQL report it, SQLite does not (empty).
 * A model's write copies it to `errors[i].value`, where Sequelize code reads it.
 *
 * As in Sequelize, it is also a `ValidationError` (`instanceof ValidationError` is true, and
 * `get(path)` reads `errors`), so code that catches validation failures catches it too.
 */
export class UniqueConstraintError extends DatabaseError {
  readonly fields: string[];
  readonly constraint: string | undefined;
  readonly errors: ValidationErrorItem[];
  declare readonly duplicateValues: readonly string[];

  constructor(
    message: string,
    details: {
      sql: string;
      parameters: readonly unknown[];
      fields: string[];
      constraint?: string;
      errors?: ValidationErrorItem[];
      duplicateValues?: readonly string[];
    },
    cause?: unknown,
  ) {
    super(message, details.sql, details.parameters, cause);
    this.fields = details.fields;
    this.constraint = details.constraint;
    this.errors = details.errors ?? [];
    Object.defineProperty(this, 'duplicateValues', { value: details.duplicateValues ?? [], enumerable: false });
  }

  /** The failures on one attribute, as `ValidationError.get` reads them. */
  get(path: string): ValidationErrorItem[] {
    return this.errors.filter((item) => item.path === path);
  }
}
// instanceof ValidationError (see ValidationError.kind); non-enumerable, on the prototype.
Object.defineProperty(UniqueConstraintError.prototype, ValidationError.kind, { value: true });

/**
 * A foreign key constraint refused a write or a delete. `reltype` (Sequelize's name) says which
 * side refused: `'child'` when the written row references a missing row, `'parent'` when the
 * deleted or changed row is still referenced; undefined where the database does not say
 * (SQLite). `index` is Sequelize's name for `constraint`.
 */
export class ForeignKeyConstraintError extends DatabaseError {
  readonly table: string | undefined;
  readonly constraint: string | undefined;
  readonly reltype: 'parent' | 'child' | undefined;

  constructor(
    message: string,
    details: {
      sql: string;
      parameters: readonly unknown[];
      table?: string;
      constraint?: string;
      reltype?: 'parent' | 'child';
    },
    cause?: unknown,
  ) {
    super(message, details.sql, details.parameters, cause);
    this.table = details.table;
    this.constraint = details.constraint;
    this.reltype = details.reltype;
  }

  /** Sequelize's name for the constraint. */
  get index(): string | undefined {
    return this.constraint;
  }
}

/** An exclusion constraint (PostgreSQL's `EXCLUDE`, SQLSTATE 23P01) refused a write. */
export class ExclusionConstraintError extends DatabaseError {
  readonly table: string | undefined;
  readonly constraint: string | undefined;

  constructor(
    message: string,
    details: { sql: string; parameters: readonly unknown[]; table?: string; constraint?: string },
    cause?: unknown,
  ) {
    super(message, details.sql, details.parameters, cause);
    this.table = details.table;
    this.constraint = details.constraint;
  }
}

/**
 * The database could not be reached, refused the credentials, or the connection broke. The
 * subclasses (connection-errors.ts) say which; `retryable` says whether the work may be run again.
 */
export class ConnectionError extends StrataError {}

/**
 * Set to true on the prototype of an error class that is a timeout without extending
 * TimeoutError (a connect or acquire timeout is a ConnectionError first, as in Sequelize).
 */
export const TIMEOUT_KIND: unique symbol = Symbol('strata.timeout');

/**
 * A wait ran out: a query past its `timeout` (QueryTimeoutError), a lock wait (LockTimeoutError),
 * a connect or pool acquire past its limit (ConnectionTimedOutError,
 * ConnectionAcquireTimeoutError, which are ConnectionErrors too).
 */
export class TimeoutError extends StrataError {
  /**
   * `instanceof TimeoutError` also holds for the errors that are timeouts of another family
   * (ConnectionTimedOutError, ConnectionAcquireTimeoutError).
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    return (
      this === TimeoutError &&
      typeof value === 'object' &&
      value !== null &&
      (value as Record<symbol, unknown>)[TIMEOUT_KIND] === true
    );
  }
}

/** A versioned row changed since it was loaded: the save was refused and nothing was written. */
export class OptimisticLockError extends StrataError {
  constructor(
    readonly modelName: string,
    readonly where: Record<string, unknown>,
    readonly expectedVersion: number,
  ) {
    super(
      `${modelName}: the row changed since it was loaded (expected version ${expectedVersion}); ` +
        'reload it and apply the change again',
    );
  }
}

/** `rejectOnEmpty` was set and the finder found nothing. */
export class EmptyResultError extends StrataError {}

/** An include names an association the model does not have. */
export class EagerLoadingError extends StrataError {}

/**
 * A query, a model definition or an option is invalid: an unknown attribute, a string operator,
 * `undefined` in a where, a negative limit. Thrown before any SQL is sent.
 */
export class InvalidQueryError extends StrataError {}

/** A model or connection is used in a way its definition does not allow. */
export class ModelDefinitionError extends StrataError {}

/** A transaction is used after it was committed or rolled back. */
export class TransactionError extends StrataError {}
