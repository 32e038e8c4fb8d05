import type { CompiledQuery } from '../execution/executor';
import { toNative, type SelectContext } from './select';
import { tableIdentifier } from '../definition/table-ref';

/** The column under which a RETURNING upsert says whether it inserted (true) or updated the row. */
export const UPSERT_INSERTED_FLAG = 'strata_upsert_inserted';

/**
 * One INSERT of `row` (keyed by column, values converted for the driver) that updates
 * `updateColumns` of the existing row instead when it collides on `conflictColumns`
 * (`ON CONFLICT ... DO UPDATE` / `ON DUPLICATE KEY UPDATE`). `returning` adds RETURNING of every
 * column of the model and, where the dialect can tell, the inserted flag under
 * UPSERT_INSERTED_FLAG.
 *
 * @example
 * compileUpsert(context, { email: 'a@b.c', name: 'A' }, ['email'], ['name'], true);
 */
export function compileUpsert(
  context: SelectContext,
  row: Readonly<Record<string, unknown>>,
  conflictColumns: readonly string[],
  updateColumns: readonly string[],
  returning: boolean,
): CompiledQuery {
  const { definition, dialect, knex } = context;
  const builder = knex
    .queryBuilder()
    .from(tableIdentifier(definition))
    .insert(row)
    .onConflict([...conflictColumns])
    .merge([...updateColumns]);
  if (returning) {
    const inserted = dialect.upsertInsertedExpression;
    builder.returning([
      ...definition.columnAttributes.map((a) => a.field),
      ...(inserted ? [knex.raw(`${inserted} AS ??`, [UPSERT_INSERTED_FLAG])] : []),
    ]);
  }
  return toNative(builder);
}
