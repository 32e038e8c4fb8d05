'use strict';
/**
 * Builds every package from its sources and packs it as a user receives it. Shared by the
 * packaging test and the getting-started test, which both install the tarballs into a fresh
 * project outside the workspace.
 */
const { execFileSync } = require('node:child_process');
const { readdirSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..', '..');
const PACKAGES = ['validation', 'core', 'annotations', 'cli'];
/** The pinned pnpm, run through npx as the README does. */
const pnpm = ['-y', 'pnpm@10.34.9'];

function run(cmd, args, cwd, env = {}) {
  execFileSync(cmd, args, { cwd, stdio: 'inherit', env: { ...process.env, CI: 'true', ...env } });
}

/**
 * Packs the four packages into `destination` and returns `tarball(name)`, the `file:` spec of
 * one package's tarball (`tarball('core')`).
 */
function buildAndPack(destination) {
  // Pack what the sources say now, never a stale dist/ (tsc -b does nothing when it is current).
  run(
    process.execPath,
    [
      join(root, 'node_modules', 'typescript', 'bin', 'tsc'),
      '-b',
      ...PACKAGES.map((name) => join(root, 'packages', name)),
    ],
    root,
  );
  // One pnpm for all four packs: each `npx pnpm` start costs seconds on this machine.
  run('npx', [...pnpm, '--filter', './packages/*', '--recursive', 'pack', '--pack-destination', destination], root);
  const files = readdirSync(destination);
  return (name) =>
    `file:${join(
      destination,
      files.find((file) => file.startsWith(`strata-${name}-`)),
    )}`;
}

/**
 * The pnpm settings a project installing the tarballs needs: better-sqlite3's build allowed (as
 * docs/getting-started.md tells users), and the packages' dependencies on each other resolved to
 * the tarballs rather than the registry.
 */
function tarballInstallSettings(tarball) {
  return {
    onlyBuiltDependencies: ['better-sqlite3'],
    overrides: { '@strata/core': tarball('core'), '@strata/validation': tarball('validation') },
  };
}

module.exports = { root, pnpm, run, buildAndPack, tarballInstallSettings };
