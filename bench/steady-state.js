'use strict';
/**
 * First pass against steady state for the one-write-at-a-time workloads (W1, W6).
 *
 *   node bench/steady-state.js [--only=strata,knex] [--workloads=W1,W6] [--passes=12]
 *
 * The main bench times one pass in a fresh process, after a warm-up at a tenth of the size on
 * another connection: that pass also pays for the JIT compiling the library's write path.
 * Here each contestant gets a process of its own, one connection, and the same workload run
 * `passes` times on it (new rows for W1, new names for W6). It prints the first pass and the
 * median of the passes after the fourth, each as a ratio to raw's, so the two costs can be told
 * apart. SQLite only (a file per process, the bench's schema and settings). Results go to stdout only (nothing is written). After the passes the rows are read
 * back with the raw driver, as the bench's proofs do.
 */
const { spawnSync } = require('node:child_process');
const { makeUsers } = require('./lib/data');
const { freshDatabase, dropDatabase, openRaw, seed } = require('./lib/database');
const { ensureInstalled } = require('./lib/install');
const { median } = require('./lib/stats');

const SIZE = 5000;
const STEADY_FROM = 4;

function parseArgs(argv) {
  const options = { only: ['strata', 'knex'], workloads: ['W1', 'W6'], passes: 12 };
  for (const arg of argv) {
    const [key, value] = arg.replace(/^--/, '').split('=');
    if (key === 'only') options.only = value.split(',').filter((name) => name !== 'raw');
    else if (key === 'workloads') options.workloads = value.split(',');
    else if (key === 'passes') options.passes = Math.max(STEADY_FROM + 1, Number(value));
    else throw new Error(`unknown option ${arg} (--only, --workloads, --passes)`);
  }
  return options;
}

/** The input of pass `k`: new users for W1, new names for the seeded users for W6. */
function passInput(workload, k) {
  if (workload === 'W1') return makeUsers(SIZE, `steady-${k}-`);
  return makeUsers(SIZE).map((u, i) => ({ id: i + 1, name: `pass${k}-${i + 1}`, age: u.age + k }));
}

async function prove(conn, workload, passes) {
  const raw = await openRaw(conn);
  try {
    const rows = await raw.all('SELECT id, name FROM users ORDER BY id');
    const want = workload === 'W1' ? SIZE * passes : SIZE;
    if (rows.length !== want) throw new Error(`${workload}: ${rows.length} users in the table, expected ${want}`);
    if (workload === 'W6' && rows[0].name !== `pass${passes - 1}-1`) {
      throw new Error(`W6: user 1 is named ${rows[0].name} after the last pass`);
    }
  } finally {
    await raw.close();
  }
}

/** In the child: one contestant, one connection, `passes` timed passes of one workload. */
async function child({ contestant: name, workload, passes }) {
  const contestant = require(`./contestants/${name}.js`);
  const conn = await freshDatabase('sqlite', { tag: `steady-${name}` });
  try {
    await seed(conn, workload === 'W6' ? { users: makeUsers(SIZE) } : {});
    const ctx = await contestant.setup(conn);
    const times = [];
    try {
      for (let k = 0; k < passes; k += 1) {
        const input = passInput(workload, k);
        const started = process.hrtime.bigint();
        await contestant.workloads[workload](ctx, input);
        times.push(Number(process.hrtime.bigint() - started) / 1e6);
      }
    } finally {
      await contestant.teardown(ctx);
    }
    await prove(conn, workload, passes);
    return { first: times[0], steady: median(times.slice(STEADY_FROM)) };
  } finally {
    dropDatabase(conn);
  }
}

function runChild(job) {
  const result = spawnSync(process.execPath, ['--expose-gc', __filename, '--child', JSON.stringify(job)], {
    encoding: 'utf8',
    timeout: 600_000,
  });
  const line = (result.stdout || '').trim().split('\n').pop();
  if (result.status !== 0 || !line) throw new Error(`${job.contestant} ${job.workload}: ${result.stderr}`);
  return JSON.parse(line);
}

async function main() {
  if (process.argv[2] === '--child') {
    process.stdout.write(`${JSON.stringify(await child(JSON.parse(process.argv[3])))}\n`);
    return;
  }
  const options = parseArgs(process.argv.slice(2));
  const contestants = ['raw', ...options.only];
  for (const tier of new Set(contestants.map((name) => require(`./contestants/${name}.js`).tier))) {
    ensureInstalled(tier);
  }
  console.log(`| workload | contestant | first pass | vs raw | steady (median of passes ${STEADY_FROM + 1}-${options.passes}) | vs raw |`);
  console.log('| --- | --- | ---: | ---: | ---: | ---: |');
  for (const workload of options.workloads) {
    const results = {};
    for (const contestant of contestants) {
      results[contestant] = runChild({ contestant, workload, passes: options.passes });
      const r = results[contestant];
      const base = results.raw;
      console.log(
        `| ${workload} | ${contestant} | ${r.first.toFixed(1)} ms | ${(r.first / base.first).toFixed(2)}× | ` +
          `${r.steady.toFixed(1)} ms | ${(r.steady / base.steady).toFixed(2)}× |`,
      );
    }
  }
}

main().catch((error) => {
  process.stderr.write(`${error.stack || error}\n`);
  process.exit(1);
});
