#!/usr/bin/env node
'use strict';
/**
 * Strata's side-by-side benchmark: the orchestrator.
 *
 *   node bench/run.js                        full SQLite run, every contestant, 5 samples per cell
 *   node bench/run.js --quick                tiny sizes, 1 sample, raw + knex + strata (CI smoke run)
 *   node bench/run.js --dialect=postgres     the same against PostgreSQL at 127.0.0.1:5432
 *   node bench/run.js --only=strata,knex --workloads=W1,W3 --reps=3
 *
 * Each sample is a fresh Node process (lib/worker.js) with a fresh database: raw seed, a smaller
 * warm-up pass, then the timed pass, then a proof that the work was done. Samples are interleaved
 * (rep 1 of every cell, then rep 2, ...) so that drift on the machine spreads over everyone.
 * See docs/performance.md.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { createRequire } = require('node:module');

const { BENCH_DIR, REPO_DIR, installedVersion, requireFrom } = require('./lib/deps');
const { ensureInstalled } = require('./lib/install');
const { WORKLOADS, WORKLOAD_IDS } = require('./lib/workloads');
const { RESULT_MARK, SCALES } = require('./lib/protocol');
const { summarize } = require('./lib/stats');
const { markdown, summaryTable, busyWarning } = require('./lib/report');
const { PG_DEFAULTS } = require('./lib/database');

/** Every contestant, in report order. The first one is the baseline for the ratios. */
const CONTESTANTS = ['raw', 'knex', 'strata', 'sequelize', 'typeorm', 'objection', 'drizzle', 'mikro-orm'];
const QUICK_CONTESTANTS = ['raw', 'knex', 'strata'];
const DOCS_FILE = path.join(REPO_DIR, 'docs', 'performance.md');
const DOCS_START = '<!-- bench-results:start -->';
const DOCS_END = '<!-- bench-results:end -->';

const HELP = `usage: node bench/run.js [options]

  --quick               tiny sizes, 1 sample; contestants raw, knex, strata unless --only is given
  --dialect=NAME        sqlite (default) or postgres (127.0.0.1:5432, user postgres, db test)
  --only=a,b            contestants (${CONTESTANTS.join(', ')}); raw, the baseline, always runs
  --workloads=W1,W3     workloads (${WORKLOAD_IDS.join(', ')})
  --reps=N              measured samples per cell (default 5, quick 1)
  --timeout=SECONDS     per-sample process limit (default 600, quick 120)
  --out=PREFIX          write PREFIX.md and PREFIX.json (default: see below)
  --update-docs         also write the summary table into docs/performance.md
  --docs-from=FILE      only rewrite that table from a saved results .json (runs nothing)
  --help

A full run of every contestant and workload writes bench/RESULTS.md and bench/results.json
(bench/RESULTS-postgres.md / results-postgres.json for --dialect=postgres); quick or filtered runs
write bench/results/<scale>-<dialect>.md/.json so they never overwrite the published numbers.`;

function parseArgs(argv) {
  const opts = {
    quick: false,
    dialect: 'sqlite',
    only: null,
    workloads: null,
    reps: null,
    timeout: null,
    out: null,
    updateDocs: false,
    docsFrom: null,
  };
  for (const arg of argv) {
    const [key, value] = arg.startsWith('--') ? arg.slice(2).split(/=(.*)/s) : [arg];
    const list = () =>
      String(value || '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    switch (key) {
      case 'quick':
        opts.quick = true;
        break;
      case 'dialect':
        opts.dialect = value;
        break;
      case 'only':
        opts.only = list();
        break;
      case 'workloads':
        opts.workloads = list().map((w) => w.toUpperCase());
        break;
      case 'reps':
        opts.reps = Number(value);
        break;
      case 'timeout':
        opts.timeout = Number(value);
        break;
      case 'out':
        opts.out = value;
        break;
      case 'update-docs':
        opts.updateDocs = true;
        break;
      case 'docs-from':
        opts.docsFrom = value;
        break;
      case 'help':
      case 'h':
        console.log(HELP);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown option ${arg}\n\n${HELP}`);
    }
  }
  if (!['sqlite', 'postgres'].includes(opts.dialect))
    throw new Error(`--dialect must be sqlite or postgres, not ${opts.dialect}`);
  for (const c of opts.only || [])
    if (!CONTESTANTS.includes(c)) throw new Error(`unknown contestant ${c} (${CONTESTANTS.join(', ')})`);
  for (const w of opts.workloads || [])
    if (!WORKLOADS[w]) throw new Error(`unknown workload ${w} (${WORKLOAD_IDS.join(', ')})`);
  if (opts.reps !== null && !(Number.isInteger(opts.reps) && opts.reps > 0))
    throw new Error('--reps must be a positive integer');
  return opts;
}

const log = (line) => process.stderr.write(`${line}\n`);

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** One sample in a fresh process. Returns the worker's outcome object. */
function runSample(job, timeoutMs) {
  const worker = path.join(BENCH_DIR, 'lib', 'worker.js');
  const child = spawnSync(process.execPath, [...(process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(' ') : []), '--expose-gc', worker, JSON.stringify(job)], {
    cwd: REPO_DIR,
    encoding: 'utf8',
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, NODE_ENV: 'production' },
  });
  const line = (child.stdout || '')
    .split('\n')
    .reverse()
    .find((l) => l.startsWith(RESULT_MARK));
  if (line) return JSON.parse(line.slice(RESULT_MARK.length));
  const tail = `${child.stdout || ''}\n${child.stderr || ''}`.trim().split('\n').slice(-8).join('\n');
  if (child.error && child.error.code === 'ETIMEDOUT')
    return { status: 'failed', reason: `timed out after ${timeoutMs / 1000} s` };
  return { status: 'failed', reason: `worker exited with ${child.status ?? child.signal} and no result:\n${tail}` };
}

async function withPgAdmin(fn) {
  const { Client } = requireFrom('core', 'pg');
  const client = new Client({
    host: PG_DEFAULTS.host,
    port: PG_DEFAULTS.port,
    user: PG_DEFAULTS.user,
    database: PG_DEFAULTS.adminDatabase,
    connectionTimeoutMillis: 5000,
  });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function outputPrefix(opts, contestants, workloads) {
  if (opts.out) return path.resolve(opts.out);
  const complete = !opts.quick && contestants.length === CONTESTANTS.length && workloads.length === WORKLOAD_IDS.length;
  if (complete && opts.reps === null) {
    return path.join(BENCH_DIR, opts.dialect === 'sqlite' ? 'RESULTS' : 'RESULTS-postgres');
  }
  return path.join(BENCH_DIR, 'results', `${opts.quick ? 'quick' : 'partial'}-${opts.dialect}`);
}

function jsonPathFor(prefix) {
  // bench/RESULTS -> bench/results.json, bench/RESULTS-postgres -> bench/results-postgres.json
  const base = path.basename(prefix);
  return path.join(path.dirname(prefix), `${base.startsWith('RESULTS') ? base.toLowerCase() : base}.json`);
}

async function updateDocs(meta, results) {
  const text = fs.readFileSync(DOCS_FILE, 'utf8');
  const start = text.indexOf(DOCS_START);
  const end = text.indexOf(DOCS_END);
  if (start < 0 || end < start) throw new Error(`docs/performance.md has no ${DOCS_START} ... ${DOCS_END} block`);
  const block = [
    DOCS_START,
    '',
    `Measured ${meta.date.slice(0, 10)} on ${meta.cpus} × ${meta.cpuModel}, Node ${meta.node}, ${meta.dialect}, ${meta.reps} sample${meta.reps === 1 ? '' : 's'} per cell (\`${meta.command}\`). Each cell: median time relative to raw ${meta.dialect === 'sqlite' ? 'better-sqlite3' : 'pg'}, median time in parentheses; lower is better.`,
    '',
    summaryTable(results, meta),
    '',
    ...(meta.load && meta.load.max > meta.cpus ? [busyWarning(meta), ''] : []),
    ...(meta.dialect === 'sqlite'
      ? [
          'By process CPU time during the timed call (see "How to read the results"):',
          '',
          summaryTable(results, meta, 'cpu'),
          '',
        ]
      : []),
    `Versions: ${Object.entries(meta.versions)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}.`,
    '',
    DOCS_END,
  ].join('\n');
  let updated = text.slice(0, start) + block + text.slice(end + DOCS_END.length);
  // The docs are prettier-checked by `pnpm lint`: format the page with the repo's own prettier.
  try {
    const prettier = createRequire(path.join(REPO_DIR, 'package.json'))('prettier');
    const config = (await prettier.resolveConfig(DOCS_FILE)) || {};
    updated = await prettier.format(updated, { ...config, filepath: DOCS_FILE });
  } catch (error) {
    log(`bench: could not run prettier on docs/performance.md (${error.message}); run \`pnpm format\``);
  }
  fs.writeFileSync(DOCS_FILE, updated);
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.docsFrom) {
    // Rewrite the docs table from a saved results file, without running anything.
    const { meta, results } = JSON.parse(fs.readFileSync(path.resolve(opts.docsFrom), 'utf8'));
    await updateDocs(meta, results);
    log(`bench: rewrote the results block of docs/performance.md from ${opts.docsFrom}`);
    return;
  }
  const scale = opts.quick ? 'quick' : 'full';
  const reps = opts.reps ?? (opts.quick ? 1 : 5);
  const timeoutMs = (opts.timeout ?? (opts.quick ? 120 : 600)) * 1000;
  // raw is the baseline of every ratio, so it always runs.
  const contestants = CONTESTANTS.filter(
    (c) => c === 'raw' || (opts.only ? opts.only.includes(c) : opts.quick ? QUICK_CONTESTANTS.includes(c) : true),
  );
  const workloads = WORKLOAD_IDS.filter((w) => !opts.workloads || opts.workloads.includes(w));
  const modules = Object.fromEntries(contestants.map((c) => [c, require(`./contestants/${c}.js`)]));
  const baseline = CONTESTANTS[0];

  const started = Date.now();
  let installSeconds = ensureInstalled('core', log);
  if (contestants.some((c) => modules[c].tier === 'peers')) installSeconds += ensureInstalled('peers', log);

  let pgDatabase = null;
  if (opts.dialect === 'postgres') {
    pgDatabase = `strata_bench_${process.pid}`;
    try {
      await withPgAdmin(async (client) => {
        // Databases left behind by runs that were killed (their pid is gone) are dropped too.
        const { rows } = await client.query("SELECT datname FROM pg_database WHERE datname LIKE 'strata\\_bench\\_%'");
        for (const { datname } of rows) {
          const pid = Number(datname.slice('strata_bench_'.length));
          if (pid && pid !== process.pid && !isAlive(pid))
            await client.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
        }
        await client.query(`DROP DATABASE IF EXISTS ${pgDatabase}`);
        await client.query(`CREATE DATABASE ${pgDatabase}`);
      });
    } catch (error) {
      throw new Error(
        `PostgreSQL is not reachable at ${PG_DEFAULTS.host}:${PG_DEFAULTS.port} (user ${PG_DEFAULTS.user}, database ${PG_DEFAULTS.adminDatabase}): ${error.message}`,
      );
    }
    log(`bench: using PostgreSQL database ${pgDatabase} (dropped at the end)`);
  }

  const cells = new Map(); // "contestant/workload" -> { samples: [], rss: [], status, reason }

  /**
   * Aggregates the samples so far and writes the report. Called after every round of samples
   * (so a run stopped part-way still leaves the rounds it finished) and at the end.
   */
  async function writeReport(repsDone, final) {
    const results = [];
    const items = {};
    for (const w of workloads) {
      items[w] = WORKLOADS[w].prepare(SCALES[scale].measured).items;
      const base = cells.get(`${baseline}/${w}`);
      const baseOk = base && base.status === 'ok' && base.samples.length;
      const baseMedian = baseOk ? summarize(base.samples).median : null;
      const baseCpu = baseOk ? summarize(base.cpu).median : null;
      for (const c of contestants) {
        const cell = cells.get(`${c}/${w}`);
        if (!cell) continue;
        if (cell.status !== 'ok' || !cell.samples.length) {
          results.push({
            contestant: c,
            workload: w,
            status: cell.status === 'ok' ? 'failed' : cell.status,
            reason: cell.reason || 'no sample',
            phase: cell.phase,
          });
          continue;
        }
        const s = summarize(cell.samples);
        const cpu = summarize(cell.cpu);
        results.push({
          contestant: c,
          workload: w,
          status: 'ok',
          items: cell.items,
          samplesMs: cell.samples.map((x) => Number(x.toFixed(3))),
          median: s.median,
          min: s.min,
          max: s.max,
          opsPerSec: cell.items / (s.median / 1000),
          peakRssMB: Math.max(...cell.rss),
          ratio: baseMedian ? s.median / baseMedian : null,
          samplesCpuMs: cell.cpu.map((x) => Number(x.toFixed(3))),
          cpuMedian: cpu.median,
          cpuRatio: baseCpu ? cpu.median / baseCpu : null,
          ...(cell.growth.length ? { rssGrowthMB: Math.max(...cell.growth) } : {}),
          ...(cell.latency.length
            ? {
                p50Ms: summarize(cell.latency.map((l) => l.p50)).median,
                p99Ms: summarize(cell.latency.map((l) => l.p99)).median,
              }
            : {}),
        });
      }
    }

    const versions = {};
    for (const c of contestants) {
      for (const pkg of modules[c].packages) {
        const v = installedVersion(modules[c].tier, pkg);
        if (v && !versions[pkg]) versions[pkg] = v;
      }
    }
    if (contestants.includes('strata')) {
      try {
        versions['@strata/core'] =
          JSON.parse(fs.readFileSync(path.join(REPO_DIR, 'packages', 'core', 'package.json'), 'utf8')).version +
          (unavailable.strata ? ' (not built)' : ' (workspace build)');
      } catch {
        /* ignore */
      }
    }
    const meta = {
      date: new Date().toISOString(),
      command: [
        'node bench/run.js',
        ...process.argv.slice(2).filter((a) => a !== '--update-docs' && !a.startsWith('--out=')),
      ].join(' '),
      dialect: opts.dialect,
      scale,
      reps: repsDone,
      ...(repsDone < reps ? { repsPlanned: reps } : {}),
      node: process.version,
      platform: `${os.type()} ${os.release()} ${os.arch()}`,
      cpus: os.cpus().length,
      cpuModel: (os.cpus()[0] || {}).model || 'unknown cpu',
      memoryGB: Math.round(os.totalmem() / 2 ** 30),
      contestants,
      workloads,
      items,
      versions,
      installSeconds: Number(installSeconds.toFixed(1)),
      wallSeconds: Number(((Date.now() - started) / 1000).toFixed(1)),
      load: { start: Number(loadAtStart.toFixed(2)), max: Number(maxLoad.toFixed(2)) },
    };

    const prefix = outputPrefix(opts, contestants, workloads);
    fs.mkdirSync(path.dirname(prefix), { recursive: true });
    const md = markdown(results, meta);
    fs.writeFileSync(`${prefix}.md`, md);
    fs.writeFileSync(jsonPathFor(prefix), `${JSON.stringify({ meta, results }, null, 2)}\n`);
    if (opts.updateDocs && final) await updateDocs(meta, results);

    if (!final) {
      log(`bench: wrote ${path.relative(process.cwd(), `${prefix}.md`)} after ${repsDone} of ${reps} rounds`);
      return { results, meta, prefix };
    }
    process.stdout.write(`\n${summaryTable(results, meta)}\n\n`);
    log(
      `bench: wrote ${path.relative(process.cwd(), `${prefix}.md`)} and ${path.relative(process.cwd(), jsonPathFor(prefix))}${opts.updateDocs ? ' and docs/performance.md' : ''}`,
    );
    log(`bench: ${meta.wallSeconds} s in total (${meta.installSeconds} s of it installing)`);
    return { results, meta, prefix };
  }

  const unavailable = {};
  for (const c of contestants) {
    const reason = modules[c].unavailable(opts.dialect);
    if (reason) {
      unavailable[c] = reason;
      log(`bench: ${c}: ${reason}`);
    }
  }

  // The 1-minute load average seen before each sample: other work on the machine inflates wall times.
  const loadAtStart = os.loadavg()[0];
  let maxLoad = loadAtStart;
  try {
    const total = reps * workloads.length * contestants.filter((c) => !unavailable[c]).length;
    let done = 0;
    for (let rep = 1; rep <= reps; rep += 1) {
      for (const w of workloads) {
        for (const c of contestants) {
          const key = `${c}/${w}`;
          if (!cells.has(key)) cells.set(key, { samples: [], cpu: [], rss: [], latency: [], growth: [], items: null, status: 'ok' });
          const cell = cells.get(key);
          if (unavailable[c]) {
            Object.assign(cell, { status: 'unavailable', reason: unavailable[c] });
            continue;
          }
          if (cell.status !== 'ok') continue; // failed earlier: do not keep retrying
          done += 1;
          maxLoad = Math.max(maxLoad, os.loadavg()[0]);
          const outcome = runSample(
            { contestant: c, workload: w, dialect: opts.dialect, scale, pgDatabase },
            timeoutMs,
          );
          const tag = `[${String(done).padStart(String(total).length)}/${total}] ${w} ${c.padEnd(9)} rep ${rep}/${reps}`;
          if (outcome.status === 'ok') {
            cell.samples.push(outcome.ms);
            cell.cpu.push(outcome.cpuMs);
            cell.rss.push(outcome.maxRssKB / 1024);
            cell.items = outcome.items;
            if (outcome.latency) cell.latency.push(outcome.latency);
            if (outcome.rssGrowthKB !== undefined) cell.growth.push(outcome.rssGrowthKB / 1024);
            log(
              `${tag}: ${outcome.ms.toFixed(1)} ms (CPU ${outcome.cpuMs.toFixed(1)} ms), peak RSS ${(outcome.maxRssKB / 1024).toFixed(0)} MB`,
            );
          } else {
            Object.assign(cell, { status: outcome.status, reason: outcome.reason, phase: outcome.phase });
            log(
              `${tag}: ${outcome.status.toUpperCase()}${outcome.phase ? ` (${outcome.phase})` : ''}: ${outcome.reason}`,
            );
          }
        }
      }
      if (rep < reps) await writeReport(rep, false);
    }
  } finally {
    if (pgDatabase) {
      await withPgAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${pgDatabase} WITH (FORCE)`)).catch((error) =>
        log(`bench: could not drop ${pgDatabase}: ${error.message}`),
      );
    }
  }

  const { results } = await writeReport(reps, true);

  // Unavailable contestants (strata not built, a dialect a peer cannot run) are reported, not errors.
  // A failed proof or a crash is an error, so CI notices when the bench rots.
  const failed = results.filter((r) => r.status === 'failed');
  if (failed.length) {
    log(`bench: ${failed.length} cell(s) failed: ${failed.map((r) => `${r.contestant}/${r.workload}`).join(', ')}`);
    process.exitCode = 1;
  }
}

main().catch((error) => {
  log(`bench: ${error.message}`);
  process.exit(2);
});
