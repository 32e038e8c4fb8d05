import type { AttributeDefinition, ModelDefinition } from '../definition/model-definition';
import { InvalidQueryError } from '../errors/errors';
import { compileInsert } from '../compile/insert';
import { isExpression } from '../compile/expressions';
import type { ModelRuntime } from '../runtime/model-runtime';
import type { QueryOptions } from '../model/types';
import type { CompiledQuery } from '../execution/executor';
import { runOptions } from '../execution/query-context';
import { tableIdentifier } from '../definition/table-ref';

/** How an INSERT treats rows that collide with an existing unique key. */
export interface ConflictHandling {
  /** Skip colliding rows (`ON CONFLICT DO NOTHING` / `INSERT IGNORE`). */
  ignoreDuplicates?: boolean;
  /** Update these columns of the existing row instead (`ON CONFLICT DO UPDATE` / `ON DUPLICATE KEY UPDATE`). */
  updateColumns?: readonly string[];
  /** The columns of the unique key collisions are detected on (PostgreSQL and SQLite need it). */
  conflictColumns?: readonly string[];
}

/**
 * INSERTs rows (already keyed by column) and returns, per row, the values the database
 * generated for the columns the rows left out, by attribute name (`everyColumn`: all the
 * stored values). Where the dialect has RETURNING, it returns those columns only; when the
 * only generated values are the rows' keys, the driver's insert id gives them instead
 * (cheaper). Elsewhere the insert id gives the key of one row; the keys of several rows are
 * learned the way the dialect says (`multiRowInsertKeys`: RETURNING after all, consecutive insert
 * ids, or one INSERT per row). With conflict handling, rows may be skipped, so RETURNING rows are matched back by their
 * conflict key and no insert id is trusted; the caller re-reads what it needs.
 */
export function insertRows(
  runtime: ModelRuntime,
  rows: Record<string, unknown>[],
  options: QueryOptions,
  conflict: ConflictHandling = {},
  everyColumn = false,
): Promise<Array<Record<string, unknown> | undefined>> {
  // Not async: the statement's promise and one continuation, no more.
  try {
    return insertRowsNow(runtime, rows, options, conflict, everyColumn);
  } catch (error) {
    return Promise.reject(error as Error);
  }
}

function insertRowsNow(
  runtime: ModelRuntime,
  rows: Record<string, unknown>[],
  options: QueryOptions,
  conflict: ConflictHandling,
  everyColumn: boolean,
): Promise<Array<Record<string, unknown> | undefined>> {
  const { definition, host } = runtime;
  if (rows.length > 1 && rows.every(isEmptyRow)) return insertEmptyRows(runtime, rows, options, conflict, everyColumn);
  const increment = insertColumnsOf(definition).increment;
  const handlesConflicts = conflict.ignoreDuplicates || conflict.updateColumns;
  if (
    !host.dialect.supports.returning &&
    host.dialect.multiRowInsertKeys &&
    rows.length > 1 &&
    increment &&
    !handlesConflicts &&
    rows.some((row) => row[increment.field] === undefined)
  ) {
    return insertWithGeneratedKeys(runtime, rows, options, increment);
  }
  const { compiled, returning } = insertStatement(runtime, rows, conflict, everyColumn);
  return host.executor.run(compiled, runOptions(options, runtime)).then((result) => {
    if (returning) {
      if (returning.length === 0) return rows.map(() => ({}));
      const returned = result.rows.map((row) => runtime.hydrator.parseColumns(row));
      if (returned.length === rows.length) return returned;
      return matchByKey(rows, result.rows, returned, conflict.conflictColumns ?? []);
    }
    if (handlesConflicts) return rows.map(() => undefined);
    return valuesFromInsertId(definition, rows, result.insertId, 1);
  });
}

/** Whether a row writes no column at all (every value is left to the database). */
export function isEmptyRow(row: Record<string, unknown>): boolean {
  for (const _ in row) return false;
  return true;
}

/**
 * Rows that write no column (a model whose only attribute is its auto-increment key): no
 * dialect has a portable multi-row INSERT without a column list (SQLite has no `DEFAULT` in
 * VALUES), so each row is its own `INSERT ... DEFAULT VALUES` (`() VALUES ()` on MySQL), all in
 * the caller's transaction (or one of their own), and each row's key is that statement's.
 */
function insertEmptyRows(
  runtime: ModelRuntime,
  rows: Record<string, unknown>[],
  options: QueryOptions,
  conflict: ConflictHandling,
  everyColumn: boolean,
): Promise<Array<Record<string, unknown> | undefined>> {
  return runtime.host.executor.inTransaction(options.transaction, async (transaction) => {
    const inserted: Array<Record<string, unknown> | undefined> = [];
    for (const row of rows) {
      inserted.push(...(await insertRows(runtime, [row], { ...options, transaction }, conflict, everyColumn)));
    }
    return inserted;
  });
}

/** An INSERT as insertRows sends it, and how its generated values come back. */
export interface InsertStatement {
  compiled: CompiledQuery;
  /** The columns its RETURNING reads (empty: it reads none), or undefined: the driver's insert id gives the key. */
  returning: string[] | undefined;
}

/**
 * The INSERT insertRows sends for these rows: with RETURNING of the columns the database fills
 * in (every column with conflict handling or `everyColumn`) where the dialect has RETURNING and
 * the insert id does not give them more cheaply. `compile(Model).create` shows it.
 */
export function insertStatement(
  runtime: ModelRuntime,
  rows: Record<string, unknown>[],
  conflict: ConflictHandling = {},
  everyColumn = false,
): InsertStatement {
  const { definition, host } = runtime;
  const { supports } = host.dialect;
  const handlesConflicts = conflict.ignoreDuplicates || conflict.updateColumns;
  const increment = insertColumnsOf(definition).increment;
  // A colliding row keeps (or merges into) the stored values, so all of them come back (as
  // they do when the caller asks for every column); otherwise only what the database filled
  // in: the caller has the values it wrote.
  const returning = !supports.returning
    ? []
    : handlesConflicts || everyColumn
      ? definition.columnAttributes.map((a) => a.field)
      : unwrittenColumns(definition, rows);
  // When the only generated values are INTEGER keys of rows that all left theirs out, the
  // driver's insert id gives them (consecutive within one INSERT).
  const keyFromInsertId =
    supports.insertId &&
    returning.length === 1 &&
    returning[0] === increment?.field &&
    increment.type.key !== 'BIGINT' &&
    rows.every((row) => row[increment.field] === undefined);
  if (supports.returning && !keyFromInsertId) {
    const returned = returning.length > 0 ? returning : undefined;
    return { compiled: compileInsert(runtime, tableIdentifier(definition), rows, conflict, returned), returning };
  }
  return {
    compiled: compileInsert(runtime, tableIdentifier(definition), rows, conflict, undefined),
    returning: undefined,
  };
}

/**
 * A multi-row INSERT of rows that leave their auto-increment key to the database, where the
 * dialect has no RETURNING in general: in one transaction (so the dialect reads the settings of
 * the connection the rows are written on, and rows inserted one by one commit together), the
 * keys come the way the dialect says.
 */
function insertWithGeneratedKeys(
  runtime: ModelRuntime,
  rows: Record<string, unknown>[],
  options: QueryOptions,
  increment: AttributeDefinition,
): Promise<Array<Record<string, unknown>>> {
  const { definition, host } = runtime;
  return host.executor.inTransaction(options.transaction, async (transaction) => {
    const run = runOptions({ ...options, transaction }, runtime);
    const keys = await host.dialect.multiRowInsertKeys!(transaction.connection);
    if (keys.method === 'returning') {
      const returning = unwrittenColumns(definition, rows);
      const compiled = compileInsert(runtime, tableIdentifier(definition), rows, {}, returning, true);
      const result = await host.executor.run(compiled, run);
      return result.rows.map((row) => runtime.hydrator.parseColumns(row));
    }
    // Consecutive insert ids count generated keys only: a row with its own key breaks the run.
    if (keys.method === 'insert-id' && rows.every((row) => row[increment.field] === undefined)) {
      const compiled = compileInsert(runtime, tableIdentifier(definition), rows, {}, undefined);
      const result = await host.executor.run(compiled, run);
      return valuesFromInsertId(definition, rows, result.insertId, keys.step);
    }
    // One statement per row: the insert id of a single-row INSERT is its key, on every setting.
    const inserted: Array<Record<string, unknown>> = [];
    for (const row of rows) {
      const compiled = compileInsert(runtime, tableIdentifier(definition), [row], {}, undefined);
      const result = await host.executor.run(compiled, run);
      inserted.push(...valuesFromInsertId(definition, [row], result.insertId, 1));
    }
    return inserted;
  });
}

/** A model's auto-increment column and the columns left NULL when not written, found once per definition. */
interface InsertColumns {
  readonly increment: AttributeDefinition | undefined;
  readonly unwritten: readonly AttributeDefinition[];
}

const insertColumns = new WeakMap<ModelDefinition, InsertColumns>();

function insertColumnsOf(definition: ModelDefinition): InsertColumns {
  let columns = insertColumns.get(definition);
  if (!columns) {
    columns = {
      increment: definition.columnAttributes.find((a) => a.autoIncrement),
      unwritten: definition.columnAttributes.filter((a) => !a.autoIncrement && !a.hasDefault),
    };
    insertColumns.set(definition, columns);
  }
  return columns;
}

/**
 * What the database filled in for rows inserted without RETURNING: NULL in the columns they left
 * out (as RETURNING would have said on the other dialects), and the keys of rows that left theirs
 * to the database, `insertId` for the first and `step` apart after it. BIGINT keys stay strings
 * (their JS type), exactly.
 */
function valuesFromInsertId(
  definition: ModelDefinition,
  rows: ReadonlyArray<Record<string, unknown>>,
  insertId: number | string | undefined,
  step: number,
): Array<Record<string, unknown>> {
  const { increment, unwritten } = insertColumnsOf(definition);
  // One row's key from a safe integer id needs no BigInt (create() in a loop); BIGINT keys and
  // ids past 2^53 are counted exactly.
  if (rows.length === 1 && typeof insertId === 'number' && increment?.type.key !== 'BIGINT') {
    const values: Record<string, unknown> = {};
    const row = rows[0];
    for (const attribute of unwritten) if (row[attribute.field] === undefined) values[attribute.name] = null;
    if (increment && row[increment.field] === undefined) values[increment.name] = insertId;
    return [values];
  }
  const first = insertId === undefined ? undefined : BigInt(insertId);
  const key = (index: number): number | string =>
    increment?.type.key === 'BIGINT'
      ? (first! + BigInt(index * step)).toString()
      : Number(first! + BigInt(index * step));
  return rows.map((row, index) => {
    const values: Record<string, unknown> = {};
    for (const attribute of unwritten) if (row[attribute.field] === undefined) values[attribute.name] = null;
    if (increment && first !== undefined && row[increment.field] === undefined) values[increment.name] = key(index);
    return values;
  });
}

/**
 * The columns some row leaves to the database (auto-increment keys, database defaults) or sets
 * to an expression (`fn('NOW')`): their stored values are only known after the INSERT.
 */
function unwrittenColumns(definition: ModelDefinition, rows: ReadonlyArray<Record<string, unknown>>): string[] {
  const fields: string[] = [];
  for (const attribute of definition.columnAttributes) {
    const field = attribute.field;
    for (const row of rows) {
      const value = row[field];
      if (value === undefined || isExpression(value)) {
        fields.push(field);
        break;
      }
    }
  }
  return fields;
}

/** Some rows were skipped: pair each returned row with the input row that has its key. */
function matchByKey(
  rows: Record<string, unknown>[],
  returnedColumns: Record<string, unknown>[],
  returned: Record<string, unknown>[],
  keyColumns: readonly string[],
): Array<Record<string, unknown> | undefined> {
  if (keyColumns.length === 0) return rows.map(() => undefined);
  const keyOf = (row: Record<string, unknown>): string => JSON.stringify(keyColumns.map((c) => String(row[c])));
  const byKey = new Map<string, Record<string, unknown>>();
  returnedColumns.forEach((row, index) => byKey.set(keyOf(row), returned[index]));
  return rows.map((row) => byKey.get(keyOf(row)));
}

/** Sets createdAt/updatedAt on values about to be inserted (unless already set). */
export function stampCreate(definition: ModelDefinition, values: Record<string, unknown>, now: Date): void {
  const { createdAt, updatedAt } = definition.timestamps;
  if (createdAt && values[createdAt] == null) values[createdAt] = now;
  if (updatedAt && values[updatedAt] == null) values[updatedAt] = now;
}

/** Attributes Strata maintains itself and writes even when `fields` does not list them. */
export function isTimestamp(definition: ModelDefinition, name: string): boolean {
  const { createdAt, updatedAt } = definition.timestamps;
  return name === createdAt || name === updatedAt || name === definition.version;
}

/**
 * The unique key a conflicting insert collides on, as attribute names: the explicit list, else
 * the primary key when every row has it, else the first unique attribute (or composite unique
 * group, or unique index) every row has a value for.
 */
export function conflictAttributes(
  definition: ModelDefinition,
  rows: ReadonlyArray<Record<string, unknown>>,
  explicit: readonly string[] | undefined,
  method: string,
): string[] | undefined {
  if (explicit) {
    for (const name of explicit) {
      const attribute = definition.attributes.get(name);
      if (!attribute || attribute.virtual) {
        throw new InvalidQueryError(
          `${definition.name}.${method}: conflict attribute ${JSON.stringify(name)} is not an attribute; valid attributes: ${definition.columnAttributes
            .map((a) => a.name)
            .join(', ')}`,
        );
      }
    }
    return [...explicit];
  }
  const present = (names: readonly string[]): boolean =>
    names.length > 0 && rows.every((row) => names.every((name) => row[name] !== undefined && row[name] !== null));
  if (present(definition.primaryKeys)) return [...definition.primaryKeys];
  for (const key of uniqueKeys(definition)) if (present(key)) return key;
  return undefined;
}

/** Every unique key of a model, as attribute names. */
export function uniqueKeys(definition: ModelDefinition): string[][] {
  const keys: string[][] = [];
  const groups = new Map<string, string[]>();
  for (const attribute of definition.columnAttributes) {
    if (attribute.unique === true) keys.push([attribute.name]);
    else if (typeof attribute.unique === 'string') {
      groups.set(attribute.unique, [...(groups.get(attribute.unique) ?? []), attribute.name]);
    }
  }
  keys.push(...groups.values());
  for (const index of definition.indexes) {
    if (!index.unique) continue;
    const names = index.fields.map((f) => {
      const name = typeof f === 'string' ? f : f.name;
      return definition.attributes.has(name) ? name : (definition.fieldToAttribute.get(name) ?? name);
    });
    keys.push(names);
  }
  return keys;
}
