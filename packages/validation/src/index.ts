/**
 * @strata/validation: attribute and model validators for Strata models, backed by
 * validator.js. Knows nothing of SQL; core calls it before every write.
 */
export type {
  AttributeValidationSpec,
  AttributeValidators,
  ModelValidatorFn,
  ValidateRecordInput,
  ValidatorFn,
  ValidatorSpec,
} from './types';
export {
  ValidationError,
  ValidationErrorItem,
  type ValidationErrorItemOptions,
  type ValidationErrorItemScope,
  type ValidationErrorItemType,
  type ValidationErrorOptions,
} from './validation-error';
export { assertValid, validateRecord } from './validate-record';
export { describeValue } from './describe-value';
export { checkValidatorSpecs } from './validators/compile';
export { builtInValidators, type BuiltInArgument, type BuiltInValidatorInfo } from './validators/built-in';
