import { ForeignKeyConstraintError, InvalidQueryError } from '../../errors/errors';
import type { SchemaContext } from '../dialect';
import { declaredCollations } from './sqlite-introspector';

/** One column of a table being rebuilt: its name and its full definition as SQL. */
export interface RebuildColumn {
  name: string;
  /** `"name" TYPE NOT NULL DEFAULT ...` (everything after CREATE TABLE's parenthesis for this column). */
  sql: string;
  /** Where its values come from in the old table: an old column name, or null for none (a new column). */
  from: string | null;
}

export interface RebuildForeignKey {
  columns: string[];
  referencedTable: string;
  referencedColumns: string[];
  onDelete: string | null;
  onUpdate: string | null;
}

/** A table as the rebuild sees it; the caller's transform edits this shape. */
export interface TableShape {
  columns: RebuildColumn[];
  /** Composite primary key columns (a single-column key is inline in its column's SQL). */
  primaryKey: string[];
  uniques: string[][];
  foreignKeys: RebuildForeignKey[];
  /** CREATE INDEX statements recreated after the rebuild (explicit indexes only). */
  indexes: Array<{ name: string; sql: string; columns: string[] }>;
  /** Table-level CHECK constraints (`CONSTRAINT name CHECK (...)`) and the columns they name. */
  checks: Array<{ sql: string; columns: string[] }>;
}

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/**
 * Changes a SQLite table in a way ALTER TABLE cannot (change or drop a column, add or drop a
 * foreign key) by the procedure SQLite documents for "other kinds of table schema changes":
 * create the new table, copy every row, drop the old one, rename, recreate the indexes, then
 * `PRAGMA foreign_key_check`.
 *
 * The trap it avoids: with foreign keys enforced, DROP TABLE deletes every row first and
 * fires ON DELETE CASCADE in the tables that reference it. The rebuild therefore needs
 * `PRAGMA foreign_keys = OFF`, which SQLite ignores inside a transaction: called outside one,
 * it switches enforcement off around its own transaction; called inside one (a migration),
 * it requires that the caller already did (QueryInterface.withSchemaTransaction does).
 *
 * @example
 * await rebuildSqliteTable(context, 'users', (shape) => ({
 *   ...shape,
 *   columns: shape.columns.filter((c) => c.name !== 'nickname'),
 * }));
 */
export async function rebuildSqliteTable(
  context: SchemaContext,
  table: string,
  transform: (shape: TableShape) => TableShape,
): Promise<void> {
  const enforced = await foreignKeysEnforced(context);
  if (!enforced) {
    await rebuildSteps(context, table, transform);
    return;
  }
  if (context.inTransaction()) {
    throw new InvalidQueryError(
      `Cannot rebuild SQLite table ${table} inside a transaction while foreign keys are enforced: ` +
        'DROP TABLE would cascade deletes into the tables that reference it. Run the change through ' +
        'queryInterface.withSchemaTransaction() (migrations do), or outside a transaction.',
    );
  }
  await withForeignKeysOff(context, () => context.transaction(() => rebuildSteps(context, table, transform)));
}

/**
 * Runs `work` with SQLite's foreign key enforcement switched off (it must be switched outside
 * any transaction), then switches it back on. `work` is expected to run
 * `checkForeignKeys` before it commits.
 */
export async function withForeignKeysOff<T>(context: SchemaContext, work: () => Promise<T>): Promise<T> {
  const enforced = await foreignKeysEnforced(context);
  if (!enforced) return work();
  await run(context, 'PRAGMA foreign_keys = OFF');
  try {
    return await work();
  } finally {
    await run(context, 'PRAGMA foreign_keys = ON');
  }
}

/** Throws a ForeignKeyConstraintError naming the offending rows when any row points nowhere. */
export async function checkForeignKeys(context: SchemaContext): Promise<void> {
  const violations = (await run(context, 'PRAGMA foreign_key_check')).rows as Array<{
    table: string;
    rowid: number | null;
    parent: string;
  }>;
  if (violations.length === 0) return;
  const list = violations
    .slice(0, 5)
    .map((v) => `${v.table} row ${v.rowid ?? '?'} -> ${v.parent}`)
    .join(', ');
  throw new ForeignKeyConstraintError(
    `Foreign key check failed after a schema change (${violations.length} row(s) point nowhere: ${list}); ` +
      'the change was rolled back',
    { sql: 'PRAGMA foreign_key_check', parameters: [], table: violations[0].table },
  );
}

async function foreignKeysEnforced(context: SchemaContext): Promise<boolean> {
  const rows = (await run(context, 'PRAGMA foreign_keys')).rows as Array<{ foreign_keys: number }>;
  return Number(rows[0]?.foreign_keys ?? 0) === 1;
}

async function run(context: SchemaContext, sql: string, bindings: unknown[] = []) {
  return context.run({ sql, bindings });
}

async function rebuildSteps(context: SchemaContext, table: string, transform: (shape: TableShape) => TableShape) {
  const before = await readShape(context, table);
  const shape = transform(before);
  if (shape.columns.length === 0) throw new InvalidQueryError(`Table ${table} would have no columns left`);
  const temporary = `strata_rebuild_${table}`;
  const clauses = [
    ...shape.columns.map((c) => c.sql),
    ...(shape.primaryKey.length > 0 ? [`PRIMARY KEY (${shape.primaryKey.map(quote).join(', ')})`] : []),
    ...shape.uniques.map((u) => `UNIQUE (${u.map(quote).join(', ')})`),
    ...keptChecks(shape, before).map((check) => check.sql),
    ...shape.foreignKeys.map(
      (fk) =>
        `FOREIGN KEY (${fk.columns.map(quote).join(', ')}) REFERENCES ${quote(fk.referencedTable)} ` +
        `(${fk.referencedColumns.map(quote).join(', ')})` +
        (fk.onDelete && fk.onDelete !== 'NO ACTION' ? ` ON DELETE ${fk.onDelete}` : '') +
        (fk.onUpdate && fk.onUpdate !== 'NO ACTION' ? ` ON UPDATE ${fk.onUpdate}` : ''),
    ),
  ];
  const copied = shape.columns.filter((c) => c.from !== null);
  await run(context, 'PRAGMA legacy_alter_table = ON');
  try {
    await run(context, `DROP TABLE IF EXISTS ${quote(temporary)}`);
    await run(context, `CREATE TABLE ${quote(temporary)} (${clauses.join(', ')})`);
    if (copied.length > 0) {
      await run(
        context,
        `INSERT INTO ${quote(temporary)} (${copied.map((c) => quote(c.name)).join(', ')}) ` +
          `SELECT ${copied.map((c) => quote(c.from as string)).join(', ')} FROM ${quote(table)}`,
      );
    }
    await run(context, `DROP TABLE ${quote(table)}`);
    await run(context, `ALTER TABLE ${quote(temporary)} RENAME TO ${quote(table)}`);
    const names = new Set(shape.columns.map((c) => c.name));
    for (const index of shape.indexes) {
      if (index.columns.every((c) => names.has(c))) await run(context, index.sql);
    }
  } finally {
    await run(context, 'PRAGMA legacy_alter_table = OFF');
  }
  await checkForeignKeys(context);
}

/** Reads a table's columns, keys and indexes into the shape the rebuild writes back. */
export async function readShape(context: SchemaContext, table: string): Promise<TableShape> {
  const master = (await run(context, "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", [table]))
    .rows[0] as { sql: string } | undefined;
  if (!master) throw new InvalidQueryError(`No table named ${table}`);
  const columns = (await run(context, `PRAGMA table_info(${quote(table)})`)).rows as Array<{
    name: string;
    type: string;
    notnull: number;
    dflt_value: string | null;
    pk: number;
  }>;
  const primaryKey = columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk);
  const autoIncrement = /autoincrement/i.test(master.sql);
  const inlineKey = primaryKey.length === 1 ? primaryKey[0].name : undefined;
  // PRAGMA table_info leaves collations out: kept from the CREATE TABLE (a column `collate`, CITEXT's NOCASE).
  const collations = declaredCollations(master.sql);
  const shapeColumns: RebuildColumn[] = columns.map((c) => {
    let sql = `${quote(c.name)} ${c.type}`;
    if (c.name === inlineKey) {
      sql += ' PRIMARY KEY';
      if (autoIncrement && /^integer$/i.test(c.type)) sql += ' AUTOINCREMENT';
    }
    if (c.notnull) sql += ' NOT NULL';
    if (c.dflt_value !== null) sql += ` DEFAULT ${c.dflt_value}`;
    const collation = collations.get(c.name);
    if (collation) sql += ` COLLATE ${collation}`;
    return { name: c.name, sql, from: c.name };
  });
  const indexList = (await run(context, `PRAGMA index_list(${quote(table)})`)).rows as Array<{
    name: string;
    unique: number;
    origin: string;
  }>;
  const uniques: string[][] = [];
  const indexes: TableShape['indexes'] = [];
  for (const index of indexList) {
    const indexColumns = (
      (await run(context, `PRAGMA index_info(${quote(index.name)})`)).rows as Array<{ name: string }>
    ).map((c) => c.name);
    if (index.origin === 'u') uniques.push(indexColumns);
    if (index.origin === 'c') {
      const sql = (
        (await run(context, "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?", [index.name]))
          .rows[0] as { sql: string | null } | undefined
      )?.sql;
      if (sql) indexes.push({ name: index.name, sql, columns: indexColumns });
    }
  }
  // The introspector's reading, on the connection the rebuild runs on.
  const foreignKeys: RebuildForeignKey[] = (await context.showForeignKeys(table)).map(
    ({ name: _name, ...foreignKey }) => foreignKey,
  );
  return {
    columns: shapeColumns,
    primaryKey: inlineKey ? [] : primaryKey.map((c) => c.name),
    uniques,
    foreignKeys,
    indexes,
    checks: tableChecks(
      master.sql,
      columns.map((c) => c.name),
    ),
  };
}

/**
 * A CHECK survives the rebuild while every column it names is still there unchanged. One on a
 * changed column would check the old definition (an ENUM's old values), so the changed
 * column's own SQL carries its new check instead.
 */
function keptChecks(shape: TableShape, before: TableShape): TableShape['checks'] {
  const unchanged = new Set(
    shape.columns
      .filter((column) => before.columns.some((old) => old.name === column.from && old.sql === column.sql))
      .map((column) => column.name),
  );
  return shape.checks.filter((check) => check.columns.every((name) => unchanged.has(name)));
}

/**
 * The table-level CHECK constraints of a CREATE TABLE statement, with the columns each names.
 * SQLite keeps no catalogue of them, so they are read from the statement's text: string
 * literals and quoted names are skipped while looking for `CHECK (`, and the balanced
 * parentheses after it are the expression.
 */
export function tableChecks(createSql: string, columnNames: readonly string[]): TableShape['checks'] {
  const body = createSql.slice(createSql.indexOf('(') + 1, createSql.lastIndexOf(')'));
  const checks: TableShape['checks'] = [];
  let depth = 0;
  let clauseStart = 0;
  const clauses: string[] = [];
  for (let i = 0; i < body.length; i++) {
    const char = body[i];
    if (char === "'" || char === '"' || char === '`' || char === '[') {
      const close = char === '[' ? ']' : char;
      i = body.indexOf(close, i + 1);
      if (i === -1) break;
      continue;
    }
    if (char === '(') depth++;
    else if (char === ')') depth--;
    else if (char === ',' && depth === 0) {
      clauses.push(body.slice(clauseStart, i).trim());
      clauseStart = i + 1;
    }
  }
  clauses.push(body.slice(clauseStart).trim());
  for (const clause of clauses) {
    if (!/^(CONSTRAINT\s+\S+\s+)?CHECK\s*\(/i.test(clause)) continue;
    const named = new Set<string>();
    for (const match of clause.matchAll(/"((?:[^"]|"")+)"|`([^`]+)`|\[([^\]]+)\]|\b([A-Za-z_][A-Za-z0-9_]*)\b/g)) {
      const name = match[1]?.replace(/""/g, '"') ?? match[2] ?? match[3] ?? match[4];
      if (columnNames.includes(name)) named.add(name);
    }
    checks.push({ sql: clause, columns: [...named] });
  }
  return checks;
}
