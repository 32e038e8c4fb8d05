import type Database from 'better-sqlite3';
import { ConnectionError } from '../../errors/errors';

/** The better-sqlite3 options `dialectOptions` may carry, handed to `new Database()` as they are. */
const DRIVER_KEYS = ['readonly', 'fileMustExist', 'nativeBinding'] as const;

/**
 * Options every dialect accepts in `dialectOptions` that mean nothing here: SQLite statements
 * are always prepared and cached, so `preparedStatements` (PostgreSQL's switch) changes nothing.
 */
const NO_OP_KEYS = ['preparedStatements'];

/** What the keys SQLite refuses should be written as instead. */
const INSTEAD: Record<string, string> = {
  timeout: 'use the busyTimeout option (Strata waits for locks without blocking the event loop)',
  mode: 'use readonly: true (better-sqlite3 has no sqlite3-style open flags); Strata creates missing files unless fileMustExist: true',
  verbose: 'use the logging option',
};

/**
 * The better-sqlite3 constructor options from a connection's `dialectOptions` (Sequelize hands
 * these to its driver too). A key better-sqlite3 does not know is a ConnectionError naming it,
 * since the driver would ignore it silently.
 *
 * @example sqliteDriverOptions({ readonly: true }) // { readonly: true }
 */
export function sqliteDriverOptions(dialectOptions: Record<string, unknown> | undefined): Database.Options {
  const options: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(dialectOptions ?? {})) {
    if ((DRIVER_KEYS as readonly string[]).includes(key)) options[key] = value;
    else if (!NO_OP_KEYS.includes(key)) {
      throw new ConnectionError(
        `dialectOptions.${key} is not an option of SQLite's driver (better-sqlite3): ` +
          (INSTEAD[key] ?? `it takes ${DRIVER_KEYS.join(', ')}`),
      );
    }
  }
  return options as Database.Options;
}
