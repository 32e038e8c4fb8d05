import { Strata } from '@strata/core';
import { join } from 'node:path';
import { describeEachDialect, type DialectContext } from '../../../test-support/dialects';
import { assertBuilt, TempProject } from './support';

beforeAll(assertBuilt);

/** The suite's database as a URL the binary can open (a file on SQLite: memory is per process). */
function projectFor(ctx: DialectContext): TempProject {
  if (ctx.dialect !== 'sqlite') return new TempProject(ctx.url);
  return new TempProject((root) => `sqlite:${join(root, 'test.sqlite3')}`);
}

async function withDb<T>(project: TempProject, ctx: DialectContext, work: (db: Strata) => Promise<T>): Promise<T> {
  const db = new Strata(project.url ?? ctx.url);
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

const CREATE_USERS = `'use strict';
module.exports = {
  async up({ queryInterface, DataTypes }) {
    await queryInterface.createTable('Users', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      email: { type: DataTypes.STRING(100), allowNull: false, unique: true },
    });
  },
  async down({ queryInterface }) {
    await queryInterface.dropTable('Users');
  },
};
`;

const ADD_AGE_TS = `import type { MigrationContext } from '@strata/cli';
export async function up({ queryInterface, DataTypes }: MigrationContext): Promise<void> {
  const column: { type: unknown; allowNull: boolean } = { type: DataTypes.INTEGER, allowNull: true };
  await queryInterface.addColumn('Users', 'age', column as never);
}
export async function down({ queryInterface }: MigrationContext): Promise<void> {
  await queryInterface.removeColumn('Users', 'age');
}
`;

const CREATE_POSTS_MJS = `export async function up({ queryInterface, DataTypes }) {
  await queryInterface.createTable('Posts', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    title: { type: DataTypes.STRING, allowNull: false },
    userId: { type: DataTypes.INTEGER, references: { model: 'Users', key: 'id' }, onDelete: 'CASCADE' },
  });
}
export async function down({ queryInterface }) {
  await queryInterface.dropTable('Posts');
}
`;

const FAILING = `module.exports = {
  async up({ queryInterface, DataTypes }) {
    await queryInterface.createTable('Half', { id: { type: DataTypes.INTEGER, primaryKey: true } });
    await queryInterface.bulkInsert('NoSuchTable', [{ x: 1 }]);
  },
  async down() {},
};
`;

describeEachDialect('strata db:migrate / db:migrate:undo (built binary)', (ctx) => {
  let project: TempProject;

  beforeAll(() => {
    project = projectFor(ctx);
    project.ok('init');
    project.write('migrations/20260101000000-create-users.js', CREATE_USERS);
    project.write('migrations/20260101000001-add-age.ts', ADD_AGE_TS);
    project.write('migrations/20260101000002-create-posts.mjs', CREATE_POSTS_MJS);
  });

  it('applies .js, .ts and .mjs migrations in order and records them', async () => {
    const first = project.ok('db:migrate');
    expect(first.stdout).toContain('== 20260101000000-create-users.js (1/3)');
    expect(first.stdout).toContain('== 20260101000002-create-posts.mjs (3/3)');
    expect(first.stdout).toContain('Applied 3 migration(s).');
    await withDb(project, ctx, async (db) => {
      const columns = await db.getQueryInterface().describeTable('Users');
      expect(Object.keys(columns).sort()).toEqual(['age', 'email', 'id']);
    });
  });

  it('applies nothing the second time', () => {
    const second = project.ok('db:migrate');
    expect(second.stdout).toContain('No migrations were executed');
    expect(project.ok('db:migrate:status').stdout.trim().split('\n')).toEqual([
      'up   20260101000000-create-users.js',
      'up   20260101000001-add-age.ts',
      'up   20260101000002-create-posts.mjs',
    ]);
  });

  it('stops at a failing migration, names the file and the database error, and records nothing of it', async () => {
    project.write('migrations/20260101000003-failing.js', FAILING);
    const result = project.strata('db:migrate');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('migration 20260101000003-failing.js failed (up)');
    expect(result.stderr).toMatch(/NoSuchTable/);
    expect(result.stderr).toMatch(/statement: insert into/i);
    expect(project.ok('db:migrate:status').stdout).toContain('down 20260101000003-failing.js');
    const tables = await withDb(project, ctx, (db) => db.getQueryInterface().showAllTables());
    // Where DDL rolls back, the table the failing file created first is gone too.
    if (ctx.dialect !== 'mysql') expect(tables).not.toContain('Half');
    // MySQL cannot roll DDL back: the fixed file cleans up after the failed run.
    project.write(
      'migrations/20260101000003-failing.js',
      "module.exports = { async up({ queryInterface }) { await queryInterface.dropTable('Half'); }, async down() {} };\n",
    );
    project.ok('db:migrate');
  });

  it('undoes the last migration, then all down to a name, then all', async () => {
    const undo = project.ok('db:migrate:undo');
    expect(undo.stdout).toContain('Reverted 20260101000003-failing.js.');
    project.ok('db:migrate:undo:all', '--to', '20260101000001-add-age');
    expect(project.ok('db:migrate:status').stdout.trim().split('\n')).toEqual([
      'up   20260101000000-create-users.js',
      'down 20260101000001-add-age.ts',
      'down 20260101000002-create-posts.mjs',
      'down 20260101000003-failing.js',
    ]);
    await withDb(project, ctx, async (db) => {
      expect(Object.keys(await db.getQueryInterface().describeTable('Users')).sort()).toEqual(['email', 'id']);
    });
    project.ok('db:migrate:undo:all');
    const tables = await withDb(project, ctx, (db) => db.getQueryInterface().showAllTables());
    expect(tables).toEqual(['StrataMeta']);
    expect(project.ok('db:migrate:undo').stdout).toContain('No executed migrations found.');
  });

  it('migrates --to a name', () => {
    project.ok('db:migrate', '--to', '20260101000001-add-age.ts');
    expect(project.ok('db:migrate:status').stdout).toMatch(/up {3}20260101000001-add-age\.ts\ndown 20260101000002/);
  });

  it('keeps every row of the table and of the tables referencing it when SQLite rebuilds a table', async () => {
    project.ok('db:migrate');
    await withDb(project, ctx, async (db) => {
      const qi = db.getQueryInterface();
      await qi.bulkInsert('Users', [{ email: 'a@x.test' }, { email: 'b@x.test' }]);
      await qi.bulkInsert('Posts', [
        { title: 'one', userId: 1 },
        { title: 'two', userId: 2 },
      ]);
    });
    project.write(
      'migrations/20260101000004-widen-email.js',
      `module.exports = {
  async up({ queryInterface, DataTypes }) {
    await queryInterface.changeColumn('Users', 'email', { type: DataTypes.STRING(200), allowNull: false });
  },
  async down({ queryInterface, DataTypes }) {
    await queryInterface.changeColumn('Users', 'email', { type: DataTypes.STRING(100), allowNull: false });
  },
};
`,
    );
    project.ok('db:migrate');
    project.ok('db:migrate:undo');
    await withDb(project, ctx, async (db) => {
      const [posts] = (await db.query(
        'SELECT title FROM "Posts" ORDER BY title'.replace(/"/g, ctx.dialect === 'mysql' ? '`' : '"'),
      )) as [Array<{ title: string }>];
      expect(posts.map((p) => p.title)).toEqual(['one', 'two']);
      const users = (await db.getQueryInterface().describeTable('Users')).email;
      expect(users.allowNull).toBe(false);
    });
  });
});

describeEachDialect('strata seeds (built binary)', (ctx) => {
  let project: TempProject;

  beforeAll(() => {
    project = projectFor(ctx);
    project.ok('init');
    project.write('migrations/20260101000000-create-users.js', CREATE_USERS);
    project.ok('db:migrate');
    project.write(
      'seeders/20260101000000-demo-users.js',
      `module.exports = {
  async up({ queryInterface }) {
    await queryInterface.bulkInsert('Users', [{ email: 'ann@x.test' }, { email: 'bob@x.test' }]);
  },
  async down({ queryInterface }) {
    await queryInterface.bulkDelete('Users', {});
  },
};
`,
    );
    project.write(
      'seeders/20260101000001-more-users.ts',
      `export async function up({ queryInterface }: { queryInterface: { bulkInsert(t: string, r: object[]): Promise<void> } }) {
  await queryInterface.bulkInsert('Users', [{ email: 'cy@x.test' }]);
}
export async function down({ queryInterface }: { queryInterface: { bulkDelete(t: string, w: object): Promise<number> } }) {
  await queryInterface.bulkDelete('Users', { email: 'cy@x.test' });
}
`,
    );
  });

  const count = () =>
    withDb(project, ctx, async (db) => {
      const rows = (await db.query(
        'SELECT COUNT(*) AS n FROM Users'.replace('Users', ctx.dialect === 'mysql' ? '`Users`' : '"Users"'),
        {
          type: 'SELECT',
        },
      )) as Array<{ n: number | string }>;
      return Number(rows[0].n);
    });

  it('generates a seed file', () => {
    const result = project.ok('seed:generate', '--name', 'extra');
    expect(result.stdout).toMatch(/created seeders\/\d{14}-extra\.js/);
    expect(project.files('seeders')).toHaveLength(3);
  });

  it('runs every seed once, undoes the last, runs one by name, undoes all', async () => {
    project.ok('db:seed:all');
    expect(await count()).toBe(3);
    expect(project.ok('db:seed:all').stdout).toContain('No seeds to run');
    project.ok('db:seed:undo');
    // The generated seed is last and does nothing; undo it and the .ts one.
    project.ok('db:seed:undo');
    expect(await count()).toBe(2);
    project.ok('db:seed', '--seed', '20260101000001-more-users');
    expect(await count()).toBe(3);
    project.ok('db:seed:undo:all');
    expect(await count()).toBe(0);
  });
});

describeEachDialect('strata model:generate and migration:generate --from-models (built binary)', (ctx) => {
  let project: TempProject;

  beforeAll(() => {
    project = projectFor(ctx);
    project.ok('init');
  });

  it('writes a decorated model and its create-table migration, which migrates to a matching schema', () => {
    project.ok(
      'model:generate',
      '--name',
      'Member',
      '--attributes',
      'firstName:string,email:string(120),nickname:string',
    );
    expect(project.read('models/member.ts')).toContain('export class Member extends Model');
    expect(project.read('models/member.ts')).toContain('@Column(DataTypes.STRING(120))');
    const [migration] = project.files('migrations');
    expect(migration).toMatch(/^\d{14}-create-member\.js$/);
    project.ok('db:migrate');
    expect(project.ok('migration:check').stdout).toContain('matches the models');
  });

  it('writes the difference after the model changes, refuses drops without --allow-destructive, and round-trips', async () => {
    const model = project
      .read('models/member.ts')
      .replace(
        '@Column(DataTypes.STRING(120))',
        '@Column({ type: DataTypes.STRING(200), allowNull: false, defaultValue: "" })',
      )
      .replace(/ {2}@Column\(DataTypes\.STRING\)\n {2}declare nickname: string \| null;\n/, '')
      .replace('declare createdAt', '@Column(DataTypes.INTEGER)\n  declare age: number | null;\n\n  declare createdAt');
    project.write('models/member.ts', model);

    const check = project.strata('migration:check');
    expect(check.status).toBe(1);
    expect(check.stderr).toContain('add column Members.age');
    expect(check.stderr).toContain('remove column Members.nickname (destructive)');
    expect(check.stderr).toMatch(/change column Members\.email/);

    const refused = project.strata('migration:generate', '--name', 'member-v2', '--from-models');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('--allow-destructive');
    expect(project.files('migrations')).toHaveLength(1);

    project.ok('migration:generate', '--name', 'member-v2', '--from-models', '--allow-destructive');
    const file = project.files('migrations').find((f) => f.includes('member-v2')) as string;
    expect(project.read(`migrations/${file}`)).toContain('// DESTRUCTIVE: remove column Members.nickname');

    project.ok('db:migrate');
    expect(project.ok('migration:check').status).toBe(0);
    expect(project.ok('migration:generate', '--name', 'nothing', '--from-models').stdout).toContain('No changes');
    expect(project.files('migrations')).toHaveLength(2);

    project.ok('db:migrate:undo');
    await withDb(project, ctx, async (db) => {
      const columns = await db.getQueryInterface().describeTable('Members');
      expect(Object.keys(columns)).toContain('nickname');
      expect(Object.keys(columns)).not.toContain('age');
    });
    expect(project.strata('migration:check').status).toBe(1);
  });
});
