import { cpSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ConnectionError, Strata } from '@strata/core';
import { sqliteOpenError } from '../../../src/dialect/sqlite/sqlite-open-error';

/** The folder of an installed package, followed through pnpm's links. */
function packageFolder(name: string, from: string): string {
  return realpathSync(dirname(require.resolve(`${name}/package.json`, { paths: [from] })));
}

describe('opening a SQLite database that cannot be opened', () => {
  it('names the missing folder of the database file', async () => {
    const file = join(tmpdir(), `strata-no-such-folder-${process.pid}`, 'app.db');
    const db = new Strata({ dialect: 'sqlite', storage: file });
    try {
      const error = await db.query('SELECT 1').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConnectionError);
      expect((error as Error).message).toContain(file);
      expect((error as Error).message).toContain(`the folder ${dirname(file)} does not exist`);
    } finally {
      await db.close();
    }
  });

  // A copy of better-sqlite3 without its build/ folder fails exactly as an install whose build
  // script pnpm skipped: the driver's own error is what the message is made from.
  it('says how to build better-sqlite3 when its native binding is missing', () => {
    const project = mkdtempSync(join(tmpdir(), 'strata-unbuilt-sqlite-'));
    try {
      const driver = packageFolder('better-sqlite3', require.resolve('@strata/core'));
      const modules = join(project, 'node_modules');
      cpSync(join(driver, 'lib'), join(modules, 'better-sqlite3', 'lib'), { recursive: true });
      cpSync(join(driver, 'package.json'), join(modules, 'better-sqlite3', 'package.json'));
      const bindings = packageFolder('bindings', driver);
      cpSync(bindings, join(modules, 'bindings'), { recursive: true, dereference: true });
      cpSync(packageFolder('file-uri-to-path', bindings), join(modules, 'file-uri-to-path'), {
        recursive: true,
        dereference: true,
      });
      const UnbuiltDatabase = require(join(modules, 'better-sqlite3')) as new (file: string) => unknown;
      let driverError: unknown;
      try {
        new UnbuiltDatabase(':memory:');
      } catch (error) {
        driverError = error;
      }
      expect(String(driverError)).toContain('Could not locate the bindings file');

      const error = sqliteOpenError(driverError, ':memory:');
      expect(error).toBeInstanceOf(ConnectionError);
      expect(error.message).toContain('onlyBuiltDependencies');
      expect(error.message).toContain('pnpm rebuild better-sqlite3');
      expect(error.message).toContain('npm rebuild better-sqlite3');
      expect((error as ConnectionError & { cause: unknown }).cause).toBe(driverError);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });
});
