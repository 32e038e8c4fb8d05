'use strict';
/**
 * Fresh databases, raw seeding and read-back for the proofs. Everything here uses the raw
 * drivers from the core tier and runs outside the timed section.
 *
 * SQLite: a new file in the OS temp dir per phase (warm-up, measured), created in WAL mode with
 *         the schema; the contestant then opens it and must run with WAL, synchronous=NORMAL and
 *         foreign_keys=ON on its own connection.
 * PostgreSQL: the orchestrator creates one database per run (strata_bench_<pid>); each phase of
 *         each worker drops and recreates its public schema, so every phase starts empty.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { requireFrom } = require('./deps');
const { DDL } = require('./schema');
const { SEED_TIME, SEED_TIME_TEXT } = require('./data');

const PG_DEFAULTS = { host: '127.0.0.1', port: 5432, user: 'postgres', adminDatabase: 'test' };

function pgConfig(database) {
  return { host: PG_DEFAULTS.host, port: PG_DEFAULTS.port, user: PG_DEFAULTS.user, database };
}

function removeSqliteFiles(file) {
  for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(file + suffix, { force: true });
}

/* ---------------------------------------------------------------- fresh databases */

async function freshDatabase(dialect, { tag, pgDatabase }) {
  if (dialect === 'sqlite') {
    const dir = path.join(os.tmpdir(), 'strata-bench');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${process.pid}-${tag}.db`);
    removeSqliteFiles(file);
    const Database = requireFrom('core', 'better-sqlite3');
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    for (const sql of DDL.sqlite) db.exec(sql);
    db.close();
    return { dialect, file };
  }
  if (dialect === 'postgres') {
    const pg = pgConfig(pgDatabase);
    const { Client } = requireFrom('core', 'pg');
    const client = new Client(pg);
    await client.connect();
    try {
      await client.query('DROP SCHEMA IF EXISTS public CASCADE');
      await client.query('CREATE SCHEMA public');
      for (const sql of DDL.postgres) await client.query(sql);
    } finally {
      await client.end();
    }
    return { dialect, pg };
  }
  throw new Error(`unknown dialect ${dialect}`);
}

function dropDatabase(conn) {
  if (conn.dialect === 'sqlite') removeSqliteFiles(conn.file);
}

/* ---------------------------------------------------------------- raw access (seeding, proofs) */

/**
 * A tiny uniform facade over the raw driver: all(sql, params) and exec(sql, params).
 * Write SQL with `?` placeholders and double-quoted identifiers; it is adapted for pg.
 */
async function openRaw(conn) {
  if (conn.dialect === 'sqlite') {
    const Database = requireFrom('core', 'better-sqlite3');
    const db = new Database(conn.file);
    return {
      dialect: 'sqlite',
      db,
      all: async (sql, params = []) => db.prepare(sql).all(...params),
      exec: async (sql, params = []) => db.prepare(sql).run(...params),
      transaction: async (fn) => {
        db.exec('BEGIN');
        try {
          await fn();
          db.exec('COMMIT');
        } catch (error) {
          db.exec('ROLLBACK');
          throw error;
        }
      },
      close: async () => db.close(),
    };
  }
  const { Client } = requireFrom('core', 'pg');
  const client = new Client(conn.pg);
  await client.connect();
  const toPg = (sql) => {
    let i = 0;
    return sql.replace(/\?/g, () => `$${++i}`);
  };
  return {
    dialect: 'postgres',
    client,
    all: async (sql, params = []) => (await client.query(toPg(sql), params)).rows,
    exec: async (sql, params = []) => client.query(toPg(sql), params),
    transaction: async (fn) => {
      await client.query('BEGIN');
      try {
        await fn();
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    },
    close: async () => client.end(),
  };
}

/** Seeds users (ids 1..n in order) and optionally their posts, with plain SQL in one transaction. */
async function seed(conn, { users = [], posts = [], generated }) {
  if (generated) return seedGenerated(conn, generated);
  const raw = await openRaw(conn);
  try {
    if (raw.dialect === 'sqlite') {
      const db = raw.db;
      const insertUser = db.prepare(
        'INSERT INTO users (id, email, name, age, "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?)',
      );
      const insertPost = db.prepare(
        'INSERT INTO posts ("userId", title, body, published, "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?)',
      );
      db.transaction(() => {
        users.forEach((u, i) => insertUser.run(i + 1, u.email, u.name, u.age, SEED_TIME_TEXT, SEED_TIME_TEXT));
        for (const p of posts)
          insertPost.run(p.userId, p.title, p.body, p.published ? 1 : 0, SEED_TIME_TEXT, SEED_TIME_TEXT);
      })();
    } else {
      await raw.transaction(async () => {
        if (users.length) {
          await raw.client.query(
            `INSERT INTO users (id, email, name, age, "createdAt", "updatedAt")
             SELECT t.id, t.email, t.name, t.age, $5, $5
             FROM unnest($1::int[], $2::text[], $3::text[], $4::int[]) AS t(id, email, name, age)`,
            [
              users.map((_, i) => i + 1),
              users.map((u) => u.email),
              users.map((u) => u.name),
              users.map((u) => u.age),
              SEED_TIME,
            ],
          );
          await raw.client.query(`SELECT setval(pg_get_serial_sequence('users', 'id'), $1)`, [users.length]);
        }
        if (posts.length) {
          await raw.client.query(
            `INSERT INTO posts ("userId", title, body, published, "createdAt", "updatedAt")
             SELECT t.uid, t.title, t.body, t.published, $5, $5
             FROM unnest($1::int[], $2::text[], $3::text[], $4::bool[]) AS t(uid, title, body, published)`,
            [
              posts.map((p) => p.userId),
              posts.map((p) => p.title),
              posts.map((p) => p.body),
              posts.map((p) => p.published),
              SEED_TIME,
            ],
          );
        }
      });
    }
  } finally {
    await raw.close();
  }
}

/**
 * Seeds `users` users (lib/data.js generatedUser: id, g<id>@bench.test, n<id>, 18 + id % 63) and
 * `postsPerUser` posts each ("post <userId>-<k>"), generated by the database in two statements,
 * so the worker never holds them (the streaming workloads measure its memory).
 */
async function seedGenerated(conn, { users, postsPerUser }) {
  const raw = await openRaw(conn);
  try {
    if (raw.dialect === 'sqlite') {
      const seq = 'WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < ?)';
      raw.db.transaction(() => {
        raw.db
          .prepare(
            `INSERT INTO users (id, email, name, age, "createdAt", "updatedAt") ${seq}
             SELECT i, 'g' || i || '@bench.test', 'n' || i, 18 + i % 63, ?, ? FROM seq`,
          )
          .run(users, SEED_TIME_TEXT, SEED_TIME_TEXT);
        if (postsPerUser > 0) {
          raw.db
            .prepare(
              `INSERT INTO posts ("userId", title, body, published, "createdAt", "updatedAt")
               WITH RECURSIVE u(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM u WHERE i < ?),
                              k(j) AS (SELECT 1 UNION ALL SELECT j + 1 FROM k WHERE j < ?)
               SELECT i, 'post ' || i || '-' || j, 'body of post ' || j, j % 2 = 0, ?, ? FROM u, k ORDER BY i, j`,
            )
            .run(users, postsPerUser, SEED_TIME_TEXT, SEED_TIME_TEXT);
        }
      })();
      return;
    }
    await raw.transaction(async () => {
      await raw.client.query(
        `INSERT INTO users (id, email, name, age, "createdAt", "updatedAt")
         SELECT i, 'g' || i || '@bench.test', 'n' || i, 18 + i % 63, $2, $2 FROM generate_series(1, $1::int) i`,
        [users, SEED_TIME],
      );
      await raw.client.query(`SELECT setval(pg_get_serial_sequence('users', 'id'), $1)`, [users]);
      if (postsPerUser > 0) {
        await raw.client.query(
          `INSERT INTO posts ("userId", title, body, published, "createdAt", "updatedAt")
           SELECT i, 'post ' || i || '-' || j, 'body of post ' || j, j % 2 = 0, $3, $3
           FROM generate_series(1, $1::int) i, generate_series(1, $2::int) j ORDER BY i, j`,
          [users, postsPerUser, SEED_TIME],
        );
      }
    });
  } finally {
    await raw.close();
  }
}

module.exports = { PG_DEFAULTS, pgConfig, freshDatabase, dropDatabase, openRaw, seed };
