import type { Model } from '../model/model';
import { runHooks, type ModelRuntime } from '../runtime/model-runtime';
import { validateValues, type ValidateOptions } from '../writes/prepare-row';

/** The hooks around validation (each one makes a save transactional). */
export const VALIDATION_HOOKS = ['beforeValidate', 'afterValidate', 'validationFailed'] as const;

/**
 * Validates an instance between beforeValidate and afterValidate; on failure validationFailed
 * sees the error before it is thrown. `hooks: false` validates without them. Used by save,
 * validate(), upsert and nested create so that every validated write runs the same hooks.
 *
 * The trap: beforeValidate runs before the validators, so a value it sets is validated; a
 * value a later hook (beforeCreate, beforeSave) sets is not, unless the caller validates again.
 * @example await validateWithHooks(runtime, user, options, { skipNullCheckFor: databaseFilled(runtime) })
 */
export async function validateWithHooks(
  runtime: ModelRuntime,
  instance: Model,
  options: { hooks?: boolean },
  validateOptions: () => ValidateOptions,
): Promise<void> {
  const hooked = options.hooks !== false;
  if (hooked) await runHooks(runtime, 'beforeValidate', instance, options);
  try {
    await validateValues(runtime, instance.dataValues, instance, validateOptions());
  } catch (error) {
    if (hooked) await runHooks(runtime, 'validationFailed', instance, options, error);
    throw error;
  }
  if (hooked) await runHooks(runtime, 'afterValidate', instance, options);
}
