export * from './errors';
export * from './connection-errors';
export * from './transient-errors';
export * from './bulk-errors';
export { applyErrorNames, type ErrorNames } from './error-names';
export { ValidationError, ValidationErrorItem } from '@strata/validation';
