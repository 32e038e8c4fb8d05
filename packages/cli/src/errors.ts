import { DatabaseError } from '@strata/core';

/** A failure the user can act on: printed as `strata: <message>`, exits with `exitCode`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CliError';
  }
}

/**
 * The message for an error thrown by a migration or seed file: which file, which direction,
 * what the database said and, for a database error, the statement it refused.
 */
export function describeFileFailure(
  kind: 'migration' | 'seed',
  file: string,
  direction: string,
  error: unknown,
): string {
  const cause = innermost(error);
  const lines = [`${kind} ${file} failed (${direction}): ${cause instanceof Error ? cause.message : String(cause)}`];
  if (cause instanceof DatabaseError && cause.sql) lines.push(`  statement: ${cause.sql}`);
  lines.push(
    `  nothing of ${file} was recorded as applied; fix the file and run the command again` +
      (direction === 'up' ? '' : ' (it is still recorded as applied)'),
  );
  return lines.join('\n');
}

/** Umzug wraps the migration's own error; the user wants the one the database raised. */
function innermost(error: unknown): unknown {
  let current = error;
  while (
    current instanceof Error &&
    current.cause instanceof Error &&
    !(current instanceof DatabaseError) &&
    current.constructor.name === 'MigrationError'
  ) {
    current = current.cause;
  }
  return current;
}
