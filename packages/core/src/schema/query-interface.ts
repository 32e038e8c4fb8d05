import type { Strata } from '../connection/strata';
import { buildModelDefinition } from '../definition/build-definition';
import type { AttributesInput } from '../definition/model-definition';
import type { ColumnDescription, DriverConnection, IndexDescription } from '../dialect/dialect';
import type { Logging } from '../execution/executor';
import type { Transaction } from '../transactions/transaction';
import { compileCreateTable } from './create-table';

export interface SchemaOptions {
  transaction?: Transaction | null;
  logging?: Logging;
}

/**
 * Schema operations on the live database, the API migrations receive. Statements are built
 * with knex's schema builder and run through the connection (so they join the bound
 * transaction like any query).
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
    for (const statement of compileCreateTable(definition, this.strata.dialect, this.strata.knex)) {
      await this.strata.executor.run(statement, options);
    }
  }

  async dropTable(tableName: string, options: SchemaOptions = {}): Promise<void> {
    for (const statement of this.strata.knex.schema.dropTableIfExists(tableName).toSQL()) {
      await this.strata.executor.run({ sql: statement.sql, bindings: statement.bindings ?? [] }, options);
    }
  }

  async showAllTables(options: SchemaOptions = {}): Promise<string[]> {
    return this.withConnection(options, (connection) => this.strata.dialect.introspector.showAllTables(connection));
  }

  async describeTable(tableName: string, options: SchemaOptions = {}): Promise<Record<string, ColumnDescription>> {
    return this.withConnection(options, (connection) =>
      this.strata.dialect.introspector.describeTable(connection, tableName),
    );
  }

  async showIndex(tableName: string, options: SchemaOptions = {}): Promise<IndexDescription[]> {
    return this.withConnection(options, (connection) =>
      this.strata.dialect.introspector.showIndexes(connection, tableName),
    );
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
