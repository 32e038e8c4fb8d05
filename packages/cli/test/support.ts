import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const packages = join(__dirname, '..', '..');
export const binary = join(packages, 'cli', 'bin', 'strata.js');

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Fails early with the fix when the binary under test has not been built. */
export function assertBuilt(): void {
  if (!existsSync(join(packages, 'cli', 'dist', 'main.js'))) {
    throw new Error('packages/cli is not built: run `pnpm run build` (the test script does) before jest');
  }
}

/**
 * A throwaway project folder whose node_modules links the workspace packages (as an install
 * would), with the built `strata` binary run inside it.
 */
export class TempProject {
  readonly root = mkdtempSync(join(tmpdir(), 'strata-cli-'));
  /** The database URL every command gets as --url (none: the project's config file decides). */
  readonly url: string | undefined;

  constructor(url?: string | ((root: string) => string)) {
    this.url = typeof url === 'function' ? url(this.root) : url;
    mkdirSync(join(this.root, 'node_modules', '@strata'), { recursive: true });
    for (const name of ['core', 'annotations', 'cli', 'validation']) {
      symlinkSync(join(packages, name), join(this.root, 'node_modules', '@strata', name), 'dir');
    }
  }

  /** Runs `strata <args>` in the project (with --url when the project has one). */
  strata(...args: string[]): RunResult {
    const withUrl = this.url && !args.includes('--url') && args[0] !== 'init' ? [...args, '--url', this.url] : args;
    return this.run(binary, withUrl);
  }

  /** Like strata(), but fails the test with the command's output when it exits non-zero. */
  ok(...args: string[]): RunResult {
    return succeeded('strata', args, this.strata(...args));
  }

  /** Runs a Node program (a CLI's entry script) in the project, as `development`. */
  run(script: string, args: string[]): RunResult {
    const result = spawnSync(process.execPath, [script, ...args], {
      cwd: this.root,
      encoding: 'utf8',
      env: { ...process.env, NODE_ENV: 'development' },
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  /** Copies a fixture folder's files (dot files included) into the project. */
  copyFrom(folder: string): void {
    cpSync(folder, this.root, { recursive: true });
  }

  write(path: string, content: string): void {
    mkdirSync(join(this.root, path, '..'), { recursive: true });
    writeFileSync(join(this.root, path), content);
  }

  remove(path: string): void {
    rmSync(join(this.root, path), { recursive: true, force: true });
  }

  read(path: string): string {
    return readFileSync(join(this.root, path), 'utf8');
  }

  files(folder: string): string[] {
    return existsSync(join(this.root, folder)) ? readdirSync(join(this.root, folder)).sort() : [];
  }
}

/** The result, or an error carrying the command's output when it exited non-zero. */
export function succeeded(command: string, args: string[], result: RunResult): RunResult {
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited ${result.status}\n${result.stdout}\n${result.stderr}`);
  }
  return result;
}

const realSequelizeCliFolder = join(__dirname, 'real-sequelize-cli');

/**
 * Installs the real sequelize-cli (test-only: the versions in test/real-sequelize-cli/package.json)
 * into a folder under the OS temp dir named after that file's hash, once per machine; resolves
 * to its entry script. `sqlite3` there is test/real-sequelize-cli/sqlite3-shim.js, so the
 * install builds nothing. A failed install throws with npm's output: the test fails, never skips.
 */
export function installRealSequelizeCli(): string {
  const manifest = readFileSync(join(realSequelizeCliFolder, 'package.json'), 'utf8');
  const hash = createHash('sha256').update(manifest).digest('hex').slice(0, 12);
  const folder = join(tmpdir(), `strata-real-sequelize-cli-${hash}`);
  const entry = join(folder, 'node_modules', 'sequelize-cli', 'lib', 'sequelize');
  const installed = join(folder, 'installed');
  if (!existsSync(installed)) {
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'package.json'), manifest);
    const args = ['install', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error'];
    const npm = spawnSync('npm', args, { cwd: folder, encoding: 'utf8', timeout: 280_000 });
    if (npm.status !== 0) {
      throw new Error(
        `Installing the real sequelize-cli into ${folder} failed (npm ${args.join(' ')} exited ${npm.status}): ` +
          `${npm.error?.message ?? ''}\n${npm.stdout}\n${npm.stderr}`,
      );
    }
    writeFileSync(installed, new Date().toISOString());
  }
  // Written on every call, not only at install: the install folder outlives the checkout it was
  // made from (another clone, since deleted), and the shim must load this checkout's sqlite3-shim.js.
  const shim = join(folder, 'node_modules', 'sqlite3');
  mkdirSync(shim, { recursive: true });
  writeFileSync(
    join(shim, 'package.json'),
    JSON.stringify({ name: 'sqlite3', version: '0.0.0-shim', main: 'index.js' }),
  );
  writeFileSync(
    join(shim, 'index.js'),
    `module.exports = require(${JSON.stringify(join(realSequelizeCliFolder, 'sqlite3-shim.js'))});\n`,
  );
  return entry;
}
