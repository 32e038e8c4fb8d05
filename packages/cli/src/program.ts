import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDatabase, dropDatabase } from './commands/database';
import { checkMigrations, generateMigration, generateModel, generateSeed } from './commands/generate';
import { init } from './commands/init';
import {
  migrate,
  migrateStatus,
  migrateUndo,
  migrateUndoAll,
  seedAll,
  seedOne,
  seedUndo,
  seedUndoAll,
} from './commands/migrate';
import type { GlobalOptions } from './project';

/** The installed @strata/cli version, read from its package.json. */
export function cliVersion(): string {
  const manifest = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string };
  return manifest.version;
}

type Action<O> = (options: GlobalOptions & O) => Promise<void>;

/** Runs a command's action with its own options merged over the global ones. */
function run<O>(action: Action<O>) {
  return async (_options: unknown, command: Command): Promise<void> => {
    await action(command.optsWithGlobals<GlobalOptions & O>());
  };
}

/**
 * The `strata` command line. Every command takes the global options (--env, --config, --url,
 * --quiet); `--help` works on each.
 */
export function createProgram(): Command {
  const program = new Command('strata')
    .description('Strata ORM: migrations, seeders and generators')
    .version(cliVersion(), '-v, --version', 'print the version')
    .option('--env <name>', 'the environment in the config file', process.env.NODE_ENV ?? 'development')
    .option('--config <path>', 'the config file (default: config/config.json, or as .strata.json says)')
    .option('--url <url>', 'a connection URL (overrides the config file)')
    .option('-q, --quiet', 'print only errors (progress is already plain lines when not on a terminal)')
    .showHelpAfterError()
    .exitOverride();

  program
    .command('init')
    .description('create the config file and the models/, migrations/ and seeders/ folders')
    .option('--force', 'overwrite an existing config file')
    .action(run(init));

  program
    .command('model:generate')
    .description('write a decorated model class and its create-table migration')
    .requiredOption('--name <Name>', 'the model class name, e.g. User')
    .requiredOption('--attributes <list>', 'name:type pairs, e.g. firstName:string,age:integer,role:enum:{a,b}')
    .option('--force', 'overwrite an existing model file')
    .action(run(generateModel));

  program
    .command('migration:generate')
    .description('write a new migration: an empty skeleton, or the changes from the models with --from-models')
    .requiredOption('--name <name>', 'a name for the file, e.g. add-age')
    .option('--from-models', 'compare the models with the database and write the changes')
    .option('--allow-destructive', 'allow a generated migration to drop tables or columns')
    .action(run(generateMigration));

  program
    .command('migration:check')
    .description('exit non-zero when the models and the database schema differ (for CI)')
    .action(run(checkMigrations));

  program
    .command('db:migrate')
    .description('apply pending migrations')
    .option('--to <name>', 'stop after this migration')
    .action(run(migrate));

  program
    .command('db:migrate:status')
    .description('list migrations and whether each is applied')
    .action(run(migrateStatus));

  program
    .command('db:migrate:undo')
    .description('revert the last applied migration')
    .option('--name <name>', 'revert this migration instead of the last one')
    .action(run(migrateUndo));

  program
    .command('db:migrate:undo:all')
    .description('revert every applied migration')
    .option('--to <name>', 'revert down to and including this migration')
    .action(run(migrateUndoAll));

  program
    .command('seed:generate')
    .description('write a new seed file')
    .requiredOption('--name <name>', 'a name for the file, e.g. demo-users')
    .action(run(generateSeed));

  program.command('db:seed:all').description('run every seed not yet applied').action(run(seedAll));

  program
    .command('db:seed')
    .description('run the named seed(s)')
    .requiredOption('--seed <names...>', 'seed file name(s)')
    .action(run(seedOne));

  program
    .command('db:seed:undo')
    .description('revert the last applied seed (or the named ones)')
    .option('--seed <names...>', 'seed file name(s)')
    .action(run(seedUndo));

  program.command('db:seed:undo:all').description('revert every applied seed').action(run(seedUndoAll));

  program.command('db:create').description('create the database (postgres, mysql)').action(run(createDatabase));
  program.command('db:drop').description('drop the database (postgres, mysql)').action(run(dropDatabase));

  return program;
}
