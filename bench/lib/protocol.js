'use strict';
/** What run.js and worker.js agree on. */

/** The worker's outcome line on stdout starts with this. */
const RESULT_MARK = '@@STRATA_BENCH_RESULT@@';

/** Size factors per scale (see workloads.js): warm-up pass and measured pass. */
const SCALES = {
  full: { warm: 0.1, measured: 1 },
  quick: { warm: 0.002, measured: 0.02 },
};

module.exports = { RESULT_MARK, SCALES };
