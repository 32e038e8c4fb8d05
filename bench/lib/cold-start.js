'use strict';
/**
 * W8 in a process of its own: `node bench/lib/cold-start.js '{"contestant","conn","input"}'`.
 * Runs the contestant's W8 (load the library, define the models, connect, one findByPk) and
 * prints, after RESULT_MARK, the time from this process's start (Node's time origin, so Node's
 * own start-up is in it, the same for everyone) to the first result, the CPU time and the RSS
 * at that moment, with what W8 returned for the proof.
 */
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const { RESULT_MARK } = require('./protocol');

async function main() {
  const { contestant: name, conn, input } = JSON.parse(process.argv[2]);
  const contestant = require(path.join(__dirname, '..', 'contestants', `${name}.js`));
  const { close, ...result } = await contestant.workloads.W8(conn, input);
  const ms = performance.now();
  const cpu = process.cpuUsage();
  const rssKB = Math.round(process.memoryUsage.rss() / 1024);
  await close();
  process.stdout.write(`${RESULT_MARK}${JSON.stringify({ ...result, ms, cpuMs: (cpu.user + cpu.system) / 1000, rssKB })}\n`);
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(String(error && error.stack ? error.stack : error));
    process.exit(1);
  },
);
