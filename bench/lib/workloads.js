'use strict';
/**
 * The seven workloads: sizes, the untimed preparation (seed data + input), and the proof.
 *
 * prepare(f)  runs outside the timed section. f scales every size (1 for the measured pass of a
 *             full run, 0.1 for its warm-up, 0.02 / 0.002 for --quick). It returns
 *             { items, seed: { users, posts }, input, expect }: `seed` is written with raw SQL
 *             before the contestant connects, `input` is handed to the contestant's workload.
 * prove(...)  runs after the timed section and after the contestant closed its connection. It
 *             reads the database with the raw driver and checks the workload's return value; it
 *             throws (and the run counts as failed, not timed) if the work was not done.
 */
const { makeUsers, makePosts, randomIds, SEED_TIME, SEED_TIME_TEXT, generatedUser } = require('./data');
const { createMeter } = require('./meter');

const scaler =
  (f) =>
  (x, min = 1) =>
    Math.max(min, Math.round(x * f));

function check(condition, message) {
  if (!condition) throw new Error(`proof failed: ${message}`);
}

const num = (v) => (v === null || v === undefined ? v : Number(v));

/** Reads all users back and compares them with what the workload should have left behind. */
async function proveUsersTable(raw, expected, label) {
  const rows = await raw.all('SELECT id, email, name, age, "createdAt", "updatedAt" FROM users ORDER BY id');
  check(
    rows.length === expected.length,
    `${label}: expected ${expected.length} users in the table, found ${rows.length}`,
  );
  const byEmail = new Map(expected.map((u) => [u.email, u]));
  for (const row of rows) {
    const want = byEmail.get(row.email);
    check(want, `${label}: unexpected user ${row.email}`);
    check(
      row.name === want.name && num(row.age) === want.age,
      `${label}: user ${row.email} has name=${row.name} age=${row.age}, expected ${want.name}/${want.age}`,
    );
    check(row.createdAt !== null && row.updatedAt !== null, `${label}: user ${row.email} has no timestamps`);
  }
}

/** Checks user-like objects (model instances or rows) against the seeded users (ids are 1..n). */
function proveUserObjects(objects, seeded, label) {
  for (const u of objects) {
    const id = num(u.id);
    const want = seeded[id - 1];
    check(want, `${label}: returned a user with unknown id ${u.id}`);
    check(
      u.email === want.email && u.name === want.name && num(u.age) === want.age,
      `${label}: user ${id} read back as ${u.email}/${u.name}/${u.age}`,
    );
    check(u.createdAt !== null && u.createdAt !== undefined, `${label}: user ${id} came back without createdAt`);
  }
}

const WORKLOADS = {
  W1: {
    title: 'insert 5,000 users, one create() at a time, in one transaction',
    short: 'create x1 in tx',
    unit: 'inserts',
    prepare(f) {
      const n = scaler(f)(5000);
      const users = makeUsers(n, 'w1-');
      return { items: n, seed: {}, input: users, expect: { users } };
    },
    async prove(raw, { expect }) {
      await proveUsersTable(raw, expect.users, 'W1');
    },
  },

  W2: {
    title: 'bulk insert 50,000 users with the bulk API',
    short: 'bulk insert',
    unit: 'rows',
    prepare(f) {
      const n = scaler(f)(50000);
      const users = makeUsers(n, 'w2-');
      return { items: n, seed: {}, input: users, expect: { users } };
    },
    async prove(raw, { expect }) {
      await proveUsersTable(raw, expect.users, 'W2');
    },
  },

  W3: {
    title: 'read 10,000 users as model instances, all columns',
    short: 'read all',
    unit: 'rows',
    prepare(f) {
      const n = scaler(f)(10000);
      const users = makeUsers(n);
      return { items: n, seed: { users }, input: {}, expect: { users } };
    },
    async prove(raw, { result, expect }) {
      check(Array.isArray(result), 'W3: the workload did not return an array');
      check(result.length === expect.users.length, `W3: read ${result.length} users, expected ${expect.users.length}`);
      proveUserObjects(result, expect.users, 'W3');
      check(new Set(result.map((u) => num(u.id))).size === result.length, 'W3: duplicate users');
    },
  },

  W4: {
    title: '10,000 findByPk by random id, one after another',
    short: 'findByPk',
    unit: 'queries',
    prepare(f) {
      const s = scaler(f);
      const users = makeUsers(s(10000));
      const ids = randomIds(s(10000), users.length);
      let ageSum = 0;
      let idSum = 0;
      for (const id of ids) {
        ageSum += users[id - 1].age;
        idSum += id;
      }
      return { items: ids.length, seed: { users }, input: ids, expect: { found: ids.length, ageSum, idSum } };
    },
    async prove(raw, { result, expect }) {
      check(result && typeof result === 'object', 'W4: the workload did not return { found, ageSum, idSum }');
      check(result.found === expect.found, `W4: found ${result.found} users, expected ${expect.found}`);
      check(
        result.ageSum === expect.ageSum && result.idSum === expect.idSum,
        `W4: sums ${result.ageSum}/${result.idSum} differ from ${expect.ageSum}/${expect.idSum}`,
      );
    },
  },

  W5: {
    title: '1,000 users with 10 posts each, all read with their posts (include)',
    short: 'include posts',
    unit: 'users',
    prepare(f) {
      const n = scaler(f)(1000);
      const users = makeUsers(n);
      const posts = makePosts(n, 10);
      return { items: n, seed: { users, posts }, input: {}, expect: { users, perUser: 10 } };
    },
    async prove(raw, { result, expect, contestant }) {
      check(Array.isArray(result), 'W5: the workload did not return an array');
      check(result.length === expect.users.length, `W5: read ${result.length} users, expected ${expect.users.length}`);
      proveUserObjects(result, expect.users, 'W5');
      let total = 0;
      for (const u of result) {
        const posts = contestant.postsOf(u);
        check(
          Array.isArray(posts) && posts.length === expect.perUser,
          `W5: user ${u.id} came back with ${posts && posts.length} posts, expected ${expect.perUser}`,
        );
        for (const p of posts) {
          check(
            num(p.userId) === num(u.id) && p.title.startsWith(`post ${num(u.id)}-`),
            `W5: user ${u.id} got post "${p.title}" of user ${p.userId}`,
          );
        }
        total += posts.length;
      }
      check(total === expect.users.length * expect.perUser, `W5: ${total} posts in total`);
    },
  },

  W6: {
    title: 'update 5,000 users one at a time by primary key, in one transaction',
    short: 'update x1 in tx',
    unit: 'updates',
    prepare(f) {
      const n = scaler(f)(5000);
      const users = makeUsers(n);
      const input = users.map((u, i) => ({ id: i + 1, name: `renamed${i + 1}`, age: u.age + 1 }));
      return { items: n, seed: { users }, input, expect: { users, updates: input } };
    },
    async prove(raw, { expect }) {
      const rows = await raw.all('SELECT id, email, name, age, "updatedAt" FROM users ORDER BY id');
      check(
        rows.length === expect.users.length,
        `W6: ${rows.length} users in the table, expected ${expect.users.length}`,
      );
      rows.forEach((row, i) => {
        const want = expect.updates[i];
        check(
          num(row.id) === want.id && row.name === want.name && num(row.age) === want.age,
          `W6: user ${row.id} is ${row.name}/${row.age}, expected ${want.name}/${want.age}`,
        );
        check(row.email === expect.users[i].email, `W6: user ${row.id} lost its email`);
        const stamp = row.updatedAt instanceof Date ? row.updatedAt.getTime() : row.updatedAt;
        check(stamp !== SEED_TIME_TEXT && stamp !== SEED_TIME.getTime(), `W6: user ${row.id} kept its old updatedAt`);
      });
    },
  },

  W7: {
    title: "where age between 20 and 40 and name like 'a%' order by age desc limit 100, 2,000 times",
    short: 'filtered query',
    unit: 'queries',
    prepare(f) {
      const s = scaler(f);
      const users = makeUsers(Math.max(2000, s(10000)));
      const input = { iterations: s(2000), minAge: 20, maxAge: 40, like: 'a%', limit: 100 };
      return { items: input.iterations, seed: { users }, input, expect: { users } };
    },
    async prove(raw, { result, input, expect }) {
      check(result && Array.isArray(result.last), 'W7: the workload did not return { total, last }');
      const want = await raw.all(
        'SELECT id, age FROM users WHERE age BETWEEN ? AND ? AND name LIKE ? ORDER BY age DESC LIMIT ?',
        [input.minAge, input.maxAge, input.like, input.limit],
      );
      check(want.length > 0, 'W7: the seeded data has no matching user (harness bug)');
      check(
        result.total === want.length * input.iterations,
        `W7: ${result.total} rows over all iterations, expected ${want.length * input.iterations}`,
      );
      check(
        result.last.length === want.length,
        `W7: last query returned ${result.last.length} rows, expected ${want.length}`,
      );
      proveUserObjects(result.last, expect.users, 'W7');
      const ages = result.last.map((u) => num(u.age));
      for (let i = 0; i < ages.length; i += 1) {
        const u = result.last[i];
        check(
          ages[i] >= input.minAge && ages[i] <= input.maxAge && u.name.startsWith('a'),
          `W7: user ${u.id} (${u.name}, ${u.age}) does not match the filter`,
        );
        check(i === 0 || ages[i - 1] >= ages[i], 'W7: rows are not ordered by age desc');
      }
      // Ties in age make the exact ids ambiguous; the multiset of ages is not.
      check(
        ages.join(',') === want.map((r) => num(r.age)).join(','),
        'W7: returned ages differ from the expected top rows',
      );
    },
  },
  W8: {
    title: 'cold start: a fresh process loads the library, defines 50 models with 80 associations, connects, one findByPk',
    short: 'cold start',
    unit: 'starts',
    // Timed in a child process of its own (lib/cold-start.js): this worker has already loaded
    // the drivers to seed the database, so it is not cold.
    coldStart: true,
    prepare() {
      const users = makeUsers(100);
      const id = 42;
      return { items: 1, seed: { users }, input: { id }, expect: { user: { id, ...users[id - 1] } } };
    },
    async prove(raw, { result, expect }) {
      check(result && result.user, 'W8: the cold start returned no user');
      proveUserObjects([result.user], [...Array(expect.user.id - 1).fill(null), expect.user], 'W8');
      // knex and the raw driver define nothing: they are the floor W8 is measured against.
      if (result.models !== undefined) {
        check(
          result.models === 50 && result.associations === 80,
          `W8: defined ${result.models} models / ${result.associations} associations, expected 50 / 80`,
        );
      }
    },
  },

  W9: {
    title: '20,000 requests from 64 concurrent workers, pool of 10: findOne with include + update, in a transaction',
    short: 'concurrency',
    unit: 'requests',
    dialects: ['postgres'],
    latency: true,
    prepare(f) {
      const n = scaler(f)(20000, 64);
      const users = makeUsers(n, 'w9-');
      const posts = makePosts(n, 2);
      return {
        items: n,
        seed: { users, posts },
        input: { requests: n, workers: 64, pool: 10 },
        expect: { users },
      };
    },
    async prove(raw, { result, expect }) {
      check(result && Array.isArray(result.latencies), 'W9: the workload did not return { latencies }');
      check(result.latencies.length === expect.users.length, `W9: ${result.latencies.length} requests answered`);
      check(result.posts === expect.users.length * 2, `W9: the requests saw ${result.posts} posts, expected ${expect.users.length * 2}`);
      const rows = await raw.all('SELECT id, name, age FROM users ORDER BY id');
      check(rows.length === expect.users.length, `W9: ${rows.length} users in the table`);
      rows.forEach((row, i) => {
        const want = expect.users[i];
        check(
          row.name === `w9-${num(row.id)}` && num(row.age) === want.age + 1,
          `W9: user ${row.id} is ${row.name}/${row.age}, expected w9-${row.id}/${want.age + 1}`,
        );
      });
    },
  },

  W10: {
    title: 'stream 200,000 users through the streaming API (a cursor), in id order',
    short: 'stream rows',
    unit: 'rows',
    meter: true,
    prepare(f) {
      const n = scaler(f)(200000);
      return { items: n, seed: { generated: { users: n, postsPerUser: 0 } }, input: { meter: createMeter() }, expect: { n } };
    },
    async prove(raw, { result, expect }) {
      proveStreamedUsers(result, expect.n, 'W10');
    },
  },

  W10P: {
    title: 'stream 20,000 users with their 200,000 posts (to-many include) through the streaming API',
    short: 'stream + include',
    unit: 'users',
    meter: true,
    prepare(f) {
      const n = scaler(f)(20000);
      return { items: n, seed: { generated: { users: n, postsPerUser: 10 } }, input: { meter: createMeter() }, expect: { n } };
    },
    async prove(raw, { result, expect }) {
      proveStreamedUsers(result, expect.n, 'W10P');
      check(result.posts === expect.n * 10, `W10P: ${result.posts} posts streamed, expected ${expect.n * 10}`);
      check(result.strayPosts === 0, `W10P: ${result.strayPosts} posts came with the wrong user`);
    },
  },
};

/** The summary W10/W10P return: every generated user once, in id order, with its generated age. */
function proveStreamedUsers(result, n, label) {
  check(result && typeof result.count === 'number', `${label}: the workload did not return { count, ... }`);
  check(result.count === n, `${label}: streamed ${result.count} users, expected ${n}`);
  check(result.idSum === (n * (n + 1)) / 2, `${label}: the ids streamed do not add up`);
  let ageSum = 0;
  for (let id = 1; id <= n; id += 1) ageSum += generatedUser(id).age;
  check(result.ageSum === ageSum, `${label}: ages add up to ${result.ageSum}, expected ${ageSum}`);
  check(result.ordered === true, `${label}: users did not arrive in id order`);
}

module.exports = { WORKLOADS, WORKLOAD_IDS: Object.keys(WORKLOADS) };
