import { dirname, resolve } from 'node:path';
import { ConnectionError } from '../../errors/errors';
import { convertSqliteError } from './sqlite-errors';

/**
 * The error for a SQLite database that could not be opened, saying what to do. The two common
 * first-hour failures get their own message: better-sqlite3 installed without its native build
 * (pnpm 10 skips dependencies' build scripts unless allowed, and the driver then fails with
 * "Could not locate the bindings file"), and a database file whose folder does not exist
 * (better-sqlite3's message does not name the path).
 */
export function sqliteOpenError(error: unknown, databaseName: string): Error {
  const message = error instanceof Error ? error.message : String(error);
  if (/Could not locate the bindings file|better_sqlite3\.node|NODE_MODULE_VERSION/.test(message)) {
    return new ConnectionError(
      'better-sqlite3 is installed without its native build, so SQLite cannot be opened. ' +
        'With pnpm, allow its build script: add "pnpm": { "onlyBuiltDependencies": ["better-sqlite3"] } to ' +
        'package.json (or run `pnpm approve-builds`), then `pnpm rebuild better-sqlite3`. ' +
        'With npm: `npm rebuild better-sqlite3` (after a Node.js upgrade too). ' +
        `The driver said: ${message.split('\n')[0]}`,
      { cause: error },
    );
  }
  if (/directory does not exist/.test(message)) {
    const file = resolve(databaseName);
    return new ConnectionError(
      `Cannot open the SQLite database ${file}: the folder ${dirname(file)} does not exist. ` +
        'Create it first; Strata creates the database file, not its folders',
      { cause: error },
    );
  }
  return convertSqliteError(error, '', []);
}
