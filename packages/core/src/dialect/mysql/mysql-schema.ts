import type { SchemaHelper } from '../dialect';
import { alterInPlace } from '../alter-in-place';
import { compileCreateSchema, compileDropSchema } from '../../compile/ddl';
import { InvalidQueryError } from '../../errors/errors';
import { serverLossyCondition } from '../lossy-values';
import { canonicalDefaultSpelling, canonicalTypeSpelling, type TypeSynonym } from '../schema-spelling';

/**
 * How MySQL and MariaDB spell the types Strata writes: integers with a display width
 * (`int(11)`, which MySQL 8 no longer reports), BOOLEAN as `tinyint(1)`, and on MariaDB JSON
 * as LONGTEXT (with a check constraint).
 */
export const mysqlTypeSynonyms: readonly TypeSynonym[] = [
  // The display width goes; UNSIGNED and ZEROFILL stay (they change what the column holds).
  [/^(INTEGER|INT)(\(\d+\))?( UNSIGNED)?( ZEROFILL)?$/, 'INT$3$4'],
  [/^BIGINT(\(\d+\))?( UNSIGNED)?( ZEROFILL)?$/, 'BIGINT$2$3'],
  [/^SMALLINT(\(\d+\))?( UNSIGNED)?( ZEROFILL)?$/, 'SMALLINT$2$3'],
  [/^MEDIUMINT(\(\d+\))?( UNSIGNED)?( ZEROFILL)?$/, 'MEDIUMINT$2$3'],
  [/^TINYINT\(1\)$/, 'BOOLEAN'],
  [/^TINYINT(\(\d+\))?( UNSIGNED)?( ZEROFILL)?$/, 'TINYINT$2$3'],
  [/^JSON$/, 'LONGTEXT'],
];

/**
 * MySQL alters columns and foreign keys in place but commits every DDL statement on its own:
 * a transaction could not take a failed group of changes back, so none is opened (the steps
 * that ran stay; sync's alter therefore checks every step against the data before the first). Defaults are reported bare (MySQL) or quoted (MariaDB); MySQL 8 writes an
 * expression default in parentheses.
 */
export const mysqlSchema: SchemaHelper = {
  ...alterInPlace,
  qualifiedRenameTarget: true,
  async createSchema(context, schema) {
    await context.run(compileCreateSchema(context.knex, schema));
  },
  async dropSchema(context, schema, cascade) {
    // A MySQL schema is a database, and DROP DATABASE always takes its tables along: without
    // cascade, one that still holds tables is refused here instead.
    if (!cascade) {
      const { rows } = await context.run({
        sql: 'SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME',
        bindings: [schema],
      });
      if (rows.length > 0) {
        throw new InvalidQueryError(
          `dropSchema(${schema}): it still holds tables (${rows.map((row) => String(row.name)).join(', ')}); ` +
            'drop them first, or pass { cascade: true } to drop them with it',
        );
      }
    }
    await context.run(compileDropSchema(context.knex, schema, undefined));
  },
  withSchemaTransaction: (_context, work) => work(),
  lossyValuesCondition: (column, check) =>
    serverLossyCondition(
      { text: 'CAST(?? AS CHAR)', number: (text) => `CAST(${text} AS DECIMAL(65,30))`, matches: 'REGEXP' },
      column,
      check,
    ),
  normalizeColumnType: (type) => canonicalTypeSpelling(type, mysqlTypeSynonyms),
  normalizeDefault: (value) =>
    canonicalDefaultSpelling(value, { casts: false, parentheses: true, booleanWords: false }),
};
