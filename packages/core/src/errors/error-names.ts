import { ValidationError } from '@strata/validation';
import { AggregateError, BulkRecordError } from './bulk-errors';
import {
  AccessDeniedError,
  ConnectionAcquireTimeoutError,
  ConnectionRefusedError,
  ConnectionTimedOutError,
  HostNotFoundError,
  HostNotReachableError,
  InvalidConnectionError,
} from './connection-errors';
import {
  ConnectionError,
  DatabaseError,
  EagerLoadingError,
  EmptyResultError,
  ExclusionConstraintError,
  ForeignKeyConstraintError,
  OptimisticLockError,
  TimeoutError,
  UniqueConstraintError,
} from './errors';

/**
 * The connection option `errorNames`: `'strata'` (the default) leaves each error's `name` its
 * class name; `'sequelize'` gives errors Sequelize's names (`SequelizeUniqueConstraintError`,
 * `SequelizeValidationError`, `SequelizeDatabaseError`, ...) for code that compares `err.name`.
 * Classes and `instanceof` are the same either way.
 */
export type ErrorNames = 'strata' | 'sequelize';

/** Sequelize v6's `name` for each error class it has; Strata's own classes take their nearest ancestor's. */
const SEQUELIZE_NAMES = new Map<abstract new (...args: never[]) => Error, string>([
  [UniqueConstraintError, 'SequelizeUniqueConstraintError'],
  [ForeignKeyConstraintError, 'SequelizeForeignKeyConstraintError'],
  [ExclusionConstraintError, 'SequelizeExclusionConstraintError'],
  [DatabaseError, 'SequelizeDatabaseError'],
  [ValidationError, 'SequelizeValidationError'],
  [ConnectionRefusedError, 'SequelizeConnectionRefusedError'],
  [AccessDeniedError, 'SequelizeAccessDeniedError'],
  [HostNotFoundError, 'SequelizeHostNotFoundError'],
  [HostNotReachableError, 'SequelizeHostNotReachableError'],
  [InvalidConnectionError, 'SequelizeInvalidConnectionError'],
  [ConnectionTimedOutError, 'SequelizeConnectionTimedOutError'],
  [ConnectionAcquireTimeoutError, 'SequelizeConnectionAcquireTimeoutError'],
  [ConnectionError, 'SequelizeConnectionError'],
  [TimeoutError, 'SequelizeTimeoutError'],
  [OptimisticLockError, 'SequelizeOptimisticLockError'],
  [EmptyResultError, 'SequelizeEmptyResultError'],
  [EagerLoadingError, 'SequelizeEagerLoadingError'],
  [BulkRecordError, 'SequelizeBulkRecordError'],
  [AggregateError, 'AggregateError'],
]);

/**
 * Gives `error` the name its connection's `errorNames` asks for and returns it. Called where a
 * connection's errors leave Strata (the executor, transactions, the connection's own methods).
 * With `'sequelize'`, the name is Sequelize's for the class or its nearest ancestor Sequelize
 * has (a DeadlockError is a `SequelizeDatabaseError`, as Sequelize reports a deadlock); an error
 * with no such ancestor (InvalidQueryError) keeps its own name.
 */
export function applyErrorNames<E>(error: E, style: ErrorNames | undefined): E {
  if (style !== 'sequelize' || !(error instanceof Error)) return error;
  const name = sequelizeName(error);
  if (name !== undefined) error.name = name;
  return error;
}

/** The name of the nearest class in the error's own chain that Sequelize has. */
function sequelizeName(error: Error): string | undefined {
  for (let prototype = Object.getPrototypeOf(error); prototype; prototype = Object.getPrototypeOf(prototype)) {
    const name = SEQUELIZE_NAMES.get((prototype as { constructor: never }).constructor);
    if (name !== undefined) return name;
  }
  return undefined;
}
