import { StrataError } from './errors';

/**
 * One record of a bulk write failed (Sequelize's `BulkRecordError`): `errors` is that record's
 * error (a ValidationError, usually) and `record` the instance.
 */
export class BulkRecordError extends StrataError {
  readonly errors: Error;
  readonly record: unknown;

  constructor(error: Error, record: unknown) {
    super(error.message, { cause: error });
    this.errors = error;
    this.record = record;
  }
}

/**
 * Several errors reported together (Sequelize's `AggregateError`, thrown by a bulk write that
 * validates every record). Imported from `@strata/core`, the name shadows the global
 * `AggregateError` in that module only: `import { AggregateError as StrataAggregateError }`
 * keeps both in reach. The message lists every error, one a line.
 */
export class AggregateError extends StrataError {
  readonly errors: ReadonlyArray<AggregateError | Error>;

  constructor(errors: ReadonlyArray<AggregateError | Error>) {
    super(errors.map((error) => error.message).join('\n'));
    this.errors = errors;
  }
}
