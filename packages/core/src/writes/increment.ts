import { Op } from '../compile/operators';
import { compileIncrement } from '../compile/increment';
import { describeName } from '../compile/where';
import { primaryKeyWhere } from '../definition/instance-values';
import { describeValue } from '@strata/validation';
import { messagesIncludeValues, type ModelDefinition } from '../definition/model-definition';
import { EmptyResultError, InvalidQueryError } from '../errors/errors';
import type { Model } from '../model/model';
import { runtimeOf, type ModelRuntime } from '../runtime/model-runtime';
import { withScope } from '../normalize/scopes';
import type { QueryOptions } from '../model/types';
import type { WhereOptions } from '../normalize/find-options';
import type { CompiledQuery } from '../execution/executor';
import { runOptions, type ModelCtor } from '../execution/query-context';
import { updateReturning, type MatchingUpdate } from './update-returning';
import { requireWhere } from './require-where';

/** Which attributes to change: one name, several names (each by `by`), or `{ name: amount }`. */
export type IncrementFields<A = Record<string, unknown>> =
  (keyof A & string) | ReadonlyArray<keyof A & string> | Partial<Record<keyof A & string, number>>;

/**
 * The options of `Model.increment`/`decrement` and their instance forms: which rows, by how much, and
 * whether updatedAt changes.
 */
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

const NUMERIC = new Set([
  'INTEGER',
  'SMALLINT',
  'TINYINT',
  'MEDIUMINT',
  'BIGINT',
  'FLOAT',
  'DOUBLE',
  'REAL',
  'DECIMAL',
]);

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
  const runtime = runtimeOf(model);
  const statement = incrementStatement(model, runtime, fields, input, sign);
  const options = statement.matched;
  if (options.returning) return updateReturning(model, statement.compile, options, options);
  const result = await runtime.host.executor.run(statement.compile(false), runOptions(options, runtime));
  return [result.affectedRows];
}

/**
 * The `UPDATE ... SET x = x + ?` an increment (`sign` 1) or decrement (-1) sends, after its checks
 * (a where, numeric attributes, finite amounts), the active scopes and updatedAt; `matched` is
 * the call's options with the scopes applied.
 */
export function incrementStatement(
  model: typeof Model,
  runtime: ModelRuntime,
  fields: IncrementFields,
  input: IncrementOptions,
  sign: 1 | -1,
): MatchingUpdate & { matched: IncrementOptions } {
  const { definition, host } = runtime;
  const method = sign === 1 ? 'increment' : 'decrement';
  requireWhere(definition, method, input);
  const options = withScope(model, input);
  const byName = incrementAmounts(definition, fields, options.by, method);
  const amounts: Record<string, number> = {};
  for (const [name, amount] of Object.entries(byName)) amounts[definition.attributes.get(name)!.field] = amount * sign;
  const set: Record<string, unknown> = {};
  const updatedAt = definition.timestamps.updatedAt;
  if (updatedAt && !options.silent && !(updatedAt in byName)) {
    const attribute = definition.attributes.get(updatedAt)!;
    set[attribute.field] = host.dialect.codec.toDatabase(attribute.type, new Date());
  }
  const context = runtime;
  return {
    compile: (returning: boolean): CompiledQuery => compileIncrement(context, amounts, set, options, returning),
    matched: options,
  };
}

/**
 * `instance.increment(fields, options)`: the database adds to this row's numeric attributes
 * (`SET x = x + ?`, soft-deleted or not, scopes aside), and the instance takes the new values
 * of those attributes and of updatedAt as stored, keeping its other unsaved changes. A `where`
 * given too must also match the row, or nothing changes.
 */
export async function incrementInstance<M extends Model>(
  instance: M,
  fields: IncrementFields,
  options: IncrementOptions,
  sign: 1 | -1,
): Promise<M> {
  const model = (instance.constructor as typeof Model).unscoped();
  const definition = runtimeOf(model).definition;
  const keyWhere = primaryKeyWhere(definition, instance.dataValues);
  // A where of the call narrows further, as in Sequelize: the row changes only if it also matches.
  const where = options.where === undefined ? keyWhere : { [Op.and]: [options.where, keyWhere] };
  const [, rows] = await increment(model, fields, { ...options, where, returning: true, paranoid: false }, sign);
  const fresh = rows?.[0];
  if (!fresh && options.where !== undefined) return instance;
  if (!fresh) throw new EmptyResultError(`${definition.name}: the row no longer exists`);
  const names = typeof fields === 'string' ? [fields] : Array.isArray(fields) ? fields : Object.keys(fields);
  const updatedAt = definition.timestamps.updatedAt;
  const stored: Record<string, unknown> = {};
  for (const name of updatedAt ? [...names, updatedAt] : names) stored[name] = fresh.dataValues[name];
  instance.markStored(stored);
  return instance;
}

function incrementAmounts(
  definition: ModelDefinition,
  fields: IncrementFields,
  by: number | undefined,
  method: string,
): Record<string, number> {
  const step = by ?? 1;
  if (typeof step !== 'number' || !Number.isFinite(step)) {
    throw new InvalidQueryError(
      `${definition.name}.${method}: by must be a finite number, got ${describeValue(by, messagesIncludeValues(definition))}`,
    );
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
        `${definition.name}.${method}: the amount for ${name} must be a finite number, got ${describeValue(amount, messagesIncludeValues(definition))}`,
      );
    }
  }
  return amounts as Record<string, number>;
}
