import {
  CreationOptional,
  DataTypes,
  describeChange,
  diffModels,
  Model,
  ModelDefinitionError,
  QueryTypes,
  Strata,
  ValidationError,
} from '@strata/core';
import { describeEachDialect } from '../../../../test-support/dialects';

type Geo = { type: string; coordinates?: unknown; geometries?: Geo[] };

class Place extends Model {
  declare id: CreationOptional<number>;
  declare shape: CreationOptional<Geo | null>;
  declare spot: CreationOptional<Geo | null>;
  declare route: CreationOptional<Geo | null>;
  declare stops: CreationOptional<Geo | null>;
  declare areas: CreationOptional<Geo | null>;
  declare things: CreationOptional<Geo | null>;
}
class Site extends Model {
  declare id: CreationOptional<number>;
  declare location: CreationOptional<Geo | null>;
}

const POINT: Geo = { type: 'Point', coordinates: [10.7522, 59.9139] };
const LINE: Geo = {
  type: 'LineString',
  coordinates: [
    [0, 0],
    [1.5, -2.25],
    [1e10, -1e-10],
  ],
};
const POLYGON: Geo = {
  type: 'Polygon',
  coordinates: [
    [
      [0, 0],
      [4, 0],
      [4, 4],
      [0, 0],
    ],
    [
      [1, 1],
      [2, 1],
      [2, 2],
      [1, 1],
    ],
  ],
};
const MULTIPOINT: Geo = {
  type: 'MultiPoint',
  coordinates: [
    [1, 2],
    [3, 4],
  ],
};
const MULTIPOLYGON: Geo = { type: 'MultiPolygon', coordinates: [POLYGON.coordinates, POLYGON.coordinates] };
const COLLECTION: Geo = { type: 'GeometryCollection', geometries: [POINT, LINE, POLYGON] };

const attributes = {
  shape: DataTypes.GEOMETRY,
  spot: DataTypes.GEOMETRY('POINT', 4326),
  route: DataTypes.GEOMETRY('LINESTRING'),
  stops: DataTypes.GEOMETRY('MULTIPOINT'),
  areas: DataTypes.GEOMETRY('MultiPolygon'),
  things: DataTypes.GEOMETRY('GEOMETRYCOLLECTION'),
};

describeEachDialect('GEOMETRY and GEOGRAPHY', (ctx) => {
  let db: Strata;
  beforeAll(async () => {
    db = ctx.connect();
    // PostGIS is the database's extension (scripts/ci/install-postgis.sh; docs/models.md).
    if (ctx.dialect === 'postgres') await db.query('CREATE EXTENSION IF NOT EXISTS postgis');
  });

  it('checks the geometry type and SRID a type is written with', () => {
    expect(String(DataTypes.GEOMETRY('point', 4326))).toBe('GEOMETRY(POINT, 4326)');
    expect(() => DataTypes.GEOMETRY('CIRCLE')).toThrow(/the geometry type is one of POINT, LINESTRING/);
    expect(() => DataTypes.GEOGRAPHY('POINT', -1)).toThrow(/SRID is a non-negative integer/);
  });

  if (ctx.dialect === 'sqlite') {
    it('is refused on SQLite when the model is defined, naming the model, attribute and dialect', () => {
      expect(() => Place.init({ shape: DataTypes.GEOMETRY }, { strata: db })).toThrow(ModelDefinitionError);
      expect(() => Place.init({ shape: DataTypes.GEOMETRY }, { strata: db })).toThrow(
        'Place.shape: GEOMETRY columns exist only on PostgreSQL (PostGIS) and MySQL; SQLite has no GEOMETRY type',
      );
    });
    return;
  }

  it('round-trips GeoJSON geometries of every type as bound values, with no difference left', async () => {
    Place.init(attributes, { strata: db, timestamps: false });
    await Place.sync({ force: true });
    expect((await diffModels(db)).map(describeChange)).toEqual([]);
    const rows = [
      { shape: POINT, spot: POINT, route: LINE, stops: MULTIPOINT, areas: MULTIPOLYGON, things: COLLECTION },
      {
        shape: LINE,
        route: { type: 'LineString', coordinates: [] },
        things: { type: 'GeometryCollection', geometries: [] },
      },
      { shape: POLYGON },
    ];
    for (const values of rows) {
      const statements: string[] = [];
      const created = await Place.create(values, { logging: (sql: string) => statements.push(sql) });
      // Values are bound: no coordinate appears in the SQL text.
      expect(statements.join(' ')).not.toContain('10.7522');
      const found = await Place.findByPk(created.id);
      const empty = { shape: null, spot: null, route: null, stops: null, areas: null, things: null };
      const expected = { ...empty, ...values };
      expect(found?.get({ plain: true })).toEqual({ id: created.id, ...expected });
      const [raw] = await Place.findAll({ where: { id: created.id }, raw: true });
      expect(raw).toEqual({ id: created.id, ...expected });
    }
    // The database sees real geometries, with the column's SRID.
    const [measured] = (await db.query(
      ctx.dialect === 'postgres'
        ? 'SELECT ST_X(spot) AS x, ST_SRID(spot) AS srid, ST_NumGeometries(things) AS n FROM "Places" WHERE spot IS NOT NULL'
        : 'SELECT ST_X(spot) AS x, ST_SRID(spot) AS srid, ST_NumGeometries(things) AS n FROM Places WHERE spot IS NOT NULL',
      { type: QueryTypes.SELECT },
    )) as Array<{ x: number; srid: number; n: number }>;
    expect({ ...measured, srid: Number(measured?.srid), n: Number(measured?.n) }).toEqual({
      x: 10.7522,
      srid: 4326,
      n: 3,
    });
  });

  it('refuses values that are not GeoJSON geometries of the column type, naming the model and attribute', async () => {
    const before = await Place.count();
    await expect(Place.create({ spot: { type: 'Point', coordinates: [1] } })).rejects.toBeInstanceOf(ValidationError);
    await expect(Place.create({ spot: { type: 'Point', coordinates: [1] } })).rejects.toThrow(
      /Place\.spot: .*Point coordinates are not nested positions/,
    );
    await expect(Place.create({ spot: LINE })).rejects.toThrow(
      'Place.spot: a LineString in a GEOMETRY(POINT, 4326) column (it holds Point values)',
    );
    await expect(
      Place.create({ spot: { ...POINT, crs: { type: 'name', properties: { name: 'EPSG:3857' } } } as Geo }),
    ).rejects.toThrow("Place.spot: crs EPSG:3857 differs from the column's SRID 4326");
    await expect(Place.create({ shape: { type: 'Circle', coordinates: [0, 0] } })).rejects.toThrow(
      /Place\.shape: .*type "Circle" is not one of Point/,
    );
    if (ctx.dialect === 'mysql') {
      // mysql2 reads a geometry back without its type: a plain column takes what its nesting tells apart.
      await expect(Place.create({ shape: MULTIPOINT })).rejects.toThrow(
        "Place.shape: a MultiPoint in a plain GEOMETRY column: on MySQL give the column its type (GEOMETRY('MULTIPOINT'))",
      );
    }
    expect(await Place.count()).toBe(before);
  });

  if (ctx.dialect !== 'postgres') {
    it('refuses GEOGRAPHY on MySQL, naming the model, attribute and dialect', () => {
      expect(() => Site.init({ location: DataTypes.GEOGRAPHY }, { strata: db })).toThrow(
        'Site.location: GEOGRAPHY columns exist only on PostgreSQL; MySQL has no GEOGRAPHY type',
      );
    });
    return;
  }

  it('GEOGRAPHY columns (SRID 4326 unless given) round-trip too; a crs gives a plain GEOMETRY value its SRID', async () => {
    Site.init({ location: DataTypes.GEOGRAPHY('POINT') }, { strata: db, timestamps: false });
    await Site.sync({ force: true });
    expect((await diffModels(db)).map(describeChange)).toEqual([]);
    // PostGIS's own table (spatial_ref_sys) is the extension's: never listed, never offered for dropping.
    expect(await db.getQueryInterface().showAllTables()).toEqual(['Places', 'Sites']);
    expect((await diffModels(db, undefined, { dropUnknownTables: true })).map(describeChange)).toEqual([]);
    const created = await Site.create({ location: POINT });
    expect((await Site.findByPk(created.id))?.location).toEqual(POINT);
    const crs = { type: 'name', properties: { name: 'EPSG:3857' } };
    const place = await Place.create({ shape: { ...POINT, crs } as Geo });
    expect(place.shape).toEqual({ ...POINT, crs });
    expect((await Place.findByPk(place.id))?.shape).toEqual(POINT);
    const [row] = (await db.query(`SELECT ST_SRID(shape) AS srid FROM "Places" WHERE id = ${place.id}`, {
      type: QueryTypes.SELECT,
    })) as Array<{ srid: number }>;
    expect(row?.srid).toBe(3857);
  });
});
