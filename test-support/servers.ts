import { createConnection } from 'node:net';

/** The test servers this project's machines run (see DESIGN.md, "Dialects and tests"). */
export const SERVERS = {
  postgres: { host: '127.0.0.1', port: 5432, url: 'postgres://postgres@127.0.0.1:5432/test' },
  mysql: { host: '127.0.0.1', port: 3306, url: 'mysql://root@127.0.0.1:3306/test' },
} as const;

export type TestDialect = 'sqlite' | keyof typeof SERVERS;

export const ALL_DIALECTS: TestDialect[] = ['sqlite', 'postgres', 'mysql'];

export function reachable(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export function parseDialectList(value: string): TestDialect[] {
  const list = value
    .split(',')
    .map((d) => d.trim())
    .filter(Boolean);
  for (const dialect of list) {
    if (!ALL_DIALECTS.includes(dialect as TestDialect)) {
      throw new Error(`STRATA_TEST_DIALECTS: unknown dialect ${dialect} (use ${ALL_DIALECTS.join(', ')})`);
    }
  }
  return list as TestDialect[];
}
