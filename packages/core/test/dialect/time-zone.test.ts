import { instantOfWallClock, offsetMinutesAt, parseTimeZone, wallClockText } from '../../src/dialect/time-zone';

describe('time zones of the timezone option', () => {
  const newYork = parseTimeZone('America/New_York');
  const kolkata = parseTimeZone('+05:30');
  const iso = (zone: ReturnType<typeof parseTimeZone>, text: string): string | undefined =>
    instantOfWallClock(zone, text)?.toISOString();

  it('reads UTC spellings as UTC, offsets as fixed, other names as IANA zones', () => {
    for (const utc of [undefined, 'Z', 'UTC', 'utc', 'Etc/UTC', '+00:00', '-00:00']) {
      expect(parseTimeZone(utc)).toEqual({ kind: 'utc' });
    }
    expect(kolkata).toEqual({ kind: 'offset', text: '+05:30', minutes: 330 });
    expect(parseTimeZone('-03:00')).toEqual({ kind: 'offset', text: '-03:00', minutes: -180 });
    expect(newYork).toEqual({ kind: 'named', name: 'America/New_York' });
    expect(() => parseTimeZone(530)).toThrow('timezone must be a string');
  });

  it('follows daylight saving time value by value in a named zone', () => {
    expect(offsetMinutesAt(newYork, Date.parse('2024-01-15T12:00:00Z'))).toBe(-300);
    expect(offsetMinutesAt(newYork, Date.parse('2024-07-01T12:00:00Z'))).toBe(-240);
    expect(wallClockText(newYork, new Date('2024-07-01T12:00:00.250Z'))).toBe('2024-07-01 08:00:00.250');
    expect(wallClockText(kolkata, new Date('2024-01-01T00:00:00Z'))).toBe('2024-01-01 05:30:00.000');
    expect(iso(newYork, '2024-07-01 08:00:00.250')).toBe('2024-07-01T12:00:00.250Z');
    expect(iso(kolkata, '2024-01-01 05:30:00')).toBe('2024-01-01T00:00:00.000Z');
  });

  it('reads a skipped wall-clock time with the offset before the change, a repeated one as the earlier instant', () => {
    // 02:30 does not exist on 2024-03-10 in New York; moment-timezone (Sequelize) reads it as 03:30 EDT.
    expect(iso(newYork, '2024-03-10 02:30:00')).toBe('2024-03-10T07:30:00.000Z');
    // 01:30 happens twice on 2024-11-03: first in EDT.
    expect(iso(newYork, '2024-11-03 01:30:00')).toBe('2024-11-03T05:30:00.000Z');
    expect(iso(newYork, '2024-11-03 00:59:59.999')).toBe('2024-11-03T04:59:59.999Z');
    expect(iso(newYork, '1960-01-01 00:00:00')).toBe('1960-01-01T05:00:00.000Z');
    expect(iso(newYork, 'not a date')).toBeUndefined();
  });
});
