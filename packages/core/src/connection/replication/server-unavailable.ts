import { ConnectionError } from '../../errors/errors';

/**
 * Driver codes that mean the server itself is gone or going (not that the statement was
 * wrong): refused or reset sockets, PostgreSQL's admin shutdown, crash and "cannot connect
 * now" states and connection-exception class 08, MySQL's lost connection and server shutdown.
 */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  'PROTOCOL_CONNECTION_LOST',
  'ER_SERVER_SHUTDOWN',
  'ER_CON_COUNT_ERROR',
]);

/** What the drivers say, without a code, when a connection dies under a query. */
const UNAVAILABLE_MESSAGE =
  /Connection terminated|terminating connection|server closed the connection|Client has encountered a connection error|Connection lost|closed state/i;

/**
 * Whether a failed read means its server is unavailable, so the read may run elsewhere and the
 * server be left out for a while. Looks through the error's causes to the driver's error.
 * A TimeoutError is not one: a full pool times out the same way, and is no reason to drop a
 * replica.
 */
export function isServerUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    if (current instanceof ConnectionError) return true;
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
    if (UNAVAILABLE_MESSAGE.test(current.message)) return true;
    current = current.cause;
  }
  return false;
}
