import type { EnumTypes, RawStatement } from '../dialect';
import { tableIdentifier } from '../../definition/table-ref';

/**
 * PostgreSQL's ENUM columns are of a named type (`CREATE TYPE ... AS ENUM`), one per column,
 * named as Sequelize names it: `enum_<table>_<column>`. The type is created with the column,
 * gains values with `ALTER TYPE ... ADD VALUE` when the attribute's values grow, and is dropped
 * with its table or column. A table in a schema has its types there too (`billing.enum_...`: `??`
 * quotes each dot-separated part; schema names never hold a dot). Statements use `??` for identifiers and `?` for literals (DDL takes
 * no bound parameters: the caller inlines them escaped; the values come from the model
 * definition).
 */
export const postgresEnumTypes: EnumTypes = {
  typeName: (table, column) =>
    tableIdentifier({ tableName: `enum_${table.tableName}_${column}`, schema: table.schema }),

  quote: (name) =>
    name
      .split('.')
      .map((part) => `"${part.replace(/"/g, '""')}"`)
      .join('.'),

  create(name, values) {
    // A type left behind by a table dropped outside Strata would make CREATE TYPE fail.
    return [
      { sql: 'DROP TYPE IF EXISTS ??', bindings: [name] },
      { sql: `CREATE TYPE ?? AS ENUM (${values.map(() => '?').join(', ')})`, bindings: [name, ...values] },
    ];
  },

  drop: (name) => ({ sql: 'DROP TYPE IF EXISTS ??', bindings: [name] }),

  labels(name) {
    const { schema, bare } = splitName(name);
    return {
      sql:
        'SELECT e.enumlabel AS ?? FROM pg_catalog.pg_enum e JOIN pg_catalog.pg_type t ON t.oid = e.enumtypid ' +
        'JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace ' +
        'WHERE t.typname = ? AND n.nspname = COALESCE(?, current_schema()) ORDER BY e.enumsortorder',
      bindings: ['label', bare, schema ?? null],
    };
  },

  typesOfTable: (table) => ({
    sql:
      'SELECT DISTINCT t.typname AS ?? FROM pg_catalog.pg_attribute a ' +
      'JOIN pg_catalog.pg_type t ON t.oid = a.atttypid ' +
      "WHERE a.attrelid = to_regclass(quote_ident(COALESCE(?, current_schema())) || '.' || quote_ident(?)) " +
      "AND a.attnum > 0 AND NOT a.attisdropped AND t.typtype = 'e' AND t.typname = ? || a.attname",
    bindings: ['name', table.schema ?? null, table.tableName, `enum_${table.tableName}_`],
  }),

  change(name, column, table, live, values, usedAtOnce): RawStatement[] {
    if (live.length === 0) return this.create(name, values);
    const added = values.filter((value) => !live.includes(value));
    // A value added by ALTER TYPE cannot be used in the transaction that added it (the new
    // default, say): then the type is replaced as below, which has no such limit.
    const addable = !added.some((value) => usedAtOnce.includes(value));
    if (addable && isSubsequence(live, values)) {
      // Values only added: ALTER TYPE keeps the rows as they are. Each new value goes after the
      // one before it in the attribute's order (or first), so the type sorts as the model lists.
      return values
        .map((value, index) => ({ value, index }))
        .filter(({ value }) => !live.includes(value))
        .map(({ value, index }) =>
          index === 0
            ? { sql: 'ALTER TYPE ?? ADD VALUE IF NOT EXISTS ? BEFORE ?', bindings: [name, value, live[0]] }
            : { sql: 'ALTER TYPE ?? ADD VALUE IF NOT EXISTS ? AFTER ?', bindings: [name, value, values[index - 1]] },
        );
    }
    // A value removed or reordered (or used at once): PostgreSQL cannot take a value out of a type. A new type
    // takes the old one's place and the column is converted through text, so a row holding a
    // removed value fails the change (sync's alter check refuses before that).
    // RENAME TO takes the bare name (the type stays in its schema); DROP names it in full.
    const { schema, bare } = splitName(name);
    const previous = tableIdentifier({ tableName: `${bare}_previous`, schema });
    const qualifiedTable = tableIdentifier(table);
    return [
      { sql: 'ALTER TYPE ?? RENAME TO ??', bindings: [name, `${bare}_previous`] },
      { sql: `CREATE TYPE ?? AS ENUM (${values.map(() => '?').join(', ')})`, bindings: [name, ...values] },
      { sql: 'ALTER TABLE ?? ALTER COLUMN ?? DROP DEFAULT', bindings: [qualifiedTable, column] },
      {
        sql: 'ALTER TABLE ?? ALTER COLUMN ?? TYPE ?? USING (CAST(CAST(?? AS TEXT) AS ??))',
        bindings: [qualifiedTable, column, name, column, name],
      },
      { sql: 'DROP TYPE ??', bindings: [previous] },
    ];
  },
};

/** A type name given as `schema.name` (see typeName) in its two parts. */
function splitName(name: string): { schema: string | undefined; bare: string } {
  const dot = name.indexOf('.');
  return dot === -1 ? { schema: undefined, bare: name } : { schema: name.slice(0, dot), bare: name.slice(dot + 1) };
}

/** Whether `part`'s items appear in `whole` in the same order. */
function isSubsequence(part: readonly string[], whole: readonly string[]): boolean {
  let at = 0;
  for (const item of whole) if (item === part[at]) at++;
  return at === part.length;
}
