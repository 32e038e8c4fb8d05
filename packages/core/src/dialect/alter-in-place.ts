import { compileAddForeignKey, compileAlterColumn, compileDropColumn, compileDropForeignKey } from '../compile/ddl';
import type { SchemaContext, SchemaHelper } from './dialect';

/** The schema changes that ALTER TABLE makes in place where it can. */
type InPlaceChanges = Pick<SchemaHelper, 'changeColumn' | 'removeColumn' | 'addForeignKey' | 'removeForeignKey'>;

/**
 * The column and foreign key changes of a dialect whose ALTER TABLE makes them in place
 * (PostgreSQL, MySQL): each is compiled ALTER TABLE, run on the context's connection. The
 * dialect's schema helper adds its transaction handling and spellings.
 */
export const alterInPlace: InPlaceChanges = {
  async changeColumn(context, table, attribute) {
    await runAll(context, compileAlterColumn(context.knex, context.dialect, table, attribute));
  },

  async removeColumn(context, table, column) {
    // MySQL refuses to drop a column that a foreign key still uses.
    for (const foreignKey of await context.showForeignKeys(table)) {
      if (foreignKey.columns.includes(column) && foreignKey.name) {
        await runAll(context, compileDropForeignKey(context.knex, table, foreignKey));
      }
    }
    await runAll(context, compileDropColumn(context.knex, table, column));
  },

  async addForeignKey(context, table, foreignKey) {
    await runAll(context, compileAddForeignKey(context.knex, context.dialect, table, foreignKey));
  },

  async removeForeignKey(context, table, foreignKey) {
    await runAll(context, compileDropForeignKey(context.knex, table, foreignKey));
  },
};

async function runAll(
  context: SchemaContext,
  statements: ReadonlyArray<{ sql: string; bindings: readonly unknown[] }>,
): Promise<void> {
  for (const statement of statements) await context.run(statement);
}
