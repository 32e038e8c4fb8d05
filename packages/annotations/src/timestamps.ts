import { registrationOf, type TimestampRole } from './registry';
import { propertyDecorator, type AttributeDecorator } from './property-decorator';

function timestampDecorator(role: TimestampRole, decoratorName: string): AttributeDecorator {
  return propertyDecorator(decoratorName, (_entry, target, property) => {
    registrationOf(target).timestamps.set(role, property);
  });
}

/**
 * The property holds the creation time: the model option `createdAt` names it. No `@Column`
 * is needed (a DATE column is added), and `create()` does not require it.
 * @example
 * ```ts
 * @CreatedAt declare created: Date;
 * ```
 */
export const CreatedAt: AttributeDecorator = timestampDecorator('createdAt', 'CreatedAt');

/**
 * The property holds the time of the last update: the model option `updatedAt` names it.
 * @example
 * ```ts
 * @UpdatedAt declare modified: Date;
 * ```
 */
export const UpdatedAt: AttributeDecorator = timestampDecorator('updatedAt', 'UpdatedAt');

/**
 * The property holds the soft-deletion time and makes the model paranoid: `destroy()` sets it
 * and finders skip those rows (unless `paranoid: false`).
 * @example
 * ```ts
 * @DeletedAt declare removedAt: Date | null;
 * ```
 */
export const DeletedAt: AttributeDecorator = timestampDecorator('deletedAt', 'DeletedAt');

/**
 * The property is the optimistic-locking counter (the model option `version`): every save
 * increments it, and a save from a stale instance throws OptimisticLockError.
 * @example
 * ```ts
 * @Version declare revision: number;
 * ```
 */
export const Version: AttributeDecorator = timestampDecorator('version', 'Version');
