import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reachable } from './servers';

/**
 * Database servers a test owns from start to end: created in a temporary directory, on a free
 * loopback port, stopped and restarted at will, removed afterwards. Tests that stop a server use
 * these and never the shared servers on 5432/3306, which other suites are using meanwhile.
 */
export interface ThrowawayServer {
  readonly kind: 'postgres' | 'mysql';
  readonly port: number;
  readonly url: string;
  /** Kills the server at once (no shutdown, as in a crash) and waits until its port is closed. */
  crash(): Promise<void>;
  /** Starts it again on the same port and data, and waits until it accepts connections. */
  start(): Promise<void>;
  /** Stops it and removes its files. */
  remove(): Promise<void>;
}

/** Why a throwaway server cannot be made on this machine, or undefined when it can. */
export function throwawayUnavailable(kind: 'postgres' | 'mysql'): string | undefined {
  if (kind === 'postgres') {
    return postgresBin()
      ? undefined
      : 'PostgreSQL server binaries (initdb, pg_ctl) not found under /usr/lib/postgresql/*/bin';
  }
  return existsSync('/usr/sbin/mariadbd') && existsSync('/usr/bin/mariadb-install-db')
    ? undefined
    : 'MariaDB server binaries (/usr/sbin/mariadbd, /usr/bin/mariadb-install-db) not found';
}

function postgresBin(): string | undefined {
  if (!existsSync('/usr/lib/postgresql')) return undefined;
  const versions = readdirSync('/usr/lib/postgresql')
    .filter((v) => existsSync(join('/usr/lib/postgresql', v, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length > 0 ? join('/usr/lib/postgresql', versions[0], 'bin') : undefined;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Waits (bounded) until `check` is true. */
async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what} within ${timeoutMs} ms`);
}

const isRoot = (): boolean => process.getuid?.() === 0;

/** A PostgreSQL cluster of its own (initdb; as the postgres user when the test runs as root). */
export async function startThrowawayPostgres(): Promise<ThrowawayServer> {
  const bin = postgresBin();
  if (!bin) throw new Error(throwawayUnavailable('postgres'));
  const directory = mkdtempSync(join(tmpdir(), 'strata-pg-'));
  const data = join(directory, 'data');
  const port = await freePort();
  const asOwner = (command: string, args: string[]): void => {
    const [file, argv] = isRoot() ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
    execFileSync(file, argv, { stdio: 'pipe', timeout: 120_000 });
  };
  if (isRoot()) {
    const ids = execFileSync('id', ['-u', 'postgres']).toString().trim();
    const gid = execFileSync('id', ['-g', 'postgres']).toString().trim();
    chownSync(directory, Number(ids), Number(gid));
  }
  asOwner(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  const options = `-p ${port} -k ${directory} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60`;
  const start = async (): Promise<void> => {
    asOwner(join(bin, 'pg_ctl'), ['-D', data, '-o', options, '-l', join(directory, 'log'), '-w', '-t', '60', 'start']);
    await waitFor('the throwaway PostgreSQL did not accept connections', () => reachable('127.0.0.1', port));
  };
  await start();
  return {
    kind: 'postgres',
    port,
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async crash() {
      asOwner(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', '-t', '60', 'stop']);
      await waitFor('the throwaway PostgreSQL did not stop', async () => !(await reachable('127.0.0.1', port)));
    },
    start,
    async remove() {
      try {
        asOwner(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', '-t', '60', 'stop']);
      } catch {
        // already stopped
      }
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** A MariaDB server of its own (mariadb-install-db into a temporary directory, its own port and socket). */
export async function startThrowawayMariadb(): Promise<ThrowawayServer> {
  const unavailable = throwawayUnavailable('mysql');
  if (unavailable) throw new Error(unavailable);
  const directory = mkdtempSync(join(tmpdir(), 'strata-maria-'));
  const data = join(directory, 'data');
  const port = await freePort();
  const user = isRoot() ? ['--user=root'] : [];
  execFileSync(
    '/usr/bin/mariadb-install-db',
    ['--no-defaults', `--datadir=${data}`, '--auth-root-authentication-method=normal', '--skip-test-db', ...user],
    { stdio: 'pipe', timeout: 120_000 },
  );
  let child: ChildProcess | undefined;
  const start = async (): Promise<void> => {
    child = spawn(
      '/usr/sbin/mariadbd',
      [
        '--no-defaults',
        `--datadir=${data}`,
        `--port=${port}`,
        `--socket=${join(directory, 'mariadb.sock')}`,
        `--pid-file=${join(directory, 'mariadb.pid')}`,
        '--bind-address=127.0.0.1',
        '--skip-grant-tables',
        '--skip-log-bin',
        '--innodb-buffer-pool-size=32M',
        `--log-error=${join(directory, 'error.log')}`,
        ...user,
      ],
      { stdio: 'ignore' },
    );
    await waitFor('the throwaway MariaDB did not accept connections', () => reachable('127.0.0.1', port));
  };
  const crash = async (): Promise<void> => {
    const running = child;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGKILL');
    await exited;
    await waitFor('the throwaway MariaDB did not stop', async () => !(await reachable('127.0.0.1', port)));
  };
  await start();
  return {
    kind: 'mysql',
    port,
    url: `mysql://root@127.0.0.1:${port}/mysql`,
    crash,
    start,
    async remove() {
      await crash();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
