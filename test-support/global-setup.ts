import { SERVERS, parseDialectList, reachable, type TestDialect } from './servers';

/**
 * Decides once which dialects the run covers. STRATA_TEST_DIALECTS names them explicitly (CI
 * sets all three, so a missing server fails the run instead of skipping); without it, SQLite
 * plus each server found listening on localhost.
 */
export default async function globalSetup(): Promise<void> {
  const explicit = process.env.STRATA_TEST_DIALECTS;
  if (explicit) {
    for (const dialect of parseDialectList(explicit)) {
      if (dialect === 'sqlite') continue;
      const server = SERVERS[dialect];
      if (!(await reachable(server.host, server.port))) {
        throw new Error(
          `STRATA_TEST_DIALECTS includes ${dialect}, but nothing answers on ${server.host}:${server.port}`,
        );
      }
    }
    return;
  }
  const found: TestDialect[] = ['sqlite'];
  for (const dialect of ['postgres', 'mysql'] as const) {
    if (await reachable(SERVERS[dialect].host, SERVERS[dialect].port)) found.push(dialect);
  }
  process.env.STRATA_TEST_DIALECTS = found.join(',');
}
