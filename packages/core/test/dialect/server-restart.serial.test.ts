import { CommitOutcomeUnknownError, QueryTypes, Strata } from '@strata/core';
import { testDialects } from '../../../../test-support/dialects';
import {
  startThrowawayMariadb,
  startThrowawayPostgres,
  throwawayUnavailable,
  type ThrowawayServer,
} from '../../../../test-support/throwaway-servers';

/**
 * Issue 19: a server crashes and restarts under 20 concurrent writers. Every write the app was
 * told succeeded is there, no write it was told failed is there, nothing hangs. The server is
 * the test's own (a throwaway cluster on a free port), never a shared one: this file is in the
 * serial group (`*.serial.test.ts`, run by `STRATA_SERIAL=1 jest`, see jest.config.ts).
 */

const WRITERS = 20;
const WRITES_PER_WRITER = 30;
/** No writer may still be running this long after the start: a hang fails the test. */
const DEADLINE_MS = 90_000;

const servers = testDialects().filter((d): d is 'postgres' | 'mysql' => d !== 'sqlite');

jest.setTimeout(240_000);

describe.each(servers)(`a server restart under ${WRITERS} concurrent writers [%s]`, (kind) => {
  const unavailable = throwawayUnavailable(kind);
  if (unavailable) {
    it(`cannot run here: ${unavailable}`, () => {
      console.warn(`server restart test for ${kind} not run: ${unavailable}`);
    });
    return;
  }

  let server: ThrowawayServer;

  beforeAll(async () => {
    server = kind === 'postgres' ? await startThrowawayPostgres() : await startThrowawayMariadb();
  }, 180_000);

  afterAll(async () => {
    await server?.remove();
  });

  it('loses no acknowledged write, keeps no failed one, and does not hang', async () => {
    const admin = new Strata(server.url);
    try {
      await admin.query('CREATE DATABASE restart_test');
    } finally {
      await admin.close();
    }
    const db = new Strata(server.url.replace(/\/[^/]+$/, '/restart_test'), {
      pool: { max: WRITERS, acquire: 20_000 },
      connectTimeout: 2_000,
      timeout: 10_000,
      closeTimeout: 2_000,
    });
    const acknowledged = new Set<string>();
    const failed = new Set<string>();
    const unknown = new Set<string>();
    const failures = new Map<string, number>();
    let retries = 0;
    try {
      await db.query('CREATE TABLE restart_rows (id VARCHAR(40) PRIMARY KEY, writer INTEGER NOT NULL)');

      const started = Date.now();
      const writer = async (w: number): Promise<void> => {
        for (let i = 0; i < WRITES_PER_WRITER && Date.now() - started < DEADLINE_MS; i++) {
          const id = `${w}-${i}`;
          let attempts = 0;
          try {
            await db.transaction(
              { retry: { max: 20, backoff: (attempt) => Math.min(100 * attempt, 1000) } },
              async (t) => {
                attempts++;
                await db.query('INSERT INTO restart_rows (id, writer) VALUES (:id, :w)', {
                  replacements: { id, w },
                  transaction: t,
                });
              },
            );
            acknowledged.add(id);
          } catch (error) {
            const name = (error as Error).constructor.name;
            failures.set(name, (failures.get(name) ?? 0) + 1);
            if (error instanceof CommitOutcomeUnknownError) unknown.add(id);
            else failed.add(id);
          }
          retries += attempts - 1;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      };

      const writers = Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
      await new Promise((resolve) => setTimeout(resolve, 800));
      const crashedAt = Date.now();
      await server.crash();
      await new Promise((resolve) => setTimeout(resolve, 500));
      await server.start();
      const downMs = Date.now() - crashedAt;

      let timer: NodeJS.Timeout | undefined;
      const hung = new Promise<'hung'>((resolve) => {
        timer = setTimeout(() => resolve('hung'), DEADLINE_MS);
      });
      const finished = await Promise.race([writers.then(() => 'done' as const), hung]);
      clearTimeout(timer);
      expect(finished).toBe('done');

      const rows = (await db.query('SELECT id FROM restart_rows', { type: QueryTypes.SELECT })) as Array<{
        id: string;
      }>;
      const present = new Set(rows.map((row) => row.id));
      const lost = [...acknowledged].filter((id) => !present.has(id));
      const ghosts = [...failed].filter((id) => present.has(id));
      const unknownPresent = [...unknown].filter((id) => present.has(id)).length;
      console.log(
        `${kind} restart under ${WRITERS} writers: down ${downMs} ms; ${acknowledged.size} acknowledged, ` +
          `${failed.size} failed (${JSON.stringify(Object.fromEntries(failures))}), ${unknown.size} commit outcome ` +
          `unknown (${unknownPresent} of them committed); ${retries} transaction reruns; ${present.size} rows; ` +
          `lost acknowledged: ${lost.length}, failed but present: ${ghosts.length}; ${Date.now() - started} ms in all`,
      );
      expect(lost).toEqual([]);
      expect(ghosts).toEqual([]);
      expect(present.size).toBe(acknowledged.size + unknownPresent);
      // The retries did their work: the restart cost (almost) no write.
      expect(acknowledged.size).toBeGreaterThan(WRITERS * WRITES_PER_WRITER * 0.9);
    } finally {
      await db.close();
    }
  });
});
