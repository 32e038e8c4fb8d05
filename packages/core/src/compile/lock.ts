import type { Knex } from 'knex';
import { sayOptionIgnored } from '../options/ignored-option';
import type { Dialect } from '../dialect/dialect';
import { InvalidQueryError } from '../errors/errors';
import type { FindOptions } from '../normalize/find-options';
import { runtimeOf } from '../runtime/model-runtime';

/** The row lock a find takes: its level and, for `lock: { of }`, the table alias it is limited to. */
export interface RowLock {
  readonly level: 'UPDATE' | 'SHARE';
  readonly of: string | undefined;
}

/**
 * The row lock `options.lock` asks for, where the dialect has row locks (SQLite locks the whole
 * database for writers already, so there it is none). `lock: { level, of: Model }` limits the
 * lock to that model's rows (`FOR UPDATE OF "User"` on PostgreSQL); `aliasOf` gives the alias the
 * model has in this statement, and a model the statement does not read is an error. Where the
 * dialect cannot limit a lock (MySQL/MariaDB), every table of the statement is locked, as Sequelize
 * does there: more rows than asked, never fewer.
 */
export function rowLockOf(
  lock: FindOptions['lock'],
  dialect: Dialect,
  modelName: string,
  aliasOf: (modelName: string) => string | undefined,
): RowLock | undefined {
  if (!lock) return undefined;
  if (!dialect.supports.rowLocks) {
    sayOptionIgnored(
      `${modelName}: the lock option is ignored on ${dialect.name}, which has no row locks ` +
        '(a write transaction locks the whole database)',
    );
    return undefined;
  }
  if (lock === true || lock === 'UPDATE') return { level: 'UPDATE', of: undefined };
  if (lock === 'SHARE') return { level: 'SHARE', of: undefined };
  if (typeof lock === 'object' && (lock.level === 'UPDATE' || lock.level === 'SHARE')) {
    if (lock.of === undefined || !dialect.supports.rowLockOf) return { level: lock.level, of: undefined };
    const ofName = typeof lock.of === 'function' && runtimeOf(lock.of).definition.name;
    const alias = ofName ? aliasOf(ofName) : undefined;
    if (!alias) {
      throw new InvalidQueryError(
        `${modelName}: lock.of must be a model this query reads (${modelName} or a joined include), got ${
          ofName || typeof lock.of
        }`,
      );
    }
    return { level: lock.level, of: alias };
  }
  throw new InvalidQueryError(`${modelName}: lock must be true, 'UPDATE', 'SHARE' or { level, of: Model }`);
}

/** Adds the lock to a select: FOR UPDATE / FOR SHARE, limited to one alias with `of`. */
export function applyRowLock(builder: Knex.QueryBuilder, lock: RowLock | undefined, skipLocked?: boolean): void {
  if (!lock) return;
  const tables = lock.of === undefined ? [] : [lock.of];
  if (lock.level === 'SHARE') builder.forShare(...tables);
  else builder.forUpdate(...tables);
  if (skipLocked) builder.skipLocked();
}
