import { DataTypes, type QueryInterface, type Strata } from '@strata/core';
import { existsSync, readdirSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { Umzug, type UmzugStorage } from 'umzug';
import { CliError, describeFileFailure } from './errors';
import { isLoadable, loadModule } from './loader';
import { Progress } from './progress';
import type { HistorySettings, ProjectFormat } from './project';
import { SequelizeNamespace, type PositionalStep } from './sequelize-compat';

/** The meta table that records applied migrations (one row per file name). */
export const MIGRATIONS_TABLE = 'StrataMeta';
/** The meta table that records applied seeds. */
export const SEEDS_TABLE = 'StrataSeeds';
/** sequelize-cli's migration history table (same shape: one `name` column). */
export const SEQUELIZE_MIGRATIONS_TABLE = 'SequelizeMeta';
/** sequelize-cli's seed history table, used with `seederStorage: 'sequelize'`. */
export const SEQUELIZE_SEEDS_TABLE = 'SequelizeData';
/** Every table the CLI keeps its history in (never part of the models' schema). */
export const HISTORY_TABLES = [MIGRATIONS_TABLE, SEEDS_TABLE, SEQUELIZE_MIGRATIONS_TABLE, SEQUELIZE_SEEDS_TABLE];

/**
 * Where applied files are recorded: a one-column table, or nowhere (`table` undefined:
 * sequelize-cli's `seederStorage: 'none'`, where every seed runs on each db:seed:all and
 * undo reverts from the files themselves).
 */
export interface History {
  table: string | undefined;
}

/**
 * The history for a folder. Migrations: the config's `migrationStorageTableName`; else
 * `SequelizeMeta` in a sequelize-cli project; else `StrataMeta`, unless only `SequelizeMeta`
 * exists (a database sequelize-cli migrated, now run from a Strata project). Seeds: nowhere in
 * a sequelize-cli project unless `seederStorage: 'sequelize'` says `SequelizeData`; else `StrataSeeds`.
 */
export async function resolveHistory(
  strata: Strata,
  kind: FileKind,
  format: ProjectFormat,
  settings: HistorySettings,
): Promise<History> {
  const sequelizeCli = format === 'sequelize-cli';
  if (kind === 'seed') {
    const storage = settings.seederStorage ?? (sequelizeCli ? 'none' : 'sequelize');
    if (storage === 'none') return { table: undefined };
    assertTableStorage('seederStorage', storage);
    return { table: settings.seederStorageTableName ?? (sequelizeCli ? SEQUELIZE_SEEDS_TABLE : SEEDS_TABLE) };
  }
  assertTableStorage('migrationStorage', settings.migrationStorage ?? 'sequelize');
  if (settings.migrationStorageTableName) return { table: settings.migrationStorageTableName };
  if (sequelizeCli) return { table: SEQUELIZE_MIGRATIONS_TABLE };
  const tables = await strata.getQueryInterface().showAllTables();
  const onlySequelize = tables.includes(SEQUELIZE_MIGRATIONS_TABLE) && !tables.includes(MIGRATIONS_TABLE);
  return { table: onlySequelize ? SEQUELIZE_MIGRATIONS_TABLE : MIGRATIONS_TABLE };
}

function assertTableStorage(setting: string, storage: string): void {
  if (storage !== 'sequelize') {
    throw new CliError(
      `${setting}: '${storage}' is not supported: Strata records history in a database table ` +
        `(set ${setting} to 'sequelize'${setting === 'seederStorage' ? " or 'none'" : ''}, or remove it)`,
    );
  }
}

/**
 * What a migration's or seed's `up` and `down` receive.
 *
 * @example
 * // migrations/20260101000000-add-age.js
 * module.exports = {
 *   async up({ queryInterface, DataTypes }) {
 *     await queryInterface.addColumn('Users', 'age', { type: DataTypes.INTEGER, allowNull: true });
 *   },
 *   async down({ queryInterface }) {
 *     await queryInterface.removeColumn('Users', 'age');
 *   },
 * };
 */
export interface MigrationContext {
  queryInterface: QueryInterface;
  DataTypes: typeof DataTypes;
  strata: Strata;
}

/**
 * The shape of a migration or seed module. sequelize-cli's form, `up(queryInterface, Sequelize)`,
 * works too: see Migrator.runFile.
 */
export interface Migration {
  up(context: MigrationContext): Promise<unknown>;
  down?(context: MigrationContext): Promise<unknown>;
}

export type FileKind = 'migration' | 'seed';

/**
 * Records applied files in a one-column meta table, created on first use. The row is
 * written by the file's own run, inside its transaction (see Migrator.runFile), so a file is
 * recorded exactly when its changes committed; umzug only reads the list.
 */
class MetaTableStorage implements UmzugStorage<MigrationContext> {
  private ready = false;

  constructor(
    private readonly strata: Strata,
    readonly table: string | undefined,
  ) {}

  async ensureTable(): Promise<void> {
    if (this.ready || !this.table) return;
    const queryInterface = this.strata.getQueryInterface();
    if (!(await queryInterface.showAllTables()).includes(this.table)) {
      await queryInterface.createTable(this.table, {
        name: { type: DataTypes.STRING(255), primaryKey: true, allowNull: false },
      });
    }
    this.ready = true;
  }

  async record(name: string, direction: 'up' | 'down'): Promise<void> {
    if (!this.table) return;
    const queryInterface = this.strata.getQueryInterface();
    if (direction === 'up') await queryInterface.bulkInsert(this.table, [{ name }]);
    else await queryInterface.bulkDelete(this.table, { name });
  }

  async logMigration(): Promise<void> {
    // Recorded by runFile, in the file's transaction.
  }

  async unlogMigration(): Promise<void> {
    // Recorded by runFile, in the file's transaction.
  }

  async executed(): Promise<string[]> {
    if (!this.table) return [];
    await this.ensureTable();
    const quote = (name: string): string => this.strata.getQueryInterface().quoteIdentifier(name);
    const rows = (await this.strata.query(
      `SELECT ${quote('name')} FROM ${quote(this.table)} ORDER BY ${quote('name')}`,
      {
        type: 'SELECT',
      },
    )) as Array<{ name: string }>;
    return rows.map((row) => row.name);
  }
}

/** The files of a migrations or seeders folder, in the order they run (by file name). */
export function listFiles(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((file) => isLoadable(file))
    .sort();
}

/**
 * Migrations (or seeds) of one folder, run by umzug with their bookkeeping in a meta table.
 * Each migration runs through `queryInterface.withSchemaTransaction` (each seed in a plain
 * transaction): in its own transaction where the dialect can roll DDL back, so a failing file
 * leaves nothing behind and is not recorded.
 */
export class Migrator {
  private readonly umzug: Umzug<MigrationContext>;
  private readonly files: string[];
  private readonly storage: MetaTableStorage;

  /**
   * @param format a sequelize-cli project calls every file as `up(queryInterface, Sequelize)`;
   *   a Strata project calls a file that way when its `up` takes two parameters.
   */
  constructor(
    private readonly strata: Strata,
    private readonly folder: string,
    private readonly kind: FileKind,
    private readonly progress: Progress,
    history: History,
    private readonly format: ProjectFormat = 'strata',
  ) {
    this.files = listFiles(folder);
    const context: MigrationContext = { queryInterface: strata.getQueryInterface(), DataTypes, strata };
    this.storage = new MetaTableStorage(strata, history.table);
    this.umzug = new Umzug<MigrationContext>({
      migrations: this.files.map((file) => ({
        name: file,
        path: join(folder, file),
        up: () => this.runFile(file, 'up', context),
        down: () => this.runFile(file, 'down', context),
      })),
      context,
      storage: this.storage,
      logger: undefined,
    });
  }

  /** Every file with whether it has been applied. */
  async status(): Promise<Array<{ name: string; applied: boolean }>> {
    const executed = new Set(await this.umzug.executed().then((list) => list.map((m) => m.name)));
    const known = new Set(this.files);
    const missing = [...executed].filter((name) => !known.has(name));
    return [
      ...this.files.map((name) => ({ name, applied: executed.has(name) })),
      ...missing.map((name) => ({ name: `${name} (file missing)`, applied: true })),
    ];
  }

  /** Applies pending files (up to and including `to`); resolves to the names applied. */
  async up(options: { to?: string; only?: string[] } = {}): Promise<string[]> {
    const pending = (await this.umzug.pending()).map((m) => m.name);
    let planned = pending;
    if (options.only) planned = options.only.map((name) => this.resolveName(name));
    else if (options.to) {
      const to = this.resolveName(options.to);
      if (!pending.includes(to)) throw new CliError(`${to} is not pending (it is already applied)`);
      planned = pending.slice(0, pending.indexOf(to) + 1);
    }
    if (planned.length === 0) return [];
    return this.run(planned, 'up', () =>
      options.only
        ? this.umzug.up({ migrations: planned, rerun: 'SKIP' })
        : this.umzug.up({ to: planned[planned.length - 1] }),
    );
  }

  /** Reverts the last applied file, every one (to: 0), or down to and including `to`. */
  async down(options: { to?: string | 0; step?: number; only?: string[] } = {}): Promise<string[]> {
    // Without a history every file counts as applied, as sequelize-cli's undo does with seederStorage 'none'.
    const recorded = Boolean(this.storage.table);
    const executed = recorded ? (await this.umzug.executed()).map((m) => m.name).reverse() : [...this.files].reverse();
    let planned: string[];
    if (options.only) planned = options.only.map((name) => this.resolveName(name)).filter((n) => executed.includes(n));
    else if (options.to === 0) planned = executed;
    else if (options.to) {
      const to = this.resolveName(options.to);
      if (!executed.includes(to)) throw new CliError(`${to} is not applied, so it cannot be reverted`);
      planned = executed.slice(0, executed.indexOf(to) + 1);
    } else planned = executed.slice(0, options.step ?? 1);
    if (planned.length === 0) return [];
    for (const name of planned) {
      if (!this.files.includes(name)) {
        throw new CliError(`${name} is recorded as applied but its file is missing from ${this.folder}`);
      }
    }
    return this.run(planned, 'down', () =>
      options.only || !recorded
        ? this.umzug.down({ migrations: planned, rerun: recorded ? 'SKIP' : 'ALLOW' })
        : this.umzug.down({ to: planned[planned.length - 1] }),
    );
  }

  /** A file name as the user typed it (with or without extension) -> the file's name. */
  private resolveName(name: string): string {
    const match = this.files.find(
      (file) =>
        file === name ||
        basename(file, extname(file)) === name ||
        basename(file, extname(file)) === basename(name, extname(name)),
    );
    if (!match) {
      throw new CliError(`No ${this.kind} named ${name} in ${this.folder} (there are ${this.files.length} files)`);
    }
    return match;
  }

  private async run(planned: string[], direction: 'up' | 'down', work: () => Promise<unknown>): Promise<string[]> {
    const done: string[] = [];
    this.progress.start(planned.length, direction === 'up' ? `${this.kind}s` : `reverting ${this.kind}s`);
    const onStart = ({ name }: { name: string }) => this.progress.file(name);
    const onEnd = ({ name }: { name: string }) => {
      done.push(name);
      this.progress.fileDone(name);
    };
    const [startEvent, endEvent] =
      direction === 'up' ? (['migrating', 'migrated'] as const) : (['reverting', 'reverted'] as const);
    this.umzug.on(startEvent, onStart);
    this.umzug.on(endEvent, onEnd);
    try {
      await work();
    } catch (error) {
      this.progress.stop();
      const failed = planned[done.length] ?? planned[0];
      throw new CliError(describeFileFailure(this.kind, failed, direction, error), 1, { cause: error });
    } finally {
      this.umzug.off(startEvent, onStart);
      this.umzug.off(endEvent, onEnd);
    }
    this.progress.stop();
    return done;
  }

  private async runFile(file: string, direction: 'up' | 'down', context: MigrationContext): Promise<void> {
    const module = await loadModule(join(this.folder, file));
    const step = module[direction];
    if (typeof step !== 'function') {
      throw new CliError(
        `${this.kind} ${file} exports no ${direction} function (export async function ${direction}(...))`,
      );
    }
    await this.storage.ensureTable();
    const positional = this.format === 'sequelize-cli' || step.length >= 2;
    const work = async (): Promise<void> => {
      if (positional) await (step as PositionalStep)(context.queryInterface, SequelizeNamespace);
      else await (step as Migration['up'])(context);
      await this.storage.record(file, direction);
    };
    // Seeds change rows, not the schema: a plain transaction keeps foreign key actions on (a
    // schema transaction on SQLite switches enforcement off, so ON DELETE CASCADE would not fire).
    if (this.kind === 'seed') await this.strata.transaction(work);
    else await this.strata.getQueryInterface().withSchemaTransaction(work);
  }
}
