import { InvalidConnectionError } from '@strata/core';
import { CommanderError } from 'commander';
import { CliError } from './errors';
import { createProgram } from './program';

/**
 * Runs the CLI with `argv` (as process.argv) and resolves to the exit code: 0 on success,
 * non-zero with a message on stderr that says what failed and what to do.
 */
export async function main(argv: readonly string[]): Promise<number> {
  const program = createProgram();
  try {
    await program.parseAsync([...argv]);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof CliError) {
      process.stderr.write(`strata: ${error.message}\n`);
      return error.exitCode;
    }
    if (error instanceof InvalidConnectionError) {
      // The server answered but has no such database: the one command that fixes it.
      process.stderr.write(`strata: ${error.message}\n  create the database with: strata db:create\n`);
      return 1;
    }
    throw error;
  }
}
