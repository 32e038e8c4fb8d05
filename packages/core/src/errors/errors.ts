import type { ValidationErrorItem } from '@strata/validation';

/**
 * Every error Strata throws extends StrataError, so `catch (e) { if (e instanceof StrataError) }`
 * separates ORM faults from bugs in user code. Driver errors are never thrown raw: the dialect's
 * error converter maps them to the classes below, the same class for the same fault on every
 * dialect, with the driver's error kept as `cause`.
 */
export class StrataError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * A statement the database rejected. `sql` is always present; the bound `parameters` are kept
 * off the enumerable properties (they may hold secrets) and appear in the message only when the
 * connection was created with `logQueryParameters: true`.
 */
export class DatabaseError extends StrataError {
  readonly sql: string;
  declare readonly parameters: readonly unknown[];

  constructor(message: string, sql: string, parameters: readonly unknown[], cause?: unknown) {
    super(message, { cause });
    this.sql = sql;
    Object.defineProperty(this, 'parameters', { value: parameters, enumerable: false });
  }
}

/**
 * A unique or primary key constraint refused a write. `fields` names the attributes involved
 * (attribute names, not column names, on every dialect, once the write that failed is known);
 * `errors` holds one `'unique violation'` item per attribute, with the attribute's
 * `unique: { msg }` as its message when one is given.
 */
export class UniqueConstraintError extends DatabaseError {
  readonly fields: string[];
  readonly constraint: string | undefined;
  readonly errors: ValidationErrorItem[];

  constructor(
    message: string,
    details: {
      sql: string;
      parameters: readonly unknown[];
      fields: string[];
      constraint?: string;
      errors?: ValidationErrorItem[];
    },
    cause?: unknown,
  ) {
    super(message, details.sql, details.parameters, cause);
    this.fields = details.fields;
    this.constraint = details.constraint;
    this.errors = details.errors ?? [];
  }
}

/** A foreign key constraint refused a write or a delete. */
export class ForeignKeyConstraintError extends DatabaseError {
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

/** The database could not be reached, or refused the credentials. */
export class ConnectionError extends StrataError {}

/** A connection could not be acquired from the pool within `pool.acquire` milliseconds. */
export class TimeoutError extends StrataError {}

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
