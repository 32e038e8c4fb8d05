import {
  ConnectionLostError,
  ConnectionRefusedError,
  ConnectionTimedOutError,
  HostNotFoundError,
  HostNotReachableError,
} from '../errors/connection-errors';
import type { ConnectionError } from '../errors/errors';

/**
 * The socket-level faults every server dialect shares (Node's errno codes on the driver's
 * error), as Strata's connection classes. `server` names the database in the message; `sql` is
 * the statement that was being sent, if any. Undefined when the error is not a socket fault.
 */
export function socketFault(error: unknown, server: string, sql: string): ConnectionError | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  const message = (error as Error | null)?.message ?? String(error);
  const options = { cause: error, ...(sql ? { sql } : {}) };
  switch (code) {
    case 'ECONNREFUSED':
      return new ConnectionRefusedError(`Cannot connect to ${server}: connection refused (${message})`, options);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new HostNotFoundError(`Cannot connect to ${server}: host not found (${message})`, options);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new HostNotReachableError(`Cannot connect to ${server}: host not reachable (${message})`, options);
    case 'ETIMEDOUT':
      return new ConnectionTimedOutError(`Cannot connect to ${server}: connect timed out (${message})`, options);
    case 'ECONNRESET':
    case 'EPIPE':
      return new ConnectionLostError(`Connection to ${server} lost: ${message}`, options);
    default:
      return undefined;
  }
}

/**
 * The driver's error as an object with a message, whatever was thrown: a non-object becomes
 * `{ message }`. Read by duck typing, since a native driver's errors may come from another realm.
 */
export function toDriverError<T extends { message: string }>(error: unknown): T {
  if (typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string') {
    return error as T;
  }
  return { message: String(error) } as T;
}
