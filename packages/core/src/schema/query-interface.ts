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
  DROP_SCHEMA_OPTIONS,
  INDEX_FIELD_OPTIONS,
  SCHEMA_OPTIONS,
  SHOW_ALL_TABLES_OPTIONS,
} from '../options/known-keys';
import {
  checkSchemaName,
  tableIdentifier,
  tableLabel,
  tableRef,
  type TableName,
  type TableRef,
} from '../definition/table-ref';
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
  /** For a foreign key: the referenced table (a name, or `{ tableName, schema }`) and column. */
  references?: { table: TableName; field: string };
  onDelete?: ReferentialAction;
  onUpdate?: ReferentialAction;
}

/**
 * Which rows bulkUpdate/bulkDelete touch: a where object keyed by column (`{ id: 1 }`,
 * `{ id: { [Op.in]: [1, 2] } }`, `Op.or`...; values are bound), or null / `{}` for every row.
 */
export type RowFilter = Record<string | symbol, unknown> | null;

/** dropSchema's options. */
export interface DropSchemaOptions extends SchemaOptions {
  /**
   * Drop the tables (PostgreSQL: every object) the schema holds along with it. Without it, a
   * schema that is not empty is refused and left as it was.
   */
  cascade?: boolean;
}

/** showAllTables' options. */
export interface ShowAllTablesOptions extends SchemaOptions {
  /** The schema to list (default: the connection's default one). */
  schema?: string;
}

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
 * // A table in a PostgreSQL schema (a MySQL database), wherever a table is named:
 * await qi.addColumn({ tableName: 'invoices', schema: 'billing' }, 'paidAt', DataTypes.DATE);
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
  async createTable(table: TableName, attributes: AttributesInput, options: CreateTableOptions = {}): Promise<void> {
    checkOptions(CREATE_TABLE_OPTIONS, options, 'queryInterface');
    const { tableName, schema } = this.table(table, 'createTable');
    const definition = buildModelDefinition(tableName, withUniqueKeys(tableName, attributes, options.uniqueKeys), {
      tableName,
      schema,
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
  async dropTable(tableName: TableName, options: SchemaOptions = {}): Promise<void> {
    checkOptions(SCHEMA_OPTIONS, options, 'queryInterface', 'dropTable');
    const table = this.table(tableName, 'dropTable');
    const enumTypes = this.strata.dialect.enumTypes;
    const { knex } = this.strata;
    const types = enumTypes
      ? (await this.strata.executor.run(inlined(knex, enumTypes.typesOfTable(table)), options)).rows
      : [];
    await this.runAll(compileDropTable(knex, table), options);
    if (enumTypes) {
      const drops = types.map((row) =>
        inlined(knex, enumTypes.drop(tableIdentifier({ tableName: String(row.name), schema: table.schema }))),
      );
      await this.runAll(drops, options);
    }
  }

  /**
   * Renames a table within its schema. `to` may be `{ tableName, schema }` in the same schema;
   * moving a table to another schema is refused.
   */
  async renameTable(from: TableName, to: TableName, options: SchemaOptions = {}): Promise<void> {
    checkOptions(SCHEMA_OPTIONS, options, 'queryInterface', 'renameTable');
    const source = this.table(from, 'renameTable');
    const target = this.table(to, 'renameTable');
    if (target.schema !== undefined && target.schema !== source.schema) {
      throw new InvalidQueryError(
        `renameTable(${tableLabel(source)}, ${tableLabel(target)}): a table is renamed within its schema; ` +
          'moving it to another schema is not supported',
      );
    }
    const { qualifiedRenameTarget } = this.strata.dialect.schema;
    await this.strata.executor.run(
      compileRenameTable(this.strata.knex, source, target.tableName, qualifiedRenameTarget),
      options,
    );
  }

  /**
   * Creates a schema if it does not exist: a PostgreSQL schema; on MySQL, a database (the two
   * are one thing there). SQLite has none and refuses.
   * @example await qi.createSchema('billing');
   */
  async createSchema(schema: string, options: SchemaOptions = {}): Promise<void> {
    checkOptions(SCHEMA_OPTIONS, options, 'queryInterface', 'createSchema');
    const { createSchema } = this.strata.dialect.schema;
    const name = this.schemaName(schema, 'createSchema');
    if (!createSchema) throw this.noSchemas('createSchema');
    await createSchema(this.schemaContext(options), name);
  }

  /**
   * Drops a schema if it exists. It must be empty, unless `{ cascade: true }` drops what it
   * holds along with it (on MySQL, where a schema is a database, its tables).
   */
  async dropSchema(schema: string, options: DropSchemaOptions = {}): Promise<void> {
    checkOptions(DROP_SCHEMA_OPTIONS, options, 'queryInterface');
    const { dropSchema } = this.strata.dialect.schema;
    const name = this.schemaName(schema, 'dropSchema');
    if (!dropSchema) throw this.noSchemas('dropSchema');
    await dropSchema(this.schemaContext(options), name, options.cascade === true);
  }

  /**
   * The user's schemas, sorted: on PostgreSQL without its own (`pg_*`, `information_schema`)
   * and without `public`, as Sequelize lists them; on MySQL the databases other than the
   * system ones and the connection's own.
   */
  async showAllSchemas(options: SchemaOptions = {}): Promise<string[]> {
    checkOptions(SCHEMA_OPTIONS, options, 'queryInterface', 'showAllSchemas');
    const { showAllSchemas } = this.strata.dialect.introspector;
    if (!showAllSchemas || !this.strata.dialect.supports.schemas) throw this.noSchemas('showAllSchemas');
    return this.withConnection(options, (connection) => showAllSchemas(connection));
  }

  /**
   * Adds a column. The trap: a NOT NULL column without a default cannot be added to a table
   * that has rows (every database refuses); give a defaultValue or allowNull: true.
   */
  async addColumn(
    tableName: TableName,
    column: string,
    input: ColumnInput,
    options: SchemaOptions = {},
  ): Promise<void> {
    checkOptions(SCHEMA_OPTIONS, options, 'queryInterface', 'addColumn');
    const table = this.table(tableName, 'addColumn');
    const attribute = this.attribute(table, column, input);
    await this.runAll(compileAddColumn(this.strata.knex, this.strata.dialect, table, attribute), options);
  }

  /** Drops a column, with the foreign keys over it (on SQLite by a table rebuild that keeps every row). */
  async removeColumn(tableName: TableName, column: string, options: SchemaOptions = {}): Promise<void> {
    checkOptions(SCHEMA_OPTIONS, options, 'queryInterface', 'removeColumn');
    const table = this.table(tableName, 'removeColumn');
    await this.strata.dialect.schema.removeColumn(this.schemaContext(options), table, column);
  }

  /**
   * Changes a column's type, nullability and default to what `input` describes (the whole
   * definition, as in Sequelize: what you leave out is reset). On SQLite the table is rebuilt.
   */
  async changeColumn(
    tableName: TableName,
    column: string,
    input: ColumnInput,
    options: SchemaOptions = {},
  ): Promise<void> {
    checkOptions(SCHEMA_OPTIONS, options, 'queryInterface', 'changeColumn');
    const table = this.table(tableName, 'changeColumn');
    const attribute = this.attribute(table, column, input);
    await this.strata.dialect.schema.changeColumn(this.schemaContext(options), table, attribute);
  }

  /** Renames a column, keeping its data, type and constraints. */
  async renameColumn(tableName: TableName, from: string, to: string, options: SchemaOptions = {}): Promise<void> {
    checkOptions(SCHEMA_OPTIONS, options, 'queryInterface', 'renameColumn');
    const table = this.table(tableName, 'renameColumn');
    await this.strata.executor.run(compileRenameColumn(this.strata.knex, table, from, to), options);
  }

  /** Adds an index (a unique constraint with `unique: true`). */
  async addIndex(tableName: TableName, fields: IndexField[], options: AddIndexOptions = {}): Promise<void> {
    checkOptions(ADD_INDEX_OPTIONS, options, 'queryInterface');
    const table = this.table(tableName, 'addIndex');
    const unique = options.unique ?? false;
    const columns = fields.map((field) => indexColumn(table, field, options.operator));
    const name =
      options.name ??
      defaultIndexName(
        table.tableName,
        columns.map((c) => c.field),
        unique,
      );
    const plain = fields.every((field) => typeof field === 'string');
    const extras = [options.using, options.where, options.type, options.concurrently, options.operator];
    if (plain && extras.every((extra) => extra === undefined || extra === false)) {
      // As before: a unique index as the unique constraint knex writes (removeIndex drops it as one).
      await this.runAll(compileAddIndex(this.strata.knex, table, fields as string[], name, unique), options);
      return;
    }
    const { using, where, type, concurrently } = options;
    const statement = compileCreateIndex(this.strata.knex, this.strata.dialect, {
      table,
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
  async removeIndex(tableName: TableName, nameOrFields: string | string[], options: SchemaOptions = {}): Promise<void> {
    checkOptions(SCHEMA_OPTIONS, options, 'queryInterface', 'removeIndex');
    const table = this.table(tableName, 'removeIndex');
    const indexes = await this.showIndex(table, options);
    const index = indexes.find((i) =>
      typeof nameOrFields === 'string' ? i.name === nameOrFields : sameList(i.fields, nameOrFields),
    );
    if (!index) {
      throw new InvalidQueryError(
        `No index ${JSON.stringify(nameOrFields)} on ${tableLabel(table)}; it has: ${indexes.map((i) => i.name).join(', ') || 'none'}`,
      );
    }
    await this.runAll(compileDropIndex(this.strata.knex, table, index), options);
  }

  /** Adds a unique or foreign key constraint (on SQLite a foreign key rebuilds the table). */
  async addConstraint(tableName: TableName, options: ConstraintOptions): Promise<void> {
    checkOptions(ADD_CONSTRAINT_OPTIONS, options, 'queryInterface');
    const table = this.table(tableName, 'addConstraint');
    if (options.type === 'unique') {
      const { transaction, logging, name } = options;
      await this.addIndex(table, options.fields, { transaction, logging, name, unique: true });
      return;
    }
    const references = options.references;
    if (!references) throw new InvalidQueryError(`addConstraint(${tableLabel(table)}): a foreign key needs references`);
    const referenced = this.table(references.table, 'addConstraint');
    await this.strata.dialect.schema.addForeignKey(this.schemaContext(options), table, {
      name: options.name ?? `${table.tableName}_${options.fields.join('_')}_foreign`,
      columns: options.fields,
      referencedTable: referenced.tableName,
      referencedSchema: referenced.schema,
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
    tableName: TableName,
    nameOrColumns: string | string[],
    options: SchemaOptions = {},
  ): Promise<void> {
    checkOptions(SCHEMA_OPTIONS, options, 'queryInterface', 'removeConstraint');
    const table = this.table(tableName, 'removeConstraint');
    const matches = (fk: ForeignKeyDescription): boolean =>
      typeof nameOrColumns === 'string' ? fk.name === nameOrColumns : sameList(fk.columns, [...nameOrColumns]);
    const foreignKey = (await this.showForeignKeys(table, options)).find(matches);
    if (foreignKey) {
      await this.strata.dialect.schema.removeForeignKey(this.schemaContext(options), table, foreignKey);
      return;
    }
    await this.removeIndex(table, nameOrColumns, options);
  }

  /** The tables of the connection's default schema, or of `schema`. */
  async showAllTables(options: ShowAllTablesOptions = {}): Promise<string[]> {
    checkOptions(SHOW_ALL_TABLES_OPTIONS, options, 'queryInterface');
    const schema = options.schema === undefined ? undefined : this.schemaName(options.schema, 'showAllTables');
    return this.withConnection(options, (connection) =>
      this.strata.dialect.introspector.showAllTables(connection, schema),
    );
  }

  /**
   * A table's columns as the database has them (type, nullability, default, key); an error when the
   * table does not exist.
   */
  async describeTable(tableName: TableName, options: SchemaOptions = {}): Promise<Record<string, ColumnDescription>> {
    checkOptions(SCHEMA_OPTIONS, options, 'queryInterface', 'describeTable');
    const table = this.table(tableName, 'describeTable');
    const description = await this.withConnection(options, (connection) =>
      this.strata.dialect.introspector.describeTable(connection, table),
    );
    if (Object.keys(description).length === 0) {
      throw new InvalidQueryError(`No description found for table ${tableLabel(table)}: does it exist?`);
    }
    return description;
  }

  /** A table's indexes as the database has them. */
  async showIndex(tableName: TableName, options: SchemaOptions = {}): Promise<IndexDescription[]> {
    checkOptions(SCHEMA_OPTIONS, options, 'queryInterface', 'showIndex');
    const table = this.table(tableName, 'showIndex');
    return this.withConnection(options, (connection) =>
      this.strata.dialect.introspector.showIndexes(connection, table),
    );
  }

  /** A table's foreign keys as the database has them. */
  async showForeignKeys(tableName: TableName, options: SchemaOptions = {}): Promise<ForeignKeyDescription[]> {
    checkOptions(SCHEMA_OPTIONS, options, 'queryInterface', 'showForeignKeys');
    const table = this.table(tableName, 'showForeignKeys');
    return this.withConnection(options, (connection) =>
      this.strata.dialect.introspector.showForeignKeys(connection, table),
    );
  }

  /**
   * The schema a table named without one is in: PostgreSQL's `current_schema()` (what
   * `searchPath` picks), MySQL's current database. SQLite has none and refuses.
   */
  async defaultSchema(options: SchemaOptions = {}): Promise<string> {
    checkOptions(SCHEMA_OPTIONS, options, 'queryInterface', 'defaultSchema');
    const { defaultSchema } = this.strata.dialect.introspector;
    if (!defaultSchema || !this.strata.dialect.supports.schemas) throw this.noSchemas('defaultSchema');
    return this.withConnection(options, (connection) => defaultSchema(connection));
  }

  /**
   * Inserts rows as they are (no model, no validation, no hooks); every value is bound.
   * @example await qi.bulkInsert('users', [{ email: 'a@b.c', createdAt: new Date() }]);
   */
  async bulkInsert(
    tableName: TableName,
    rows: Array<Record<string, unknown>>,
    options: SchemaOptions = {},
  ): Promise<void> {
    checkOptions(SCHEMA_OPTIONS, options, 'queryInterface', 'bulkInsert');
    const table = this.table(tableName, 'bulkInsert');
    if (rows.length === 0) return;
    const bound = rows.map((row) => this.bindRow(row));
    const insert = compileInsert(this.strata.modelHost, tableIdentifier(table), bound, {}, undefined);
    await this.strata.executor.run(insert, options);
  }

  /** Sets `values` on the rows matching `where` (every row with null or `{}`); resolves to the count. */
  async bulkUpdate(
    tableName: TableName,
    values: Record<string, unknown>,
    where: RowFilter,
    options: SchemaOptions = {},
  ): Promise<number> {
    checkOptions(SCHEMA_OPTIONS, options, 'queryInterface', 'bulkUpdate');
    const table = this.table(tableName, 'bulkUpdate');
    const query = compileTableUpdate(this.strata.knex, this.strata.dialect, table, this.bindRow(values), where);
    return (await this.strata.executor.run(query, options)).affectedRows;
  }

  /** Deletes the rows matching `where` (every row with null or `{}`, as in Sequelize); resolves to the count. */
  async bulkDelete(tableName: TableName, where: RowFilter = {}, options: SchemaOptions = {}): Promise<number> {
    checkOptions(SCHEMA_OPTIONS, options, 'queryInterface', 'bulkDelete');
    const table = this.table(tableName, 'bulkDelete');
    const query = compileTableDelete(this.strata.knex, this.strata.dialect, table, where);
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

  /**
   * A table name as a call takes it, checked: `{ tableName, schema }` only where the dialect
   * has schemas (SQLite refuses, naming itself), the schema a name without dots.
   */
  private table(input: TableName, call: string): TableRef {
    const ref = tableRef(input);
    if (ref.schema !== undefined && !this.strata.dialect.supports.schemas) {
      throw new InvalidQueryError(
        `${call}(${tableLabel(ref)}): ${this.strata.dialect.name} has no schemas; name the table without one`,
      );
    }
    return ref;
  }

  /** A schema name as createSchema/dropSchema take it, checked, on a dialect that has schemas. */
  private schemaName(schema: unknown, call: string): string {
    const name = checkSchemaName(schema, `${call}()`);
    if (name === undefined) throw new InvalidQueryError(`${call}(): give the schema's name`);
    if (!this.strata.dialect.supports.schemas) throw this.noSchemas(call);
    return name;
  }

  private noSchemas(call: string): InvalidQueryError {
    return new InvalidQueryError(`${call}(): ${this.strata.dialect.name} has no schemas (PostgreSQL and MySQL have)`);
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

  private attribute(table: TableRef, column: string, input: ColumnInput): AttributeDefinition {
    const { tableName } = table;
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
function indexColumn(table: TableRef, field: IndexField, operator: string | undefined): IndexSpec['columns'][number] {
  if (typeof field === 'string') return { field, operator };
  checkOptions(INDEX_FIELD_OPTIONS, field, 'queryInterface', 'addIndex field');
  const column = field.name ?? field.attribute;
  if (!column) throw new InvalidQueryError(`addIndex(${tableLabel(table)}): a field object needs name (or attribute)`);
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
