'use strict';
// Lets a child `node -r test-support/ts-register.js script.ts` run TypeScript against the
// packages' sources, as jest does: ts-node (transpile only) plus the same `@strata/*` mapping.
const Module = require('node:module');
const { join } = require('node:path');

require('ts-node').register({ transpileOnly: true, project: join(__dirname, '..', 'tsconfig.test.json') });

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const match = /^@strata\/(core|annotations|validation|cli)$/.exec(request);
  return resolve.call(this, match ? join(__dirname, '..', 'packages', match[1], 'src') : request, ...rest);
};
