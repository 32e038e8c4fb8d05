import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The installed @strata/cli version, read from its package.json. */
export function cliVersion(): string {
  const manifest = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string };
  return manifest.version;
}

/**
 * The `strata` command line. Every command takes the global options; `--help` works on each.
 */
export function createProgram(): Command {
  const program = new Command('strata')
    .description('Strata ORM: migrations, seeders and generators')
    .version(cliVersion(), '-v, --version', 'print the version')
    .option('--env <name>', 'the environment in the config file', process.env.NODE_ENV ?? 'development')
    .option('--config <path>', 'the config file')
    .option('--url <url>', 'a connection URL (overrides the config file)')
    .showHelpAfterError()
    .exitOverride();
  return program;
}
