import type { DataType } from '../../definition/data-types';
import type { TypeCodec } from '../dialect';
import { parseRange, rangeLiteral } from './postgres-range';
import { hstoreLiteral, parseHstore, type HstoreValue } from './postgres-hstore';
import { geometryFromWkb, geometryToWkb } from '../geometry-wkb';
import { sridOfValue, type Geometry } from '../../definition/geometry';

/**
 * PostgreSQL has every type natively. pg is configured (see postgres-dialect) to return int8
 * and numeric as strings and date as 'YYYY-MM-DD'; JSON values are sent as JSON text because pg
 * would turn a JS array into a PostgreSQL array literal.
 */
export const postgresCodec: TypeCodec = {
  toDatabase(type, value) {
    if (value === null || value === undefined) return null;
    switch (type.key) {
      case 'JSON':
      case 'JSONB':
        return JSON.stringify(value);
      case 'ARRAY':
        return (value as unknown[]).map((item) => postgresCodec.toDatabase(type.element as DataType, item));
      case 'RANGE':
        return rangeLiteral(value as Parameters<typeof rangeLiteral>[0]);
      case 'HSTORE':
        return hstoreLiteral(value as HstoreValue);
      case 'GEOMETRY':
      case 'GEOGRAPHY': {
        // Hex EWKB text, which PostGIS reads as a geometry or geography; a geography's SRID is
        // 4326 unless given, as PostGIS's own default.
        const srid = sridOfValue(value) ?? type.srid ?? (type.key === 'GEOGRAPHY' ? 4326 : undefined);
        return geometryToWkb(value as Geometry, srid).toString('hex');
      }
      default:
        return value;
    }
  },
  parserFor(type: DataType) {
    switch (type.key) {
      case 'CHAR':
        return (raw) => (typeof raw === 'string' ? raw.trimEnd() : raw);
      case 'INTEGER':
      case 'SMALLINT':
      case 'TINYINT':
      case 'MEDIUMINT':
        // An UNSIGNED INTEGER is a BIGINT column here, which pg reads as a string.
        return (raw) => (typeof raw === 'string' ? Number(raw) : raw);
      case 'FLOAT':
      case 'DOUBLE':
      case 'REAL':
        return (raw) => (typeof raw === 'string' ? Number(raw) : raw);
      case 'BIGINT':
      case 'DECIMAL':
        return (raw) => (raw === null ? null : String(raw));
      case 'RANGE':
        return (raw) => (typeof raw === 'string' ? parseRange(raw, type.element as DataType) : raw);
      case 'HSTORE':
        return (raw) => (typeof raw === 'string' ? parseHstore(raw) : raw);
      case 'GEOMETRY':
      case 'GEOGRAPHY':
        return (raw) => (typeof raw === 'string' ? geometryFromWkb(Buffer.from(raw, 'hex')) : raw);
      default:
        return undefined;
    }
  },
  bindUntyped(value) {
    return value === undefined ? null : value;
  },
};
