import { ModelDefinitionError } from '../errors/errors';

/** When a deferrable foreign key is checked: at commit (`'deferred'`) or per statement (`'immediate'`). */
export type DeferrableMode = 'deferred' | 'immediate';

/** One of Sequelize's `Deferrable.*` values; usable as it is or with `new` (Sequelize allows both). */
export interface DeferrableKind {
  readonly deferrableKind: 'INITIALLY_DEFERRED' | 'INITIALLY_IMMEDIATE' | 'NOT' | 'SET_DEFERRED' | 'SET_IMMEDIATE';
}

function kind(name: DeferrableKind['deferrableKind']): (new () => DeferrableKind) & DeferrableKind {
  const value = class {
    static readonly deferrableKind = name;
    readonly deferrableKind = name;
  };
  Object.defineProperty(value, 'name', { value: name });
  return value;
}

/**
 * Sequelize's `Deferrable`, for a foreign key's `references.deferrable`:
 * `INITIALLY_DEFERRED` checks the key at commit, `INITIALLY_IMMEDIATE` per statement but
 * deferrable with `SET CONSTRAINTS`, `NOT` is an ordinary key. Only PostgreSQL has deferrable
 * constraints; SQLite and MySQL create an ordinary key (checked per statement), as Sequelize
 * does there. `SET_DEFERRED`/`SET_IMMEDIATE` are Sequelize's transaction options and are not
 * supported.
 *
 * @example references: { model: 'Users', key: 'id', deferrable: Deferrable.INITIALLY_DEFERRED }
 */
export const Deferrable = {
  INITIALLY_DEFERRED: kind('INITIALLY_DEFERRED'),
  INITIALLY_IMMEDIATE: kind('INITIALLY_IMMEDIATE'),
  NOT: kind('NOT'),
  SET_DEFERRED: kind('SET_DEFERRED'),
  SET_IMMEDIATE: kind('SET_IMMEDIATE'),
} as const;

/** What `references.deferrable` accepts: `true` (deferred), `false`, or a `Deferrable.*` value. */
export type DeferrableInput = boolean | DeferrableKind | (new () => DeferrableKind);

/**
 * The mode a `references.deferrable` value asks for, or false for an ordinary key. `where`
 * names the attribute for the error a transaction-only value gets.
 */
export function deferrableMode(value: DeferrableInput | undefined, where: string): DeferrableMode | false {
  if (value === undefined || value === false) return false;
  if (value === true) return 'deferred';
  const name = (value as { deferrableKind?: unknown }).deferrableKind;
  switch (name) {
    case 'INITIALLY_DEFERRED':
      return 'deferred';
    case 'INITIALLY_IMMEDIATE':
      return 'immediate';
    case 'NOT':
      return false;
    default:
      throw new ModelDefinitionError(
        `${where}: references.deferrable must be true, false or Deferrable.INITIALLY_DEFERRED / ` +
          `INITIALLY_IMMEDIATE / NOT (SET_DEFERRED and SET_IMMEDIATE are transaction options)`,
      );
  }
}
