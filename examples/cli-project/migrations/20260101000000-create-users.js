'use strict';

/** @type {import('@strata/cli').Migration} */
module.exports = {
  async up({ queryInterface, DataTypes }) {
    await queryInterface.createTable('Users', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true, allowNull: false },
      email: { type: DataTypes.STRING(120), allowNull: false, unique: true },
      name: { type: DataTypes.STRING, allowNull: true },
      createdAt: { type: DataTypes.DATE, allowNull: false },
      updatedAt: { type: DataTypes.DATE, allowNull: false },
    });
  },

  async down({ queryInterface }) {
    await queryInterface.dropTable('Users');
  },
};
