import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataTypes, Strata } from '@strata/core';
import { runScript } from '../../../../test-support/child-script';
import { describeEachDialect } from '../../../../test-support/dialects';
import { DAYS, INSTANTS } from './fixtures/time-zone-values';

interface Output {
  offset: number;
  session: string;
  now: number;
  rows: Array<{ label: string; at: string; day: string }>;
  stored: string[];
  raw: string[];
  found: string[];
  later: number;
}

const SCRIPT = join(__dirname, 'fixtures', 'connection-time-zone.ts');
/** Two child processes, each compiling its script on start: slow on a loaded machine. */
const CHILD_RUNS_TIMEOUT_MS = 120_000;

/** The wall-clock text MySQL's DATETIME holds for each of INSTANTS, per connection timezone. */
const WALL_CLOCK = {
  '+05:30': ['2024-03-10 12:29:59.999', '2024-07-01 17:30:00.000', '2024-01-16 05:15:00.500'],
  // EST, EDT, EST: the offset follows daylight saving time value by value.
  'America/New_York': ['2024-03-10 01:59:59.999', '2024-07-01 08:00:00.000', '2024-01-15 18:45:00.500'],
} as const;

/** How PostgreSQL prints the same instants as timestamptz text in the session's zone. */
const POSTGRES_TEXT = {
  '+05:30': ['2024-03-10 12:29:59.999+05:30', '2024-07-01 17:30:00+05:30', '2024-01-16 05:15:00.5+05:30'],
  'America/New_York': ['2024-03-10 01:59:59.999-05', '2024-07-01 08:00:00-04', '2024-01-15 18:45:00.5-05'],
} as const;

const SESSION = {
  postgres: { '+05:30': ['<+05:30>-05:30'], 'America/New_York': ['America/New_York'] },
  // MySQL servers without time zone tables know no names: the zone's offset as the connection opened.
  mysql: { '+05:30': ['+05:30'], 'America/New_York': ['-05:00', '-04:00'] },
} as const;

describeEachDialect('the timezone connection option, across process time zones', (ctx) => {
  const file = join(mkdtempSync(join(tmpdir(), 'strata-zone-')), 'zone.db');

  for (const zone of ['+05:30', 'America/New_York'] as const) {
    it(
      `timezone ${zone}: a Date written in Tokyo reads back the same instant in Los Angeles; DATEONLY unchanged`,
      async () => {
        const url = ctx.dialect === 'sqlite' ? `sqlite:${file}` : ctx.url;
        const run = async (TZ: string, write: boolean): Promise<Output> =>
          JSON.parse(await runScript(SCRIPT, { TZ, STRATA_URL: url, ZONE: zone, WRITE: write ? '1' : '' })) as Output;
        const tokyo = await run('Asia/Tokyo', true);
        const losAngeles = await run('America/Los_Angeles', false);

        // The children really ran in those zones, on both sides of UTC and of the connection's zone.
        expect([tokyo.offset, losAngeles.offset]).toEqual([-540, 480]);
        const expected = INSTANTS.map((at, i) => ({ label: `value ${i}`, at, day: DAYS[i] }));
        for (const output of [tokyo, losAngeles]) {
          expect(output.rows).toHaveLength(4);
          expect(output.rows.slice(0, 3)).toEqual(expected);
          // The server's clock read through the session agrees with the process's: no hours off.
          expect(Math.abs(Date.parse(output.rows[3].at) - output.now)).toBeLessThan(60_000);
          // A raw query's Date is the same instant as the model's.
          expect(output.raw.slice(0, 3)).toEqual(INSTANTS);
          // Dates in a where are bound in the session's terms too.
          expect(output.found).toEqual(['value 1']);
          expect(output.later).toBe(2);
        }
        expect(losAngeles.rows).toEqual(tokyo.rows);

        if (ctx.dialect === 'sqlite') {
          // No session zone: DATE stays ISO 8601 text in UTC, sortable whatever the option says.
          expect(tokyo.stored.slice(0, 3)).toEqual(INSTANTS);
          expect(tokyo.session).toBe('none');
        } else {
          expect(SESSION[ctx.dialect][zone]).toContain(tokyo.session);
          expect(tokyo.stored.slice(0, 3)).toEqual(ctx.dialect === 'mysql' ? WALL_CLOCK[zone] : POSTGRES_TEXT[zone]);
        }

        // A connection in UTC (the default) reads the same rows: the same instants where the column
        // keeps the zone (timestamptz; SQLite's UTC text), wall-clock times read as UTC on MySQL.
        const utc = ctx.dialect === 'sqlite' ? new Strata({ dialect: 'sqlite', storage: file }) : ctx.connect();
        try {
          const Stamp = utc.define(
            'Stamp',
            { at: DataTypes.DATE },
            { tableName: `stamps_${zone.replace(/\W/g, '_')}`, timestamps: false },
          );
          const rows = await Stamp.findAll({ order: [['id', 'ASC']] as never, limit: 3 });
          const read = rows.map((row) => (row.get('at') as Date).toISOString());
          if (ctx.dialect === 'mysql') {
            expect(read).toEqual(WALL_CLOCK[zone].map((text) => new Date(`${text.replace(' ', 'T')}Z`).toISOString()));
          } else {
            expect(read).toEqual(INSTANTS);
          }
        } finally {
          if (ctx.dialect === 'sqlite') await utc.close();
        }
      },
      CHILD_RUNS_TIMEOUT_MS,
    );
  }
});

describe('the timezone option is checked', () => {
  it.each([
    ['Mars/Olympus', /neither a UTC offset like '\+02:00' nor an IANA time zone name/],
    ['+15:00', /out of range/],
    ['+05:75', /out of range/],
    ['5:30', /neither a UTC offset/],
  ])('%s is refused before any connection opens', (timezone, message) => {
    expect(() => new Strata({ dialect: 'sqlite', storage: ':memory:', timezone })).toThrow(message);
  });
});
