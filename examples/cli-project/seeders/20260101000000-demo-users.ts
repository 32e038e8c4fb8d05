import type { MigrationContext } from '@strata/cli';

export default {
  async up({ queryInterface }: MigrationContext): Promise<void> {
    const now = new Date();
    await queryInterface.bulkInsert('Users', [
      { email: 'ada@example.com', name: 'Ada', age: 36, createdAt: now, updatedAt: now },
      { email: 'alan@example.com', name: 'Alan', age: 41, createdAt: now, updatedAt: now },
    ]);
  },

  async down({ queryInterface }: MigrationContext): Promise<void> {
    await queryInterface.bulkDelete('Users', {});
  },
};
