import type { Logging } from '../execution/logging';
import { compileCreateTable } from '../compile/create-table';
import type { Strata } from '../connection/strata';
import { InvalidQueryError } from '../errors/errors';
import type { Model } from '../model/model';
import { runtimeOf, runHooks } from '../runtime/model-runtime';
import { applySchemaChanges, diffSchema } from './diff';
import { dependencyOrder } from './dependency-order';

export interface SyncOptions {
  /** Drop each table first. */
  force?: boolean;
  /**
   * Make existing tables match the models: add, change and drop columns, indexes and foreign
   * keys (on SQLite by a table rebuild that keeps every row). Running it twice changes nothing.
   * Dropped columns lose their data: production schemas belong to migrations.
   */
  alter?: boolean;
  /** Refuse to run (with force) unless the database name matches, e.g. /_test$/. */
  match?: RegExp;
  logging?: Logging;
}

export async function syncModels(strata: Strata, models: Array<typeof Model>, options: SyncOptions): Promise<void> {
  if (options.force && options.match && !options.match.test(strata.getDatabaseName())) {
    throw new InvalidQueryError(
      `sync({ force: true }) refused: database ${strata.getDatabaseName()} does not match ${options.match}`,
    );
  }
  const ordered = dependencyOrder(models);
  if (options.force) await dropModels(strata, ordered, options);
  const queryInterface = strata.getQueryInterface();
  if (options.alter && !options.force) {
    const definitions = ordered.map((model) => runtimeOf(model).definition);
    await queryInterface.withSchemaTransaction(async () => {
      await applySchemaChanges(strata, await diffSchema(strata, definitions));
    });
    return;
  }
  const existing = new Set(await queryInterface.showAllTables(options));
  for (const model of ordered) {
    const runtime = runtimeOf(model);
    const { definition } = runtime;
    await runHooks(runtime, 'beforeSync', options);
    if (!existing.has(definition.tableName)) {
      for (const statement of compileCreateTable(definition, strata.dialect, strata.knex)) {
        await strata.executor.run(statement, { logging: options.logging });
      }
    }
    await runHooks(runtime, 'afterSync', options);
  }
}

export async function dropModels(
  strata: Strata,
  models: Array<typeof Model>,
  options: { logging?: SyncOptions['logging'] },
): Promise<void> {
  const queryInterface = strata.getQueryInterface();
  for (const model of dependencyOrder(models).reverse()) {
    await queryInterface.dropTable(runtimeOf(model).definition.tableName, options);
  }
}
