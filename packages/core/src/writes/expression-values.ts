import { isExpression } from '../compile/expressions';
import { compileSelect } from '../compile/select';
import { primaryKeyWhere } from '../definition/instance-values';
import { runOptions } from '../execution/query-context';
import type { Model } from '../model/model';
import type { QueryOptions } from '../model/types';
import type { ModelRuntime } from '../runtime/model-runtime';

/**
 * The attributes whose value in `values` is an expression (`fn('NOW')`, `literal('views + 1')`):
 * after the write, the instance holds the expression object until the database says what it
 * stored. Only these names are looked at (the attributes a write sends).
 */
export function expressionAttributeNames(values: Record<string, unknown>, names: Iterable<string>): string[] {
  const found: string[] = [];
  for (const name of names) if (isExpression(values[name])) found.push(name);
  return found;
}

/**
 * After a write that set attributes to expressions and could not read their stored values in
 * the same statement (no RETURNING on the dialect), reads those columns back by primary key,
 * in the write's transaction, so the instance never keeps an expression object as a value.
 * Another writer may change the row between the two statements outside a transaction; inside
 * one the values are the write's own.
 */
export async function readBackExpressionValues(
  runtime: ModelRuntime,
  instance: Model,
  names: readonly string[],
  options: QueryOptions,
): Promise<void> {
  if (names.length === 0) return;
  const where = primaryKeyWhere(runtime.definition, instance.dataValues);
  const compiled = compileSelect(runtime, { where, attributes: [...names], paranoid: false });
  const result = await runtime.host.executor.run(compiled, runOptions(options, runtime));
  const row = result.rows[0];
  if (!row) return;
  const parsed = runtime.hydrator.parseRow({ ...row });
  for (const name of names) instance.dataValues[name] = parsed[name];
}
