'use strict';
/**
 * knex 3.3.0 (the query builder Strata compiles through). No models: rows are plain objects,
 * timestamps are written by hand, W5 is two queries grouped in JS, the bulk insert is
 * knex.batchInsert (which runs its chunks in a transaction).
 */
const { requireFrom } = require('../lib/deps');
const { defineContestant, now, readSqliteSettings, runConcurrently, streamSummary } = require('../lib/contestant');
const { BULK_CHUNK } = require('../lib/schema');

function attachPosts(users, posts) {
  const byId = new Map();
  for (const u of users) {
    u.posts = [];
    byId.set(u.id, u);
  }
  for (const p of posts) byId.get(p.userId).posts.push(p);
  return users;
}

function knexConfig(conn) {
  return conn.dialect === 'sqlite'
    ? {
        client: 'better-sqlite3',
        connection: { filename: conn.file },
        useNullAsDefault: true,
        pool: {
          afterCreate(db, done) {
            db.pragma('journal_mode = WAL');
            db.pragma('synchronous = NORMAL');
            db.pragma('foreign_keys = ON');
            done(null, db);
          },
        },
      }
    : // knex's default pool is { min: 2, max: 10 }: the pool of 10 W9 asks for.
      { client: 'pg', connection: conn.pg };
}

module.exports = defineContestant({
  name: 'knex',
  tier: 'core',
  packages: ['knex'],
  dialects: ['sqlite', 'postgres'],

  async setup(conn) {
    const knex = requireFrom('core', 'knex');
    return { dialect: conn.dialect, db: knex(knexConfig(conn)) };
  },
  async teardown({ db }) {
    await db.destroy();
  },
  sqliteSettings: ({ db }) => readSqliteSettings((sql) => db.raw(sql)),
  workloadUnavailable(workload, dialect) {
    if (workload === 'W10P') {
      return 'knex has no includes to stream with (and its stream holds the one SQLite connection the per-batch posts query would need)';
    }
    if ((workload === 'W10' || workload === 'W10P') && dialect === 'postgres') {
      return "knex's stream() on pg needs the pg-query-stream package, which the bench does not install";
    }
    return null;
  },

  workloads: {
    async W1({ db, dialect }, users) {
      await db.transaction(async (trx) => {
        for (const u of users) {
          const t = now(dialect);
          await trx('users').insert({ email: u.email, name: u.name, age: u.age, createdAt: t, updatedAt: t });
        }
      });
    },
    async W2({ db, dialect }, users) {
      const t = now(dialect);
      const rows = users.map((u) => ({ email: u.email, name: u.name, age: u.age, createdAt: t, updatedAt: t }));
      await db.batchInsert('users', rows, BULK_CHUNK);
    },
    async W3({ db }) {
      return db('users').select('*');
    },
    async W4({ db }, ids) {
      let found = 0;
      let ageSum = 0;
      let idSum = 0;
      for (const id of ids) {
        const u = await db('users').where({ id }).first();
        if (u) {
          found += 1;
          ageSum += u.age;
          idSum += u.id;
        }
      }
      return { found, ageSum, idSum };
    },
    async W5({ db }) {
      const users = await db('users').select('*');
      const posts = await db('posts').whereIn('userId', db('users').select('id')).orderBy(['userId', 'id']);
      return attachPosts(users, posts);
    },
    async W6({ db, dialect }, updates) {
      await db.transaction(async (trx) => {
        for (const u of updates) {
          await trx('users')
            .where({ id: u.id })
            .update({ name: u.name, age: u.age, updatedAt: now(dialect) });
        }
      });
    },
    /** knex alone (W8's baseline): it defines nothing, it connects and reads one row. */
    async W8(conn, { id }) {
      const knex = requireFrom('core', 'knex');
      const db = knex(knexConfig(conn));
      const user = await db('users').where({ id }).first();
      return { user, close: () => db.destroy() };
    },
    async W9({ db, dialect }, { requests, workers }) {
      let posts = 0;
      const latencies = await runConcurrently(requests, workers, (id) =>
        db.transaction(async (trx) => {
          const user = await trx('users').where({ id }).first();
          user.posts = await trx('posts').where({ userId: id }).orderBy('id');
          posts += user.posts.length;
          await trx('users')
            .where({ id })
            .update({ name: `w9-${id}`, age: user.age + 1, updatedAt: now(dialect) });
        }),
      );
      return { latencies, posts };
    },
    /** knex's stream() (on better-sqlite3 it reads every row first, then writes them to the stream). */
    async W10({ db }, { meter }) {
      const { summary, add } = streamSummary(meter);
      for await (const user of db('users').orderBy('id').stream()) add(user);
      return summary;
    },
    async W7({ db }, q) {
      let total = 0;
      let last = [];
      for (let i = 0; i < q.iterations; i += 1) {
        last = await db('users')
          .whereBetween('age', [q.minAge, q.maxAge])
          .andWhere('name', 'like', q.like)
          .orderBy('age', 'desc')
          .limit(q.limit);
        total += last.length;
      }
      return { total, last };
    },
  },
});
