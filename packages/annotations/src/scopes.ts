import type { ModelOptions } from '@strata/core';
import { registrationOf, settleRegistrations } from './registry';
import { assertModelClass } from './misuse';

type ModelClass = abstract new (...args: never[]) => unknown;

/**
 * Named scopes (the model option `scopes`), given as a function so that scopes can refer to
 * models declared later in the file or in files that import this one: it is called when the
 * model is added to a connection.
 *
 * @example
 * @Scopes(() => ({
 *   active: { where: { active: true } },
 *   olderThan: (age: number) => ({ where: { age: { [Op.gt]: age } } }),
 * }))
 * @Table
 * class User extends Model { ... }
 */
export function Scopes(
  scopes: NonNullable<ModelOptions['scopes']> | (() => NonNullable<ModelOptions['scopes']>),
): <C extends ModelClass>(target: C, context?: ClassDecoratorContext<C>) => void {
  return (target, context) => {
    assertModelClass('Scopes', target);
    if (context) settleRegistrations(target, context);
    // sequelize-typescript's older form gives the scopes object itself; the function form
    // (called when the models are added) is the one that can name models imported circularly.
    registrationOf(target).scopes = typeof scopes === 'function' ? scopes : () => scopes;
  };
}

/**
 * The scope every query of the model starts from (the model option `defaultScope`);
 * `Model.unscoped()` leaves it out. A function, called when the model is added to a connection.
 *
 * @example
 * @DefaultScope(() => ({ where: { deletedByAdmin: false } }))
 * @Table
 * class Post extends Model { ... }
 */
export function DefaultScope(
  scope: NonNullable<ModelOptions['defaultScope']> | (() => NonNullable<ModelOptions['defaultScope']>),
): <C extends ModelClass>(target: C, context?: ClassDecoratorContext<C>) => void {
  return (target, context) => {
    assertModelClass('DefaultScope', target);
    if (context) settleRegistrations(target, context);
    registrationOf(target).defaultScope = typeof scope === 'function' ? scope : () => scope;
  };
}
