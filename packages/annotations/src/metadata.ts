import type { AttributeOptions, ModelOptions } from '@strata/core';
import { inferDataType } from './column';
import { registrationChain } from './registry';

/** A decorated class, its prototype or one of its instances: what sequelize-typescript's helpers take. */
type ClassTarget = object;

function classOf(target: ClassTarget): object {
  return typeof target === 'function' ? target : (target as { constructor: object }).constructor;
}

/**
 * The attributes the decorators declared on a class (and its ancestors), by property, with the
 * data type TypeScript's metadata gave where none was explicit: sequelize-typescript's
 * `getAttributes`, for code that reads what the decorators recorded. Undefined for a class
 * without decorated attributes. The connection's definition (`Model.rawAttributes`) is what a
 * model actually has; this is what its decorators said.
 *
 * @example getAttributes(User.prototype).email // { type: DataTypes.STRING, unique: true }
 */
export function getAttributes(target: ClassTarget): Record<string, Partial<AttributeOptions>> | undefined {
  const attributes: Record<string, Partial<AttributeOptions>> = {};
  for (const registration of registrationChain(classOf(target))) {
    for (const [name, entry] of registration.properties) {
      if (!entry.isColumn && !attributes[name]) continue;
      const previous = attributes[name] ?? {};
      const merged: Partial<AttributeOptions> = { ...previous, ...entry.options };
      const type = merged.type ?? inferDataType(entry.designType);
      attributes[name] = type === undefined ? merged : { ...merged, type };
    }
  }
  return Object.keys(attributes).length > 0 ? attributes : undefined;
}

/**
 * The model options `@Table` (and its ancestors' `@Table`) gave a class: sequelize-typescript's
 * `getOptions`. Undefined for a class without `@Table`.
 *
 * @example getOptions(Shoe.prototype)?.tableName // 'shoes'
 */
export function getOptions(target: ClassTarget): ModelOptions | undefined {
  const tables = registrationChain(classOf(target)).flatMap((registration) =>
    registration.table ? [registration.table] : [],
  );
  return tables.length > 0 ? Object.assign({}, ...tables) : undefined;
}

/**
 * The scopes `@DefaultScope` and `@Scopes` gave a class (`defaultScope` among them), as
 * declared: sequelize-typescript's `getScopeOptions`. Undefined without either decorator.
 *
 * @example getScopeOptions(Shoe.prototype)?.defaultScope
 */
export function getScopeOptions(target: ClassTarget): Record<string, unknown> | undefined {
  let scopes: Record<string, unknown> | undefined;
  for (const registration of registrationChain(classOf(target))) {
    if (registration.defaultScope) scopes = { ...scopes, defaultScope: registration.defaultScope() };
    if (registration.scopes) scopes = { ...scopes, ...registration.scopes() };
  }
  return scopes;
}
