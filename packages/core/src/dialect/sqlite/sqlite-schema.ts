import { compileColumnDefinition } from '../../compile/ddl';
import type { LossyValueCheck, SchemaHelper } from '../dialect';
import { commonLossyCondition, decimalLimit, withColumn } from '../lossy-values';
import { mysqlTypeSynonyms } from '../mysql/mysql-schema';
import { postgresTypeSynonyms } from '../postgres/postgres-schema';
import { canonicalDefaultSpelling, canonicalTypeSpelling, type TypeSynonym } from '../schema-spelling';
import { checkForeignKeys, rebuildSqliteTable, withForeignKeysOff } from './sqlite-table-rebuild';
import { sqliteTable } from './sqlite-introspector';

/**
 * SQLite reports a column's type exactly as it was declared, so a table made by another tool
 * can carry any database's spelling (`character varying(20)`, `tinyint(1)`): all are accepted.
 */
const sqliteTypeSynonyms: readonly TypeSynonym[] = [
  // CITEXT's column (sqlite-dialect): SQLite reports the declared type without its collation.
  [/^CITEXT COLLATE NOCASE$/, 'CITEXT'],
  ...postgresTypeSynonyms,
  ...mysqlTypeSynonyms,
];

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
    await rebuildSqliteTable(context, sqliteTable(table), (shape) => ({
      ...shape,
      columns: shape.columns.map((c) => (c.name === column ? { name: column, sql, from: column } : c)),
    }));
  },

  async removeColumn(context, table, column) {
    await rebuildSqliteTable(context, sqliteTable(table), (shape) => ({
      ...shape,
      columns: shape.columns.filter((c) => c.name !== column),
      uniques: shape.uniques.filter((u) => !u.includes(column)),
      foreignKeys: shape.foreignKeys.filter((fk) => !fk.columns.includes(column)),
    }));
  },

  async addForeignKey(context, table, { name: _name, ...foreignKey }) {
    // The name is not kept: SQLite reports foreign keys without their constraint names.
    await rebuildSqliteTable(context, sqliteTable(table), (shape) => ({
      ...shape,
      foreignKeys: [...shape.foreignKeys, foreignKey],
    }));
  },

  async removeForeignKey(context, table, foreignKey) {
    await rebuildSqliteTable(context, sqliteTable(table), (shape) => ({
      ...shape,
      foreignKeys: shape.foreignKeys.filter((fk) => !sameColumns(fk.columns, foreignKey.columns)),
    }));
  },

  qualifiedRenameTarget: false,

  withSchemaTransaction: (context, work) =>
    withForeignKeysOff(context, () =>
      context.transaction(async () => {
        const result = await work();
        await checkForeignKeys(context);
        return result;
      }),
    ),

  lossyValuesCondition: sqliteLossyCondition,
  normalizeColumnType: (type) => canonicalTypeSpelling(type, sqliteTypeSynonyms),
  normalizeDefault: (value) => canonicalDefaultSpelling(value, { casts: false, parentheses: true, booleanWords: true }),
};

function sameColumns(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((column, index) => column === b[index]);
}

/**
 * SQLite keeps whatever a rebuilt table's INSERT ... SELECT copies (13 characters in a
 * VARCHAR(3), 'abc' in an INTEGER column), so the check is what the other dialects would
 * refuse or change. It has no regular expressions: values are judged by their storage class
 * (`typeof`), text by a round trip through CAST and by GLOB.
 */
function sqliteLossyCondition(column: string, check: LossyValueCheck): { sql: string; bindings: unknown[] } {
  switch (check.kind) {
    case 'length':
      return withColumn('length(CAST(?? AS TEXT)) > ?', column, [check.max]);
    case 'integer': {
      const outOfRange = (value: string): string => `(${value} < CAST(? AS INTEGER) OR ${value} > CAST(? AS INTEGER))`;
      return withColumn(
        `(CASE typeof(??) WHEN 'null' THEN 0 WHEN 'integer' THEN ${outOfRange('??')}` +
          ` WHEN 'real' THEN (?? <> CAST(?? AS INTEGER) OR ${outOfRange('??')})` +
          ` WHEN 'text' THEN (CAST(CAST(?? AS INTEGER) AS TEXT) <> trim(??) OR ${outOfRange('CAST(?? AS INTEGER)')})` +
          ' ELSE 1 END)',
        column,
        [check.min, check.max, check.min, check.max, check.min, check.max],
      );
    }
    case 'decimal': {
      const limit = decimalLimit(check.precision, check.scale);
      return withColumn(
        `(CASE typeof(??) WHEN 'null' THEN 0` +
          ` WHEN 'text' THEN (trim(??) = '' OR trim(??) GLOB '*[^0-9.+-]*' OR abs(CAST(?? AS REAL)) >= CAST(? AS REAL)` +
          ` OR (instr(??, '.') > 0 AND length(rtrim(trim(??), '0')) - instr(trim(??), '.') > ?))` +
          ` WHEN 'blob' THEN 1 ELSE (abs(??) >= CAST(? AS REAL) OR round(??, ?) <> ??) END)`,
        column,
        [limit, check.scale, limit, check.scale],
      );
    }
    case 'number':
      return withColumn(
        `(CASE typeof(??) WHEN 'text' THEN (trim(??) = '' OR trim(??) GLOB '*[^0-9.eE+-]*') WHEN 'blob' THEN 1 ELSE 0 END)`,
        column,
        [],
      );
    default:
      return commonLossyCondition('CAST(?? AS TEXT)', column, check);
  }
}
