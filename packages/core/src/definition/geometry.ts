/**
 * GEOMETRY and GEOGRAPHY values: GeoJSON geometry objects (RFC 7946), two-dimensional. A value
 * is written as `{ type: 'Point', coordinates: [x, y] }` (optionally with Sequelize's `crs: {
 * type: 'name', properties: { name: 'EPSG:4326' } }` to give its SRID) and read back as
 * `{ type, coordinates }` (`{ type: 'GeometryCollection', geometries }`), without `crs`.
 */

export type Position = [number, number];

export type Geometry =
  | { type: 'Point'; coordinates: Position }
  | { type: 'LineString' | 'MultiPoint'; coordinates: Position[] }
  | { type: 'Polygon' | 'MultiLineString'; coordinates: Position[][] }
  | { type: 'MultiPolygon'; coordinates: Position[][][] }
  | { type: 'GeometryCollection'; geometries: Geometry[] };

/** A geometry and the SRID its `crs` names (undefined: none given). */
export interface GeometryValue {
  geometry: Geometry;
  srid: number | undefined;
}

/** Sequelize's way to give a value's SRID, kept on the value as written. */
export interface NamedCrs {
  type: 'name';
  properties: { name: string };
}

/** The SRID a written value carries in its `crs`, if any. */
export function sridOfValue(value: unknown): number | undefined {
  const srid = sridOf((value as { crs?: unknown }).crs);
  return typeof srid === 'number' ? srid : undefined;
}

/** GeoJSON's geometry type names, by their upper-case SQL spelling (`MULTIPOINT`). */
export const GEOMETRY_TYPES: ReadonlyMap<string, Geometry['type']> = new Map(
  (
    ['Point', 'LineString', 'Polygon', 'MultiPoint', 'MultiLineString', 'MultiPolygon', 'GeometryCollection'] as const
  ).map((name) => [name.toUpperCase(), name]),
);

/** How deeply each type nests its positions (Point: a position, LineString: a list of them...). */
const DEPTH: Record<Exclude<Geometry['type'], 'GeometryCollection'>, number> = {
  Point: 0,
  LineString: 1,
  MultiPoint: 1,
  Polygon: 2,
  MultiLineString: 2,
  MultiPolygon: 3,
};

/**
 * Checks a GeoJSON geometry (every position two finite numbers, nested as its type says) and
 * copies it without anything but `type` and `coordinates`/`geometries`. Returns the reason
 * it is not one instead.
 */
export function readGeometry(value: unknown): GeometryValue | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a GeoJSON geometry object';
  const { type, coordinates, geometries, crs } = value as Record<string, unknown>;
  const srid = sridOf(crs);
  if (typeof srid === 'string') return srid;
  const geometry = copyGeometry(type, coordinates, geometries);
  return typeof geometry === 'string' ? geometry : { geometry, srid };
}

function copyGeometry(type: unknown, coordinates: unknown, geometries: unknown): Geometry | string {
  if (type === 'GeometryCollection') {
    if (!Array.isArray(geometries)) return 'a GeometryCollection has geometries: [...]';
    const copies: Geometry[] = [];
    for (const member of geometries) {
      const copy = readGeometry(member);
      if (typeof copy === 'string') return `GeometryCollection member: ${copy}`;
      copies.push(copy.geometry);
    }
    return { type, geometries: copies };
  }
  if (typeof type !== 'string' || !(type in DEPTH)) {
    return `type ${JSON.stringify(type)} is not one of ${[...GEOMETRY_TYPES.values()].join(', ')}`;
  }
  const copy = copyPositions(coordinates, DEPTH[type as keyof typeof DEPTH]);
  if (copy === undefined) return `${type} coordinates are not nested positions [x, y] of finite numbers`;
  return { type, coordinates: copy } as Geometry;
}

/** `[x, y]` at depth 0, lists of what the next depth holds above it; undefined if malformed. */
function copyPositions(value: unknown, depth: number): unknown {
  if (!Array.isArray(value)) return undefined;
  if (depth === 0) {
    return value.length === 2 && value.every((n) => typeof n === 'number' && Number.isFinite(n))
      ? [value[0], value[1]]
      : undefined;
  }
  const out: unknown[] = [];
  for (const item of value) {
    const copy = copyPositions(item, depth - 1);
    if (copy === undefined) return undefined;
    out.push(copy);
  }
  return out;
}

/** The SRID of Sequelize's `crs: { type: 'name', properties: { name: 'EPSG:4326' } }`. */
function sridOf(crs: unknown): number | undefined | string {
  if (crs === undefined || crs === null) return undefined;
  const name = (crs as { properties?: { name?: unknown } }).properties?.name;
  const match = typeof name === 'string' ? /^EPSG:(\d+)$/i.exec(name) : null;
  return match ? Number(match[1]) : "crs is { type: 'name', properties: { name: 'EPSG:<srid>' } }";
}
