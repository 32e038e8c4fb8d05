import { join } from 'node:path';
import { describeEachDialect, type DialectContext } from '../../../test-support/dialects';
import { assertBuilt, TempProject } from './support';

beforeAll(assertBuilt);

function projectFor(ctx: DialectContext): TempProject {
  if (ctx.dialect !== 'sqlite') return new TempProject(ctx.url);
  return new TempProject((root) => `sqlite:${join(root, 'test.sqlite3')}`);
}

/** Per dialect: a model with collations (and full-text indexes) the dialect has. */
const MODELS = {
  mysql: `import { DataTypes, Model } from '@strata/core';
import { Column, Table } from '@strata/annotations';

@Table({
  timestamps: false,
  charset: 'utf8mb4',
  collate: 'utf8mb4_bin',
  indexes: [{ name: 'articles_body_ft', type: 'FULLTEXT', fields: ['body'] }],
})
export class Article extends Model {
  @Column(DataTypes.STRING)
  declare title: string;

  @Column({ type: DataTypes.STRING, collate: 'utf8mb4_general_ci' })
  declare slug: string;

  @Column({ type: DataTypes.CHAR(2), charset: 'latin1' })
  declare lang: string;

  @Column(DataTypes.TEXT)
  declare body: string;
}
`,
  postgres: `import { DataTypes, Model } from '@strata/core';
import { Column, Table } from '@strata/annotations';

@Table({ timestamps: false, indexes: [{ fields: ['search'], using: 'GIN' }] })
export class Article extends Model {
  @Column({ type: DataTypes.STRING, collate: 'C' })
  declare title: string;

  @Column(DataTypes.TEXT)
  declare body: string;

  @Column(DataTypes.TSVECTOR)
  declare search: string | null;
}
`,
  sqlite: `import { DataTypes, Model } from '@strata/core';
import { Column, Table } from '@strata/annotations';

@Table({ timestamps: false })
export class Article extends Model {
  @Column({ type: DataTypes.STRING, collate: 'NOCASE' })
  declare title: string;

  @Column(DataTypes.TEXT)
  declare body: string;
}
`,
};

describeEachDialect('migration:generate --from-models with collations and full-text indexes (built binary)', (ctx) => {
  it('writes them into the migration, and migration:check finds no difference after it ran', () => {
    const project = projectFor(ctx);
    project.ok('init');
    project.write('models/article.ts', MODELS[ctx.dialect]);
    project.ok('migration:generate', '--name', 'articles', '--from-models');
    const [migration] = project.files('migrations');
    const text = project.read(`migrations/${migration as string}`);
    if (ctx.dialect === 'mysql') {
      expect(text).toContain('collate: "utf8mb4_general_ci"');
      expect(text).toContain('charset: "latin1"');
      // Text columns carry the model's collation themselves; the table default is written too.
      expect(text).toMatch(/"title": \{[^}]*collate: "utf8mb4_bin"/);
      expect(text).toContain('{ charset: "utf8mb4", collate: "utf8mb4_bin" }');
      expect(text).toContain('type: "FULLTEXT"');
    } else if (ctx.dialect === 'postgres') {
      expect(text).toContain('collate: "C"');
      expect(text).toContain('using: "GIN"');
    } else {
      expect(text).toContain('collate: "NOCASE"');
    }
    project.ok('db:migrate');
    expect(project.ok('migration:check').stdout).toContain('matches the models');
  });
});
