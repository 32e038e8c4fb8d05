import type { ModelDefinition } from '../definition/model-definition';
import { InvalidQueryError } from '../errors/errors';
import { whereReach } from '../compile/where-reach';

/**
 * Static update/destroy/restore/increment refuse to touch every row by accident: a where that
 * matches every row is an error unless the call says `{ all: true }`. That is no where, an empty
 * one, and one that matches every row by construction (`{ [Op.and]: [] }`,
 * `{ id: { [Op.notIn]: [] } }`, ...), which compiles to `1 = 1` just as surely.
 */
export function requireWhere(
  definition: ModelDefinition,
  method: string,
  options: { where?: unknown; all?: boolean } | undefined,
): void {
  // `Model.update(values)` with no options at all is the same mistake as an empty where.
  if (options?.all === true) return;
  options ??= {};
  const where = options.where;
  if (whereReach(where) !== 'every row') return;
  const onPurpose = `pass { all: true } to ${method} every row on purpose`;
  if (where === undefined || where === null) {
    // Sequelize's lead-in, which code moving over may match on.
    throw new InvalidQueryError(
      `Missing where attribute in the options parameter: ${definition.name}.${method} needs a where; ${onPurpose}`,
    );
  }
  throw new InvalidQueryError(
    `${definition.name}.${method} needs a where that narrows the rows; this one matches every row by construction ` +
      `(an empty where or Op.and, an Op.or holding one, Op.not of an empty Op.or, Op.notIn []): ${onPurpose}`,
  );
}
