import { InvalidQueryError } from '../errors/errors';
import type { Model } from '../model/model';
import type { Attributes, CreationAttributes } from '../model/types';
import type { CountOptions, FindOptions } from '../normalize/find-options';
import { withScope } from '../normalize/scopes';
import { runtimeOf, type ModelRuntime } from '../runtime/model-runtime';
import { bulkCreateStatement, type BulkCreateOptions } from '../writes/bulk-create';
import { createStatement, type CreateOptions } from '../writes/create';
import { destroyStatement, type DestroyOptions } from '../writes/destroy';
import { incrementStatement, type IncrementFields, type IncrementOptions } from '../writes/increment';
import { restoreStatement } from '../writes/restore';
import { principalUpdate } from '../writes/update-returning';
import { staticUpdateStatement, type UpdateOptions } from '../writes/update';
import { upsertStatement, type UpsertOptions } from '../writes/upsert';
import type { CompiledQuery } from './executor';
import { checkPrimaryKeyValue, compileCount, compileFind } from './finders';
import type { ModelCtor } from './query-context';

/** One statement as the driver receives it: the SQL text with placeholders, and the values bound to them. */
export interface CompiledSql {
  sql: string;
  bindings: unknown[];
}

/**
 * The statements a model's finders and writes would send, built without sending them: each
 * method takes the options of the static of the same name and returns the principal statement
 * that call sends. See `compile`.
 */
export interface ModelCompiler<M extends Model> {
  /** The SELECT of `findAll`; with to-many includes, the first one (their rows load in one more SELECT per level). */
  findAll(options?: FindOptions<Attributes<M>>): CompiledSql;
  /** The SELECT of `findOne` (findAll with `limit: 1`). */
  findOne(options?: FindOptions<Attributes<M>>): CompiledSql;
  /** The SELECT of `findByPk`; a null key sends nothing, so it is an error here. */
  findByPk(key: unknown, options?: Omit<FindOptions<Attributes<M>>, 'where'>): CompiledSql;
  /** The SELECT COUNT of `count` (with includes, of distinct parents). */
  count(options?: CountOptions<Attributes<M>>): CompiledSql;
  /** The INSERT of `create`; not with `include` (a nested create sends one INSERT per row). */
  create(values: CreationAttributes<M>, options?: Omit<CreateOptions, 'include'>): CompiledSql;
  /** The first INSERT of `bulkCreate` (the first batch of 500 rows); no rows send nothing, an error here. */
  bulkCreate(records: ReadonlyArray<CreationAttributes<M>>, options?: BulkCreateOptions<Attributes<M>>): CompiledSql;
  /** The UPDATE of `update` (with RETURNING for `returning: true` where the dialect has it). */
  update(values: Partial<Attributes<M>>, options: UpdateOptions<Attributes<M>>): CompiledSql;
  /** The DELETE of `destroy`: an UPDATE of deletedAt on a paranoid model unless `force`. */
  destroy(options: DestroyOptions<Attributes<M>>): CompiledSql;
  /** The UPDATE that clears deletedAt, of `restore`. */
  restore(options?: DestroyOptions<Attributes<M>>): CompiledSql;
  /** The `UPDATE ... SET x = x + ?` of `increment` (RETURNING as for update). */
  increment(fields: IncrementFields<Attributes<M>>, options: IncrementOptions<Attributes<M>>): CompiledSql;
  /** The `UPDATE ... SET x = x - ?` of `decrement`. */
  decrement(fields: IncrementFields<Attributes<M>>, options: IncrementOptions<Attributes<M>>): CompiledSql;
  /** The INSERT ... ON CONFLICT (ON DUPLICATE KEY UPDATE) of `upsert`. */
  upsert(values: CreationAttributes<M>, options?: UpsertOptions<Attributes<M>>): CompiledSql;
}

/**
 * The SQL and bindings a finder or write of `model` would send, without sending anything: no
 * connection is opened, no hook or validator runs and `logging` sees nothing. Everything else is
 * as in the real call, which builds its statement with the same functions: the active scopes,
 * paranoid filters, defaults, timestamps, value conversion for the driver, and the same errors
 * for bad input (an `InvalidQueryError` for a string operator or a bulk update without a where).
 * A call that sends several statements gives its principal one: the first SELECT of a findAll
 * whose to-many includes load separately, the first batch of a bulkCreate, and the UPDATE (not
 * the SELECTs around it) of an update or increment with `returning` where the dialect has no
 * RETURNING; upsert's INSERT there is followed by a SELECT too. The SQL is the dialect's own,
 * with its placeholders (`?`, or `$1` on PostgreSQL).
 *
 * @example
 * const { sql, bindings } = compile(User).findAll({ where: { age: { [Op.gte]: 18 } }, limit: 10 });
 * // sql: 'select "users"."id", ... from "users" where "users"."age" >= $1 limit $2', bindings: [18, 10]
 */
export function compile<M extends Model>(model: ModelCtor<M>): ModelCompiler<M> {
  // Read per call, not here: an association added later rebuilds the model's definition.
  const runtime = (): ModelRuntime => runtimeOf(model);
  return {
    findAll: (options = {}) => compiled(compileFind(model, runtime(), withScope(model, options as FindOptions))),
    findOne: (options = {}) =>
      compiled(compileFind(model, runtime(), withScope(model, { ...(options as FindOptions), limit: 1 }))),
    findByPk: (key, options = {}) => {
      const current = runtime();
      if (key === null || key === undefined) throw nothingSent(current, 'findByPk with a null key');
      checkPrimaryKeyValue(current, key);
      const where = { [current.definition.primaryKeys[0]]: key };
      return compiled(compileFind(model, current, withScope(model, { ...(options as FindOptions), where, limit: 1 })));
    },
    count: (options = {}) => compiled(compileCount(model, runtime(), withScope(model, options as CountOptions))),
    create: (values, options = {}) => compiled(createStatement(model, runtime(), values as object, options)),
    bulkCreate: (records, options = {}) => {
      const current = runtime();
      const statement = bulkCreateStatement(
        model,
        current,
        records as ReadonlyArray<object>,
        options as BulkCreateOptions,
      );
      if (!statement) throw nothingSent(current, 'bulkCreate of no records');
      return compiled(statement);
    },
    update: (values, options) => {
      const current = runtime();
      const update = staticUpdateStatement(model, current, values as Record<string, unknown>, options as UpdateOptions);
      if (!update) throw nothingSent(current, 'update that sets no attribute');
      return compiled(principalUpdate(current, update, options.returning));
    },
    destroy: (options) => compiled(destroyStatement(model, runtime(), options as DestroyOptions)),
    restore: (options = {}) => compiled(restoreStatement(runtime(), options as DestroyOptions)),
    increment: (fields, options) => compiledIncrement(model, runtime(), fields, options, 1),
    decrement: (fields, options) => compiledIncrement(model, runtime(), fields, options, -1),
    upsert: (values, options = {}) =>
      compiled(upsertStatement(model, runtime(), values as object, options as UpsertOptions)),
  };
}

function compiledIncrement<A>(
  model: typeof Model,
  runtime: ModelRuntime,
  fields: IncrementFields<A>,
  options: IncrementOptions<A>,
  sign: 1 | -1,
): CompiledSql {
  const increment = incrementStatement(model, runtime, fields as IncrementFields, options as IncrementOptions, sign);
  return compiled(principalUpdate(runtime, increment, increment.matched.returning));
}

/** A copy the caller may change: compiled statements can share their arrays with the compile cache. */
function compiled(query: CompiledQuery): CompiledSql {
  return { sql: query.sql, bindings: [...query.bindings] };
}

/** For the calls that, with this input, send no statement at all: there is nothing to show. */
function nothingSent(runtime: ModelRuntime, call: string): InvalidQueryError {
  return new InvalidQueryError(`${runtime.definition.name}: a ${call} sends no statement, so there is none to compile`);
}
