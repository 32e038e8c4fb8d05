/**
 * @strata/core/sequelize: Sequelize v6's names on Strata. `import { Sequelize, DataTypes,
 * Model, Op } from '@strata/core/sequelize'` replaces `from 'sequelize'`; `new Sequelize(...)`
 * is a Strata connection with Sequelize's defaults (docs/moving-from-sequelize.md).
 */
export * from '../index';
export {
  Sequelize,
  SequelizeConnection,
  parseSequelizeArguments,
  sequelizeDefaults,
  type SequelizeArguments,
  type SequelizeOptions,
} from './sequelize';
export { Sequelize as default } from './sequelize';

import { SequelizeConnection as SequelizeClass } from './sequelize';

// CommonJS apps write `const Sequelize = require('sequelize')` and use the class itself, with
// every other export hung on it (`Sequelize.DataTypes`, `Sequelize.Op`, `new Sequelize(...)`).
// So that this entry point replaces it there too, the module's value becomes the class, carrying
// the named exports as statics (the ones it has already, such as `fn`, are the same values).
// Named imports keep working: they read the same names from the class.
for (const [name, value] of Object.entries(exports as Record<string, unknown>)) {
  if (!Object.hasOwn(SequelizeClass, name)) {
    Object.defineProperty(SequelizeClass, name, { value, enumerable: true, configurable: true, writable: false });
  }
}
module.exports = SequelizeClass;
