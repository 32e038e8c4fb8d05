/** Connection pool settings, as in Sequelize (milliseconds). */
export interface PoolOptions {
  /** Most connections open at once (default 5). */
  max?: number;
  /** Fewest connections kept open (default 0). */
  min?: number;
  /** How long to wait for a free connection before a TimeoutError (default 60000). */
  acquire?: number;
  /** How long a connection may sit idle before it is closed (default 10000). */
  idle?: number;
}

export interface ServerConnectionOptions {
  host?: string;
  port?: number;
  database?: string;
  username?: string;
  password?: string;
  pool?: PoolOptions;
  /** Extra options handed to the driver as they are. */
  dialectOptions?: Record<string, unknown>;
}

export const defaultPool = { max: 5, min: 0, acquire: 60000, idle: 10000 };
