#!/usr/bin/env node
'use strict';
require('../dist/main.js')
  .main(process.argv)
  .then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      process.stderr.write(`strata: ${error && error.message ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
