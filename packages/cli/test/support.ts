import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
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
    const result = spawnSync(process.execPath, [binary, ...withUrl], {
      cwd: this.root,
      encoding: 'utf8',
      env: { ...process.env, NODE_ENV: 'development' },
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  /** Like strata(), but fails the test with the command's output when it exits non-zero. */
  ok(...args: string[]): RunResult {
    const result = this.strata(...args);
    if (result.status !== 0) {
      throw new Error(`strata ${args.join(' ')} exited ${result.status}\n${result.stdout}\n${result.stderr}`);
    }
    return result;
  }

  write(path: string, content: string): void {
    mkdirSync(join(this.root, path, '..'), { recursive: true });
    writeFileSync(join(this.root, path), content);
  }

  read(path: string): string {
    return readFileSync(join(this.root, path), 'utf8');
  }

  files(folder: string): string[] {
    return existsSync(join(this.root, folder)) ? readdirSync(join(this.root, folder)).sort() : [];
  }
}
