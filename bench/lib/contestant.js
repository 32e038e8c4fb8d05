'use strict';
/**
 * The contestant interface. Every bench/contestants/<name>.js exports defineContestant({...}):
 *
 *   name          display name
 *   tier          'core' | 'peers': which install tier its modules come from (lib/deps.js)
 *   packages      package names whose installed versions go into the report
 *   dialects      the dialects it supports ('sqlite', 'postgres')
 *   unavailable?  (dialect) => reason string | null. A reason skips the contestant (reported, not run)
 *   setup         async (conn) => ctx. conn is { dialect: 'sqlite', file } or
 *                 { dialect: 'postgres', pg: { host, port, user, database } }. The schema exists
 *                 and is seeded; setup only connects and defines models. Untimed.
 *   teardown      async (ctx) => void. Closes every connection. Untimed.
 *   sqliteSettings async (ctx) => { journal_mode, synchronous, foreign_keys }, read through the
 *                 contestant's own connection; must equal lib/schema.js SQLITE_SETTINGS.
 *   postsOf       (user) => [{ userId, title }]: the posts W5 attached to a user (default: user.posts)
 *   workloads     { W1(ctx, users), W2(ctx, users), W3(ctx), W4(ctx, ids), W5(ctx),
 *                   W6(ctx, updates), W7(ctx, query), W9(ctx, { requests, workers }),
 *                   W10(ctx, { meter }), W10P(ctx, { meter }) }: only these calls are timed.
 *                 W8(conn, { id }) is different: lib/cold-start.js calls it in a fresh process
 *                 with the connection details (no setup), and it returns { user, models?,
 *                 associations?, close }. A contestant may leave out any of W8-W10P.
 *   workloadUnavailable? (workload, dialect) => reason | null: a workload it cannot run there.
 *                 W3 and W5 return the users they read; W4 returns { found, ageSum, idSum };
 *                 W7 returns { total, last } (rows over all iterations, the last result).
 *                 See lib/workloads.js for inputs and proofs.
 */
const REQUIRED = ['name', 'tier', 'dialects', 'setup', 'teardown', 'sqliteSettings', 'workloads'];

function defineContestant(def) {
  for (const key of REQUIRED) {
    if (!def[key]) throw new Error(`contestant ${def.name || '?'} is missing "${key}"`);
  }
  const ownUnavailable = def.unavailable;
  return {
    packages: [],
    postsOf: (user) => user.posts,
    ...def,
    unavailable(dialect) {
      if (!def.dialects.includes(dialect)) return `does not support ${dialect}`;
      return ownUnavailable ? ownUnavailable(dialect) : null;
    },
  };
}

/** The timestamp value a contestant writes itself when its API does not (raw SQL, knex). */
function now(dialect) {
  return dialect === 'sqlite' ? new Date().toISOString() : new Date();
}

/** Reads the three SQLite settings with a function that runs one PRAGMA and returns its rows. */
async function readSqliteSettings(runPragma) {
  const first = async (pragma) => {
    const rows = await runPragma(`PRAGMA ${pragma}`);
    const row = Array.isArray(rows) ? rows[0] : rows;
    return row && typeof row === 'object' ? Object.values(row)[0] : row;
  };
  return {
    journal_mode: await first('journal_mode'),
    synchronous: await first('synchronous'),
    foreign_keys: await first('foreign_keys'),
  };
}

/** Splits an array into chunks of `size`. */
function chunks(array, size) {
  const out = [];
  for (let i = 0; i < array.length; i += size) out.push(array.slice(i, i + size));
  return out;
}

/**
 * W9's load: `workers` concurrent loops take request numbers 1..requests in turn and run
 * `handle(id)` for each; resolves to every request's latency in ms.
 */
async function runConcurrently(requests, workers, handle) {
  const latencies = [];
  let next = 1;
  const loop = async () => {
    while (next <= requests) {
      const id = next++;
      const started = performance.now();
      await handle(id);
      latencies.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: workers }, loop));
  return latencies;
}

/**
 * What W10/W10P return, accumulated row by row: count, sums, whether ids only grew, and for
 * W10P the posts seen and those attached to the wrong user. `add` also ticks the memory meter.
 */
function streamSummary(meter) {
  const summary = { count: 0, idSum: 0, ageSum: 0, ordered: true, posts: 0, strayPosts: 0 };
  let last = 0;
  return {
    summary,
    add(user, posts) {
      meter.row();
      const id = Number(user.id);
      summary.count += 1;
      summary.idSum += id;
      summary.ageSum += Number(user.age);
      if (id <= last) summary.ordered = false;
      last = id;
      if (posts) {
        summary.posts += posts.length;
        for (const post of posts) if (Number(post.userId) !== id) summary.strayPosts += 1;
      }
    },
  };
}

module.exports = { defineContestant, now, readSqliteSettings, chunks, runConcurrently, streamSummary };
