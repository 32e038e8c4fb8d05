import type { MigrationContext } from '@strata/cli';

export default {
  async up({ queryInterface, DataTypes }: MigrationContext): Promise<void> {
    await queryInterface.addColumn('Users', 'age', { type: DataTypes.INTEGER, allowNull: true });
  },

  async down({ queryInterface }: MigrationContext): Promise<void> {
    await queryInterface.removeColumn('Users', 'age');
  },
};
