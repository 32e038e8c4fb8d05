import { join } from 'node:path';
import { Strata } from '@strata/core';
import { runScript } from '../../../../test-support/child-script';
import { describeEachDialect } from '../../../../test-support/dialects';
import type { Attempt } from './fixtures/connect-each-dialect';

const SCRIPT = join(__dirname, 'fixtures', 'connect-each-dialect.ts');
const HIDE_PACKAGES = join(__dirname, 'fixtures', 'hide-packages.js');

/** Runs the script in a Node process where the given packages are not installed. */
async function connectWithout(packages: string[]): Promise<Record<string, Attempt>> {
  const output = await runScript(SCRIPT, {
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${HIDE_PACKAGES}`.trim(),
    STRATA_HIDDEN_PACKAGES: packages.join(','),
  });
  return JSON.parse(output) as Record<string, Attempt>;
}

describe('drivers: pg and mysql2 are optional peer dependencies', () => {
  let attempts: Record<string, Attempt>;

  beforeAll(async () => {
    attempts = await connectWithout(['pg', 'mysql2']);
  }, 60_000);

  it('runs SQLite without pg or mysql2 installed', () => {
    expect(attempts.sqlite).toEqual({ connected: true });
  });

  it.each([
    ['postgres', 'pg'],
    ['mysql', 'mysql2'],
    ['mariadb', 'mysql2'],
  ])('connecting to %s without %s fails with a ConnectionError that says how to install it', (dialect, driver) => {
    expect(attempts[dialect].connected).toBe(false);
    expect(attempts[dialect].error).toMatchObject({ name: 'ConnectionError', isConnectionError: true });
    expect(attempts[dialect].error?.message).toContain(`install ${driver}: npm install ${driver}`);
  });
});

// The other half of the proof: the failure above comes from the missing driver, because the
// same connection succeeds where the driver is installed.
describeEachDialect('drivers: installed', (ctx) => {
  it('connects', async () => {
    const db: Strata = ctx.connect();
    await expect(db.authenticate()).resolves.toBeUndefined();
  });
});
