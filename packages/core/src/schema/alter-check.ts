import { compileCountDuplicates, compileCountOrphans, compileCountRows } from '../compile/ddl';
import { isStaticDefault } from '../compile/create-table';
import { tableIdentifier, tableLabel, tableRef } from '../definition/table-ref';
import type { Strata } from '../connection/strata';
import type { DataType } from '../definition/data-types';
import type { LossyValueCheck } from '../dialect/dialect';
import { InvalidQueryError } from '../errors/errors';
import type { CompiledQuery } from '../execution/executor';
import { dataTypeForColumn, describeChange, type SchemaChange } from './diff';

/** One change that existing rows would not survive unharmed, with how many rows. */
export interface HarmfulChange {
  change: SchemaChange;
  rows: number;
  /** What those rows hold and what would happen to them: `a value longer than 3 characters (would be truncated)`. */
  harm: string;
}

const INTEGER_RANGES: Partial<Record<DataType['key'], readonly [string, string]>> = {
  SMALLINT: ['-32768', '32767'],
  INTEGER: ['-2147483648', '2147483647'],
  BIGINT: ['-9223372036854775808', '9223372036854775807'],
};

/**
 * Counts, with one query per change, the existing rows each change would truncate, convert or
 * fail on: a narrower or different column type, NULLs in a column becoming NOT NULL, a NOT NULL
 * column without a default added to a table with rows, duplicates under a new unique index,
 * values a new foreign key finds no row for. Nothing is changed; the caller refuses the whole
 * group when any count is above zero, so on MySQL (which cannot roll DDL back) no step runs.
 */
export async function findHarmfulChanges(strata: Strata, changes: readonly SchemaChange[]): Promise<HarmfulChange[]> {
  const created = new Set(
    changes.flatMap((c) => (c.kind === 'createTable' ? [tableIdentifier(tableRef(c.table))] : [])),
  );
  const harmful: HarmfulChange[] = [];
  for (const change of changes) {
    for (const probe of probesFor(strata, change, created)) {
      const rows = await countRows(strata, probe.query);
      if (rows > 0) harmful.push({ change, rows, harm: probe.harm });
    }
  }
  return harmful;
}

/**
 * findHarmfulChanges, then an InvalidQueryError listing every harmful change (table, column,
 * row count and harm) when there is one. `call` names the call in the message.
 */
export async function refuseHarmfulChanges(
  strata: Strata,
  changes: readonly SchemaChange[],
  call: string,
): Promise<void> {
  const harmful = await findHarmfulChanges(strata, changes);
  if (harmful.length === 0) return;
  const lines = harmful.map(
    ({ change, rows, harm }) => `${describeChange(change)}: ${rows} row${rows === 1 ? '' : 's'} with ${harm}`,
  );
  throw new InvalidQueryError(
    `${call} refused before changing anything: ${lines.join('; ')}. ` +
      'Migrate those rows first (or write the change as a migration that says what to do with them).',
  );
}

interface Probe {
  query: CompiledQuery;
  harm: string;
}

function probesFor(strata: Strata, change: SchemaChange, created: ReadonlySet<string>): Probe[] {
  if (change.kind === 'createSchema') return [];
  const { knex, dialect } = strata;
  const condition = (column: string, check: LossyValueCheck): CompiledQuery =>
    compileCountRows(knex, change.table, dialect.schema.lossyValuesCondition(column, check));
  switch (change.kind) {
    case 'changeColumn': {
      const probes: Probe[] = [];
      if (change.reasons.some((reason) => reason.startsWith('type '))) {
        const typeCheck = typeChangeCheck(strata, change.previous.type, change.attribute.type);
        if (typeCheck) {
          probes.push({ query: condition(change.column, typeCheck.check), harm: typeCheck.harm });
        }
      }
      if (change.reasons.includes('not null')) {
        probes.push({
          query: condition(change.column, { kind: 'notNull' }),
          harm: 'NULL (the column becomes NOT NULL)',
        });
      }
      return probes;
    }
    case 'addColumn': {
      const { attribute } = change;
      const filled = attribute.autoIncrement || (attribute.hasDefault && isStaticDefault(attribute.defaultValue));
      if (attribute.allowNull || filled) return [];
      return [
        {
          query: compileCountRows(knex, change.table, { sql: '1 = 1', bindings: [] }),
          harm: 'no value for the new NOT NULL column (it has no default)',
        },
      ];
    }
    case 'addIndex':
      if (!change.index.unique) return [];
      return [
        {
          query: compileCountDuplicates(knex, change.table, change.index.fields),
          harm: `a value of (${change.index.fields.join(', ')}) another row has too (the unique index refuses it)`,
        },
      ];
    case 'addForeignKey': {
      const { column, referencedColumn } = change.foreignKey;
      const referenced = { tableName: change.foreignKey.referencedTable, schema: change.foreignKey.referencedSchema };
      const query = created.has(tableIdentifier(referenced))
        ? condition(column, { kind: 'anyValue' })
        : compileCountOrphans(knex, change.table, column, referenced, referencedColumn);
      return [
        {
          query,
          harm: `a ${column} no ${tableLabel(referenced)}.${referencedColumn} matches (the foreign key refuses it)`,
        },
      ];
    }
    default:
      return [];
  }
}

/** The check for the values a column's type change would harm; undefined when none can be. */
function typeChangeCheck(
  strata: Strata,
  liveType: string,
  to: DataType,
): { check: LossyValueCheck; harm: string } | undefined {
  const from = dataTypeForColumn(strata.dialect, liveType);
  const target = strata.dialect.schema.normalizeColumnType(strata.dialect.columnType(to));
  const converted = `(would be converted or refused by ${target})`;
  switch (to.key) {
    case 'STRING':
    case 'CHAR':
      return {
        check: { kind: 'length', max: to.length ?? 255 },
        harm: `a value longer than ${to.length ?? 255} characters (would be truncated)`,
      };
    case 'TEXT':
      return from?.key === 'BLOB' ? { check: { kind: 'anyValue' }, harm: converted } : undefined;
    case 'SMALLINT':
    case 'INTEGER':
    case 'BIGINT': {
      const [min, max] = INTEGER_RANGES[to.key] as readonly [string, string];
      return {
        check: { kind: 'integer', min, max },
        harm: `a value that is not a whole number ${min}..${max} ${converted}`,
      };
    }
    case 'DECIMAL': {
      const precision = to.length ?? 10;
      const scale = to.scale ?? 0;
      return {
        check: { kind: 'decimal', precision, scale },
        harm: `a value DECIMAL(${precision}, ${scale}) cannot hold exactly ${converted}`,
      };
    }
    case 'FLOAT':
    case 'DOUBLE':
    case 'REAL':
      return { check: { kind: 'number' }, harm: `a value that is not a number ${converted}` };
    case 'ENUM':
      return {
        check: { kind: 'oneOf', values: to.values ?? [] },
        harm: `a value that is not one of the ENUM's values ${converted}`,
      };
    default:
      // Same kind of value in another size or precision (DATE(3) -> DATE(6)) keeps every value.
      if (from?.key === to.key) return undefined;
      return { check: { kind: 'anyValue' }, harm: `a value ${converted}` };
  }
}

async function countRows(strata: Strata, query: CompiledQuery): Promise<number> {
  const result = await strata.executor.run(query);
  return Number(result.rows[0]?.count ?? 0);
}
