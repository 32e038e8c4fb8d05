import { DataTypes, type QueryInterface, type Strata } from '@strata/core';
import { existsSync, readdirSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { Umzug, type UmzugStorage } from 'umzug';
import { CliError, describeFileFailure } from './errors';
import { isLoadable, loadModule } from './loader';
import { Progress } from './progress';

/** The meta table that records applied migrations (one row per file name). */
export const MIGRATIONS_TABLE = 'StrataMeta';
/** The meta table that records applied seeds. */
export const SEEDS_TABLE = 'StrataSeeds';

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

/** The shape of a migration or seed module. */
export interface Migration {
  up(context: MigrationContext): Promise<unknown>;
  down?(context: MigrationContext): Promise<unknown>;
}

export type FileKind = 'migration' | 'seed';

/** Records applied files in a one-column meta table, created on first use. */
class MetaTableStorage implements UmzugStorage<MigrationContext> {
  private ready = false;

  constructor(
    private readonly strata: Strata,
    private readonly table: string,
  ) {}

  private async ensureTable(): Promise<void> {
    if (this.ready) return;
    const queryInterface = this.strata.getQueryInterface();
    if (!(await queryInterface.showAllTables()).includes(this.table)) {
      await queryInterface.createTable(this.table, {
        name: { type: DataTypes.STRING(255), primaryKey: true, allowNull: false },
      });
    }
    this.ready = true;
  }

  async logMigration({ name }: { name: string }): Promise<void> {
    await this.ensureTable();
    await this.strata.getQueryInterface().bulkInsert(this.table, [{ name }]);
  }

  async unlogMigration({ name }: { name: string }): Promise<void> {
    await this.ensureTable();
    await this.strata.getQueryInterface().bulkDelete(this.table, { name });
  }

  async executed(): Promise<string[]> {
    await this.ensureTable();
    const query = this.strata.knex(this.table).select('name').orderBy('name').toSQL();
    const rows = (await this.strata.query(query.sql, {
      replacements: [...query.bindings],
      type: 'SELECT',
    })) as Array<{ name: string }>;
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
 * Each file runs through `queryInterface.withSchemaTransaction`: in its own transaction where
 * the dialect can roll DDL back, so a failing file leaves nothing behind and is not recorded.
 */
export class Migrator {
  private readonly umzug: Umzug<MigrationContext>;
  private readonly files: string[];

  constructor(
    private readonly strata: Strata,
    private readonly folder: string,
    private readonly kind: FileKind,
    private readonly progress: Progress,
  ) {
    this.files = listFiles(folder);
    const context: MigrationContext = { queryInterface: strata.getQueryInterface(), DataTypes, strata };
    this.umzug = new Umzug<MigrationContext>({
      migrations: this.files.map((file) => ({
        name: file,
        path: join(folder, file),
        up: () => this.runFile(file, 'up', context),
        down: () => this.runFile(file, 'down', context),
      })),
      context,
      storage: new MetaTableStorage(strata, kind === 'migration' ? MIGRATIONS_TABLE : SEEDS_TABLE),
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
    const executed = (await this.umzug.executed()).map((m) => m.name).reverse();
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
      options.only
        ? this.umzug.down({ migrations: planned, rerun: 'SKIP' })
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
    await this.strata.getQueryInterface().withSchemaTransaction(async () => {
      await (step as Migration['up'])(context);
    });
  }
}
