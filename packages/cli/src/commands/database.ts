import { Strata } from '@strata/core';
import { CliError } from '../errors';
import { connectionOptions, projectPaths, type GlobalOptions } from '../project';

/**
 * The database each server keeps for administration, to connect to while creating or
 * dropping the project's database (which may not exist yet). SQLite has none: its database
 * is a file created on first use.
 */
const MAINTENANCE_DATABASE: Record<string, string | undefined> = {
  postgres: 'postgres',
  mysql: undefined,
  mariadb: undefined,
};

async function onServer(options: GlobalOptions, statement: (name: string, admin: Strata) => string): Promise<string> {
  const paths = projectPaths(options);
  const target = await connectionOptions(options, paths);
  const probe = target.url ? new Strata(target.url, target.options) : new Strata(target.options);
  const { dialect, database } = probe.options;
  const name = database ?? probe.getDatabaseName();
  await probe.close();
  if (!dialect || !(dialect in MAINTENANCE_DATABASE)) {
    throw new CliError(
      `db:create and db:drop work on postgres and mysql; ${dialect ?? 'this'} databases are files created on first use (delete the file to drop it)`,
    );
  }
  if (!name) throw new CliError(`No database name in ${target.description}`);
  const admin = new Strata({ ...probe.options, ...adminCredentials(target), database: MAINTENANCE_DATABASE[dialect] });
  try {
    await admin.query(statement(name, admin));
  } catch (error) {
    throw new CliError(`${(error as Error).message} (database ${name}, ${target.description})`, 1, { cause: error });
  } finally {
    await admin.close();
  }
  return name;
}

/** The password is kept out of Strata's visible options; take it from the original target. */
function adminCredentials(target: Awaited<ReturnType<typeof connectionOptions>>): { password?: string } {
  if (target.url) {
    try {
      const password = new URL(target.url).password;
      return password ? { password: decodeURIComponent(password) } : {};
    } catch {
      return {};
    }
  }
  return target.options.password ? { password: target.options.password } : {};
}

const identifier = (admin: Strata, name: string): string => admin.getQueryInterface().quoteIdentifier(name);

export async function createDatabase(options: GlobalOptions): Promise<void> {
  const name = await onServer(options, (db, admin) => `CREATE DATABASE ${identifier(admin, db)}`);
  process.stdout.write(`Database ${name} created.\n`);
}

export async function dropDatabase(options: GlobalOptions): Promise<void> {
  const name = await onServer(options, (db, admin) => `DROP DATABASE IF EXISTS ${identifier(admin, db)}`);
  process.stdout.write(`Database ${name} dropped.\n`);
}
