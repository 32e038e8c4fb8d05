import { join } from 'node:path';
import { describeEachDialect, type DialectContext } from '../../../test-support/dialects';
import { assertBuilt, TempProject } from './support';

beforeAll(assertBuilt);

function projectFor(ctx: DialectContext): TempProject {
  if (ctx.dialect !== 'sqlite') return new TempProject(ctx.url);
  return new TempProject((root) => `sqlite:${join(root, 'test.sqlite3')}`);
}

const BOOKING_MODEL = `import { DataTypes, Model } from '@strata/core';
import { Column, Table } from '@strata/annotations';

@Table({ timestamps: false })
export class Booking extends Model {
  @Column(DataTypes.RANGE(DataTypes.DATE))
  declare during: unknown;

  @Column(DataTypes.RANGE(DataTypes.DECIMAL))
  declare prices: unknown;

  @Column(DataTypes.INET)
  declare address: string | null;

  @Column(DataTypes.MACADDR)
  declare mac: string | null;

  @Column(DataTypes.TSVECTOR)
  declare search: string | null;
}
`;

describeEachDialect('migration:generate --from-models with PostgreSQL types (built binary)', (ctx) => {
  if (ctx.dialect !== 'postgres') {
    it('refuses the model, naming the attribute and the dialect, and writes no migration', () => {
      const project = projectFor(ctx);
      project.ok('init');
      project.write('models/booking.ts', BOOKING_MODEL);
      const refused = project.strata('migration:generate', '--name', 'bookings', '--from-models');
      expect(refused.status).toBe(1);
      expect(refused.stderr).toContain(
        `Booking.during: RANGE columns exist only on PostgreSQL; ${ctx.dialect === 'sqlite' ? 'SQLite' : 'MySQL'} has no RANGE type`,
      );
      expect(project.files('migrations')).toEqual([]);
    });
    return;
  }

  it('writes a migration that creates the range, network and tsvector columns, with no difference left', () => {
    const project = projectFor(ctx);
    project.ok('init');
    project.write('models/booking.ts', BOOKING_MODEL);
    project.ok('migration:generate', '--name', 'bookings', '--from-models');
    const [migration] = project.files('migrations');
    const text = project.read(`migrations/${migration as string}`);
    expect(text).toContain('DataTypes.RANGE(DataTypes.DATE)');
    expect(text).toContain('DataTypes.RANGE(DataTypes.DECIMAL)');
    expect(text).toContain('DataTypes.INET');
    project.ok('db:migrate');
    expect(project.ok('migration:check').stdout).toContain('matches the models');
  });
});
