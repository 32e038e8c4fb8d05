'use strict';
/**
 * The baseline: the raw driver, the way a speed-conscious hand would write it.
 * SQLite: better-sqlite3 with cached prepared statements and db.transaction().
 * PostgreSQL: one pg Client, named (server-side prepared) statements, BEGIN/COMMIT, and
 * unnest() arrays for the bulk insert.
 * Rows come back as plain objects (there are no models); W5 is two queries grouped in JS.
 */
const { requireFrom } = require('../lib/deps');
const { defineContestant, now, readSqliteSettings, runConcurrently, streamSummary } = require('../lib/contestant');

const SQL = {
  insert: 'INSERT INTO users (email, name, age, "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?)',
  all: 'SELECT * FROM users',
  byPk: 'SELECT * FROM users WHERE id = ?',
  posts: 'SELECT * FROM posts WHERE "userId" IN (SELECT id FROM users) ORDER BY "userId", id',
  update: 'UPDATE users SET name = ?, age = ?, "updatedAt" = ? WHERE id = ?',
  filter: 'SELECT * FROM users WHERE age BETWEEN ? AND ? AND name LIKE ? ORDER BY age DESC LIMIT ?',
  allById: 'SELECT * FROM users ORDER BY id',
  postsOfUser: 'SELECT * FROM posts WHERE "userId" = ? ORDER BY id',
};

/** Rows per cursor read in W10/W10P (Strata's findEach default as well). */
const BATCH = 1000;

/** Groups a batch's posts under their users (`posts`), in the users' order. */
function attachBatchPosts(users, posts) {
  const byId = new Map(users.map((u) => [u.id, (u.posts = [])]));
  for (const p of posts) byId.get(p.userId).push(p);
}

const toPg = (sql) => {
  let i = 0;
  return sql.replace(/\?/g, () => `$${++i}`);
};

function attachPosts(users, posts) {
  const byId = new Map();
  for (const u of users) {
    u.posts = [];
    byId.set(u.id, u);
  }
  for (const p of posts) byId.get(p.userId).posts.push(p);
  return users;
}

/* ------------------------------------------------------------------ SQLite */

const sqlite = {
  async setup(conn) {
    const Database = requireFrom('core', 'better-sqlite3');
    const db = new Database(conn.file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    const cache = new Map();
    const stmt = (sql) => {
      let s = cache.get(sql);
      if (!s) cache.set(sql, (s = db.prepare(sql)));
      return s;
    };
    return { db, stmt };
  },
  W1({ db, stmt }, users) {
    const insert = stmt(SQL.insert);
    db.transaction(() => {
      for (const u of users) {
        const t = now('sqlite');
        insert.run(u.email, u.name, u.age, t, t);
      }
    })();
  },
  W2({ db, stmt }, users) {
    const insert = stmt(SQL.insert);
    db.transaction(() => {
      const t = now('sqlite');
      for (const u of users) insert.run(u.email, u.name, u.age, t, t);
    })();
  },
  W3({ stmt }) {
    return stmt(SQL.all).all();
  },
  W4({ stmt }, ids) {
    const byPk = stmt(SQL.byPk);
    let found = 0;
    let ageSum = 0;
    let idSum = 0;
    for (const id of ids) {
      const u = byPk.get(id);
      if (u) {
        found += 1;
        ageSum += u.age;
        idSum += u.id;
      }
    }
    return { found, ageSum, idSum };
  },
  W5({ stmt }) {
    return attachPosts(stmt(SQL.all).all(), stmt(SQL.posts).all());
  },
  W6({ db, stmt }, updates) {
    const update = stmt(SQL.update);
    db.transaction(() => {
      for (const u of updates) update.run(u.name, u.age, now('sqlite'), u.id);
    })();
  },
  W8(conn, { id }) {
    const Database = requireFrom('core', 'better-sqlite3');
    const db = new Database(conn.file);
    const user = db.prepare(SQL.byPk).get(id);
    return { user, close: async () => db.close() };
  },
  W10({ stmt }, { meter }) {
    const { summary, add } = streamSummary(meter);
    for (const user of stmt(SQL.allById).iterate()) add(user);
    return summary;
  },
  W10P({ db, stmt }, { meter }) {
    const { summary, add } = streamSummary(meter);
    // A statement per batch length: `IN (?, ?, ...)` with one placeholder per user.
    const postsOf = (n) => stmt(`SELECT * FROM posts WHERE "userId" IN (${Array(n).fill('?').join(', ')}) ORDER BY "userId", id`);
    let batch = [];
    const flush = () => {
      attachBatchPosts(batch, postsOf(batch.length).all(...batch.map((u) => u.id)));
      for (const user of batch) add(user, user.posts);
      batch = [];
    };
    // A fresh statement for the iterator: the cached ones may run while it is open.
    for (const user of db.prepare(SQL.allById).iterate()) {
      batch.push(user);
      if (batch.length === BATCH) flush();
    }
    if (batch.length) flush();
    return summary;
  },
  W7({ stmt }, q) {
    const filter = stmt(SQL.filter);
    let total = 0;
    let last = [];
    for (let i = 0; i < q.iterations; i += 1) {
      last = filter.all(q.minAge, q.maxAge, q.like, q.limit);
      total += last.length;
    }
    return { total, last };
  },
};

/* ------------------------------------------------------------------ PostgreSQL */

const pg = {
  async setup(conn) {
    const { Client } = requireFrom('core', 'pg');
    const client = new Client(conn.pg);
    await client.connect();
    // Named queries are prepared once per connection and reused.
    const q = (name, sql, values) => client.query({ name, text: toPg(sql), values });
    // W9's pool of 10; it connects lazily, so the other workloads never open it.
    const pool = new (requireFrom('core', 'pg').Pool)({ ...conn.pg, max: 10 });
    return { client, q, pool };
  },
  async W1({ client, q }, users) {
    await client.query('BEGIN');
    for (const u of users) {
      const t = now('postgres');
      await q('insert', SQL.insert, [u.email, u.name, u.age, t, t]);
    }
    await client.query('COMMIT');
  },
  async W2({ client }, users) {
    const t = now('postgres');
    await client.query(
      `INSERT INTO users (email, name, age, "createdAt", "updatedAt")
       SELECT t.email, t.name, t.age, $4, $4 FROM unnest($1::text[], $2::text[], $3::int[]) AS t(email, name, age)`,
      [users.map((u) => u.email), users.map((u) => u.name), users.map((u) => u.age), t],
    );
  },
  async W3({ q }) {
    return (await q('all', SQL.all, [])).rows;
  },
  async W4({ q }, ids) {
    let found = 0;
    let ageSum = 0;
    let idSum = 0;
    for (const id of ids) {
      const u = (await q('byPk', SQL.byPk, [id])).rows[0];
      if (u) {
        found += 1;
        ageSum += u.age;
        idSum += u.id;
      }
    }
    return { found, ageSum, idSum };
  },
  async W5({ q }) {
    const users = (await q('all', SQL.all, [])).rows;
    const posts = (await q('posts', SQL.posts, [])).rows;
    return attachPosts(users, posts);
  },
  async W6({ client, q }, updates) {
    await client.query('BEGIN');
    for (const u of updates) await q('update', SQL.update, [u.name, u.age, now('postgres'), u.id]);
    await client.query('COMMIT');
  },
  async W8(conn, { id }) {
    const { Client } = requireFrom('core', 'pg');
    const client = new Client(conn.pg);
    await client.connect();
    const user = (await client.query(toPg(SQL.byPk), [id])).rows[0];
    return { user, close: () => client.end() };
  },
  /** W9 on a pg.Pool of 10 (made in setup), named statements, BEGIN/COMMIT per request. */
  async W9({ pool }, { requests, workers }) {
    let posts = 0;
    const latencies = await runConcurrently(requests, workers, async (id) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const user = (await client.query({ name: 'byPk', text: toPg(SQL.byPk), values: [id] })).rows[0];
        user.posts = (await client.query({ name: 'postsOfUser', text: toPg(SQL.postsOfUser), values: [id] })).rows;
        posts += user.posts.length;
        await client.query({
          name: 'update',
          text: toPg(SQL.update),
          values: [`w9-${id}`, user.age + 1, now('postgres'), id],
        });
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      } finally {
        client.release();
      }
    });
    return { latencies, posts };
  },
  /** A server-side cursor with plain SQL: DECLARE, FETCH 1000 at a time, CLOSE, in a transaction. */
  async W10({ client }, { meter }) {
    const { summary, add } = streamSummary(meter);
    await withCursor(client, SQL.allById, (users) => {
      for (const user of users) add(user);
    });
    return summary;
  },
  async W10P({ client }, { meter }) {
    const { summary, add } = streamSummary(meter);
    await withCursor(client, SQL.allById, async (users) => {
      const ids = users.map((u) => u.id);
      const posts = await client.query({
        name: 'postsOfUsers',
        text: 'SELECT * FROM posts WHERE "userId" = ANY($1) ORDER BY "userId", id',
        values: [ids],
      });
      attachBatchPosts(users, posts.rows);
      for (const user of users) add(user, user.posts);
    });
    return summary;
  },
  async W7({ q }, query) {
    let total = 0;
    let last = [];
    for (let i = 0; i < query.iterations; i += 1) {
      last = (await q('filter', SQL.filter, [query.minAge, query.maxAge, query.like, query.limit])).rows;
      total += last.length;
    }
    return { total, last };
  },
};

/** Runs `sql` through a cursor on `client`, handing each batch of rows to `each`. */
async function withCursor(client, sql, each) {
  await client.query('BEGIN');
  try {
    await client.query(`DECLARE bench_cursor NO SCROLL CURSOR FOR ${sql}`);
    for (;;) {
      const { rows } = await client.query(`FETCH FORWARD ${BATCH} FROM bench_cursor`);
      if (rows.length) await each(rows);
      if (rows.length < BATCH) break;
    }
    await client.query('CLOSE bench_cursor');
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

const impl = { sqlite, postgres: pg };
const dispatch = (name) => (ctx, input) => impl[ctx.dialect][name](ctx, input);

module.exports = defineContestant({
  name: 'raw',
  tier: 'core',
  packages: ['better-sqlite3', 'pg'],
  dialects: ['sqlite', 'postgres'],
  async setup(conn) {
    return { dialect: conn.dialect, ...(await impl[conn.dialect].setup(conn)) };
  },
  async teardown(ctx) {
    if (ctx.dialect === 'sqlite') ctx.db.close();
    else await Promise.all([ctx.client.end(), ctx.pool.end()]);
  },
  sqliteSettings: (ctx) => readSqliteSettings(async (sql) => ctx.db.prepare(sql).all()),
  workloads: Object.fromEntries(
    ['W1', 'W2', 'W3', 'W4', 'W5', 'W6', 'W7', 'W8', 'W9', 'W10', 'W10P'].map((w) => [w, dispatch(w)]),
  ),
});
