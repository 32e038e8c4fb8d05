import type { PoolOptions } from '../../dialect/pool-options';
import { ConnectionError } from '../../errors/errors';
import { parseConnectionUrl, redactPassword, type StrataOptions } from '../options';

/** One server of a replicated setup; what it leaves out comes from the connection's own options. */
export interface ReplicationServer {
  host?: string;
  port?: number;
  database?: string;
  username?: string;
  password?: string;
  /** This server's pool (default: the connection's `pool`). */
  pool?: PoolOptions;
  dialectOptions?: Record<string, unknown>;
}

/**
 * Read replication, in Sequelize's shape: writes, transactions, sync and migrations go to
 * `write` (the primary), reads outside a transaction are spread over `read` (round robin,
 * skipping a replica that is down). Each server is an object or a connection URL of the same
 * dialect.
 *
 * @example
 * new Strata({
 *   dialect: 'postgres', database: 'app', username: 'app', password: process.env.DB_PASSWORD,
 *   replication: { write: { host: 'db-primary' }, read: [{ host: 'db-replica-1' }, 'postgres://app@db-replica-2/app'] },
 * });
 */
export interface ReplicationOptions {
  /** The primary (default: the connection's own host, port, credentials). */
  write?: ReplicationServer | string;
  /** The read replicas. */
  read: ReadonlyArray<ReplicationServer | string>;
  /**
   * How long a replica that failed to connect (or lost its connection) is left out before
   * reads try it again, in milliseconds (default 5000).
   */
  retryAfter?: number;
  /**
   * When every replica is down, reads run on the primary (default true); false fails them
   * with a ConnectionError instead (when the primary must be spared the read load).
   */
  failoverToPrimary?: boolean;
}

/** The options of each server: the primary's, then every replica's, in the order given. */
export interface ResolvedReplication {
  readonly write: StrataOptions;
  readonly read: readonly StrataOptions[];
  readonly retryAfter: number;
  readonly failoverToPrimary: boolean;
}

export const DEFAULT_REPLICA_RETRY_AFTER = 5000;

const SERVER_KEYS: ReadonlyArray<keyof ReplicationServer> = [
  'host',
  'port',
  'database',
  'username',
  'password',
  'pool',
  'dialectOptions',
];

/**
 * The servers of a connection's `replication` option, each completed from the connection's
 * own options as Sequelize does; undefined when there is no replication (absent, `false`, or
 * no read servers). Errors name what is wrong: an unknown key, a URL of another dialect, an
 * embedded (SQLite) database.
 */
export function resolveReplication(options: StrataOptions): ResolvedReplication | undefined {
  const replication = options.replication;
  if (replication === undefined || replication === false) return undefined;
  if (typeof replication !== 'object' || replication === null || !Array.isArray(replication.read)) {
    throw new ConnectionError('replication: give { write?: server, read: [server, ...] } (or false for none)');
  }
  if (replication.read.length === 0) return undefined;
  if (options.dialect === 'sqlite') {
    throw new ConnectionError('replication: SQLite is one file on one machine; read replicas need a database server');
  }
  const retryAfter = replication.retryAfter ?? DEFAULT_REPLICA_RETRY_AFTER;
  if (!Number.isFinite(retryAfter) || retryAfter < 0) {
    throw new ConnectionError(`replication.retryAfter: a number of milliseconds >= 0 (got ${String(retryAfter)})`);
  }
  const { replication: _replication, ...base } = options;
  return {
    write: serverOptions(base, replication.write ?? {}, 'replication.write'),
    read: replication.read.map((server, index) => serverOptions(base, server, `replication.read[${index}]`)),
    retryAfter,
    failoverToPrimary: replication.failoverToPrimary ?? true,
  };
}

/** One server's options: the connection's, overridden by what the server entry names. */
function serverOptions(base: StrataOptions, server: ReplicationServer | string, where: string): StrataOptions {
  const entry = typeof server === 'string' ? serverFromUrl(base, server, where) : server;
  if (typeof entry !== 'object' || entry === null) {
    throw new ConnectionError(`${where}: give a server ({ host, port, ... }) or a connection URL`);
  }
  const unknown = Object.keys(entry).filter((key) => !SERVER_KEYS.includes(key as keyof ReplicationServer));
  if (unknown.length > 0) {
    throw new ConnectionError(`${where}: unknown option ${unknown.join(', ')} (use ${SERVER_KEYS.join(', ')})`);
  }
  const defined = Object.fromEntries(Object.entries(entry).filter(([, value]) => value !== undefined));
  return { ...base, ...defined };
}

function serverFromUrl(base: StrataOptions, url: string, where: string): ReplicationServer {
  const { dialect, storage, ...server } = parseConnectionUrl(url);
  const sameDialect = dialect === base.dialect || (dialect === 'mysql' && base.dialect === 'mariadb');
  if (storage !== undefined || !sameDialect) {
    throw new ConnectionError(
      `${where}: ${redactPassword(url)} is not a ${String(base.dialect)} server (every server of a connection speaks its dialect)`,
    );
  }
  return server;
}

/**
 * The `replication` option as `db.options`, `util.inspect` and JSON show it: passwords (and
 * the passwords inside URLs) replaced by `***`.
 */
export function redactReplication(
  replication: ReplicationOptions | false | undefined,
): ReplicationOptions | false | undefined {
  if (!replication || typeof replication !== 'object' || !Array.isArray(replication.read)) return replication;
  const redact = (server: ReplicationServer | string): ReplicationServer | string => {
    if (typeof server === 'string') return redactPassword(server);
    if (typeof server !== 'object' || server === null || server.password === undefined) return server;
    return { ...server, password: '***' };
  };
  return {
    ...replication,
    ...(replication.write !== undefined ? { write: redact(replication.write) } : {}),
    read: replication.read.map(redact),
  };
}
