import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const binary = join(__dirname, '..', 'bin', 'strata.js');
const manifest = require('../package.json') as { version: string };

function strata(...args: string[]) {
  return spawnSync(process.execPath, [binary, ...args], { encoding: 'utf8' });
}

describe('the strata binary', () => {
  beforeAll(() => {
    if (!existsSync(join(__dirname, '..', 'dist', 'main.js'))) {
      throw new Error('packages/cli is not built: run `pnpm run build` (the test script does) before jest');
    }
  });

  it('prints its version', () => {
    const result = strata('--version');
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe(manifest.version);
  });

  it('prints help listing the global options', () => {
    const result = strata('--help');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Usage: strata');
    expect(result.stdout).toMatch(/--env <name>/);
    expect(result.stdout).toMatch(/--url <url>/);
  });

  it('exits non-zero on an unknown command', () => {
    const result = strata('no-such-command');
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/unknown command|too many arguments/);
  });
});
