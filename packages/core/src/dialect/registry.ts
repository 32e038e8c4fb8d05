import type { StrataOptions } from '../connection/options';
import { ConnectionError } from '../errors/errors';
import type { Dialect } from './dialect';

type DialectOption = NonNullable<StrataOptions['dialect']>;

interface DialectEntry {
  /** The npm package the dialect talks through. pg and mysql2 are optional peer dependencies. */
  readonly driver: string;
  readonly create: (options: StrataOptions) => Dialect;
}

/**
 * The one place outside a dialect's folder that loads it. Each module (and so its driver) is
 * required only when a connection uses it: a SQLite application never loads pg or mysql2, and
 * does not need them installed.
 */
const dialects: Readonly<Record<DialectOption, DialectEntry>> = {
  sqlite: {
    driver: 'better-sqlite3',
    create: (options) => {
      const { SqliteDialect } = require('./sqlite/sqlite-dialect') as typeof import('./sqlite/sqlite-dialect');
      return new SqliteDialect({
        storage: options.storage,
        pool: options.pool,
        busyTimeout: options.busyTimeout,
        transactionType: options.transactionType,
        dialectOptions: options.dialectOptions,
      });
    },
  },
  postgres: {
    driver: 'pg',
    create: (options) => {
      const { PostgresDialect } =
        require('./postgres/postgres-dialect') as typeof import('./postgres/postgres-dialect');
      return new PostgresDialect(options);
    },
  },
  mysql: {
    driver: 'mysql2',
    create: (options) => {
      const { MysqlDialect } = require('./mysql/mysql-dialect') as typeof import('./mysql/mysql-dialect');
      return new MysqlDialect(options);
    },
  },
  // MariaDB speaks the MySQL protocol; mysql2 is its driver too.
  mariadb: {
    driver: 'mysql2',
    create: (options) => {
      const { MysqlDialect } = require('./mysql/mysql-dialect') as typeof import('./mysql/mysql-dialect');
      return new MysqlDialect(options);
    },
  },
};

/** Makes the dialect a connection's options ask for, after checking that its driver is installed. */
export function createDialect(options: StrataOptions): Dialect {
  const name = options.dialect;
  if (name === undefined) {
    throw new ConnectionError(
      "new Strata(): give a dialect ('sqlite', 'postgres', 'mysql', 'mariadb') or a connection URL, " +
        "e.g. new Strata({ dialect: 'sqlite', storage: 'app.db' }) or new Strata('postgres://user@host/db')",
    );
  }
  if (!Object.hasOwn(dialects, name)) {
    throw new ConnectionError(
      `new Strata(): unknown dialect ${JSON.stringify(name)}; use 'sqlite', 'postgres', 'mysql' or 'mariadb'`,
    );
  }
  const entry = dialects[name];
  assertDriverInstalled(name, entry.driver);
  return entry.create(options);
}

/**
 * Resolving the driver first (rather than reading the error of the dialect module's require)
 * tells "the driver is not installed" apart from a driver that is installed but broken, whose
 * own error is then left as it is.
 */
function assertDriverInstalled(dialect: DialectOption, driver: string): void {
  try {
    require.resolve(driver);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw error;
    throw new ConnectionError(
      `The ${dialect} dialect needs the driver package "${driver}", which is not installed. ` +
        `To connect, install ${driver}: npm install ${driver} (or pnpm add ${driver}, yarn add ${driver})`,
      { cause: error },
    );
  }
}
