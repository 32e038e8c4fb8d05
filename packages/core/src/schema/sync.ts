import { resolveLogging, type Logging } from '../execution/logging';
import type { ModelDefinition } from '../definition/model-definition';
import { checkSchemaName, tableIdentifier } from '../definition/table-ref';
import { compileCreateTable } from '../compile/create-table';
import type { Strata } from '../connection/strata';
import { InvalidQueryError } from '../errors/errors';
import type { Model } from '../model/model';
import { runtimeOf, runHooks } from '../runtime/model-runtime';
import { refuseHarmfulChanges } from './alter-check';
import { applySchemaChanges, describeChange, diffSchema, isDestructive } from './diff';
import { dependencyOrder } from './dependency-order';

/**
 * The options of `db.sync(options)` and `Model.sync(options)`: create the missing tables, or with
 * `force` drop and recreate them, or with `alter` change them to match the models. Migrations, not
 * sync, belong in production (docs/migrations.md).
 */
export interface SyncOptions {
  /** Drop each table first. */
  force?: boolean;
  /**
   * Make existing tables match the models: add, change and drop columns, indexes and foreign
   * keys (on SQLite by a table rebuild that keeps every row). Running it twice changes nothing.
   * Dropped columns lose their data: production schemas belong to migrations.
   *
   * `{ drop: false }` never drops a column: it adds and changes, and logs each column it kept.
   * A change that would truncate, convert or fail on existing rows (a narrower STRING, text to
   * INTEGER, NULLs into NOT NULL, duplicates under a new unique index) refuses the whole alter
   * before its first step, naming the column and how many rows. The alter is one transaction
   * where the dialect rolls DDL back (PostgreSQL, SQLite).
   */
  alter?: boolean | AlterOptions;
  /** Refuse to run (with force) unless the database name matches, e.g. /_test$/. */
  match?: RegExp;
  logging?: Logging;
  /**
   * The schema for the models that name none (as Sequelize's): their tables are created,
   * altered or dropped there. A model's own `schema` wins. PostgreSQL and MySQL (a database).
   */
  schema?: string;
}

/** What db.drop() and Model.drop() take. */
export interface DropOptions {
  logging?: Logging;
  /** The schema for the models that name none (see SyncOptions.schema). */
  schema?: string;
}

/** The object form of sync's `alter` option. */
export interface AlterOptions {
  /** false: never drop a column, even one no model attribute describes (default true). */
  drop?: boolean;
}

export async function syncModels(strata: Strata, models: Array<typeof Model>, options: SyncOptions): Promise<void> {
  if (options.force && options.match && !options.match.test(strata.getDatabaseName())) {
    throw new InvalidQueryError(
      `sync({ force: true }) refused: database ${strata.getDatabaseName()} does not match ${options.match}`,
    );
  }
  const schema = defaultSchema(strata, options.schema, 'sync');
  const ordered = dependencyOrder(models);
  if (options.force) await dropModels(strata, ordered, options);
  const queryInterface = strata.getQueryInterface();
  if (options.alter && !options.force) {
    const definitions = ordered.map((model) => inSchema(runtimeOf(model).definition, schema));
    const keepColumns = typeof options.alter === 'object' && options.alter.drop === false;
    await queryInterface.withSchemaTransaction(async () => {
      const changes = await diffSchema(strata, definitions);
      const kept = keepColumns ? changes.filter(isDestructive) : [];
      const applied = changes.filter((change) => !kept.includes(change));
      await refuseHarmfulChanges(strata, applied, 'sync({ alter })');
      const log = resolveLogging(options.logging) ?? resolveLogging(strata.options.logging);
      if (log) for (const change of kept) log(`sync({ alter: { drop: false } }) skipped: ${describeChange(change)}`);
      await applySchemaChanges(strata, applied);
    });
    return;
  }
  const existing = await existingTables(
    strata,
    ordered.map((model) => inSchema(runtimeOf(model).definition, schema).schema),
    options.logging,
  );
  for (const model of ordered) {
    const runtime = runtimeOf(model);
    const definition = inSchema(runtime.definition, schema);
    await runHooks(runtime, 'beforeSync', options);
    if (!existing.has(tableIdentifier(definition))) {
      for (const statement of compileCreateTable(definition, strata.dialect, strata.knex)) {
        await strata.executor.run(statement, { logging: options.logging });
      }
    }
    await runHooks(runtime, 'afterSync', options);
  }
}

export async function dropModels(strata: Strata, models: Array<typeof Model>, options: DropOptions): Promise<void> {
  const schema = defaultSchema(strata, options.schema, 'drop');
  const queryInterface = strata.getQueryInterface();
  for (const model of dependencyOrder(models).reverse()) {
    const { tableName, schema: tableSchema } = inSchema(runtimeOf(model).definition, schema);
    await queryInterface.dropTable({ tableName, schema: tableSchema }, { logging: options.logging });
  }
}

/** The `schema` option of sync/drop, checked: a name, on a dialect that has schemas. */
function defaultSchema(strata: Strata, schema: unknown, call: string): string | undefined {
  const checked = checkSchemaName(schema, `${call}({ schema })`);
  if (checked !== undefined && !strata.dialect.supports.schemas) {
    throw new InvalidQueryError(`${call}({ schema }): ${strata.dialect.name} has no schemas; leave schema out`);
  }
  return checked;
}

/** A model's definition as sync and drop treat it: in `schema` when it names no schema of its own. */
export function inSchema(definition: ModelDefinition, schema: string | undefined): ModelDefinition {
  return schema === undefined || definition.schema !== undefined ? definition : { ...definition, schema };
}

/** The tables (as `tableIdentifier` names them) that exist in each of these schemas (undefined: the default one). */
async function existingTables(
  strata: Strata,
  schemas: ReadonlyArray<string | undefined>,
  logging: Logging | undefined,
): Promise<Set<string>> {
  const queryInterface = strata.getQueryInterface();
  const existing = new Set<string>();
  for (const schema of new Set(schemas)) {
    for (const tableName of await queryInterface.showAllTables({ logging, schema })) {
      existing.add(tableIdentifier({ tableName, schema }));
    }
  }
  return existing;
}
