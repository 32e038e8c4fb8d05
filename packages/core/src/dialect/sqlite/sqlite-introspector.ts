import type { DriverConnection, Introspector } from '../dialect';
import { tableLabel, tableRef, type TableName } from '../../definition/table-ref';
import { InvalidQueryError } from '../../errors/errors';
import type { SqliteConnection } from './sqlite-dialect';

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** A table's name on SQLite, which has no schemas (the query interface refuses one before this). */
export function sqliteTable(table: TableName): string {
  const { tableName, schema } = tableRef(table);
  if (schema !== undefined) throw new InvalidQueryError(`${tableLabel(table)}: sqlite has no schemas`);
  return tableName;
}

export const sqliteIntrospector: Introspector = {
  async showAllTables(connection) {
    const rows = db(connection)
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .all() as Array<{ name: string }>;
    return rows.map((r) => r.name);
  },

  async describeTable(connection, input) {
    const table = sqliteTable(input);
    const rows = db(connection)
      .prepare(`PRAGMA table_xinfo(${quote(table)})`)
      .all() as Array<{
      name: string;
      type: string;
      notnull: number;
      dflt_value: string | null;
      pk: number;
      hidden: number;
    }>;
    const createSql =
      (
        db(connection).prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) as
          { sql: string } | undefined
      )?.sql ?? '';
    const collations = declaredCollations(createSql);
    const result: Awaited<ReturnType<Introspector['describeTable']>> = {};
    for (const row of rows) {
      if (row.hidden) continue;
      result[row.name] = {
        type: row.type.toUpperCase(),
        allowNull: row.notnull === 0 && row.pk === 0,
        defaultValue: row.dflt_value,
        primaryKey: row.pk > 0,
        autoIncrement: row.pk > 0 && /^INTEGER$/i.test(row.type) && /autoincrement/i.test(createSql),
        comment: null,
        collation: collations.get(row.name) ?? null,
      };
    }
    return result;
  },

  async showIndexes(connection, input) {
    const table = sqliteTable(input);
    const list = db(connection)
      .prepare(`PRAGMA index_list(${quote(table)})`)
      .all() as Array<{
      name: string;
      unique: number;
      origin: string;
    }>;
    return list.map((index) => ({
      name: index.name,
      unique: index.unique === 1,
      primary: index.origin === 'pk',
      fields: (
        db(connection)
          .prepare(`PRAGMA index_info(${quote(index.name)})`)
          .all() as Array<{ name: string }>
      ).map((c) => c.name),
    }));
  },

  async showForeignKeys(connection, input) {
    const table = sqliteTable(input);
    const rows = db(connection)
      .prepare(`PRAGMA foreign_key_list(${quote(table)})`)
      .all() as Array<{
      id: number;
      table: string;
      from: string;
      to: string;
      on_update: string;
      on_delete: string;
    }>;
    const byId = new Map<number, Awaited<ReturnType<Introspector['showForeignKeys']>>[number]>();
    for (const row of rows) {
      const fk = byId.get(row.id) ?? {
        name: null,
        columns: [],
        referencedTable: row.table,
        referencedColumns: [],
        onDelete: row.on_delete,
        onUpdate: row.on_update,
      };
      fk.columns.push(row.from);
      fk.referencedColumns.push(row.to);
      byId.set(row.id, fk);
    }
    return [...byId.values()];
  },
};

function db(connection: DriverConnection) {
  return (connection as SqliteConnection).database;
}

/**
 * Each column's `COLLATE` as its CREATE TABLE declares it (SQLite reports it nowhere else): the
 * column definitions are the top-level comma-separated parts of the statement's parentheses,
 * each starting with the column's name, quoted or not.
 */
export function declaredCollations(createSql: string): Map<string, string> {
  const result = new Map<string, string>();
  const open = createSql.indexOf('(');
  if (open < 0) return result;
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let current = '';
  for (const char of createSql.slice(open + 1)) {
    if (quote) {
      if (char === quote) quote = undefined;
    } else if (char === '"' || char === '`' || char === "'" || char === '[') {
      quote = char === '[' ? ']' : char;
    } else if (char === '(') depth += 1;
    else if (char === ')') {
      if (depth === 0) break;
      depth -= 1;
    } else if (char === ',' && depth === 0) {
      parts.push(current);
      current = '';
      continue;
    }
    current += char;
  }
  parts.push(current);
  for (const part of parts) {
    const name = /^\s*(?:"((?:[^"]|"")*)"|`((?:[^`]|``)*)`|\[([^\]]*)\]|([^\s]+))/.exec(part);
    const collate = /\bCOLLATE\s+"?(\w+)"?/i.exec(part);
    if (!name || !collate) continue;
    const column = name[1]?.replace(/""/g, '"') ?? name[2]?.replace(/``/g, '`') ?? name[3] ?? name[4];
    result.set(column, collate[1].toUpperCase());
  }
  return result;
}
