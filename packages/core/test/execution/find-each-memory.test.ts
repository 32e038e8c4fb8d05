import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { DataTypes, Strata } from '@strata/core';
import { describeEachDialect } from '../../../../test-support/dialects';

const ROWS = 200_000;
/** The child's old-generation cap: far below what 200,000 hydrated rows of 200 characters take. */
const HEAP_CAP_MB = 48;
/** What findEach may use at most, measured in the child (Node, the driver and knex included). */
const HEAP_BOUND_BYTES = 40 * 1024 * 1024;
const PAYLOAD = 'x'.repeat(200);

interface ChildResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the fixture in a fresh Node process with a capped heap, against the built package. */
function readInChild(mode: 'each' | 'all', url: string): Promise<ChildResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [`--max-old-space-size=${HEAP_CAP_MB}`, join(__dirname, 'fixtures', 'find-each-heap.js'), mode, url],
      {
        env: { ...process.env, STRATA_CORE_ENTRY: join(__dirname, '..', '..', 'dist') },
        timeout: 240_000,
        maxBuffer: 1024 * 1024,
      },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) || 1 : 0, stdout, stderr }),
    );
  });
}

describeEachDialect('Model.findEach memory', (ctx) => {
  const sqliteFile = `/tmp/strata-find-each-heap-${process.pid}.db`;
  let url: string;

  beforeAll(async () => {
    const db: Strata = ctx.connect({ storage: ctx.dialect === 'sqlite' ? sqliteFile : undefined });
    url = ctx.dialect === 'sqlite' ? `sqlite:${sqliteFile}` : ctx.url;
    const Digit = db.define('Digit', { d: DataTypes.INTEGER }, { tableName: 'digits', timestamps: false });
    db.define(
      'Row',
      { n: { type: DataTypes.INTEGER, allowNull: false }, payload: { type: DataTypes.TEXT, allowNull: false } },
      { tableName: 'heap_rows', timestamps: false },
    );
    await db.sync({ force: true });
    await Digit.bulkCreate(Array.from({ length: 10 }, (_, d) => ({ d })));
    // 200,000 rows in one statement: n = 0 .. 199,999 from six digits (the last one 0 or 1).
    await db.query(
      `INSERT INTO heap_rows (n, payload)
       SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d + 100000 * g.d, '${PAYLOAD}'
       FROM digits a, digits b, digits c, digits e, digits f, digits g WHERE g.d < 2`,
    );
  }, 120_000);

  afterAll(() => {
    for (const suffix of ['', '-wal', '-shm']) rmSync(sqliteFile + suffix, { force: true });
  });

  it(`reads ${ROWS} rows with the heap capped at ${HEAP_CAP_MB} MB, where findAll of the same rows runs out`, async () => {
    const streamed = await readInChild('each', url);
    expect(streamed.stderr).toBe('');
    expect(streamed.code).toBe(0);
    const result = JSON.parse(streamed.stdout) as { count: number; sum: number; peakHeapUsed: number };
    expect(result.count).toBe(ROWS);
    expect(result.sum).toBe((ROWS * (ROWS - 1)) / 2);
    expect(result.peakHeapUsed).toBeGreaterThan(0);
    expect(result.peakHeapUsed).toBeLessThan(HEAP_BOUND_BYTES);

    const loaded = await readInChild('all', url);
    expect(loaded.code).not.toBe(0);
    expect(loaded.stderr).toMatch(/heap out of memory|Allocation failed/i);
  }, 480_000);
});
