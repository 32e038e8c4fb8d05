import type { ModelDefinition } from '../definition/model-definition';
import { InvalidQueryError } from '../errors/errors';
import { isPlainObject } from '../compile/where';

/**
 * Static update/destroy/increment refuse to touch every row by accident: an absent or empty
 * where is an error unless the call says `{ all: true }`.
 */
export function requireWhere(
  definition: ModelDefinition,
  method: string,
  options: { where?: unknown; all?: boolean },
): void {
  if (options.all === true) return;
  const where = options.where;
  const empty =
    where === undefined ||
    where === null ||
    (isPlainObject(where) && Object.keys(where).length === 0 && Object.getOwnPropertySymbols(where).length === 0);
  if (empty) {
    throw new InvalidQueryError(
      `${definition.name}.${method} needs a where; pass { all: true } to ${method} every row on purpose`,
    );
  }
}
