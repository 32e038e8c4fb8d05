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
const { spawnSync } = require('node:child_process');
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
    // The proofs read `expect`, never the seed: let the seed data go before anything is measured.
    prepared.seed = null;
    const timed = spec.coldStart
      ? coldStart(options.contestant, conn, prepared.input)
      : await timedCall(contestant, options, conn, prepared.input);
    const { result, ms, cpuMs } = await timed;
    const raw = await openRaw(conn);
    try {
      await spec.prove(raw, { ...prepared, result, contestant });
    } catch (error) {
      error.isProof = true;
      throw error;
    } finally {
      await raw.close();
    }
    const outcome = { ms, cpuMs, items: prepared.items };
    if (spec.coldStart) outcome.maxRssKB = result.rssKB;
    if (spec.meter) {
      outcome.maxRssKB = prepared.input.meter.peakKB();
      outcome.rssGrowthKB = prepared.input.meter.growthKB();
    }
    if (spec.latency) outcome.latency = percentiles(result.latencies);
    return outcome;
  } finally {
    dropDatabase(conn);
  }
}

/** setup, the settings check, then only the workload call timed; teardown. */
async function timedCall(contestant, options, conn, input) {
  const ctx = await contestant.setup(conn);
  try {
    if (options.dialect === 'sqlite') {
      const mismatch = settingsMismatch(await contestant.sqliteSettings(ctx));
      if (mismatch) throw Object.assign(new Error(mismatch), { isProof: true });
    }
    if (globalThis.gc) globalThis.gc();
    if (input && input.meter) input.meter.start();
    const cpuStarted = process.cpuUsage();
    const started = process.hrtime.bigint();
    const result = await contestant.workloads[options.workload](ctx, input);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const cpu = process.cpuUsage(cpuStarted);
    return { result, ms, cpuMs: (cpu.user + cpu.system) / 1000 };
  } finally {
    await contestant.teardown(ctx);
  }
}

/**
 * W8: the contestant's cold start in a process of its own (lib/cold-start.js), which reports
 * the time from its own start (Node's time origin) to the first result, its CPU time and its
 * RSS at that moment.
 */
async function coldStart(contestantName, conn, input) {
  const child = spawnSync(
    process.execPath,
    [path.join(__dirname, 'cold-start.js'), JSON.stringify({ contestant: contestantName, conn, input })],
    { encoding: 'utf8', timeout: 120_000, env: process.env },
  );
  const line = (child.stdout || '').split('\n').find((l) => l.startsWith(RESULT_MARK));
  if (!line) throw new Error(`cold start exited with ${child.status ?? child.signal}: ${(child.stderr || '').slice(0, 1500)}`);
  const reported = JSON.parse(line.slice(RESULT_MARK.length));
  return { result: reported, ms: reported.ms, cpuMs: reported.cpuMs };
}

/** p50 and p99 of a list of latencies in ms (nearest rank). */
function percentiles(latencies) {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  return { p50: at(50), p99: at(99) };
}

async function main() {
  const options = JSON.parse(process.argv[2]);
  const spec = WORKLOADS[options.workload];
  if (!spec) throw new Error(`unknown workload ${options.workload}`);
  const contestant = require(path.join(__dirname, '..', 'contestants', `${options.contestant}.js`));
  const reason = contestant.unavailable ? contestant.unavailable(options.dialect) : null;
  if (reason) return emit({ status: 'unavailable', reason });
  if (spec.dialects && !spec.dialects.includes(options.dialect))
    return emit({ status: 'unavailable', reason: `${options.workload} runs on ${spec.dialects.join(', ')} only` });
  const notHere = contestant.workloadUnavailable && contestant.workloadUnavailable(options.workload, options.dialect);
  if (notHere) return emit({ status: 'unavailable', reason: notHere });
  if (!contestant.workloads[options.workload])
    return emit({ status: 'unavailable', reason: `${options.workload} not implemented` });

  let phase = 'warm-up';
  try {
    await runPhase(contestant, spec, options, 'warm');
    phase = 'measured';
    const measured = await runPhase(contestant, spec, options, 'measured');
    return emit({ status: 'ok', maxRssKB: process.resourceUsage().maxRSS, ...measured });
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
