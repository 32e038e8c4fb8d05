import { join } from 'node:path';
import { QueryTypes, Strata } from '@strata/core';
import { describeEachDialect, type DialectContext } from '../../../test-support/dialects';
import { assertBuilt, TempProject } from './support';

beforeAll(assertBuilt);

/** A model using every PostgreSQL type Strata has, with a database-side UUID default. */
const POSTGRES_MODEL = (statuses: string) => `import { DataTypes, Model, fn } from '@strata/core';
import { Column, Table } from '@strata/annotations';

@Table({ timestamps: false })
export class Everything extends Model {
  @Column({ type: DataTypes.UUID, primaryKey: true, defaultValue: fn('gen_random_uuid') })
  declare id: string;

  @Column(DataTypes.ARRAY(DataTypes.STRING(20)))
  declare tags: string[] | null;

  @Column(DataTypes.ARRAY(DataTypes.INTEGER))
  declare scores: number[] | null;

  @Column(DataTypes.RANGE(DataTypes.INTEGER))
  declare seats: unknown;

  @Column(DataTypes.RANGE(DataTypes.BIGINT))
  declare ids: unknown;

  @Column(DataTypes.RANGE(DataTypes.DECIMAL))
  declare prices: unknown;

  @Column(DataTypes.RANGE(DataTypes.DATE))
  declare during: unknown;

  @Column(DataTypes.RANGE(DataTypes.DATEONLY))
  declare days: unknown;

  @Column(DataTypes.CITEXT)
  declare email: string | null;

  @Column(DataTypes.INET)
  declare address: string | null;

  @Column(DataTypes.CIDR)
  declare subnet: string | null;

  @Column(DataTypes.MACADDR)
  declare mac: string | null;

  @Column(DataTypes.TSVECTOR)
  declare search: string | null;

  @Column(DataTypes.HSTORE)
  declare attrs: Record<string, string | null> | null;

  @Column({ type: DataTypes.ENUM(${statuses}), allowNull: false, defaultValue: 'open' })
  declare status: string;

  @Column(DataTypes.GEOMETRY('POINT', 4326))
  declare spot: unknown;

  @Column(DataTypes.GEOMETRY)
  declare shape: unknown;

  @Column(DataTypes.GEOGRAPHY('POLYGON'))
  declare area: unknown;
}
`;

/** A model using MySQL's integer variants, JSON, ENUM and a database-side UUID default. */
const MYSQL_MODEL = (statuses: string) => `import { DataTypes, Model, fn } from '@strata/core';
import { Column, Table } from '@strata/annotations';

@Table({ timestamps: false })
export class Everything extends Model {
  @Column({ type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true })
  declare id: number;

  @Column({ type: DataTypes.CHAR(36), allowNull: false, defaultValue: fn('uuid') })
  declare token: string;

  @Column(DataTypes.TINYINT)
  declare tiny: number | null;

  @Column(DataTypes.MEDIUMINT)
  declare medium: number | null;

  @Column(DataTypes.INTEGER.UNSIGNED)
  declare positive: number | null;

  @Column(DataTypes.INTEGER.ZEROFILL)
  declare padded: number | null;

  @Column(DataTypes.SMALLINT.UNSIGNED)
  declare small: number | null;

  @Column(DataTypes.JSON)
  declare meta: unknown;

  @Column({ type: DataTypes.ENUM(${statuses}), allowNull: false, defaultValue: 'open' })
  declare status: string;

  @Column(DataTypes.GEOMETRY('POINT'))
  declare spot: unknown;

  @Column(DataTypes.GEOMETRY)
  declare shape: unknown;
}
`;

describeEachDialect(
  'migration:generate --from-models on a model using every type (built binary)',
  (ctx: DialectContext) => {
    if (ctx.dialect === 'sqlite') {
      it('refuses the PostgreSQL model on SQLite, naming the attribute and the dialect, and writes nothing', () => {
        const project = new TempProject((root) => `sqlite:${join(root, 'test.sqlite3')}`);
        project.ok('init');
        project.write('models/everything.ts', POSTGRES_MODEL("'open'"));
        const refused = project.strata('migration:generate', '--name', 'everything', '--from-models');
        expect(refused.status).toBe(1);
        expect(refused.stderr).toMatch(/Everything\.\w+: \w+ columns exist only on PostgreSQL; SQLite has no/);
        expect(project.files('migrations')).toEqual([]);
      });
      return;
    }
    const model = ctx.dialect === 'postgres' ? POSTGRES_MODEL : MYSQL_MODEL;

    it('generates, runs, and migration:check finds no difference; growing the ENUM does the same', async () => {
      if (ctx.dialect === 'postgres') {
        // CITEXT, HSTORE and PostGIS are extensions: the database's, not the migration's (docs/data-types.md).
        const admin = new Strata(ctx.url);
        try {
          await admin.query('CREATE EXTENSION IF NOT EXISTS citext');
          await admin.query('CREATE EXTENSION IF NOT EXISTS hstore');
          await admin.query('CREATE EXTENSION IF NOT EXISTS postgis');
        } finally {
          await admin.close();
        }
      }
      const project = new TempProject(ctx.url);
      project.ok('init');
      project.write('models/everything.ts', model("'open', 'closed'"));
      project.ok('migration:generate', '--name', 'everything', '--from-models');
      const [first] = project.files('migrations');
      const text = project.read(`migrations/${first as string}`);
      if (ctx.dialect === 'postgres') {
        expect(text).toContain('defaultValue: fn("gen_random_uuid")');
        expect(text).toContain('DataTypes.HSTORE');
        expect(text).toContain('DataTypes.RANGE(DataTypes.DATEONLY)');
        expect(text).toContain('DataTypes.GEOMETRY("POINT", 4326)');
        expect(text).toContain('DataTypes.GEOGRAPHY("POLYGON")');
      } else {
        expect(text).toContain('defaultValue: fn("uuid")');
        expect(text).toContain('DataTypes.INTEGER.UNSIGNED');
        expect(text).toContain('DataTypes.INTEGER.ZEROFILL');
        expect(text).toContain('DataTypes.MEDIUMINT');
        expect(text).toContain('DataTypes.GEOMETRY("POINT")');
      }
      project.ok('db:migrate');
      expect(project.ok('migration:check').stdout).toContain('matches the models');

      project.write('models/everything.ts', model("'open', 'pending', 'closed'"));
      const check = project.strata('migration:check');
      expect(check.status).not.toBe(0);
      project.ok('migration:generate', '--name', 'grow-status', '--from-models');
      project.ok('db:migrate');
      expect(project.ok('migration:check').stdout).toContain('matches the models');

      // The database fills the function default in for rows written by anyone.
      const db = new Strata(ctx.url);
      try {
        const table = ctx.dialect === 'postgres' ? '"Everythings"' : 'Everythings';
        await db.query(`INSERT INTO ${table} (status) VALUES ('pending')`);
        const rows = (await db.query(`SELECT * FROM ${table}`, { type: QueryTypes.SELECT })) as Array<
          Record<string, unknown>
        >;
        const row = rows[0];
        expect(row?.[ctx.dialect === 'postgres' ? 'id' : 'token']).toMatch(/^[0-9a-f-]{36}$/);
      } finally {
        await db.close();
      }
    });
  },
);
