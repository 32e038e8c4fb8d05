'use strict';
/**
 * Where the benchmark's dependencies live.
 *
 * bench/ is not a workspace member. It has two small install "tiers", each with its own
 * package.json and pnpm-lock.yaml, installed on demand by lib/install.js:
 *
 *   core   bench/package.json        better-sqlite3, knex, pg (raw drivers + knex; always needed)
 *   peers  bench/peers/package.json  the peer ORMs (sequelize + sqlite3, typeorm, objection,
 *                                     drizzle-orm, @mikro-orm/*); only installed when a peer
 *                                     contestant is selected, so `--quick` stays fast.
 *
 * Contestants load modules with requireFrom(tier, name) so that a module always comes from its
 * tier's node_modules, whatever file asks for it.
 */
const path = require('node:path');
const fs = require('node:fs');
const { createRequire } = require('node:module');

const BENCH_DIR = path.resolve(__dirname, '..');
const REPO_DIR = path.resolve(BENCH_DIR, '..');

const TIERS = {
  core: BENCH_DIR,
  peers: path.join(BENCH_DIR, 'peers'),
};

const requirers = {};

function requireFrom(tier, name) {
  const dir = TIERS[tier];
  if (!dir) throw new Error(`unknown dependency tier "${tier}"`);
  if (!requirers[tier]) requirers[tier] = createRequire(path.join(dir, 'package.json'));
  return requirers[tier](name);
}

/** The installed version of a package in a tier, or null. */
function installedVersion(tier, name) {
  try {
    const file = path.join(TIERS[tier], 'node_modules', name, 'package.json');
    return JSON.parse(fs.readFileSync(file, 'utf8')).version;
  } catch {
    return null;
  }
}

/** Strata is consumed from the workspace build, like a user would consume the published package. */
const STRATA_CORE_DIST = path.join(REPO_DIR, 'packages', 'core', 'dist');
const STRATA_ANNOTATIONS_DIST = path.join(REPO_DIR, 'packages', 'annotations', 'dist');

module.exports = { BENCH_DIR, REPO_DIR, TIERS, requireFrom, installedVersion, STRATA_CORE_DIST, STRATA_ANNOTATIONS_DIST };
