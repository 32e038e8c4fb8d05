import { compileCreateTable, defaultIndexName, inlined } from '../compile/create-table';
import {
  compileAddColumn,
  compileAddIndex,
  compileCreateIndex,
  compileDropIndex,
  compileDropTable,
  compileRenameColumn,
  compileRenameTable,
  quoteIdentifier,
} from '../compile/ddl';
import { compileInsert } from '../compile/insert';
import { compileTableDelete, compileTableUpdate } from '../compile/table-rows';
import type { Strata } from '../connection/strata';
import { DataTypes, isDataTypeInput } from '../definition/data-types';
import { buildModelDefinition } from '../definition/build-definition';
import type {
  AttributeDefinition,
  AttributeOptions,
  AttributesInput,
  ReferentialAction,
} from '../definition/model-definition';
import type { DataTypeInput } from '../definition/data-types';
import type {
  ColumnDescription,
  DriverConnection,
  ForeignKeyDescription,
  IndexDescription,
  IndexSpec,
  SchemaContext,
} from '../dialect/dialect';
import { InvalidQueryError } from '../errors/errors';
import { checkOptions } from '../options/check-options';
import {
  ADD_CONSTRAINT_OPTIONS,
  ADD_INDEX_OPTIONS,
  CREATE_TABLE_OPTIONS,
  INDEX_FIELD_OPTIONS,
  SCHEMA_OPTIONS,
} from '../options/known-keys';
import type { CompiledQuery, Logging } from '../execution/executor';
import type { Transaction } from '../transactions/transaction';

/** The options every query interface call takes: the transaction to run in and logging. */
export interface SchemaOptions {
  /** The transaction to run in; `null` runs outside the bound one; unset uses the bound one. */
  transaction?: Transaction | null;
  logging?: Logging;
}

/** createTable's options. */
export interface CreateTableOptions extends SchemaOptions {
  /** Named composite unique constraints: `{ order_line: { fields: ['orderId', 'line'] } }` (Sequelize's). */
  uniqueKeys?: Record<string, { fields: readonly string[] }>;
  comment?: string;
  /** MySQL's storage engine (`ENGINE=`); ignored elsewhere. */
  engine?: string;
  /** MySQL's table character set and collation (the model options of the same names); ignored elsewhere. */
  charset?: string;
  collate?: string;
}

/** An attribute as addColumn/changeColumn take it: options, or just a data type. */
export type ColumnInput = AttributeOptions | DataTypeInput;

/** The options of `queryInterface.addIndex(table, fields, options)`. */
export interface AddIndexOptions extends SchemaOptions {
  /** The index name; by default `<table>_<fields>` (plus `_unique`). */
  name?: string;
  unique?: boolean;
  /** The index method (`BTREE`, `HASH`, `GIN`, ...) where the dialect has a choice (left out on SQLite). */
  using?: string;
  /** A partial index: a where object over the table's columns (PostgreSQL, SQLite). */
  where?: RowFilter;
  /** `FULLTEXT` or `SPATIAL` (MySQL; an error elsewhere). */
  type?: 'FULLTEXT' | 'SPATIAL';
  /** CREATE INDEX CONCURRENTLY (PostgreSQL, outside a transaction; an error elsewhere). */
  concurrently?: boolean;
  /** An operator class for every field (`jsonb_path_ops`; PostgreSQL, an error elsewhere). */
  operator?: string;
}

/** One field of addIndex: a column name, or the column with its options. */
export type IndexField =
  | string
  | {
      /** The column (Sequelize also calls it `attribute`). */
      name?: string;
      attribute?: string;
      order?: 'ASC' | 'DESC';
      /** A prefix length (MySQL; left out elsewhere). */
      length?: number;
      collate?: string;
      /** An operator class for this field (PostgreSQL). */
      operator?: string;
    };

/**
 * The options of `queryInterface.addConstraint(table, options)`: a unique, check, primary key or
 * foreign key constraint.
 */
export interface ConstraintOptions extends SchemaOptions {
  type: 'unique' | 'foreign key';
  fields: string[];
  name?: string;
  /** For a foreign key: the referenced table and column. */
  references?: { table: string; field: string };
  onDelete?: ReferentialAction;
  onUpdate?: ReferentialAction;
}

/**
 * Which rows bulkUpdate/bulkDelete touch: a where object keyed by column (`{ id: 1 }`,
 * `{ id: { [Op.in]: [1, 2] } }`, `Op.or`...; values are bound), or null / `{}` for every row.
 */
export type RowFilter = Record<string | symbol, unknown> | null;

const PLACEHOLDER_KEY = '__strata_placeholder_key__';

/**
 * Schema operations on the live database, the API migrations receive. Statements are compiled
 * by compile/ and run through the connection, so they join the bound transaction like any
 * query. What differs between dialects (changing or dropping a column, foreign keys, how a group
 * of changes is one unit) is the dialect's schema helper's: where ALTER TABLE cannot change a
 * column in place (SQLite), it rebuilds the table keeping every row.
 *
 * @example
 * const qi = db.getQueryInterface();
 * await qi.addColumn('users', 'age', { type: DataTypes.INTEGER, allowNull: true });
 * await qi.addIndex('users', ['email'], { unique: true });
 */
export class QueryInterface {
  /** A connection's query interface; `db.getQueryInterface()` gives it. */
  constructor(
    /** The connection the schema changes run on. */
    readonly strata: Strata,
  ) {}

  /** The connection, under the name sequelize-cli migrations use (`queryInterface.sequelize.query(...)`). */
  get sequelize(): Strata {
    return this.strata;
  }

  /** Creates a table from attribute definitions (the same shape Model.init takes). */
  async createTable(tableName: string, attributes: AttributesInput, options: CreateTableOptions = {}): Promise<void> {
    checkOptions(CREATE_TABLE_OPTIONS, options, 'queryInterface');
    const definition = buildModelDefinition(tableName, withUniqueKeys(tableName, attributes, options.uniqueKeys), {
      tableName,
      timestamps: false,
      comment: options.comment,
      engine: options.engine,
      charset: options.charset,
      collate: options.collate,
    });
    await this.runAll(compileCreateTable(definition, this.strata.dialect, this.strata.knex), options);
  }

  /**
   * Drops a table if it exists, and on PostgreSQL the named ENUM types of its columns with it
   * (`enum_<table>_<column>`, as Sequelize does), so creating it again starts from its model.
   */
  async dropTable(tableName: string, options: SchemaOptions = {}): Promise<void> {
    checkOptions(SCHEMA_OPTIONS, options, 'queryInterface', 'dropTable');
    const enumTypes = this.strata.dialect.enumTypes;
    const { knex } = this.strata;
    const types = enumTypes
      ? (await this.strata.executor.run(inlined(knex, enumTypes.typesOfTable(tableName)), options)).rows
      : [];
    await this.runAll(compileDropTable(knex, tableName), options);
    if (enumTypes)
      await this.runAll(
        types.map((row) => inlined(knex, enumTypes.drop(String(row.name)))),
        options,
      );
  }

  /** Renames a table. */
  async renameTable(from: string, to: string, options: SchemaOptions = {}): Promise<void> {
    checkOptions(SCHEMA_OPTIONS, options, 'queryInterface', 'renameTable');
    await this.strata.executor.run(compileRenameTable(this.strata.knex, from, to), options);
  }

  /**
   * Adds a column. The trap: a NOT NULL column without a default cannot be added to a table
   * that has rows (every database refuses); give a defaultValue or allowNull: true.
   */
  async addColumn(tableName: string, column: string, input: ColumnInput, options: SchemaOptions = {}): Promise<void> {
    checkOptions(SCHEMA_OPTIONS, options, 'queryInterface', 'addColumn');
    const attribute = this.attribute(tableName, column, input);
    await this.runAll(compileAddColumn(this.strata.knex, this.strata.dialect, tableName, attribute), options);
  }

  /** Drops a column, with the foreign keys over it (on SQLite by a table rebuild that keeps every row). */
  async removeColumn(tableName: string, column: string, options: SchemaOptions = {}): Promise<void> {
    checkOptions(SCHEMA_OPTIONS, options, 'queryInterface', 'removeColumn');
    await this.strata.dialect.schema.removeColumn(this.schemaContext(options), tableName, column);
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
    checkOptions(SCHEMA_OPTIONS, options, 'queryInterface', 'changeColumn');
    const attribute = this.attribute(tableName, column, input);
    await this.strata.dialect.schema.changeColumn(this.schemaContext(options), tableName, attribute);
  }

  /** Renames a column, keeping its data, type and constraints. */
  async renameColumn(tableName: string, from: string, to: string, options: SchemaOptions = {}): Promise<void> {
    checkOptions(SCHEMA_OPTIONS, options, 'queryInterface', 'renameColumn');
    await this.strata.executor.run(compileRenameColumn(this.strata.knex, tableName, from, to), options);
  }

  /** Adds an index (a unique constraint with `unique: true`). */
  async addIndex(tableName: string, fields: IndexField[], options: AddIndexOptions = {}): Promise<void> {
    checkOptions(ADD_INDEX_OPTIONS, options, 'queryInterface');
    const unique = options.unique ?? false;
    const columns = fields.map((field) => indexColumn(tableName, field, options.operator));
    const name =
      options.name ??
      defaultIndexName(
        tableName,
        columns.map((c) => c.field),
        unique,
      );
    const plain = fields.every((field) => typeof field === 'string');
    const extras = [options.using, options.where, options.type, options.concurrently, options.operator];
    if (plain && extras.every((extra) => extra === undefined || extra === false)) {
      // As before: a unique index as the unique constraint knex writes (removeIndex drops it as one).
      await this.runAll(compileAddIndex(this.strata.knex, tableName, fields as string[], name, unique), options);
      return;
    }
    const { using, where, type, concurrently } = options;
    const statement = compileCreateIndex(this.strata.knex, this.strata.dialect, {
      table: tableName,
      name,
      unique,
      using,
      columns,
      where: where === null ? undefined : where,
      type,
      concurrently,
    });
    await this.strata.executor.run(statement, options);
  }

  /** Drops an index by name, or by its list of fields. */
  async removeIndex(tableName: string, nameOrFields: string | string[], options: SchemaOptions = {}): Promise<void> {
    checkOptions(SCHEMA_OPTIONS, options, 'queryInterface', 'removeIndex');
    const indexes = await this.showIndex(tableName, options);
    const index = indexes.find((i) =>
      typeof nameOrFields === 'string' ? i.name === nameOrFields : sameList(i.fields, nameOrFields),
    );
    if (!index) {
      throw new InvalidQueryError(
        `No index ${JSON.stringify(nameOrFields)} on ${tableName}; it has: ${indexes.map((i) => i.name).join(', ') || 'none'}`,
      );
    }
    await this.runAll(compileDropIndex(this.strata.knex, tableName, index), options);
  }

  /** Adds a unique or foreign key constraint (on SQLite a foreign key rebuilds the table). */
  async addConstraint(tableName: string, options: ConstraintOptions): Promise<void> {
    checkOptions(ADD_CONSTRAINT_OPTIONS, options, 'queryInterface');
    if (options.type === 'unique') {
      const { transaction, logging, name } = options;
      await this.addIndex(tableName, options.fields, { transaction, logging, name, unique: true });
      return;
    }
    const references = options.references;
    if (!references) throw new InvalidQueryError(`addConstraint(${tableName}): a foreign key needs references`);
    await this.strata.dialect.schema.addForeignKey(this.schemaContext(options), tableName, {
      name: options.name ?? `${tableName}_${options.fields.join('_')}_foreign`,
      columns: options.fields,
      referencedTable: references.table,
      referencedColumns: [references.field],
      onDelete: options.onDelete ?? null,
      onUpdate: options.onUpdate ?? null,
    });
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
    checkOptions(SCHEMA_OPTIONS, options, 'queryInterface', 'removeConstraint');
    const matches = (fk: ForeignKeyDescription): boolean =>
      typeof nameOrColumns === 'string' ? fk.name === nameOrColumns : sameList(fk.columns, [...nameOrColumns]);
    const foreignKey = (await this.showForeignKeys(tableName, options)).find(matches);
    if (foreignKey) {
      await this.strata.dialect.schema.removeForeignKey(this.schemaContext(options), tableName, foreignKey);
      return;
    }
    await this.removeIndex(tableName, nameOrColumns, options);
  }

  /** The names of the database's tables. */
  async showAllTables(options: SchemaOptions = {}): Promise<string[]> {
    checkOptions(SCHEMA_OPTIONS, options, 'queryInterface', 'showAllTables');
    return this.withConnection(options, (connection) => this.strata.dialect.introspector.showAllTables(connection));
  }

  /**
   * A table's columns as the database has them (type, nullability, default, key); an error when the
   * table does not exist.
   */
  async describeTable(tableName: string, options: SchemaOptions = {}): Promise<Record<string, ColumnDescription>> {
    checkOptions(SCHEMA_OPTIONS, options, 'queryInterface', 'describeTable');
    const description = await this.withConnection(options, (connection) =>
      this.strata.dialect.introspector.describeTable(connection, tableName),
    );
    if (Object.keys(description).length === 0) {
      throw new InvalidQueryError(`No description found for table ${tableName}: does it exist?`);
    }
    return description;
  }

  /** A table's indexes as the database has them. */
  async showIndex(tableName: string, options: SchemaOptions = {}): Promise<IndexDescription[]> {
    checkOptions(SCHEMA_OPTIONS, options, 'queryInterface', 'showIndex');
    return this.withConnection(options, (connection) =>
      this.strata.dialect.introspector.showIndexes(connection, tableName),
    );
  }

  /** A table's foreign keys as the database has them. */
  async showForeignKeys(tableName: string, options: SchemaOptions = {}): Promise<ForeignKeyDescription[]> {
    checkOptions(SCHEMA_OPTIONS, options, 'queryInterface', 'showForeignKeys');
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
    checkOptions(SCHEMA_OPTIONS, options, 'queryInterface', 'bulkInsert');
    if (rows.length === 0) return;
    const bound = rows.map((row) => this.bindRow(row));
    await this.strata.executor.run(compileInsert(this.strata.modelHost, tableName, bound, {}, undefined), options);
  }

  /** Sets `values` on the rows matching `where` (every row with null or `{}`); resolves to the count. */
  async bulkUpdate(
    tableName: string,
    values: Record<string, unknown>,
    where: RowFilter,
    options: SchemaOptions = {},
  ): Promise<number> {
    checkOptions(SCHEMA_OPTIONS, options, 'queryInterface', 'bulkUpdate');
    const query = compileTableUpdate(this.strata.knex, this.strata.dialect, tableName, this.bindRow(values), where);
    return (await this.strata.executor.run(query, options)).affectedRows;
  }

  /** Deletes the rows matching `where` (every row with null or `{}`, as in Sequelize); resolves to the count. */
  async bulkDelete(tableName: string, where: RowFilter = {}, options: SchemaOptions = {}): Promise<number> {
    checkOptions(SCHEMA_OPTIONS, options, 'queryInterface', 'bulkDelete');
    const query = compileTableDelete(this.strata.knex, this.strata.dialect, tableName, where);
    return (await this.strata.executor.run(query, options)).affectedRows;
  }

  /**
   * A table or column name quoted for this connection's dialect (`"users"` on PostgreSQL,
   * `` `users` `` on MySQL and SQLite), as Sequelize's `queryInterface.quoteIdentifier` does: for
   * the raw SQL of a migration, where values are bound but names cannot be.
   *
   * @example
   * const table = queryInterface.quoteIdentifier('users');
   * await queryInterface.query(`SELECT count(*) AS n FROM ${table} WHERE role = ?`, { replacements: ['admin'] });
   */
  quoteIdentifier(identifier: string): string {
    return quoteIdentifier(this.strata.knex, identifier);
  }

  /** Raw SQL, as `strata.query` runs it (bound replacements). */
  query(sql: string, options: Parameters<Strata['query']>[1] = {}): Promise<unknown> {
    return this.strata.query(sql, options);
  }

  /**
   * Runs a group of schema changes as one unit, as far as the dialect's schema helper can: in
   * a transaction where the dialect can roll back DDL, and where tables are rebuilt (SQLite)
   * with foreign key enforcement switched off around that transaction and
   * `PRAGMA foreign_key_check` before it commits. Migrations run each file through this; use it
   * for your own multi-step changes.
   *
   * The trap: on a dialect without transactional DDL (MySQL) a failure leaves the steps that
   * already ran in place.
   */
  async withSchemaTransaction<T>(work: () => Promise<T>): Promise<T> {
    return this.strata.dialect.schema.withSchemaTransaction(this.schemaContext({}), work);
  }

  /** The connection as the dialect's schema helper uses it, with one call's options. */
  private schemaContext(callOptions: SchemaOptions): SchemaContext {
    const { strata } = this;
    // Only what a statement runs with: a call's other options (addConstraint's type, ...) stay with it.
    const options: SchemaOptions = { transaction: callOptions.transaction, logging: callOptions.logging };
    return {
      dialect: strata.dialect,
      knex: strata.knex,
      run: (statement) => strata.executor.run(statement, options),
      inTransaction: () =>
        Boolean(options.transaction === undefined ? strata.executor.currentTransaction() : options.transaction),
      transaction: (work) => strata.transaction(() => work()),
      showForeignKeys: (table) => this.showForeignKeys(table, options),
    };
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

  private bindRow(row: Record<string, unknown>): Record<string, unknown> {
    const codec = this.strata.dialect.codec;
    return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, codec.bindUntyped(v)]));
  }

  private async runAll(statements: readonly CompiledQuery[], options: SchemaOptions): Promise<void> {
    for (const statement of statements) await this.strata.executor.run(statement, options);
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

/**
 * The attributes with createTable's `uniqueKeys` written as shared unique names, which CREATE
 * TABLE turns into one composite unique constraint per name (columns in attribute order).
 */
function withUniqueKeys(
  table: string,
  attributes: AttributesInput,
  uniqueKeys: CreateTableOptions['uniqueKeys'],
): AttributesInput {
  if (!uniqueKeys) return attributes;
  const result: AttributesInput = { ...attributes };
  for (const [name, key] of Object.entries(uniqueKeys)) {
    if (!Array.isArray(key?.fields) || key.fields.length === 0) {
      throw new InvalidQueryError(`createTable(${table}): uniqueKeys.${name} needs fields: [...]`);
    }
    for (const field of key.fields) {
      const input = result[field];
      if (input === undefined) {
        throw new InvalidQueryError(`createTable(${table}): uniqueKeys.${name} names ${field}, which is not a column`);
      }
      const spec: AttributeOptions = isDataTypeInput(input) ? { type: input } : { ...input };
      if (spec.unique !== undefined && spec.unique !== false) {
        throw new InvalidQueryError(
          `createTable(${table}): ${field} is already unique; it cannot join uniqueKeys.${name}`,
        );
      }
      result[field] = { ...spec, unique: name };
    }
  }
  return result;
}

/** One addIndex field as the index spec takes it; a field object must name its column. */
function indexColumn(table: string, field: IndexField, operator: string | undefined): IndexSpec['columns'][number] {
  if (typeof field === 'string') return { field, operator };
  checkOptions(INDEX_FIELD_OPTIONS, field, 'queryInterface', 'addIndex field');
  const column = field.name ?? field.attribute;
  if (!column) throw new InvalidQueryError(`addIndex(${table}): a field object needs name (or attribute)`);
  return {
    field: column,
    order: field.order,
    length: field.length,
    collate: field.collate,
    operator: field.operator ?? operator,
  };
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
