import { ConnectionError } from '../errors/errors';

/**
 * The connection's `timezone` option, checked: the zone the database session reads and writes
 * zone-less date-times in (Sequelize's `timezone`). JavaScript Dates stay instants whatever it
 * is; what changes is the wall-clock text the server sees and produces (MySQL DATETIME values,
 * `NOW()`, PostgreSQL's output of timestamptz and `::date` casts).
 */
export type TimeZone =
  | { readonly kind: 'utc' }
  /** `+05:30`: minutes east of UTC, the same all year. */
  | { readonly kind: 'offset'; readonly text: string; readonly minutes: number }
  /** An IANA name (`America/New_York`): its offset follows daylight saving time. */
  | { readonly kind: 'named'; readonly name: string };

export const UTC: TimeZone = { kind: 'utc' };

const OFFSET = /^([+-])(\d{2}):(\d{2})$/;

/**
 * Reads the `timezone` option: `'+00:00'`, `'Z'`, `'UTC'` (or nothing) are UTC; `'+05:30'` and
 * `'-03:00'` fixed offsets; anything else must be an IANA name the runtime knows
 * (`'Europe/Oslo'`). A ConnectionError says what was wrong.
 *
 * @example parseTimeZone('+05:30') // { kind: 'offset', text: '+05:30', minutes: 330 }
 */
export function parseTimeZone(value: unknown): TimeZone {
  if (value === undefined || (typeof value === 'string' && /^(Z|UTC|Etc\/UTC|GMT)$/i.test(value))) return UTC;
  if (typeof value !== 'string') {
    throw new ConnectionError(`timezone must be a string like '+02:00' or 'Europe/Oslo' (got ${typeof value})`);
  }
  const offset = OFFSET.exec(value);
  if (offset) {
    const [, sign, hours, minutes] = offset;
    if (Number(hours) > 14 || Number(minutes) > 59) {
      throw new ConnectionError(`timezone ${JSON.stringify(value)} is out of range (UTC offsets run -12:00 to +14:00)`);
    }
    const total = (sign === '-' ? -1 : 1) * (Number(hours) * 60 + Number(minutes));
    return total === 0 ? UTC : { kind: 'offset', text: value, minutes: total };
  }
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
  } catch {
    throw new ConnectionError(
      `timezone ${JSON.stringify(value)} is neither a UTC offset like '+02:00' nor an IANA time zone name like 'Europe/Oslo'`,
    );
  }
  return { kind: 'named', name: value };
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(name: string): Intl.DateTimeFormat {
  let formatter = formatters.get(name);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: name,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(name, formatter);
  }
  return formatter;
}

/** The zone's offset from UTC at an instant, in minutes east (New York in January: -300). */
export function offsetMinutesAt(zone: TimeZone, instant: number): number {
  if (zone.kind === 'utc') return 0;
  if (zone.kind === 'offset') return zone.minutes;
  const parts: Record<string, number> = {};
  for (const part of formatterFor(zone.name).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  // Intl has no negative years here and no milliseconds: compare whole seconds.
  const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  const second = instant - (((instant % 1000) + 1000) % 1000);
  return Math.round((wall - second) / 60_000);
}

/** `+05:30` for 330, `-04:00` for -240: how MySQL's `time_zone` and mysql2 write an offset. */
export function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const absolute = Math.abs(minutes);
  return `${sign}${String(Math.floor(absolute / 60)).padStart(2, '0')}:${String(absolute % 60).padStart(2, '0')}`;
}

/**
 * The wall-clock time in the zone of an instant, as `YYYY-MM-DD HH:MM:SS.mmm` (what a zone-less
 * DATETIME holds).
 *
 * @example wallClockText(UTC_PLUS_0530, new Date('2024-01-01T00:00:00Z')) // '2024-01-01 05:30:00.000'
 */
export function wallClockText(zone: TimeZone, date: Date): string {
  const shifted = new Date(date.getTime() + offsetMinutesAt(zone, date.getTime()) * 60_000);
  return shifted.toISOString().replace('T', ' ').replace('Z', '');
}

const WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?$/;

/**
 * The instant a zone-less `YYYY-MM-DD HH:MM:SS[.ffffff]` names in the zone. A wall-clock time
 * that occurs twice (the hour repeated when daylight saving ends) is the earlier instant; one
 * skipped by the change forward is read with the offset before the change, as Sequelize's
 * moment-timezone does. Undefined when the text is no such date-time.
 */
export function instantOfWallClock(zone: TimeZone, text: string): Date | undefined {
  const match = WALL_CLOCK.exec(text);
  if (!match) return undefined;
  const [, year, month, day, hours = '0', minutes = '0', seconds = '0', fraction = ''] = match;
  const wall = Date.UTC(
    +year,
    +month - 1,
    +day,
    +hours,
    +minutes,
    +seconds,
    Number(fraction.slice(0, 3).padEnd(3, '0')),
  );
  if (zone.kind !== 'named') return new Date(wall - offsetMinutesAt(zone, wall) * 60_000);
  // The offsets in force a day either side bracket the answer: try the earlier instant first.
  const candidates = [offsetMinutesAt(zone, wall - 86_400_000), offsetMinutesAt(zone, wall + 86_400_000)]
    .map((offset) => wall - offset * 60_000)
    .sort((a, b) => a - b);
  for (const candidate of candidates) {
    if (candidate + offsetMinutesAt(zone, candidate) * 60_000 === wall) return new Date(candidate);
  }
  return new Date(wall - offsetMinutesAt(zone, wall - 86_400_000) * 60_000);
}
