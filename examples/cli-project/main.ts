/**
 * A project that manages its schema with the strata CLI on SQLite: migrations (.js and .ts),
 * a seed, the models checked against the schema, and undo. This program runs the built
 * `strata` binary the way a user types it; the database is a temporary file.
 * Run with `pnpm examples` (or `node examples/dist/cli-project/main.js` from this folder).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const binary = require.resolve('@strata/cli/package.json').replace(/package\.json$/, join('bin', 'strata.js'));

export async function main(log: (line: string) => void = console.log, cwd = projectFolder()): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'strata-example-'));
  const url = `sqlite:${join(folder, 'app.sqlite3')}`;
  const strata = (...args: string[]): string => {
    const result = spawnSync(process.execPath, [binary, ...args, '--url', url, '--quiet'], { cwd, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`strata ${args.join(' ')} failed:\n${result.stderr}`);
    return result.stdout.trim();
  };
  try {
    strata('db:migrate');
    log(`status:\n${strata('db:migrate:status')}`);
    strata('db:seed:all');
    log('seeded');
    log(strata('migration:check'));
    strata('db:migrate:undo');
    log(`after undo:\n${strata('db:migrate:status')}`);
    strata('db:migrate:undo:all');
    log('all undone');
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** This example's folder, whether it runs from its sources or from examples/dist. */
function projectFolder(): string {
  return __dirname.includes(`${join('dist', 'cli-project')}`) ? join(__dirname, '..', '..', 'cli-project') : __dirname;
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
