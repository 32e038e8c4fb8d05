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
    throw error;
  }
}
