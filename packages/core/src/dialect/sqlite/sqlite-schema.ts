import { compileColumnDefinition } from '../../compile/ddl';
import type { SchemaHelper } from '../dialect';
import { mysqlTypeSynonyms } from '../mysql/mysql-schema';
import { postgresTypeSynonyms } from '../postgres/postgres-schema';
import { canonicalDefaultSpelling, canonicalTypeSpelling, type TypeSynonym } from '../schema-spelling';
import { checkForeignKeys, rebuildSqliteTable, withForeignKeysOff } from './sqlite-table-rebuild';

/**
 * SQLite reports a column's type exactly as it was declared, so a table made by another tool
 * can carry any database's spelling (`character varying(20)`, `tinyint(1)`): all are accepted.
 */
const sqliteTypeSynonyms: readonly TypeSynonym[] = [...postgresTypeSynonyms, ...mysqlTypeSynonyms];

/**
 * SQLite's ALTER TABLE cannot change or drop a column nor add or drop a foreign key, so those
 * changes rebuild the table keeping every row (sqlite-table-rebuild.ts). A rebuild needs foreign
 * key enforcement off, which SQLite only allows outside a transaction: a group of schema changes
 * switches it off around its transaction and checks every key before it commits.
 */
export const sqliteSchema: SchemaHelper = {
  async changeColumn(context, table, attribute) {
    const sql = compileColumnDefinition(context.knex, context.dialect, attribute);
    const column = attribute.field;
    await rebuildSqliteTable(context, table, (shape) => ({
      ...shape,
      columns: shape.columns.map((c) => (c.name === column ? { name: column, sql, from: column } : c)),
    }));
  },

  async removeColumn(context, table, column) {
    await rebuildSqliteTable(context, table, (shape) => ({
      ...shape,
      columns: shape.columns.filter((c) => c.name !== column),
      uniques: shape.uniques.filter((u) => !u.includes(column)),
      foreignKeys: shape.foreignKeys.filter((fk) => !fk.columns.includes(column)),
    }));
  },

  async addForeignKey(context, table, { name: _name, ...foreignKey }) {
    // The name is not kept: SQLite reports foreign keys without their constraint names.
    await rebuildSqliteTable(context, table, (shape) => ({
      ...shape,
      foreignKeys: [...shape.foreignKeys, foreignKey],
    }));
  },

  async removeForeignKey(context, table, foreignKey) {
    await rebuildSqliteTable(context, table, (shape) => ({
      ...shape,
      foreignKeys: shape.foreignKeys.filter((fk) => !sameColumns(fk.columns, foreignKey.columns)),
    }));
  },

  withSchemaTransaction: (context, work) =>
    withForeignKeysOff(context, () =>
      context.transaction(async () => {
        const result = await work();
        await checkForeignKeys(context);
        return result;
      }),
    ),

  normalizeColumnType: (type) => canonicalTypeSpelling(type, sqliteTypeSynonyms),
  normalizeDefault: (value) => canonicalDefaultSpelling(value, { casts: false, parentheses: true, booleanWords: true }),
};

function sameColumns(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((column, index) => column === b[index]);
}
