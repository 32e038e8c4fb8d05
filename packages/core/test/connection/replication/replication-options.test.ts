import { ConnectionError, QueryTypes } from '@strata/core';
import { describeEachDialect } from '../../../../../test-support/dialects';
import { SERVERS } from '../../../../../test-support/servers';

describeEachDialect('the replication option', (ctx) => {
  if (ctx.dialect === 'sqlite') {
    it('is refused on SQLite and ignored when false or without read servers', async () => {
      expect(() => ctx.connect({ replication: { read: ['sqlite::memory:'] } })).toThrow(ConnectionError);
      for (const replication of [false, { read: [] }] as const) {
        const db = ctx.connect({ replication });
        expect(db.poolStats().map((s) => s.server)).toEqual(['primary']);
        expect(await db.query('SELECT 1 AS one', { type: QueryTypes.SELECT })).toEqual([{ one: 1 }]);
      }
    });
    return;
  }
  const server = SERVERS[ctx.dialect as keyof typeof SERVERS];
  const scheme = ctx.dialect === 'postgres' ? 'postgresql' : 'mariadb';

  it('takes servers as objects or URLs, completing each from the connection options', async () => {
    const database = new URL(ctx.url).pathname.slice(1);
    const db = ctx.connect({
      replication: {
        write: { host: server.host },
        read: [
          `${scheme}://${new URL(ctx.url).username}@${server.host}:${server.port}/${database}`,
          { port: server.port },
        ],
      },
    });
    expect(db.poolStats().map((s) => s.address)).toEqual(Array(3).fill(`${server.host}:${server.port}`));
    const names = [];
    for (let i = 0; i < 2; i++) {
      names.push(
        await db.query(ctx.dialect === 'postgres' ? 'SELECT current_database() AS name' : 'SELECT DATABASE() AS name', {
          type: QueryTypes.SELECT,
        }),
      );
    }
    // Both replicas reach the suite's database: the URL names it, the object inherits it.
    expect(names.flat()).toEqual([{ name: database }, { name: database }]);
  });

  it('refuses an unknown server option, a URL of another dialect and a bad retryAfter, naming the entry', () => {
    const other = ctx.dialect === 'postgres' ? 'mysql://root@127.0.0.1/x' : 'postgres://u:secret@127.0.0.1/x';
    expect(() => ctx.connect({ replication: { read: [{ hots: 'replica' } as never] } })).toThrow(
      /replication\.read\[0\]: unknown option hots/,
    );
    expect(() => ctx.connect({ replication: { read: [{ host: 'a' }, other] } })).toThrow(
      new RegExp(`replication\\.read\\[1\\]: .* is not a ${ctx.dialect} server`),
    );
    expect(() => ctx.connect({ replication: { read: [{ host: 'a' }, other] } })).not.toThrow(/secret/);
    expect(() => ctx.connect({ replication: { read: [{}], retryAfter: -1 } })).toThrow(/replication\.retryAfter/);
    expect(() => ctx.connect({ replication: { write: {} } as never })).toThrow(/read: \[server, \.\.\.\]/);
  });
});
