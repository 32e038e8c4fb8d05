'use strict';
/**
 * One benchmark sample, in its own fresh Node process (spawned by run.js):
 *
 *   node --expose-gc bench/lib/worker.js '{"contestant":"knex","workload":"W3","dialect":"sqlite","scale":"full",...}'
 *
 * 1. warm-up: fresh database, raw seed, contestant.setup, a smaller pass (f = warmFactor), prove,
 *    teardown. This loads the modules and lets the JIT see the code paths.
 * 2. measured: fresh database, raw seed, setup, settings check, gc, then only the workload call
 *    is timed; teardown; prove. A failed proof reports the sample as failed, not timed.
 *
 * The last stdout line that starts with RESULT_MARK carries the JSON outcome:
 *   { status: 'ok', ms, cpuMs, items, maxRssKB } | { status: 'failed' | 'unavailable', reason }
 *
 * cpuMs is the process's user + system CPU time during the timed call (all threads, so it also
 * counts sqlite3's thread pool); unlike wall time it barely moves when other processes compete
 * for the cores. It does not include a database server's work (PostgreSQL).
 */
const path = require('node:path');
const { WORKLOADS } = require('./workloads');
const { freshDatabase, dropDatabase, openRaw, seed } = require('./database');
const { SQLITE_SETTINGS } = require('./schema');

const { RESULT_MARK, SCALES } = require('./protocol');

function emit(outcome) {
  process.stdout.write(`\n${RESULT_MARK}${JSON.stringify(outcome)}\n`);
}

function settingsMismatch(actual) {
  const problems = [];
  for (const [key, want] of Object.entries(SQLITE_SETTINGS)) {
    const got = actual && actual[key];
    if (String(got).toLowerCase() !== String(want)) problems.push(`${key}=${got} (want ${want})`);
  }
  return problems.length ? `SQLite settings differ on the contestant's connection: ${problems.join(', ')}` : null;
}

async function runPhase(contestant, spec, options, phase) {
  const f = SCALES[options.scale][phase];
  const prepared = spec.prepare(f);
  const conn = await freshDatabase(options.dialect, { tag: phase, pgDatabase: options.pgDatabase });
  try {
    await seed(conn, prepared.seed);
    const ctx = await contestant.setup(conn);
    let result;
    let ms;
    let cpuMs;
    try {
      if (options.dialect === 'sqlite') {
        const mismatch = settingsMismatch(await contestant.sqliteSettings(ctx));
        if (mismatch) throw Object.assign(new Error(mismatch), { isProof: true });
      }
      if (globalThis.gc) globalThis.gc();
      const cpuStarted = process.cpuUsage();
      const started = process.hrtime.bigint();
      result = await contestant.workloads[options.workload](ctx, prepared.input);
      ms = Number(process.hrtime.bigint() - started) / 1e6;
      const cpu = process.cpuUsage(cpuStarted);
      cpuMs = (cpu.user + cpu.system) / 1000;
    } finally {
      await contestant.teardown(ctx);
    }
    const raw = await openRaw(conn);
    try {
      await spec.prove(raw, { ...prepared, result, contestant });
    } catch (error) {
      error.isProof = true;
      throw error;
    } finally {
      await raw.close();
    }
    return { ms, cpuMs, items: prepared.items };
  } finally {
    dropDatabase(conn);
  }
}

async function main() {
  const options = JSON.parse(process.argv[2]);
  const spec = WORKLOADS[options.workload];
  if (!spec) throw new Error(`unknown workload ${options.workload}`);
  const contestant = require(path.join(__dirname, '..', 'contestants', `${options.contestant}.js`));
  const reason = contestant.unavailable ? contestant.unavailable(options.dialect) : null;
  if (reason) return emit({ status: 'unavailable', reason });
  if (!contestant.workloads[options.workload])
    return emit({ status: 'unavailable', reason: `${options.workload} not implemented` });

  let phase = 'warm-up';
  try {
    await runPhase(contestant, spec, options, 'warm');
    phase = 'measured';
    const { ms, cpuMs, items } = await runPhase(contestant, spec, options, 'measured');
    return emit({ status: 'ok', ms, cpuMs, items, maxRssKB: process.resourceUsage().maxRSS });
  } catch (error) {
    // Some drivers put the whole SQL text in the message: keep the report readable.
    const text = error && error.stack ? error.stack : String(error);
    const message = text
      .split('\n')
      .slice(0, 6)
      .map((line) => (line.length > 300 ? `${line.slice(0, 300)}...` : line))
      .join('\n');
    return emit({ status: 'failed', phase, proof: Boolean(error && error.isProof), reason: message });
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    emit({ status: 'failed', reason: String(error && error.stack ? error.stack : error) });
    process.exit(1);
  },
);
