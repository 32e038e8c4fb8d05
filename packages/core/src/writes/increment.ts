import { describeName } from '../compile/where';
import { describeValue } from '../definition/value-types';
import type { ModelDefinition } from '../definition/model-definition';
import { InvalidQueryError } from '../errors/errors';
import { applyWhere, compileSelect, toNative } from '../compile/select';
import type { Model } from '../model/model';
import { modelState } from '../runtime/model-state';
import { baseModel, withScope } from '../normalize/scopes';
import type { QueryOptions } from '../model/types';
import type { WhereOptions } from '../normalize/find-options';
import { Op } from '../compile/operators';
import { hydrateRow, runOptions, selectContext, whereContext, type ModelCtor } from '../execution/query-context';
import { transactionOf } from './bulk-create';
import { requireWhere } from './require-where';

/** Which attributes to change: one name, several names (each by `by`), or `{ name: amount }`. */
export type IncrementFields<A = Record<string, unknown>> =
  (keyof A & string) | ReadonlyArray<keyof A & string> | Partial<Record<keyof A & string, number>>;

export interface IncrementOptions<A = Record<string, unknown>> extends QueryOptions {
  where?: WhereOptions<A>;
  /** Change every row: required when no where is given. */
  all?: boolean;
  /** The amount for names given without one (default 1). */
  by?: number;
  /** Do not touch updatedAt. */
  silent?: boolean;
  /** Include soft-deleted rows when false (paranoid models). */
  paranoid?: boolean;
  /** Also resolve to the changed rows (emulated where the dialect has no RETURNING). */
  returning?: boolean;
}

const NUMERIC = new Set(['INTEGER', 'SMALLINT', 'BIGINT', 'FLOAT', 'DOUBLE', 'REAL', 'DECIMAL']);

/**
 * `UPDATE ... SET x = x + ?` on the rows `where` matches, computed by the database so that
 * concurrent increments never lose one another. Resolves to `[affectedCount]`, with
 * `returning: true` to `[affectedCount, rows]`. Decrement is increment with the amounts negated.
 */
export async function increment<M extends Model>(
  model: ModelCtor<M>,
  fields: IncrementFields,
  input: IncrementOptions,
  sign: 1 | -1,
): Promise<[number, M[]?]> {
  const state = modelState(model);
  const { definition, host } = state;
  const method = sign === 1 ? 'increment' : 'decrement';
  requireWhere(definition, method, input);
  const options = withScope(model, input);
  const amounts = incrementAmounts(definition, fields, options.by, method);
  const changes: Record<string, unknown> = {};
  for (const [name, amount] of Object.entries(amounts)) {
    const field = definition.attributes.get(name)!.field;
    changes[field] = host.knex.raw('?? + ?', [`${definition.tableName}.${field}`, amount * sign]);
  }
  const updatedAt = definition.timestamps.updatedAt;
  if (updatedAt && !options.silent && !(updatedAt in amounts)) {
    const attribute = definition.attributes.get(updatedAt)!;
    changes[attribute.field] = host.dialect.codec.toDatabase(attribute.type, new Date());
  }
  const builder = host.knex.queryBuilder().from(definition.tableName).update(changes);
  applyWhere(builder, host.knex, options, whereContext(state));
  const target = baseModel(model) as ModelCtor<M>;
  if (!options.returning) {
    const result = await host.executor.run(toNative(builder), runOptions(options, state));
    return [result.affectedRows];
  }
  if (host.dialect.supports.returning) {
    builder.returning(definition.columnAttributes.map((a) => a.field));
    const result = await host.executor.run(toNative(builder), runOptions(options, state));
    return [result.rows.length, result.rows.map((row) => hydrateRow(target, state, row))];
  }
  // No RETURNING: note the keys of the matching rows, update, and read those rows back, in one
  // transaction so no other writer slips in between.
  return host.executor.managed(transactionOf(options), async (transaction) => {
    const run = runOptions({ ...options, transaction }, state);
    const keys = definition.primaryKeys;
    const matching = await host.executor.run(
      compileSelect(selectContext(state), {
        where: options.where,
        paranoid: options.paranoid,
        attributes: [...keys],
        lock: true,
      }),
      run,
    );
    const result = await host.executor.run(toNative(builder), run);
    if (matching.rows.length === 0) return [result.affectedRows, []] as [number, M[]];
    const reread = compileSelect(selectContext(state), {
      where: { [Op.or]: matching.rows.map((row) => Object.fromEntries(keys.map((k) => [k, row[k]]))) },
      paranoid: false,
    });
    const rows = await host.executor.run(reread, run);
    return [
      result.affectedRows,
      rows.rows.map((row) => new target(state.hydrator.parseRow(row), { isNewRecord: false, raw: true })),
    ];
  });
}

function incrementAmounts(
  definition: ModelDefinition,
  fields: IncrementFields,
  by: number | undefined,
  method: string,
): Record<string, number> {
  const step = by ?? 1;
  if (typeof step !== 'number' || !Number.isFinite(step)) {
    throw new InvalidQueryError(`${definition.name}.${method}: by must be a finite number, got ${describeValue(by)}`);
  }
  const amounts: Record<string, unknown> =
    typeof fields === 'string'
      ? { [fields]: step }
      : Array.isArray(fields)
        ? Object.fromEntries(fields.map((name: unknown) => [name, step]))
        : typeof fields === 'object' && fields !== null
          ? { ...(fields as Record<string, unknown>) }
          : {};
  const names = Object.keys(amounts);
  if (names.length === 0) throw new InvalidQueryError(`${definition.name}.${method}: name at least one attribute`);
  for (const name of names) {
    const attribute = definition.attributes.get(name);
    if (!attribute || attribute.virtual || !NUMERIC.has(attribute.type.key)) {
      throw new InvalidQueryError(
        `${definition.name}.${method}: ${describeName(name)} is not a numeric attribute; numeric attributes: ${definition.columnAttributes
          .filter((a) => NUMERIC.has(a.type.key))
          .map((a) => a.name)
          .join(', ')}`,
      );
    }
    const amount = amounts[name];
    if (typeof amount !== 'number' || !Number.isFinite(amount)) {
      throw new InvalidQueryError(
        `${definition.name}.${method}: the amount for ${name} must be a finite number, got ${describeValue(amount)}`,
      );
    }
  }
  return amounts as Record<string, number>;
}
