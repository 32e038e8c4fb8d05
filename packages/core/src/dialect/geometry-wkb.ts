import type { Geometry, Position } from '../definition/geometry';

/**
 * Geometries in Well-Known Binary, the form PostGIS (as hex EWKB text) and MySQL (as a 4-byte
 * SRID then WKB) store and bind: a value is one bound parameter, never SQL text, and reads back
 * without a round trip through a SQL function. Two dimensions, little-endian on write; either
 * byte order on read.
 */

const WKB_TYPES: Record<Geometry['type'], number> = {
  Point: 1,
  LineString: 2,
  Polygon: 3,
  MultiPoint: 4,
  MultiLineString: 5,
  MultiPolygon: 6,
  GeometryCollection: 7,
};
const TYPE_NAMES = Object.fromEntries(Object.entries(WKB_TYPES).map(([name, code]) => [code, name])) as Record<
  number,
  Geometry['type']
>;

/** PostGIS's EWKB flags on the type word. */
const EWKB_SRID = 0x20000000;
const EWKB_Z = 0x80000000;
const EWKB_M = 0x40000000;

/** WKB of a geometry; with `srid`, PostGIS's EWKB carrying it. */
export function geometryToWkb(geometry: Geometry, srid?: number): Buffer {
  const parts: Buffer[] = [];
  const uint32 = (n: number): void => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(n >>> 0);
    parts.push(b);
  };
  const position = ([x, y]: Position): void => {
    const b = Buffer.alloc(16);
    b.writeDoubleLE(x, 0);
    b.writeDoubleLE(y, 8);
    parts.push(b);
  };
  const positions = (list: Position[]): void => {
    uint32(list.length);
    list.forEach(position);
  };
  const write = (g: Geometry, withSrid: number | undefined): void => {
    parts.push(Buffer.from([1]));
    uint32(WKB_TYPES[g.type] | (withSrid === undefined ? 0 : EWKB_SRID));
    if (withSrid !== undefined) uint32(withSrid);
    switch (g.type) {
      case 'Point':
        position(g.coordinates);
        break;
      case 'LineString':
        positions(g.coordinates);
        break;
      case 'Polygon':
        uint32(g.coordinates.length);
        g.coordinates.forEach(positions);
        break;
      case 'MultiPoint':
        uint32(g.coordinates.length);
        g.coordinates.forEach((coordinates) => write({ type: 'Point', coordinates }, undefined));
        break;
      case 'MultiLineString':
        uint32(g.coordinates.length);
        g.coordinates.forEach((coordinates) => write({ type: 'LineString', coordinates }, undefined));
        break;
      case 'MultiPolygon':
        uint32(g.coordinates.length);
        g.coordinates.forEach((coordinates) => write({ type: 'Polygon', coordinates }, undefined));
        break;
      case 'GeometryCollection':
        uint32(g.geometries.length);
        g.geometries.forEach((member) => write(member, undefined));
        break;
    }
  };
  write(geometry, srid);
  return Buffer.concat(parts);
}

/** A geometry from (E)WKB; Z and M values, which Strata does not write, are skipped. */
export function geometryFromWkb(buffer: Buffer): Geometry {
  let at = 0;
  const read = (): Geometry => {
    const little = buffer.readUInt8(at) === 1;
    at += 1;
    const uint32 = (): number => {
      const n = little ? buffer.readUInt32LE(at) : buffer.readUInt32BE(at);
      at += 4;
      return n;
    };
    const word = uint32();
    if (word & EWKB_SRID) uint32();
    // ISO WKB writes Z/M as 1000/2000/3000 added to the type; EWKB as flags.
    const iso = Math.floor((word & 0xffff) / 1000);
    const extra = (word & EWKB_Z ? 1 : 0) + (word & EWKB_M ? 1 : 0) + (iso === 3 ? 2 : iso > 0 ? 1 : 0);
    const type = TYPE_NAMES[(word & 0xffff) % 1000];
    const double = (): number => {
      const n = little ? buffer.readDoubleLE(at) : buffer.readDoubleBE(at);
      at += 8;
      return n;
    };
    const position = (): Position => {
      const p: Position = [double(), double()];
      at += 8 * extra;
      return p;
    };
    const list = <T>(item: () => T): T[] => Array.from({ length: uint32() }, item);
    const members = (): Geometry[] => list(read);
    switch (type) {
      case 'Point':
        return { type, coordinates: position() };
      case 'LineString':
        return { type, coordinates: list(position) };
      case 'Polygon':
        return { type, coordinates: list(() => list(position)) };
      case 'MultiPoint':
        return { type, coordinates: members().map((m) => m.type === 'Point' && m.coordinates) as Position[] };
      case 'MultiLineString':
        return { type, coordinates: members().map((m) => (m as { coordinates: Position[] }).coordinates) };
      case 'MultiPolygon':
        return { type, coordinates: members().map((m) => (m as { coordinates: Position[][] }).coordinates) };
      case 'GeometryCollection':
        return { type, geometries: members() };
      default:
        throw new TypeError(`Unknown WKB geometry type ${word}`);
    }
  };
  return read();
}

/** A point as mysql2 parses it. */
interface MysqlPoint {
  x: number;
  y: number;
}

/**
 * A geometry from what mysql2 makes of a GEOMETRY column (points as `{ x, y }`, everything else
 * as nested arrays, without the type). The column's declared type says which type it is; in a
 * plain GEOMETRY column (which takes Point, LineString and Polygon only, see mysql-codec) and
 * inside a GeometryCollection, the nesting does.
 */
export function geometryFromMysql(parsed: unknown, declared: Geometry['type'] | undefined): Geometry {
  const point = (p: unknown): Position => [(p as MysqlPoint).x, (p as MysqlPoint).y];
  const line = (l: unknown): Position[] => (l as unknown[]).map(point);
  const rings = (r: unknown): Position[][] => (r as unknown[]).map(line);
  switch (declared ?? shapeOf(parsed)) {
    case 'Point':
      return { type: 'Point', coordinates: point(parsed) };
    case 'LineString':
      return { type: 'LineString', coordinates: line(parsed) };
    case 'MultiPoint':
      return { type: 'MultiPoint', coordinates: line(parsed) };
    case 'Polygon':
      return { type: 'Polygon', coordinates: rings(parsed) };
    case 'MultiLineString':
      return { type: 'MultiLineString', coordinates: rings(parsed) };
    case 'MultiPolygon':
      return { type: 'MultiPolygon', coordinates: (parsed as unknown[]).map(rings) };
    default:
      return {
        type: 'GeometryCollection',
        geometries: (parsed as unknown[]).map((member) => geometryFromMysql(member, undefined)),
      };
  }
}

/** Point, LineString, Polygon or MultiPolygon by how deeply points nest (an empty list: a LineString). */
function shapeOf(parsed: unknown): Geometry['type'] {
  if (!Array.isArray(parsed)) return 'Point';
  const first: unknown = parsed[0];
  if (first === undefined || !Array.isArray(first)) return 'LineString';
  const inner: unknown = first[0];
  return inner === undefined || !Array.isArray(inner) ? 'Polygon' : 'MultiPolygon';
}
