#!/usr/bin/env node
'use strict';
// Builds the examples against the packages' dist/ (their public entries) and runs each one.
const { execFileSync } = require('node:child_process');
const { readdirSync, existsSync } = require('node:fs');
const { join } = require('node:path');

const here = __dirname;
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(here, 'tsconfig.json')], {
  stdio: 'inherit',
});
const names = readdirSync(here, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(here, entry.name, 'main.ts')))
  .map((entry) => entry.name);
for (const name of names) {
  console.log(`\n== example: ${name} ==`);
  execFileSync(process.execPath, [join(here, 'dist', name, 'main.js')], { stdio: 'inherit', cwd: join(here, name) });
}
console.log(`\n${names.length} examples ran`);
