import { InvalidQueryError, type StrataError } from '../errors/errors';
import { closestMatch } from './edit-distance';

/** The error class a call's unknown options raise (InvalidQueryError, ModelDefinitionError, ...). */
export type OptionErrorClass = new (message: string) => StrataError;

/**
 * The keys one public call accepts, and the Sequelize options it knows it does not implement
 * (each with what to do instead). Built by `optionTable`, which checks the keys against the
 * call's TypeScript options type at compile time.
 */
export interface OptionTable {
  /** The call as the message names it after the model or object: `findAll`, `addIndex`. */
  readonly call: string;
  readonly known: ReadonlySet<string>;
  readonly unsupported: Readonly<Record<string, string>>;
  readonly error: OptionErrorClass;
}

type StringKeys<T> = Extract<keyof T, string>;

/**
 * Resolves to `unknown` when the listed keys K plus the pending keys P cover every key of T
 * and every key of K is one of T's; otherwise to an object type naming the keys that drift, so
 * that the table literal fails to compile and the message shows them.
 */
export type MatchesOptionType<T, K extends string, P extends string> = [Exclude<StringKeys<T>, K | P>] extends [never]
  ? [Exclude<K, StringKeys<T>>] extends [never]
    ? unknown
    : { listedButNotInTheOptionsType: Exclude<K, StringKeys<T>> }
  : { inTheOptionsTypeButNotListed: Exclude<StringKeys<T>, K | P> };

export interface OptionTableSpec<K extends readonly string[], P extends readonly string[]> {
  call: string;
  /** Every key of the options type: the compiler refuses a list that drifts from it. */
  keys: K;
  /**
   * Keys another change adds to the options type in parallel: accepted at run time, and allowed
   * (not required) in the type, so the table compiles before and after that change lands.
   */
  pending?: P;
  /** Sequelize options this call does not implement: key -> what to do instead. */
  unsupported?: Record<string, string>;
  error?: OptionErrorClass;
}

/**
 * Declares the table of one call's option keys against its TypeScript options type `T`. The
 * type and the table cannot drift: a key of T that the table misses, or a listed key that T
 * does not have, is a compile error naming it. The run-time check (`checkOptions`) reads the
 * same table.
 *
 * @example
 * export const FIND_ALL = optionTable<FindOptions>()({ call: 'findAll', keys: ['where', ...] as const });
 */
export function optionTable<T>() {
  return <const K extends readonly string[], const P extends readonly string[] = []>(
    spec: OptionTableSpec<K, P> & MatchesOptionType<T, K[number], P[number]>,
  ): OptionTable => ({
    call: spec.call,
    known: new Set<string>([...spec.keys, ...(spec.pending ?? [])]),
    unsupported: spec.unsupported ?? {},
    error: spec.error ?? InvalidQueryError,
  });
}

/**
 * Refuses, before any SQL, an options object with a key the call does not know. The message
 * names the key, the call (`User.findAll`) and the closest valid key (`did you mean "where"?`);
 * a Sequelize option Strata does not implement gets its own "not supported" message. Absent or
 * non-object options pass (the call's own checks handle those), as do keys set to undefined.
 * Symbol keys are not options.
 *
 * `owner` (a model class or a name) comes before the call in the message; `call` names a call
 * that shares another's table (`findOrBuild` checks with findOrCreate's).
 *
 * @example checkOptions(FIND_ALL, options, User) // 'User.findAll: unknown option "wehre"; did you mean "where"?'
 */
export function checkOptions(
  table: OptionTable,
  options: unknown,
  owner?: { readonly name: string } | string,
  call: string = table.call,
): void {
  if (options === null || typeof options !== 'object') return;
  for (const key in options) {
    // An option spread in as undefined (`{ ...defaults, transaction: undefined }`) says nothing.
    if (!table.known.has(key) && (options as Record<string, unknown>)[key] !== undefined) {
      throw optionError(table, key, owner, call);
    }
  }
}

/**
 * checkOptions for a call that returns a promise without being async: a rejected promise
 * instead of a synchronous throw, so `.catch()` sees the error; undefined when the keys pass.
 *
 * @example return optionsRefused(FIND_ALL, options, this) ?? findAll(this, options);
 */
export function optionsRefused(
  table: OptionTable,
  options: unknown,
  owner?: { readonly name: string } | string,
  call: string = table.call,
): Promise<never> | undefined {
  try {
    checkOptions(table, options, owner, call);
    return undefined;
  } catch (error) {
    return Promise.reject(error as Error);
  }
}

function optionError(
  table: OptionTable,
  key: string,
  owner: { readonly name: string } | string | undefined,
  callName: string,
): Error {
  const ownerName = typeof owner === 'string' ? owner : owner?.name;
  const call = ownerName ? `${ownerName}.${callName}` : callName;
  const instead = table.unsupported[key];
  if (instead !== undefined) {
    return new table.error(`${call}: option "${key}" is a Sequelize option Strata does not support: ${instead}`);
  }
  const closest = closestMatch(key, table.known);
  const hint = closest ? `did you mean "${closest}"?` : `valid options: ${[...table.known].sort().join(', ')}`;
  return new table.error(`${call}: unknown option "${key}"; ${hint}`);
}
