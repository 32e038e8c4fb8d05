/**
 * @strata/cli: the `strata` command line. Its programmatic entry is for tests and tooling.
 */
export { main } from './main';
export { createProgram, cliVersion } from './program';
