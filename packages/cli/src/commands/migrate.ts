import { existsSync } from 'node:fs';
import type { Strata } from '@strata/core';
import { CliError } from '../errors';
import { Migrator, resolveHistory, type FileKind } from '../migrator';
import { Progress, progressMode } from '../progress';
import { openConnection, projectPaths, type GlobalOptions } from '../project';

/** Opens the connection, runs `work` with a migrator for the folder, and always closes. */
export async function withMigrator<T>(
  options: GlobalOptions,
  kind: FileKind,
  work: (migrator: Migrator, progress: Progress, strata: Strata) => Promise<T>,
): Promise<T> {
  const paths = projectPaths(options);
  const { strata, history: settings } = await openConnection(options, paths);
  const progress = new Progress(progressMode(options.quiet));
  try {
    const history = await resolveHistory(strata, kind, paths.format, settings);
    const folder = kind === 'migration' ? paths.migrations : paths.seeders;
    if (!existsSync(folder)) {
      // A wrong working directory or path setting would otherwise look like "nothing to do".
      throw new CliError(
        `The ${kind === 'migration' ? 'migrations' : 'seeders'} folder ${folder} does not exist. ` +
          `Run strata from the project's root, run \`strata init\`, or set its path in .strata.json or .sequelizerc`,
      );
    }
    const migrator = new Migrator(strata, folder, kind, progress, history, paths.format);
    return await work(migrator, progress, strata);
  } finally {
    await strata.close();
  }
}

export async function migrate(options: GlobalOptions & { to?: string }): Promise<void> {
  await withMigrator(options, 'migration', async (migrator, progress) => {
    const applied = await migrator.up({ to: options.to });
    progress.say(
      applied.length === 0
        ? 'No migrations were executed, the database schema was already up to date.'
        : `Applied ${applied.length} migration(s).`,
    );
  });
}

export async function migrateStatus(options: GlobalOptions): Promise<void> {
  await withMigrator(options, 'migration', async (migrator) => {
    const status = await migrator.status();
    if (status.length === 0) process.stdout.write('No migrations found.\n');
    for (const entry of status) process.stdout.write(`${entry.applied ? 'up  ' : 'down'} ${entry.name}\n`);
  });
}

export async function migrateUndo(options: GlobalOptions & { name?: string }): Promise<void> {
  await withMigrator(options, 'migration', async (migrator, progress) => {
    const reverted = await migrator.down(options.name ? { only: [options.name] } : {});
    progress.say(reverted.length === 0 ? 'No executed migrations found.' : `Reverted ${reverted.join(', ')}.`);
  });
}

export async function migrateUndoAll(options: GlobalOptions & { to?: string }): Promise<void> {
  await withMigrator(options, 'migration', async (migrator, progress) => {
    const reverted = await migrator.down({ to: options.to ?? 0 });
    progress.say(reverted.length === 0 ? 'No executed migrations found.' : `Reverted ${reverted.length} migration(s).`);
  });
}

export async function seedAll(options: GlobalOptions): Promise<void> {
  await withMigrator(options, 'seed', async (migrator, progress) => {
    const applied = await migrator.up();
    progress.say(
      applied.length === 0 ? 'No seeds to run: every seed has been applied.' : `Seeded ${applied.length} file(s).`,
    );
  });
}

export async function seedOne(options: GlobalOptions & { seed: string[] }): Promise<void> {
  await withMigrator(options, 'seed', async (migrator, progress) => {
    const applied = await migrator.up({ only: options.seed });
    progress.say(applied.length === 0 ? 'That seed has already been applied.' : `Seeded ${applied.join(', ')}.`);
  });
}

export async function seedUndo(options: GlobalOptions & { seed?: string[] }): Promise<void> {
  await withMigrator(options, 'seed', async (migrator, progress) => {
    const reverted = await migrator.down(options.seed ? { only: options.seed } : {});
    progress.say(reverted.length === 0 ? 'No applied seeds found.' : `Reverted ${reverted.join(', ')}.`);
  });
}

export async function seedUndoAll(options: GlobalOptions): Promise<void> {
  await withMigrator(options, 'seed', async (migrator, progress) => {
    const reverted = await migrator.down({ to: 0 });
    progress.say(reverted.length === 0 ? 'No applied seeds found.' : `Reverted ${reverted.length} seed(s).`);
  });
}
