import { ValidationError, ValidationErrorItem } from '@strata/validation';
import type { Model } from '../model/model';
import type { ModelRuntime } from '../runtime/model-runtime';
import { databaseFilled, validateValues, validateValuesSync } from './prepare-row';

/**
 * Validates every row of a multi-row write and throws one ValidationError listing the
 * failures of every failing row, each item carrying its row's `index`; the message reads
 * `Row 0: Validation error: ...; Row 2: Validation error: ...`.
 *
 * Why all rows and not the first: a caller importing a file wants to fix every bad line in
 * one go, as with one record's failures.
 *
 * @example
 * catch (err) {
 *   if (err instanceof ValidationError) for (const item of err.errors) console.log(item.index, item.path);
 * }
 */
export async function validateRows(
  runtime: ModelRuntime,
  instances: readonly Model[],
  fields: ReadonlySet<string> | undefined,
): Promise<void> {
  const failures: Array<{ index: number; error: ValidationError }> = [];
  const options = { fields: fields ? [...fields] : undefined, skipNullCheckFor: databaseFilled(runtime) };
  const record = (index: number, error: unknown): void => {
    if (!(error instanceof ValidationError)) throw error;
    failures.push({ index, error });
  };
  const pending: Array<Promise<void>> = [];
  instances.forEach((instance, index) => {
    // A model without validators is checked synchronously: no promise per row.
    try {
      if (validateValuesSync(runtime, instance.dataValues, instance, options)) return;
    } catch (error) {
      record(index, error);
      return;
    }
    pending.push(
      validateValues(runtime, instance.dataValues, instance, options).catch((error) => record(index, error)),
    );
  });
  await Promise.all(pending);
  if (failures.length === 0) return;
  failures.sort((a, b) => a.index - b.index);
  const items = failures.flatMap(({ index, error }) => error.errors.map((item) => withIndex(item, index)));
  const message = failures.map(({ index, error }) => `Row ${index}: ${error.message}`).join('; ');
  throw new ValidationError(message, items, { modelName: runtime.definition.name });
}

function withIndex(item: ValidationErrorItem, index: number): ValidationErrorItem {
  return new ValidationErrorItem({
    message: item.message,
    type: item.type,
    path: item.path,
    value: item.value,
    validatorKey: item.validatorKey,
    validatorName: item.validatorName,
    validatorArgs: item.validatorArgs,
    original: item.original,
    instance: item.instance,
    scope: item.scope,
    index,
  });
}
