import { join } from 'node:path';
import { Strata } from '@strata/core';
import { describeEachDialect, type DialectContext } from '../../../test-support/dialects';
import { assertBuilt, TempProject } from './support';

beforeAll(assertBuilt);

function projectFor(ctx: DialectContext): TempProject {
  if (ctx.dialect !== 'sqlite') return new TempProject(ctx.url);
  return new TempProject((root) => `sqlite:${join(root, 'test.sqlite3')}`);
}

/** Models in a schema (`billing`), with a key into the default schema and one table name used twice. */
function models(schema: string): Record<string, string> {
  return {
    'models/customer.ts': `import { DataTypes, Model } from '@strata/core';
import { Column, Table } from '@strata/annotations';

@Table({ tableName: 'customers', timestamps: false })
export class Customer extends Model {
  @Column(DataTypes.STRING(60))
  declare name: string;
}
`,
    'models/invoice.ts': `import { DataTypes, Model } from '@strata/core';
import { BelongsTo, Column, ForeignKey, Table } from '@strata/annotations';
import { Customer } from './customer';

@Table({ tableName: 'invoices', schema: ${JSON.stringify(schema)}, timestamps: false, indexes: [{ fields: ['total'] }] })
export class Invoice extends Model {
  @Column({ type: DataTypes.STRING(20), unique: true })
  declare number: string;

  @Column(DataTypes.INTEGER)
  declare total: number;

  @ForeignKey(() => Customer)
  @Column(DataTypes.INTEGER)
  declare customerId: number;

  @BelongsTo(() => Customer)
  declare customer?: Customer;
}
`,
    'models/line.ts': `import { DataTypes, Model } from '@strata/core';
import { BelongsTo, Column, ForeignKey, Table } from '@strata/annotations';
import { Invoice } from './invoice';

@Table({ tableName: 'lines', schema: ${JSON.stringify(schema)}, timestamps: false })
export class Line extends Model {
  @ForeignKey(() => Invoice)
  @Column(DataTypes.INTEGER)
  declare invoiceId: number;

  @BelongsTo(() => Invoice)
  declare invoice?: Invoice;
}
`,
    // A second table named invoices, in the default schema.
    'models/draft.ts': `import { DataTypes, Model } from '@strata/core';
import { Column, Table } from '@strata/annotations';

@Table({ tableName: 'invoices', modelName: 'Draft', timestamps: false })
export class Draft extends Model {
  @Column(DataTypes.TEXT)
  declare body: string;
}
`,
  };
}

describeEachDialect('migration:generate --from-models with schemas (built binary)', (ctx) => {
  const schema = () => `${ctx.url.slice(ctx.url.lastIndexOf('/') + 1) || 'sqlite'}_billing`;

  if (ctx.dialect === 'sqlite') {
    it('refuses a model with a schema, naming the model and the dialect, and writes no migration', () => {
      const project = projectFor(ctx);
      project.ok('init');
      for (const [path, text] of Object.entries(models('billing'))) project.write(path, text);
      const refused = project.strata('migration:generate', '--name', 'billing', '--from-models');
      expect(refused.status).toBe(1);
      expect(refused.stderr).toContain('Invoice: schema "billing" is not supported on sqlite');
      expect(project.files('migrations')).toEqual([]);
    });
    return;
  }

  describe('on a server', () => {
    afterAll(async () => {
      // On MySQL the schema is a database of its own, outside the suite's: drop it first.
      const admin = new Strata(ctx.url);
      try {
        await admin.getQueryInterface().dropSchema(schema(), { cascade: true });
      } finally {
        await admin.close();
      }
    });

    it('creates the schema and its tables, leaves no difference, and undoes it all', async () => {
      const project = projectFor(ctx);
      project.ok('init');
      for (const [path, text] of Object.entries(models(schema()))) project.write(path, text);
      project.ok('migration:generate', '--name', 'billing', '--from-models');
      const [migration] = project.files('migrations');
      const text = project.read(`migrations/${migration as string}`);
      expect(text).toContain(`await queryInterface.createSchema(${JSON.stringify(schema())});`);
      expect(text).toContain(`createTable({ tableName: "invoices", schema: ${JSON.stringify(schema())} }`);
      expect(text).toContain(`createTable({ tableName: "lines", schema: ${JSON.stringify(schema())} }`);
      expect(text).toContain('createTable("invoices"');
      expect(text).toContain(`references: { model: { tableName: "invoices", schema: ${JSON.stringify(schema())} }`);

      project.ok('db:migrate');
      expect(project.ok('migration:check').stdout).toContain('matches the models');

      const db = new Strata(ctx.url);
      try {
        const qi = db.getQueryInterface();
        expect(await qi.showAllSchemas()).toContain(schema());
        expect((await qi.showAllTables({ schema: schema() })).sort()).toEqual(['invoices', 'lines']);
        expect(await qi.showAllTables()).toEqual(expect.arrayContaining(['customers', 'invoices']));
        const keys = await qi.showForeignKeys({ tableName: 'lines', schema: schema() });
        expect(keys).toEqual([
          expect.objectContaining({ columns: ['invoiceId'], referencedTable: 'invoices', referencedSchema: schema() }),
        ]);
        const invoiceKeys = await qi.showForeignKeys({ tableName: 'invoices', schema: schema() });
        expect(invoiceKeys).toEqual([
          expect.objectContaining({
            columns: ['customerId'],
            referencedTable: 'customers',
            referencedSchema: await qi.defaultSchema(),
          }),
        ]);

        // A second generation finds nothing to do.
        const again = project.strata('migration:generate', '--name', 'again', '--from-models');
        expect(again.status).toBe(0);
        expect(again.stdout).toContain('No changes: the database schema already matches the models.');

        project.ok('db:migrate:undo');
        expect(await qi.showAllSchemas()).not.toContain(schema());
        expect(await qi.showAllTables()).not.toContain('customers');
      } finally {
        await db.close();
      }
    });
  });
});
