import type { SchemaContext, SchemaHelper } from '../dialect';
import { enumTypeOf, inlined } from '../../compile/create-table';
import { postgresEnumTypes } from './postgres-enum';
import { tableRef } from '../../definition/table-ref';
import { alterInPlace } from '../alter-in-place';
import { compileCreateSchema, compileDropSchema } from '../../compile/ddl';
import { serverLossyCondition } from '../lossy-values';
import { canonicalDefaultSpelling, canonicalTypeSpelling, type TypeSynonym } from '../schema-spelling';

/**
 * How PostgreSQL spells the types Strata writes: `format_type` reports the SQL standard's long
 * names (`character varying(20)`, `time without time zone`), and its own aliases (`int4`,
 * `float8`, `bool`) are accepted too.
 */
export const postgresTypeSynonyms: readonly TypeSynonym[] = [
  [/^CHARACTER VARYING/, 'VARCHAR'],
  [/^CHARACTER\b/, 'CHAR'],
  [/^NUMERIC/, 'DECIMAL'],
  [/^(INTEGER|INT4|INT)$/, 'INT'],
  [/^INT8$/, 'BIGINT'],
  [/^INT2$/, 'SMALLINT'],
  [/^(DOUBLE PRECISION|FLOAT8)$/, 'DOUBLE'],
  [/^BOOL$/, 'BOOLEAN'],
  [/^TIME WITHOUT TIME ZONE$/, 'TIME'],
  [/^TIMESTAMP\((\d)\) WITH TIME ZONE$/, 'TIMESTAMPTZ($1)'],
  [/^FLOAT4$/, 'REAL'],
];

/**
 * PostgreSQL alters columns and foreign keys in place and rolls DDL back with the transaction,
 * so a group of schema changes is one transaction. It reports defaults with a cast
 * (`'a'::character varying`) and booleans as `true`/`false`.
 */
export const postgresSchema: SchemaHelper = {
  ...alterInPlace,
  qualifiedRenameTarget: false,
  async changeColumn(context, table, attribute) {
    // An ENUM column's named type gets the attribute's values first; a column that stops being
    // an ENUM leaves its type behind, dropped after the change. One transaction: a change the
    // rows refuse leaves the type as it was.
    const enumType = enumTypeOf(context.dialect, table, attribute);
    const name = postgresEnumTypes.typeName(tableRef(table), attribute.field);
    await context.transaction(async () => {
      if (enumType) {
        const live = await enumLabels(context, name);
        const usedAtOnce = typeof attribute.defaultValue === 'string' ? [attribute.defaultValue] : [];
        const statements = enumType.array
          ? live.length === 0
            ? postgresEnumTypes.create(name, enumType.values)
            : []
          : postgresEnumTypes.change(name, attribute.field, tableRef(table), live, enumType.values, usedAtOnce);
        for (const statement of statements) await context.run(inlined(context.knex, statement));
      }
      await alterInPlace.changeColumn(context, table, attribute);
      if (!enumType) await context.run(inlined(context.knex, postgresEnumTypes.drop(name)));
    });
  },
  async removeColumn(context, table, column) {
    await alterInPlace.removeColumn(context, table, column);
    await context.run(
      inlined(context.knex, postgresEnumTypes.drop(postgresEnumTypes.typeName(tableRef(table), column))),
    );
  },
  async createSchema(context, schema) {
    await context.run(compileCreateSchema(context.knex, schema));
  },
  async dropSchema(context, schema, cascade) {
    // RESTRICT: PostgreSQL refuses to drop a schema that still holds tables (or other objects).
    await context.run(compileDropSchema(context.knex, schema, cascade ? 'CASCADE' : 'RESTRICT'));
  },
  withSchemaTransaction: (context, work) => context.transaction(work),
  lossyValuesCondition: (column, check) =>
    serverLossyCondition(
      { text: 'CAST(?? AS TEXT)', number: (text) => `CAST(${text} AS NUMERIC)`, matches: '~' },
      column,
      check,
    ),
  normalizeColumnType: (type) => canonicalTypeSpelling(type, postgresTypeSynonyms),
  normalizeDefault: (value) => canonicalDefaultSpelling(value, { casts: true, parentheses: true, booleanWords: true }),
};

/** The values of a named enum type, in order (none: no such type). */
async function enumLabels(context: SchemaContext, name: string): Promise<string[]> {
  const result = await context.run(inlined(context.knex, postgresEnumTypes.labels(name)));
  return result.rows.map((row) => String(row.label));
}
