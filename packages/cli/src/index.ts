/**
 * @strata/cli: the `strata` command line. Its programmatic entry is for tests and tooling;
 * migration and seed files import their types from here.
 */
export { main } from './main';
export { createProgram, cliVersion } from './program';
export type { Migration, MigrationContext } from './migrator';
export type { EnvironmentConfig } from './project';
