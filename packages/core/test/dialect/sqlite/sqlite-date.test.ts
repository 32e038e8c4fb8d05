import { join } from 'node:path';
import { runScript } from '../../../../../test-support/child-script';
import { parseSqliteDate } from '../../../src/dialect/sqlite/sqlite-date';

describe('parseSqliteDate', () => {
  const iso = (text: string): string => {
    const date = parseSqliteDate(text);
    return Number.isNaN(date.getTime()) ? 'Invalid Date' : date.toISOString();
  };

  it("reads Strata's ISO text and SQLite's own datetime text as UTC", () => {
    expect(iso('2024-05-01T12:30:45.123Z')).toBe('2024-05-01T12:30:45.123Z');
    expect(iso('2024-05-01 12:30:45.123')).toBe('2024-05-01T12:30:45.123Z');
    expect(iso('2024-05-01 12:30:45')).toBe('2024-05-01T12:30:45.000Z');
    expect(iso('2024-05-01 12:30')).toBe('2024-05-01T12:30:00.000Z');
    expect(iso('2024-05-01')).toBe('2024-05-01T00:00:00.000Z');
    expect(iso('2024-05-01T12:30:45.5')).toBe('2024-05-01T12:30:45.500Z');
    expect(iso('2024-05-01T12:30:45.123456')).toBe('2024-05-01T12:30:45.123Z');
  });

  it('keeps an explicit offset, early years and leap days, and refuses impossible dates', () => {
    expect(iso('2024-05-01T12:30:45.000+02:00')).toBe('2024-05-01T10:30:45.000Z');
    // What Sequelize writes on SQLite with a `timezone` option: read as the instant it names.
    expect(iso('2024-05-01 18:00:00.000 +05:30')).toBe('2024-05-01T12:30:00.000Z');
    expect(iso('0099-12-31T23:59:59.999Z')).toBe('0099-12-31T23:59:59.999Z');
    expect(iso('2024-02-29T00:00:00.000Z')).toBe('2024-02-29T00:00:00.000Z');
    expect(iso('2023-02-29T00:00:00.000Z')).toBe('Invalid Date');
    expect(iso('2024-13-01 00:00:00')).toBe('Invalid Date');
    expect(iso('2024-05-01T24:00:00.000Z')).toBe('Invalid Date');
    expect(iso('not a date')).toBe('Invalid Date');
  });

  it('returns a new Date each time, also for a text it has just read', () => {
    const first = parseSqliteDate('2024-05-01T12:30:45.123Z');
    const second = parseSqliteDate('2024-05-01T12:30:45.123Z');
    expect(second).not.toBe(first);
    first.setUTCFullYear(2000);
    expect(second.toISOString()).toBe('2024-05-01T12:30:45.123Z');
    expect(parseSqliteDate('2024-05-01T12:30:45.123Z').toISOString()).toBe('2024-05-01T12:30:45.123Z');
  });
});

describe('SQLite DATE columns filled by SQLite itself', () => {
  it("read CURRENT_TIMESTAMP's UTC text as UTC, whatever the process time zone", async () => {
    const output = await runScript(join(__dirname, 'fixtures', 'current-timestamp.ts'), { TZ: 'Asia/Tokyo' });
    const { offset, read, sqlite } = JSON.parse(output) as { offset: number; read: number; sqlite: number };
    expect(offset).toBe(-540);
    expect(read).toBe(sqlite);
  });
});
