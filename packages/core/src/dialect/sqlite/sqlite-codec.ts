import type { DataType } from '../../definition/data-types';
import type { TypeCodec } from '../dialect';
import { parseSqliteDate } from './sqlite-date';

let lastTime = Number.NaN;
let lastIso = '';

/**
 * A date's ISO text, remembered for the last time value: the rows of one write usually share
 * their createdAt/updatedAt, so a bulkCreate formats it once instead of once per row. Keyed by
 * the time value, not the object, so a Date changed in place is formatted afresh.
 */
function isoString(date: Date): string {
  if (!(date instanceof Date)) return (date as Date).toISOString();
  const time = date.getTime();
  if (time === lastTime) return lastIso;
  const iso = date.toISOString();
  lastTime = time;
  lastIso = iso;
  return iso;
}

/**
 * SQLite stores DATE as ISO 8601 text in UTC with milliseconds (sortable, zone-free), BOOLEAN
 * as 0/1, JSON as text, DECIMAL as text (SQLite's NUMERIC affinity would round it to a double)
 * and BIGINT as a 64-bit integer read with better-sqlite3's safe integers.
 */
export const sqliteCodec: TypeCodec = {
  toDatabase(type, value) {
    if (value === null || value === undefined) return null;
    switch (type.key) {
      case 'BOOLEAN':
        return value ? 1 : 0;
      case 'DATE':
        return isoString(value as Date);
      case 'BIGINT':
        return BigInt(value as string);
      case 'JSON':
      case 'JSONB':
        return JSON.stringify(value);
      default:
        return sqliteCodec.bindUntyped(value);
    }
  },
  parserFor(type: DataType) {
    switch (type.key) {
      case 'CHAR':
        return (raw) => (typeof raw === 'string' ? raw.trimEnd() : raw);
      case 'BOOLEAN':
        return (raw) => (raw === null ? null : Boolean(Number(raw)));
      case 'DATE':
        return (raw) =>
          typeof raw === 'string' ? parseSqliteDate(raw) : raw === null ? null : new Date(raw as number);
      case 'BIGINT':
        return (raw) => (raw === null ? null : String(raw));
      case 'INTEGER':
      case 'SMALLINT':
      case 'TINYINT':
      case 'MEDIUMINT':
        return (raw) => (typeof raw === 'bigint' ? Number(raw) : raw);
      case 'DECIMAL':
        return (raw) => (raw === null ? null : String(raw));
      case 'JSON':
      case 'JSONB':
        return (raw) => (typeof raw === 'string' ? JSON.parse(raw) : raw);
      default:
        return undefined;
    }
  },
  bindUntyped(value) {
    if (typeof value === 'boolean') return value ? 1 : 0;
    if (value instanceof Date) return isoString(value);
    if (value === undefined) return null;
    return value;
  },
};
