'use strict';
/**
 * Ends every jest run with one plain line, `N passed, N failed` (and `, N skipped` when any
 * were), taken from jest's own aggregated results, so CI can read the outcome at a glance.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const failedSuites = results.numFailedTestSuites + results.numRuntimeErrorTestSuites;
    const failed = results.numFailedTests + (results.numFailedTests === 0 && failedSuites > 0 ? failedSuites : 0);
    process.stdout.write(
      `\n${results.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`,
    );
  }
}

module.exports = SummaryReporter;
