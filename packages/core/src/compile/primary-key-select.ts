import type { DataType } from '../definition/data-types';
import { coerceValue } from '../definition/value-types';
import type { CompiledQuery } from '../execution/executor';
import { passesThrough } from './compile-cache';
import { compileSelect, type SelectContext } from './select';

/**
 * `findByPk(key)` without options as one SELECT: exactly what compileSelect builds for
 * `{ where: { [primaryKey]: key }, limit: 1 }`, whose SQL is kept in the context (the model's
 * runtime, reset when its definition is) the first time, so
 * a later lookup only converts its key (no where object, no shape key). A key that does not
 * convert cleanly goes through compileSelect, which raises the error a where would.
 *
 * @example const { sql, bindings } = primaryKeySelect(context, 42); // bindings: [42, 1]
 */
export function primaryKeySelect(context: SelectContext, key: unknown): CompiledQuery {
  const { definition } = context;
  const attribute = definition.attributes.get(definition.primaryKeys[0])!;
  const bound = boundKey(context, attribute.type, key);
  const sql = context.primaryKeyLookupSql;
  if (sql !== undefined && bound !== undefined) return { sql, bindings: [bound, 1] };
  const compiled = compileSelect(context, { where: { [attribute.name]: key }, limit: 1 });
  // Kept only when compileSelect bound exactly [key, limit]: the cached form is then the same query.
  const [first, second, ...rest] = compiled.bindings;
  if (bound !== undefined && first === bound && second === 1 && rest.length === 0) {
    context.primaryKeyLookupSql = compiled.sql;
  }
  return compiled;
}

/** The key as the driver binds it, or undefined when it needs compileSelect (and its errors). */
function boundKey(context: SelectContext, type: DataType, key: unknown): unknown {
  const coerced = coerceValue(type, key);
  if ('error' in coerced || coerced.value === null || coerced.value === undefined) return undefined;
  const bound = context.dialect.codec.toDatabase(type, coerced.value);
  return passesThrough(bound) ? bound : undefined;
}
