import type { Model } from '../model/model';
import { runHooks, type ModelState } from '../runtime/model-state';
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
 * @example await validateWithHooks(state, user, options, { skipNullCheckFor: databaseFilled(definition) })
 */
export async function validateWithHooks(
  state: ModelState,
  instance: Model,
  options: { hooks?: boolean },
  validateOptions: () => ValidateOptions,
): Promise<void> {
  const hooked = options.hooks !== false;
  if (hooked) await runHooks(state, 'beforeValidate', instance, options);
  try {
    await validateValues(state.definition, instance.dataValues, instance, validateOptions());
  } catch (error) {
    if (hooked) await runHooks(state, 'validationFailed', instance, options, error);
    throw error;
  }
  if (hooked) await runHooks(state, 'afterValidate', instance, options);
}
