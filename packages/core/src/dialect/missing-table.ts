import { DatabaseError } from '../errors/errors';

/**
 * The error for a statement on a table that does not exist, with what a new user most often
 * needs to hear: the models' tables are created by `sync()` or by the migrations, not by the
 * first query.
 */
export function missingTableError(message: string, sql: string, bindings: readonly unknown[], cause: unknown): Error {
  return new DatabaseError(
    `${message} (create the table first: db.sync() creates the models' tables, or run your migrations with strata db:migrate)`,
    sql,
    bindings,
    cause,
  );
}
