import { InvalidQueryError } from '../errors/errors';

/** Connection pool settings, as in Sequelize (milliseconds). */
export interface PoolOptions {
  /** Most connections open at once (default 5). */
  max?: number;
  /** Fewest connections kept open (default 0). */
  min?: number;
  /** How long to wait for a free connection before a ConnectionAcquireTimeoutError (default 60000). */
  acquire?: number;
  /** How long a connection may sit idle before it is closed (default 10000). */
  idle?: number;
}

/**
 * How long each wait may last, in milliseconds (0: no limit). docs/production.md lists them
 * with their defaults and what each dialect does.
 */
export interface TimeoutOptions {
  /** Opening one connection (TCP connect, TLS, login): ConnectionTimedOutError past it. Default 10000. */
  connectTimeout?: number;
  /**
   * Every statement's default time limit (a call's `timeout` overrides it): QueryTimeoutError past
   * it. Enforced by the server where it can be (PostgreSQL `statement_timeout`, MariaDB
   * `max_statement_time`, MySQL `max_execution_time` for SELECTs), and by Strata closing the
   * connection when the server has not answered shortly after. Default 0 (no limit). Ignored on
   * SQLite, whose statements run synchronously.
   */
  timeout?: number;
  /**
   * How long a statement waits for a row or table lock: LockTimeoutError past it. PostgreSQL
   * `lock_timeout`; MySQL `innodb_lock_wait_timeout` (whole seconds, rounded up). Default 0:
   * the server's own (PostgreSQL: none; InnoDB: 50 s). SQLite: see `busyTimeout`.
   */
  lockTimeout?: number;
  /**
   * How long a transaction may sit without running a statement before Strata rolls it back and
   * frees its connection (later statements in it fail with a TransactionError). Default 0 (off).
   */
  idleInTransactionTimeout?: number;
  /**
   * How long `close()` waits for running queries and transactions before it destroys their
   * connections. Default 5000.
   */
  closeTimeout?: number;
}

/**
 * Server session settings every connection of the pool starts with, by the server's own names
 * (`{ TimeZone: 'Asia/Tokyo' }` on PostgreSQL, `{ time_zone: '+09:00', sql_mode: 'ANSI' }` on
 * MySQL). Set when a connection opens (PostgreSQL: in the login, no round trip), so every pool
 * user sees the same session; a raw `SET` changes one connection only, which Strata then closes
 * instead of pooling.
 */
export type SessionSettings = Readonly<Record<string, string | number | boolean>>;

export interface ServerConnectionOptions extends TimeoutOptions {
  /** See SessionSettings. Server dialects only. */
  session?: SessionSettings;
  /** PostgreSQL's `search_path` for every connection (see StrataOptions.searchPath). */
  searchPath?: string;
  host?: string;
  port?: number;
  database?: string;
  username?: string;
  password?: string;
  pool?: PoolOptions;
  /** Extra options handed to the driver as they are. */
  dialectOptions?: Record<string, unknown>;
  /** The session's time zone (see StrataOptions.timezone and dialect/time-zone.ts). */
  timezone?: string;
}

export const defaultPool = { max: 5, min: 0, acquire: 60000, idle: 10000 };

/** The defaults of TimeoutOptions (docs/production.md repeats them). */
export const defaultTimeouts = {
  connectTimeout: 10_000,
  timeout: 0,
  lockTimeout: 0,
  idleInTransactionTimeout: 0,
  closeTimeout: 5_000,
} as const;

/**
 * How much longer than a statement's `timeout` Strata waits for the server's own cancellation
 * before it decides the connection stopped answering and destroys it.
 */
export const SERVER_TIMEOUT_MARGIN_MS = 1_000;

/** A session setting's name as the servers spell them: letters, digits, `_` and `.` (checked, since it becomes SQL text). */
export function checkSessionSettingName(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_.]*$/.test(name)) {
    throw new InvalidQueryError(`session: ${JSON.stringify(name)} is not a setting name (letters, digits, _ and .)`);
  }
  return name;
}
