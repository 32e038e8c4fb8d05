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
