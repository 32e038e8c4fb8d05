import type { Knex } from 'knex';
import type { ModelDefinition } from '../definition/model-definition';
import type { Dialect } from '../dialect/dialect';
import { InvalidQueryError } from '../errors/errors';
import { isExpression } from './expressions';
import { compileExpression } from './where';

/** What compiling an expression value of a write needs: the model (for `col()`) and its dialect. */
export interface WriteValueContext {
  readonly definition: ModelDefinition;
  readonly dialect: Dialect;
}

/** Whether some row of a write sets a column to an expression (`fn`, `col`, `literal`). */
export function hasExpressionValues(rows: ReadonlyArray<Record<string, unknown>>): boolean {
  for (const row of rows) for (const column in row) if (isExpression(row[column])) return true;
  return false;
}

/**
 * The values of an INSERT or UPDATE row as knex takes them: plain values as they are (bound),
 * an expression as raw SQL, its names quoted and its arguments bound (`literal` as written).
 * Only an expression object becomes SQL: a string is always a bound value.
 */
export function rowForKnex(
  knex: Knex,
  row: Record<string, unknown>,
  context: WriteValueContext | undefined,
): Record<string, unknown> {
  const written: Record<string, unknown> = {};
  for (const column of Object.keys(row)) {
    const value = row[column];
    if (!isExpression(value)) {
      written[column] = value;
      continue;
    }
    if (!context) {
      throw new InvalidQueryError(`${column}: fn(), col() and literal() values need a model's write`);
    }
    const compiled = compileExpression(value, {
      definition: context.definition,
      dialect: context.dialect,
      tableAlias: context.definition.tableName,
    });
    written[column] = knex.raw(compiled.sql, compiled.bindings as Knex.RawBinding[]);
  }
  return written;
}
