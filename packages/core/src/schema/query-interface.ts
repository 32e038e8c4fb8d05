import type { Knex } from 'knex';
import { toNative } from '../compile/select';
import type { Strata } from '../connection/strata';
import { DataTypes } from '../definition/data-types';
import { buildModelDefinition } from '../definition/build-definition';
import type {
  AttributeDefinition,
  AttributeOptions,
  AttributesInput,
  ReferentialAction,
} from '../definition/model-definition';
import type { DataTypeInput } from '../definition/data-types';
import type { ColumnDescription, DriverConnection, ForeignKeyDescription, IndexDescription } from '../dialect/dialect';
import {
  checkForeignKeys,
  rebuildSqliteTable,
  withForeignKeysOff,
  type TableShape,
} from '../dialect/sqlite/sqlite-table-rebuild';
import { InvalidQueryError } from '../errors/errors';
import type { Logging } from '../execution/executor';
import type { Transaction } from '../transactions/transaction';
import { compileCreateTable, defineColumn } from './create-table';

export interface SchemaOptions {
  transaction?: Transaction | null;
  logging?: Logging;
}

/** An attribute as addColumn/changeColumn take it: options, or just a data type. */
export type ColumnInput = AttributeOptions | DataTypeInput;

export interface AddIndexOptions extends SchemaOptions {
  /** The index name; by default `<table>_<fields>` (plus `_unique`). */
  name?: string;
  unique?: boolean;
}

export interface ConstraintOptions extends SchemaOptions {
  type: 'unique' | 'foreign key';
  fields: string[];
  name?: string;
  /** For a foreign key: the referenced table and column. */
  references?: { table: string; field: string };
  onDelete?: ReferentialAction;
  onUpdate?: ReferentialAction;
}

/** A simple equality filter for bulkUpdate/bulkDelete: column -> value (values are bound). */
export type RowFilter = Record<string, unknown>;

const PLACEHOLDER_KEY = '__strata_placeholder_key__';

/**
 * Schema operations on the live database, the API migrations receive. Statements are built
 * with knex's schema builder and run through the connection, so they join the bound
 * transaction like any query. Dialect differences stay behind capability flags: where ALTER
 * TABLE cannot change a column in place (SQLite), the table is rebuilt keeping every row.
 *
 * @example
 * const qi = db.getQueryInterface();
 * await qi.addColumn('users', 'age', { type: DataTypes.INTEGER, allowNull: true });
 * await qi.addIndex('users', ['email'], { unique: true });
 */
export class QueryInterface {
  constructor(readonly strata: Strata) {}

  /** Creates a table from attribute definitions (the same shape Model.init takes). */
  async createTable(
    tableName: string,
    attributes: AttributesInput,
    options: SchemaOptions & { comment?: string; engine?: string } = {},
  ): Promise<void> {
    const definition = buildModelDefinition(tableName, attributes, {
      tableName,
      timestamps: false,
      comment: options.comment,
      engine: options.engine,
    });
    await this.runAll(compileCreateTable(definition, this.strata.dialect, this.strata.knex), options);
  }

  /** Drops a table if it exists. */
  async dropTable(tableName: string, options: SchemaOptions = {}): Promise<void> {
    await this.runAll(this.strata.knex.schema.dropTableIfExists(tableName).toSQL(), options);
  }

  async renameTable(from: string, to: string, options: SchemaOptions = {}): Promise<void> {
    const statement = this.strata.knex.raw('ALTER TABLE ?? RENAME TO ??', [from, to]).toSQL();
    await this.strata.executor.run({ sql: statement.sql, bindings: [] }, options);
  }

  /**
   * Adds a column. The trap: a NOT NULL column without a default cannot be added to a table
   * that has rows (every database refuses); give a defaultValue or allowNull: true.
   */
  async addColumn(tableName: string, column: string, input: ColumnInput, options: SchemaOptions = {}): Promise<void> {
    const attribute = this.attribute(tableName, column, input);
    await this.runAll(
      this.strata.knex.schema
        .alterTable(tableName, (table) => {
          defineColumn(table, attribute, this.strata.dialect);
        })
        .toSQL(),
      options,
    );
  }

  /** Drops a column (on SQLite by a table rebuild that keeps every row). */
  async removeColumn(tableName: string, column: string, options: SchemaOptions = {}): Promise<void> {
    if (!this.strata.dialect.supports.alterColumn) {
      await this.rebuild(tableName, (shape) => ({
        ...shape,
        columns: shape.columns.filter((c) => c.name !== column),
        uniques: shape.uniques.filter((u) => !u.includes(column)),
        foreignKeys: shape.foreignKeys.filter((fk) => !fk.columns.includes(column)),
      }));
      return;
    }
    const foreignKeys = await this.showForeignKeys(tableName, options);
    const statements = this.strata.knex.schema
      .alterTable(tableName, (table) => {
        // MySQL refuses to drop a column that a foreign key still uses.
        for (const fk of foreignKeys)
          if (fk.columns.includes(column) && fk.name) table.dropForeign(fk.columns, fk.name);
        table.dropColumn(column);
      })
      .toSQL();
    await this.runAll(statements, options);
  }

  /**
   * Changes a column's type, nullability and default to what `input` describes (the whole
   * definition, as in Sequelize: what you leave out is reset). On SQLite the table is rebuilt.
   */
  async changeColumn(
    tableName: string,
    column: string,
    input: ColumnInput,
    options: SchemaOptions = {},
  ): Promise<void> {
    const attribute = this.attribute(tableName, column, input);
    if (!this.strata.dialect.supports.alterColumn) {
      const sql = this.columnSql(attribute);
      await this.rebuild(tableName, (shape) => ({
        ...shape,
        columns: shape.columns.map((c) => (c.name === column ? { name: column, sql, from: column } : c)),
      }));
      return;
    }
    await this.runAll(
      this.strata.knex.schema
        .alterTable(tableName, (table) => {
          defineColumn(table, attribute, this.strata.dialect, { alter: true });
        })
        .toSQL(),
      options,
    );
  }

  async renameColumn(tableName: string, from: string, to: string, options: SchemaOptions = {}): Promise<void> {
    const statement = this.strata.knex.raw('ALTER TABLE ?? RENAME COLUMN ?? TO ??', [tableName, from, to]).toSQL();
    await this.strata.executor.run({ sql: statement.sql, bindings: [] }, options);
  }

  /** Adds an index (a unique constraint with `unique: true`). */
  async addIndex(tableName: string, fields: string[], options: AddIndexOptions = {}): Promise<void> {
    const name = options.name ?? defaultIndexName(tableName, fields, options.unique ?? false);
    const statements = this.strata.knex.schema
      .alterTable(tableName, (table) => {
        if (options.unique) table.unique(fields, { indexName: name });
        else table.index(fields, name);
      })
      .toSQL();
    await this.runAll(statements, options);
  }

  /** Drops an index by name, or by its list of fields. */
  async removeIndex(tableName: string, nameOrFields: string | string[], options: SchemaOptions = {}): Promise<void> {
    const indexes = await this.showIndex(tableName, options);
    const index = indexes.find((i) =>
      typeof nameOrFields === 'string' ? i.name === nameOrFields : sameList(i.fields, nameOrFields),
    );
    if (!index) {
      throw new InvalidQueryError(
        `No index ${JSON.stringify(nameOrFields)} on ${tableName}; it has: ${indexes.map((i) => i.name).join(', ') || 'none'}`,
      );
    }
    const statements = this.strata.knex.schema
      .alterTable(tableName, (table) => {
        if (index.unique && this.strata.dialect.supports.alterColumn) table.dropUnique(index.fields, index.name);
        else table.dropIndex(index.fields, index.name);
      })
      .toSQL();
    await this.runAll(statements, options);
  }

  /** Adds a unique or foreign key constraint (on SQLite a foreign key rebuilds the table). */
  async addConstraint(tableName: string, options: ConstraintOptions): Promise<void> {
    if (options.type === 'unique') {
      await this.addIndex(tableName, options.fields, { ...options, unique: true });
      return;
    }
    const references = options.references;
    if (!references) throw new InvalidQueryError(`addConstraint(${tableName}): a foreign key needs references`);
    if (!this.strata.dialect.supports.alterColumn) {
      await this.rebuild(tableName, (shape) => ({
        ...shape,
        foreignKeys: [
          ...shape.foreignKeys,
          {
            columns: options.fields,
            referencedTable: references.table,
            referencedColumns: [references.field],
            onDelete: options.onDelete ?? null,
            onUpdate: options.onUpdate ?? null,
          },
        ],
      }));
      return;
    }
    const statements = this.strata.knex.schema
      .alterTable(tableName, (table) => {
        const fk = table
          .foreign(options.fields, options.name ?? `${tableName}_${options.fields.join('_')}_foreign`)
          .references([references.field])
          .inTable(references.table);
        if (options.onDelete) fk.onDelete(options.onDelete);
        if (options.onUpdate) fk.onUpdate(options.onUpdate);
      })
      .toSQL();
    await this.runAll(statements, options);
  }

  /**
   * Drops a constraint by name: a foreign key, or a unique constraint. SQLite's foreign keys
   * have no names; pass the constrained columns instead.
   */
  async removeConstraint(
    tableName: string,
    nameOrColumns: string | string[],
    options: SchemaOptions = {},
  ): Promise<void> {
    const matches = (fk: ForeignKeyDescription): boolean =>
      typeof nameOrColumns === 'string' ? fk.name === nameOrColumns : sameList(fk.columns, [...nameOrColumns]);
    const foreignKey = (await this.showForeignKeys(tableName, options)).find(matches);
    if (foreignKey && !this.strata.dialect.supports.alterColumn) {
      await this.rebuild(tableName, (shape) => ({
        ...shape,
        foreignKeys: shape.foreignKeys.filter((fk) => !sameList(fk.columns, foreignKey.columns)),
      }));
      return;
    }
    if (foreignKey) {
      const statements = this.strata.knex.schema
        .alterTable(tableName, (table) => table.dropForeign(foreignKey.columns, foreignKey.name ?? undefined))
        .toSQL();
      await this.runAll(statements, options);
      return;
    }
    await this.removeIndex(tableName, nameOrColumns, options);
  }

  async showAllTables(options: SchemaOptions = {}): Promise<string[]> {
    return this.withConnection(options, (connection) => this.strata.dialect.introspector.showAllTables(connection));
  }

  async describeTable(tableName: string, options: SchemaOptions = {}): Promise<Record<string, ColumnDescription>> {
    const description = await this.withConnection(options, (connection) =>
      this.strata.dialect.introspector.describeTable(connection, tableName),
    );
    if (Object.keys(description).length === 0) {
      throw new InvalidQueryError(`No description found for table ${tableName}: does it exist?`);
    }
    return description;
  }

  async showIndex(tableName: string, options: SchemaOptions = {}): Promise<IndexDescription[]> {
    return this.withConnection(options, (connection) =>
      this.strata.dialect.introspector.showIndexes(connection, tableName),
    );
  }

  async showForeignKeys(tableName: string, options: SchemaOptions = {}): Promise<ForeignKeyDescription[]> {
    return this.withConnection(options, (connection) =>
      this.strata.dialect.introspector.showForeignKeys(connection, tableName),
    );
  }

  /**
   * Inserts rows as they are (no model, no validation, no hooks); every value is bound.
   * @example await qi.bulkInsert('users', [{ email: 'a@b.c', createdAt: new Date() }]);
   */
  async bulkInsert(
    tableName: string,
    rows: Array<Record<string, unknown>>,
    options: SchemaOptions = {},
  ): Promise<void> {
    if (rows.length === 0) return;
    const bound = rows.map((row) => this.bindRow(row));
    await this.strata.executor.run(toNative(this.strata.knex(tableName).insert(bound)), options);
  }

  /** Sets `values` on the rows matching `where` (column = value for each key); resolves to the count. */
  async bulkUpdate(
    tableName: string,
    values: Record<string, unknown>,
    where: RowFilter,
    options: SchemaOptions = {},
  ): Promise<number> {
    const query = toNative(this.strata.knex(tableName).update(this.bindRow(values)).where(this.bindRow(where)));
    return (await this.strata.executor.run(query, options)).affectedRows;
  }

  /** Deletes the rows matching `where` (every row with `{}`); resolves to the count. */
  async bulkDelete(tableName: string, where: RowFilter = {}, options: SchemaOptions = {}): Promise<number> {
    const query = toNative(this.strata.knex(tableName).where(this.bindRow(where)).delete());
    return (await this.strata.executor.run(query, options)).affectedRows;
  }

  /** Raw SQL, as `strata.query` runs it (bound replacements). */
  query(sql: string, options: Parameters<Strata['query']>[1] = {}): Promise<unknown> {
    return this.strata.query(sql, options);
  }

  /**
   * Runs a group of schema changes as one unit: in a transaction where the dialect can roll
   * back DDL, and where tables are rebuilt (SQLite) with foreign key enforcement switched off
   * around that transaction and `PRAGMA foreign_key_check` before it commits. Migrations run
   * each file through this; use it for your own multi-step changes.
   *
   * The trap: on a dialect without transactional DDL (MySQL) a failure leaves the steps that
   * already ran in place.
   */
  async withSchemaTransaction<T>(work: () => Promise<T>): Promise<T> {
    const { supports } = this.strata.dialect;
    if (!supports.transactionalDdl) return work();
    if (supports.alterColumn) return this.strata.transaction(() => work());
    return withForeignKeysOff(this.strata, () =>
      this.strata.transaction(async () => {
        const result = await work();
        await checkForeignKeys(this.strata);
        return result;
      }),
    );
  }

  private async rebuild(tableName: string, transform: (shape: TableShape) => TableShape): Promise<void> {
    await rebuildSqliteTable(this.strata, tableName, transform);
  }

  /** The column's definition as SQL (for the SQLite rebuild), written by knex like CREATE TABLE. */
  private columnSql(attribute: AttributeDefinition): string {
    const sql = this.strata.knex.schema
      .createTable(PLACEHOLDER_KEY, (table) =>
        defineColumn(table, { ...attribute, unique: false, references: undefined }, this.strata.dialect),
      )
      .toSQL()[0].sql;
    const column = sql.slice(sql.indexOf('(') + 1, sql.lastIndexOf(')'));
    if (attribute.type.key !== 'ENUM') return column;
    // The rebuilt table keeps the ENUM's allowed values as a column CHECK (CREATE TABLE writes a table one).
    const values = (attribute.type.values ?? []).map((value) => this.strata.knex.raw('?', [value]).toQuery());
    return `${column} CHECK (${this.strata.knex.raw('??', [attribute.field]).toQuery()} IN (${values.join(', ')}))`;
  }

  private attribute(tableName: string, column: string, input: ColumnInput): AttributeDefinition {
    const spec: AttributeOptions =
      typeof input === 'function' || (typeof input === 'object' && input !== null && !('type' in input))
        ? { type: input as DataTypeInput }
        : (input as AttributeOptions);
    const attributes: AttributesInput = { [column]: { ...spec, field: column } };
    if (!spec.primaryKey) attributes[PLACEHOLDER_KEY] = { type: DataTypes.INTEGER, primaryKey: true };
    const definition = buildModelDefinition(tableName, attributes, { tableName, timestamps: false });
    return definition.attributes.get(column) as AttributeDefinition;
  }

  private bindRow(row: Record<string, unknown>): Record<string, Knex.Value> {
    const codec = this.strata.dialect.codec;
    return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, codec.bindUntyped(v) as Knex.Value]));
  }

  private async runAll(
    statements: ReadonlyArray<{ sql: string; bindings?: readonly unknown[] }>,
    options: SchemaOptions,
  ): Promise<void> {
    for (const statement of statements) {
      await this.strata.executor.run({ sql: statement.sql, bindings: statement.bindings ?? [] }, options);
    }
  }

  /** Runs an introspection on the bound transaction's connection, or a pooled one. */
  private async withConnection<T>(
    options: SchemaOptions,
    read: (connection: DriverConnection) => Promise<T>,
  ): Promise<T> {
    const transaction =
      options.transaction === undefined ? this.strata.executor.currentTransaction() : options.transaction;
    if (transaction) return read(transaction.connection);
    const connection = await this.strata.dialect.acquire();
    try {
      return await read(connection);
    } catch (error) {
      throw this.strata.dialect.convertError(error, '', []);
    } finally {
      this.strata.dialect.release(connection);
    }
  }
}

/** The name Strata gives an index it creates: `<table>_<fields>` plus `_unique`. */
export function defaultIndexName(tableName: string, fields: readonly string[], unique: boolean): string {
  return `${tableName}_${fields.join('_')}${unique ? '_unique' : ''}`;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
