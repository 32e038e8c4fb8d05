'use strict';
/**
 * Memory during a streaming workload (W10, W10P). The worker's peak RSS covers the whole
 * process (seeding, the warm-up), so a streaming contestant calls `meter.row()` once per row
 * it receives, and every 1,000th call samples the process's RSS: the highest sample is the
 * peak resident memory while rows were flowing. A sampling timer would not do: SQLite's
 * iterators never yield to the event loop, so a timer would not fire until the stream ended.
 */
function createMeter() {
  let rows = 0;
  let peakRss = 0;
  let startRss = 0;
  const sample = () => {
    const rss = process.memoryUsage.rss();
    if (rss > peakRss) peakRss = rss;
  };
  return {
    /** Called by the worker just before the timed call: the RSS the growth is measured from. */
    start() {
      startRss = process.memoryUsage.rss();
      peakRss = startRss;
    },
    row() {
      rows += 1;
      if (rows % 1000 === 0) sample();
    },
    /** The highest RSS sampled, in KB (sampled once more now, so a short run has one sample). */
    peakKB() {
      sample();
      return Math.round(peakRss / 1024);
    },
    /** How far the RSS rose above where it was when the timed call started, in KB. */
    growthKB() {
      return Math.round((peakRss - startRss) / 1024);
    },
  };
}

module.exports = { createMeter };
