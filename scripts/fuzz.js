#!/usr/bin/env node
// The long form of the fuzz suite: `pnpm fuzz --runs 100000 [--seed 202020]`.
// Runs packages/core/test/compile/fuzz.test.ts under jest with STRATA_FUZZ_RUNS (runs per
// property) and STRATA_FUZZ_SEED set, and prints the seed, the runs and the time it took.
// The normal `pnpm test` runs the same file at its small default size.
'use strict';
const { spawnSync } = require('node:child_process');
const path = require('node:path');

function option(name, fallback) {
  const args = process.argv.slice(2);
  const at = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (at === -1) return fallback;
  const value = args[at].includes('=') ? args[at].split('=')[1] : args[at + 1];
  if (!/^\d+$/.test(value ?? '')) {
    console.error(`fuzz: --${name} takes a non-negative integer, got ${value}`);
    process.exit(2);
  }
  return value;
}

const runs = option('runs', '10000');
const seed = option('seed', process.env.STRATA_FUZZ_SEED ?? '202020');
const root = path.resolve(__dirname, '..');
const started = Date.now();
console.log(`fuzz: seed ${seed}, ${runs} runs per property`);
const result = spawnSync(
  process.execPath,
  [require.resolve('jest/bin/jest', { paths: [root] }), 'packages/core/test/compile/fuzz', '--testTimeout=0'],
  {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, STRATA_FUZZ_RUNS: runs, STRATA_FUZZ_SEED: seed },
  },
);
const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(
  `fuzz: seed ${seed}, ${runs} runs per property, ${seconds} s, ${result.status === 0 ? 'no failure' : 'FAILED'}`,
);
process.exit(result.status ?? 1);
