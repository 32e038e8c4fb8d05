'use strict';
/**
 * Installs a dependency tier (see deps.js) when its node_modules is missing or stale.
 *
 * "Stale" means the tier's package.json, its lockfile, the Node ABI or the platform changed since
 * the last successful install; a stamp file inside node_modules records the hash of those.
 * The install is `pnpm install --frozen-lockfile --ignore-workspace`, so it never edits the
 * lockfile and never touches the main workspace. better-sqlite3 and sqlite3 compile from source
 * on first install (pnpm caches the built package in its store afterwards).
 */
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const { spawnSync } = require('node:child_process');
const { TIERS } = require('./deps');

const PNPM = ['-y', 'pnpm@10.34.9'];
const STAMP = '.strata-bench-stamp';

function fingerprint(dir) {
  const hash = crypto.createHash('sha256');
  for (const file of ['package.json', 'pnpm-lock.yaml']) {
    hash.update(file).update(fs.readFileSync(path.join(dir, file)));
  }
  hash.update(`${process.versions.modules}/${process.platform}/${process.arch}`);
  return hash.digest('hex');
}

function isFresh(dir) {
  try {
    return fs.readFileSync(path.join(dir, 'node_modules', STAMP), 'utf8').trim() === fingerprint(dir);
  } catch {
    return false;
  }
}

/** Returns the seconds the install took (0 when it was already fresh). Throws on failure. */
function ensureInstalled(tier, log = (line) => process.stderr.write(`${line}\n`)) {
  const dir = TIERS[tier];
  if (isFresh(dir)) return 0;
  const started = Date.now();
  log(
    `bench: installing the "${tier}" dependencies in ${path.relative(process.cwd(), dir) || '.'} (first run compiles native drivers; this can take a few minutes)`,
  );
  const result = spawnSync(
    'npx',
    [...PNPM, 'install', '--dir', dir, '--ignore-workspace', '--frozen-lockfile', '--reporter=append-only'],
    { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (result.status !== 0) {
    const output = `${result.stdout || ''}\n${result.stderr || ''}`.trim().split('\n').slice(-30).join('\n');
    throw new Error(`pnpm install for bench tier "${tier}" failed (exit ${result.status}):\n${output}`);
  }
  fs.writeFileSync(path.join(dir, 'node_modules', STAMP), `${fingerprint(dir)}\n`);
  const seconds = (Date.now() - started) / 1000;
  log(`bench: "${tier}" dependencies installed in ${seconds.toFixed(1)} s`);
  return seconds;
}

module.exports = { ensureInstalled, isFresh };
