import { checkCreateTable, isColumnDefaultFunction } from '../compile/create-table';
import type { Dialect } from '../dialect/dialect';
import { ModelDefinitionError } from '../errors/errors';
import type { ModelDefinition } from './model-definition';

/**
 * Checks at `Model.init` time that the connection's dialect can create the model's table, so
 * an `ARRAY(...)` attribute on SQLite or MySQL, a partial index on MySQL or an index over an
 * unknown attribute fails when the model is defined (naming the model and the attribute)
 * instead of at the first `sync()` or write.
 *
 * @example
 * // On SQLite: ModelDefinitionError "Invalid model Post:\n  - Post.tags: ARRAY columns exist only on PostgreSQL; ..."
 * Post.init({ tags: DataTypes.ARRAY(DataTypes.STRING) }, { strata: db });
 */
export function assertDialectCanStore(definition: ModelDefinition, dialect: Dialect): void {
  const problems: string[] = [];
  if (definition.schema !== undefined && !dialect.supports.schemas) {
    problems.push(
      `${definition.name}: schema ${JSON.stringify(definition.schema)} is not supported on ${dialect.name}, which has no schemas ` +
        '(leave schema out, or use PostgreSQL or MySQL)',
    );
  }
  for (const attribute of definition.columnAttributes) {
    if (attribute.references?.schema !== undefined && !dialect.supports.schemas) {
      problems.push(
        `${definition.name}.${attribute.name}: references a table in schema ${JSON.stringify(attribute.references.schema)}, ` +
          `but ${dialect.name} has no schemas`,
      );
    }
    try {
      dialect.columnType(attribute.type);
      dialect.columnCollation(attribute);
    } catch (error) {
      problems.push(`${definition.name}.${attribute.name}: ${(error as Error).message}`);
    }
    // Without RETURNING the row is found again by its key: a key the database computes
    // (other than an auto-increment, which the driver reports) would leave the instance without one.
    if (attribute.primaryKey && isColumnDefaultFunction(attribute.defaultValue) && !dialect.supports.returning) {
      problems.push(
        `${definition.name}.${attribute.name}: a primary key the database computes (fn('${attribute.defaultValue.name}')) ` +
          `cannot be read back after create on ${dialect.name}, which has no RETURNING; use DataTypes.UUIDV4 (computed by Strata)`,
      );
    }
  }
  if (problems.length === 0) {
    try {
      checkCreateTable(definition, dialect);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  if (problems.length > 0) {
    throw new ModelDefinitionError(`Invalid model ${definition.name}:\n  - ${problems.join('\n  - ')}`);
  }
}
