import { createHash } from 'node:crypto';
import type { RootAlias } from '../connection/options';
import type { ModelDefinition } from '../definition/model-definition';

/**
 * The alias of a find's root table: the table name, or with the connection's
 * `rootAlias: 'model'` the model name (as Sequelize writes `FROM "Users" AS "User"`).
 */
export function rootTableAlias(definition: ModelDefinition, rootAlias: RootAlias | undefined): string {
  return rootAlias === 'model' ? definition.name : definition.tableName;
}

/** Result column holding the parent key a separately loaded row belongs to (when a join row holds it). */
export const LINK_COLUMN = '__strata_link';

/** Column aliases of joined models: `<table alias>-><attribute>`. */
export const PATH_SEPARATOR = '->';

/** PostgreSQL truncates identifiers past 63 bytes and MySQL refuses them past 64. */
const MAX_IDENTIFIER = 63;

/**
 * `user->company`, the readable alias of a nested name, or for one too long for every
 * database an `__strata_` name derived from it: a truncated alias would silently drop the
 * column from the rows (two long aliases could even meet in one truncated name).
 */
export function sqlAlias(parent: string, name: string): string {
  const readable = `${parent}${PATH_SEPARATOR}${name}`;
  if (Buffer.byteLength(readable) <= MAX_IDENTIFIER) return readable;
  return `__strata_${createHash('sha256').update(readable).digest('hex').slice(0, 24)}`;
}
