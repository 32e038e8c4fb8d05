import { DataTypes, Model, QueryTypes, Strata, Transaction, type CreationOptional } from '@strata/core';
import { testDialects } from '../../../../test-support/dialects';
import { PGBOUNCER, assertRunning } from '../../../../test-support/scale-out';
import { SERVERS } from '../../../../test-support/servers';
import { waitUntilBlocked } from '../transactions/lock-waits';

// The engine's core — CRUD, includes, transactions, savepoints, row locks, raw queries — through
// PgBouncer in transaction pooling mode (127.0.0.1:6432, started by .ci/run): each transaction,
// and each statement outside one, may run on a different server connection, and PgBouncer 1.18
// keeps no named prepared statements. PostgreSQL only: PgBouncer speaks its protocol alone.
const describeOnPostgres = testDialects().includes('postgres') ? describe : describe.skip;

function defineModels(db: Strata) {
  class Author extends Model {
    declare id: CreationOptional<number>;
    declare name: string;
    declare version: CreationOptional<number>;
  }
  class Book extends Model {
    declare id: CreationOptional<number>;
    declare title: string;
    declare authorId: number;
  }
  Author.init(
    {
      name: { type: DataTypes.STRING, allowNull: false },
      version: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    },
    { strata: db, tableName: 'bouncer_authors', timestamps: false },
  );
  Book.init(
    { title: { type: DataTypes.STRING, allowNull: false }, authorId: { type: DataTypes.INTEGER, allowNull: false } },
    { strata: db, tableName: 'bouncer_books', timestamps: false },
  );
  Author.hasMany(Book, { foreignKey: 'authorId', as: 'books' });
  Book.belongsTo(Author, { foreignKey: 'authorId', as: 'author' });
  return { Author, Book };
}

describeOnPostgres('the core through PgBouncer in transaction pooling mode', () => {
  const database = `strata_bouncer_${process.pid}`;
  const bouncerUrl = `postgres://postgres@${PGBOUNCER.host}:${PGBOUNCER.port}/${database}`;
  let db: Strata;
  let other: Strata;
  let models: ReturnType<typeof defineModels>;

  async function onPrimary(sql: string): Promise<void> {
    const admin = new Strata(SERVERS.postgres.url);
    try {
      await admin.query(sql);
    } finally {
      await admin.close();
    }
  }

  beforeAll(async () => {
    await assertRunning('pgbouncer');
    // PgBouncer forwards any database name (`* =`) but cannot create one: the primary does.
    await onPrimary(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await onPrimary(`CREATE DATABASE ${database}`);
    db = new Strata(bouncerUrl, { pool: { max: 8 } });
    other = new Strata(bouncerUrl, { pool: { max: 4 } });
    models = defineModels(db);
    await db.sync({ force: true });
  });

  afterAll(async () => {
    await db.close();
    await other.close();
    // PgBouncer keeps its server connections to the database open: FORCE ends them.
    await onPrimary(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  });

  it('talks to PostgreSQL through PgBouncer', async () => {
    const [row] = (await db.query('SHOW port', { type: QueryTypes.SELECT })) as [{ port: string }];
    // SHOW port answers the server's port: the client connected to 6432, the statement ran on 5432.
    expect(row.port).toBe(String(SERVERS.postgres.port));
  });

  it('creates, reads, updates and deletes, with includes', async () => {
    const { Author, Book } = models;
    const author = await Author.create({ name: 'Le Guin' });
    await Book.bulkCreate([
      { title: 'The Dispossessed', authorId: author.id },
      { title: 'The Lathe of Heaven', authorId: author.id },
    ]);
    const loaded = await Author.findByPk(author.id, { include: [{ model: Book, as: 'books' }] });
    expect((loaded?.get('books') as Array<{ title: string }>).map((book) => book.title).sort()).toEqual([
      'The Dispossessed',
      'The Lathe of Heaven',
    ]);
    const book = await Book.findOne({
      where: { title: 'The Dispossessed' },
      include: [{ model: Author, as: 'author' }],
    });
    expect((book?.get('author') as { name: string } | undefined)?.name).toBe('Le Guin');
    await author.update({ name: 'Ursula K. Le Guin' });
    expect((await Author.findByPk(author.id))?.name).toBe('Ursula K. Le Guin');
    expect(await Book.destroy({ where: { authorId: author.id } })).toBe(2);
    expect(await Book.count()).toBe(0);
  });

  it('runs many statement shapes with bound values on whichever server connection is free', async () => {
    const { Author } = models;
    // Unnamed statements only: a named prepared statement would be missing on the next server
    // connection and fail with "prepared statement does not exist".
    const found = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        Author.findAll({ where: { name: `nobody ${i}` }, limit: i + 1, attributes: i % 2 ? ['id'] : ['id', 'name'] }),
      ),
    );
    expect(found.every((rows) => rows.length === 0)).toBe(true);
    const counted = (await db.query('SELECT count(*)::int AS n FROM bouncer_authors WHERE name <> $1', {
      bind: ['nobody'],
      type: QueryTypes.SELECT,
    })) as Array<{ n: number }>;
    expect(counted[0].n).toBe(await Author.count());
  });

  it('commits and rolls back transactions, side by side, each on one server connection', async () => {
    const { Author } = models;
    const outcomes = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        db.transaction(async () => {
          const author = await Author.create({ name: `concurrent ${i}` });
          // Inside its transaction a row is visible to it alone, on every statement.
          expect(await Author.count({ where: { name: `concurrent ${i}` } })).toBe(1);
          await author.increment('version');
          if (i % 3 === 0) throw new Error(`roll back ${i}`);
        }),
      ),
    );
    expect(outcomes.filter((o) => o.status === 'rejected')).toHaveLength(4);
    const kept = await Author.findAll({ where: { name: Array.from({ length: 12 }, (_, i) => `concurrent ${i}`) } });
    expect(kept.map((a) => a.name).sort()).toEqual(
      Array.from({ length: 12 }, (_, i) => i)
        .filter((i) => i % 3 !== 0)
        .map((i) => `concurrent ${i}`)
        .sort(),
    );
    expect(kept.every((a) => a.version === 1)).toBe(true);
  });

  it('rolls back a savepoint and keeps the rest of its transaction', async () => {
    const { Author } = models;
    await db.transaction(async () => {
      await Author.create({ name: 'outer' });
      await db
        .transaction(async () => {
          await Author.create({ name: 'inner' });
          throw new Error('undo the savepoint');
        })
        .catch(() => undefined);
      expect(await Author.count({ where: { name: ['outer', 'inner'] } })).toBe(1);
    });
    expect((await Author.findAll({ where: { name: ['outer', 'inner'] } })).map((a) => a.name)).toEqual(['outer']);
  });

  it('keeps a row lock for the whole transaction: another locking read waits, SKIP LOCKED passes it over', async () => {
    const { Author } = models;
    const { Author: OtherAuthor } = defineModels(other);
    const author = await Author.create({ name: 'locked' });
    const holder = await db.transaction();
    await Author.findByPk(author.id, { lock: true, transaction: holder });
    const skipped = await other.transaction(() =>
      OtherAuthor.findAll({ where: { id: author.id }, lock: true, skipLocked: true }),
    );
    expect(skipped).toEqual([]);
    const events: string[] = [];
    const waiting = other.transaction(async (t) => {
      const row = await OtherAuthor.findByPk(author.id, { lock: t.LOCK.UPDATE });
      events.push(`waiter read version ${String(row?.version)}`);
    });
    await waitUntilBlocked(db, 'bouncer_authors');
    await author.increment('version', { transaction: holder });
    events.push('holder commits');
    await holder.commit();
    await waiting;
    expect(events).toEqual(['holder commits', 'waiter read version 1']);
  });

  it('keeps SET LOCAL inside its transaction, so no setting leaks to the next client of a server connection', async () => {
    const inside = await db.transaction(async () => {
      await db.query("SET LOCAL statement_timeout = '4321ms'");
      const [row] = (await db.query('SHOW statement_timeout', { type: QueryTypes.SELECT })) as [
        { statement_timeout: string },
      ];
      return row.statement_timeout;
    });
    expect(inside).toBe('4321ms');
    const after = await Promise.all(
      Array.from({ length: 8 }, () => db.query('SHOW statement_timeout', { type: QueryTypes.SELECT })),
    );
    expect(after.flat()).toEqual(Array(8).fill({ statement_timeout: '0' }));
  });

  it('reports the pool and answers a health check through PgBouncer', async () => {
    const report = await db.healthCheck({ timeout: 2000 });
    expect(report.healthy).toBe(true);
    expect(report.servers.map((s) => [s.server, s.status, s.address])).toEqual([
      ['primary', 'up', `${PGBOUNCER.host}:${PGBOUNCER.port}`],
    ]);
    expect(db.poolStats()[0].max).toBe(8);
  });

  it('uses the isolation level a transaction asks for', async () => {
    const level = await db.transaction({ isolationLevel: Transaction.ISOLATION_LEVELS.SERIALIZABLE }, async () => {
      const [row] = (await db.query('SHOW transaction_isolation', { type: QueryTypes.SELECT })) as [
        { transaction_isolation: string },
      ];
      return row.transaction_isolation;
    });
    expect(level).toBe('serializable');
  });
});
