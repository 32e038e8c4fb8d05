import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runScript } from '../../../../test-support/child-script';
import { describeEachDialect } from '../../../../test-support/dialects';

interface Output {
  offset: number;
  server: string;
  rows: Array<{ writer: string; at: string; day: string; dayFromDate: string; time: string; createdAt: string }>;
}

const SCRIPT = join(__dirname, 'fixtures', 'dates-in-time-zone.ts');

/** Each process time zone runs with a server session zone on the other side of UTC. */
const RUNS = [
  { TZ: 'America/New_York', SESSION: { postgres: 'Asia/Tokyo', mysql: '+09:00' }, offset: 300 },
  { TZ: 'Asia/Tokyo', SESSION: { postgres: 'America/New_York', mysql: '-05:00' }, offset: -540 },
] as const;

const EXPECTED = [
  { at: '2024-03-10T06:59:59.999Z', day: '2024-03-10', dayFromDate: '2024-03-10' },
  { at: '2024-11-03T05:30:00.001Z', day: '2024-11-03', dayFromDate: '2024-11-03' },
  { at: '2024-01-01T15:00:00.000Z', day: '2024-01-01', dayFromDate: '2024-01-01' },
];

describeEachDialect('DATE, DATEONLY and TIME under different process and server time zones', (ctx) => {
  it('write in New York, read in Tokyo (and back): the same instants, days and times', async () => {
    const url =
      ctx.dialect === 'sqlite' ? `sqlite:${join(mkdtempSync(join(tmpdir(), 'strata-tz-')), 'tz.db')}` : ctx.url;
    const outputs: Output[] = [];
    for (const run of RUNS) {
      const session = ctx.dialect === 'sqlite' ? '' : run.SESSION[ctx.dialect];
      outputs.push(JSON.parse(await runScript(SCRIPT, { TZ: run.TZ, STRATA_URL: url, SESSION_ZONE: session })));
    }
    for (const [i, output] of outputs.entries()) {
      // The child really ran in that zone, and the server session really was elsewhere.
      expect(output.offset).toBe(RUNS[i].offset);
      if (ctx.dialect !== 'sqlite') expect(output.server).toBe(RUNS[i].SESSION[ctx.dialect]);
    }
    const [newYork, tokyo] = outputs;
    expect(newYork.rows).toHaveLength(3);
    expect(tokyo.rows).toHaveLength(6);
    // Tokyo reads New York's rows exactly as New York read them.
    expect(tokyo.rows.slice(0, 3)).toEqual(newYork.rows);
    for (const [i, row] of tokyo.rows.entries()) {
      expect(row).toMatchObject({ ...EXPECTED[i % 3], time: '23:30:00', writer: RUNS[Math.floor(i / 3)].TZ });
    }
    // Timestamps written by Strata are instants too: within the runs, never hours off.
    for (const row of tokyo.rows) {
      expect(Math.abs(Date.parse(row.createdAt) - Date.now())).toBeLessThan(10 * 60_000);
    }
  });
});
