import mysql, { type ExecuteValues } from 'mysql2/promise';
import type { DataType } from '../../definition/data-types';
import type { TypeCodec } from '../dialect';
import { GEOMETRY_TYPES, sridOfValue, type Geometry } from '../../definition/geometry';
import { InvalidQueryError } from '../../errors/errors';
import { geometryFromMysql, geometryToWkb } from '../geometry-wkb';

/** What a GEOMETRY column without a geometry type reads back exactly here (see geometryFromMysql). */
const PLAIN_GEOMETRY_TYPES = new Set(['Point', 'LineString', 'Polygon']);
import { instantOfWallClock, wallClockText, type TimeZone } from '../time-zone';

/**
 * MySQL/MariaDB: BOOLEAN is TINYINT(1) and comes back as 0/1; JSON comes back as text on both
 * (the connection's `jsonStrings`), so a JSON string value is parsed exactly once; DATETIME(3) is
 * read and written in UTC (mysql2's timezone 'Z'), whatever the session time zone.
 */
export const mysqlCodec: TypeCodec = {
  toDatabase(type, value) {
    if (value === null || value === undefined) return null;
    switch (type.key) {
      case 'JSON':
      case 'JSONB':
        return JSON.stringify(value);
      case 'BOOLEAN':
        return value ? 1 : 0;
      case 'GEOMETRY': {
        const geometry = value as Geometry;
        // mysql2 reads geometries back without their type: only the column's type, or the
        // nesting of a Point, LineString or Polygon, tells them apart.
        if (type.geometryType === undefined && !PLAIN_GEOMETRY_TYPES.has(geometry.type)) {
          throw new InvalidQueryError(
            `a ${geometry.type} in a plain GEOMETRY column: on MySQL give the column its type (GEOMETRY('${geometry.type.toUpperCase()}'))`,
          );
        }
        // MySQL's internal form: the SRID (4 bytes, little-endian), then WKB.
        const srid = Buffer.alloc(4);
        srid.writeUInt32LE(sridOfValue(value) ?? type.srid ?? 0);
        return Buffer.concat([srid, geometryToWkb(geometry)]);
      }
      default:
        return value;
    }
  },
  parserFor(type: DataType) {
    switch (type.key) {
      case 'BOOLEAN':
        return (raw) => (raw === null ? null : Boolean(Number(raw)));
      case 'JSON':
      case 'JSONB':
        return (raw) => (typeof raw === 'string' ? JSON.parse(raw) : raw);
      case 'BIGINT':
        return (raw) => (raw === null ? null : String(raw));
      case 'DECIMAL':
        // An unbounded DECIMAL is DECIMAL(65,30) here: its trailing zeros are not the value's.
        if (type.length === undefined) return (raw) => (raw === null ? null : trimFraction(String(raw)));
        return (raw) => (raw === null ? null : String(raw));
      case 'INTEGER':
      case 'SMALLINT':
      case 'TINYINT':
      case 'MEDIUMINT':
      case 'FLOAT':
      case 'DOUBLE':
      case 'REAL':
        return (raw) => (typeof raw === 'string' ? Number(raw) : raw);
      case 'DATE':
        return (raw) => (typeof raw === 'string' ? new Date(raw.replace(' ', 'T') + 'Z') : raw);
      case 'GEOMETRY': {
        const declared = type.geometryType === undefined ? undefined : GEOMETRY_TYPES.get(type.geometryType);
        return (raw) => (raw === null || raw === undefined ? null : geometryFromMysql(raw, declared));
      }
      default:
        return undefined;
    }
  },
  bindUntyped(value) {
    if (typeof value === 'boolean') return value ? 1 : 0;
    return value === undefined ? null : value;
  },
};

/**
 * A bound value as it travels in a prepared statement. mysql2 sends every JS number as a DOUBLE;
 * an integral one goes as a BIGINT instead, so it means what the integer literal of the text
 * protocol meant (integer arithmetic and comparisons), and `LIMIT ?`/`OFFSET ?` take it on
 * MySQL 8.0.22+, which refuses a DOUBLE there (MariaDB accepts either).
 */
export function toWireParameter(value: unknown): ExecuteValues {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return mysql.TypedParameter.LONGLONG(value);
  // The codec has already made every other value one mysql2 binds (mysql2 rejects the rest itself).
  return value as ExecuteValues;
}

/** `'10.500'` -> `'10.5'`, `'10.000'` -> `'10'`: the canonical form of an unbounded DECIMAL. */
function trimFraction(text: string): string {
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

/**
 * The codec of a connection whose `timezone` is not UTC: DATETIME holds the wall-clock time in
 * that zone (Sequelize's semantics), so a Date is written as that zone's wall-clock text and
 * read back through it. (Reading goes through `zoneTypeCast`, which also covers raw queries; a
 * DATE attribute's parser only meets the texts a JSON or aggregate result carries.) The offset is
 * worked out per value, so a named zone's daylight saving time is right all year.
 */
export function mysqlCodecIn(zone: TimeZone): TypeCodec {
  if (zone.kind === 'utc') return mysqlCodec;
  const toWallClock = (value: unknown): unknown => (value instanceof Date ? wallClockText(zone, value) : value);
  return {
    toDatabase(type, value) {
      if (type.key === 'DATE' && value instanceof Date) return wallClockText(zone, value);
      return mysqlCodec.toDatabase(type, value);
    },
    parserFor(type) {
      if (type.key !== 'DATE') return mysqlCodec.parserFor(type);
      return (raw) => (typeof raw === 'string' ? (instantOfWallClock(zone, raw) ?? new Date(Number.NaN)) : raw);
    },
    bindUntyped(value) {
      return mysqlCodec.bindUntyped(toWallClock(value));
    },
  };
}

/** What mysql2 hands a `typeCast` function: the parts of its field wrapper used here. */
interface CastField {
  readonly type: string;
  string(): string | null;
}

/**
 * mysql2's `typeCast` for a non-UTC `timezone`: DATETIME and TIMESTAMP values are the session's
 * wall-clock times, read as instants in the zone (mysql2's own `timezone` takes fixed offsets
 * only). Every other column is mysql2's usual value.
 */
export function zoneTypeCast(zone: TimeZone): (field: CastField, next: () => unknown) => unknown {
  return (field, next) => {
    if (field.type !== 'DATETIME' && field.type !== 'TIMESTAMP') return next();
    const text = field.string();
    if (text === null) return null;
    // The zero date (allowed by lax sql_modes) is no instant: an Invalid Date, as mysql2 gives.
    return instantOfWallClock(zone, text) ?? new Date(Number.NaN);
  };
}
