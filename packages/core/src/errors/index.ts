export * from './errors';
export { ValidationError, ValidationErrorItem } from '@strata/validation';
