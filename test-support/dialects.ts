import { Strata, type StrataOptions } from '@strata/core';
import { SERVERS, parseDialectList, type TestDialect } from './servers';

export type { TestDialect };

/** The dialects this run covers (decided in global-setup). */
export function testDialects(): TestDialect[] {
  return parseDialectList(process.env.STRATA_TEST_DIALECTS ?? 'sqlite');
}

let databaseCounter = 0;

export interface DialectContext {
  readonly dialect: TestDialect;
  /** A connection to this suite's own, empty database; closed after the suite. */
  connect(options?: Omit<StrataOptions, 'dialect'>): Strata;
  /** The URL of this suite's database (for a file on SQLite, the file). */
  readonly url: string;
}

/**
 * Runs one behavioural suite on every dialect in STRATA_TEST_DIALECTS. Each suite gets its
 * own database (a fresh database on the servers, a temporary file or memory on SQLite), so
 * suites never see each other's tables, and every connection it opens is closed afterwards.
 *
 * @example
 * describeEachDialect('User.create', (ctx) => {
 *   let db: Strata;
 *   beforeAll(() => { db = ctx.connect(); });
 *   it('inserts', async () => { ... });
 * });
 */
export function describeEachDialect(title: string, body: (context: DialectContext) => void): void {
  describe.each(testDialects())(`${title} [%s]`, (dialect) => {
    const connections: Strata[] = [];
    const databaseName = `strata_t${process.pid}_${++databaseCounter}`;
    let url = dialect === 'sqlite' ? ':memory:' : '';
    let created = false;

    beforeAll(async () => {
      if (dialect === 'sqlite') return;
      const admin = new Strata(SERVERS[dialect].url);
      try {
        await admin.query(`DROP DATABASE IF EXISTS ${databaseName}`);
        await admin.query(`CREATE DATABASE ${databaseName}`);
        created = true;
      } finally {
        await admin.close();
      }
      url = SERVERS[dialect].url.replace(/\/test$/, `/${databaseName}`);
    });

    afterAll(async () => {
      await Promise.all(connections.map((c) => c.close()));
      if (!created) return;
      const admin = new Strata(SERVERS[dialect as keyof typeof SERVERS].url);
      try {
        await admin.query(`DROP DATABASE IF EXISTS ${databaseName}`);
      } finally {
        await admin.close();
      }
    });

    body({
      dialect,
      get url() {
        return url;
      },
      connect(options = {}) {
        // SQLite in memory is one database per connection: a second connection would see nothing.
        const strata =
          dialect === 'sqlite'
            ? new Strata({ ...options, dialect: 'sqlite', storage: options.storage ?? ':memory:' })
            : new Strata(url, options);
        connections.push(strata);
        return strata;
      },
    });
  });
}
