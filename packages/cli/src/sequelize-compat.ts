import { DataTypes, Op, QueryTypes, Transaction, col, fn, literal, where, type QueryInterface } from '@strata/core';

/**
 * What sequelize-cli passes a migration as its second argument (the `Sequelize` class): the
 * data types at the top level (`Sequelize.INTEGER`, `Sequelize.STRING(100)`, `Sequelize.NOW`),
 * and the helpers generated and hand-written files reach for (`Sequelize.fn`, `Sequelize.literal`,
 * `Sequelize.Op`...), each Strata's own.
 */
export type SequelizeNamespace = typeof DataTypes & {
  DataTypes: typeof DataTypes;
  Op: typeof Op;
  QueryTypes: typeof QueryTypes;
  Transaction: typeof Transaction;
  fn: typeof fn;
  col: typeof col;
  literal: typeof literal;
  where: typeof where;
};

export const SequelizeNamespace: SequelizeNamespace = Object.freeze({
  ...DataTypes,
  DataTypes,
  Op,
  QueryTypes,
  Transaction,
  fn,
  col,
  literal,
  where,
});

/** A migration or seed in sequelize-cli's form: `up(queryInterface, Sequelize)`. */
export type PositionalStep = (queryInterface: QueryInterface, Sequelize: SequelizeNamespace) => Promise<unknown>;
