import { DataTypes, Op, QueryTypes, Strata } from '@strata/core';
import { join } from 'node:path';
import { describeEachDialect, type DialectContext } from '../../../test-support/dialects';
import { assertBuilt, installRealSequelizeCli, succeeded, TempProject, type RunResult } from './support';

beforeAll(assertBuilt);

/** A sequelize-cli app as its team wrote it: .sequelizerc, config/config.json, generated migrations and seeders. */
const FIXTURE = join(__dirname, 'fixtures', 'sequelize-cli-app');
const SQLITE_STORAGE = 'db/app.sqlite3';

/** The fixture's config/config.json, pointed at the suite's database. */
function configFor(ctx: DialectContext): Record<string, unknown> {
  if (ctx.dialect === 'sqlite') return { dialect: 'sqlite', storage: SQLITE_STORAGE };
  const url = new URL(ctx.url);
  return {
    username: decodeURIComponent(url.username),
    password: null,
    database: url.pathname.slice(1),
    host: url.hostname,
    port: Number(url.port),
    dialect: ctx.dialect,
  };
}

/** A temp copy of the fixture whose `development` environment is the suite's database. */
function sequelizeCliApp(ctx: DialectContext): TempProject {
  const project = new TempProject();
  project.copyFrom(FIXTURE);
  project.write('config/config.json', `${JSON.stringify({ development: configFor(ctx) }, null, 2)}\n`);
  return project;
}

async function withDb<T>(project: TempProject, ctx: DialectContext, work: (db: Strata) => Promise<T>): Promise<T> {
  const db = new Strata(ctx.dialect === 'sqlite' ? `sqlite:${join(project.root, SQLITE_STORAGE)}` : ctx.url);
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

const tables = (project: TempProject, ctx: DialectContext): Promise<string[]> =>
  withDb(project, ctx, (db) => db.getQueryInterface().showAllTables());

/** One column of a table, in that column's order (quoted for the dialect by knex). */
const columnValues = (project: TempProject, ctx: DialectContext, table: string, column: string): Promise<unknown[]> =>
  withDb(project, ctx, async (db) => {
    const query = db.knex(table).select(column).orderBy(column).toSQL();
    const rows = (await db.query(query.sql, {
      replacements: [...query.bindings],
      type: QueryTypes.SELECT,
    })) as Array<Record<string, unknown>>;
    return rows.map((row) => row[column]);
  });

const historyNames = (project: TempProject, ctx: DialectContext, table: string): Promise<unknown[]> =>
  columnValues(project, ctx, table, 'name');

const MIGRATIONS = [
  '20240105093000-create-user.js',
  '20240105093100-create-post.js',
  '20240112150000-add-role-to-users.js',
];

/** The next migration the team writes after moving to Strata, still in sequelize-cli's format. */
const ADD_PUBLISHED = `'use strict';

/** @type {import('sequelize-cli').Migration} */
module.exports = {
  async up (queryInterface, Sequelize) {
    await queryInterface.addColumn('Posts', 'publishedAt', { type: Sequelize.DATE, allowNull: true });
    await queryInterface.bulkUpdate('Posts', { publishedAt: new Date() }, { views: { [Sequelize.Op.gte]: 0 } });
  },

  async down (queryInterface, Sequelize) {
    await queryInterface.removeColumn('Posts', 'publishedAt');
  }
};
`;

/** `up  <name>` lines of `strata db:migrate:status`. */
const statusLines = (result: RunResult): string[] => result.stdout.trim().split('\n');

describeEachDialect('strata on a sequelize-cli project (fixtures/sequelize-cli-app)', (ctx) => {
  let project: TempProject;

  beforeAll(() => {
    project = sequelizeCliApp(ctx);
  });

  it('db:migrate runs the two-argument migrations and records them in SequelizeMeta', async () => {
    const result = project.ok('db:migrate');
    expect(result.stdout).toContain('Applied 3 migration(s).');
    expect(await historyNames(project, ctx, 'SequelizeMeta')).toEqual(MIGRATIONS);
    const present = await tables(project, ctx);
    expect(present).toEqual(expect.arrayContaining(['Users', 'Posts', 'SequelizeMeta']));
    expect(present).not.toContain('StrataMeta');
    expect(statusLines(project.ok('db:migrate:status'))).toEqual(MIGRATIONS.map((name) => `up   ${name}`));
  });

  it('db:seed:all runs the seeders and, as sequelize-cli does by default, records none', async () => {
    expect(project.ok('db:seed:all').stdout).toContain('Seeded 2 file(s).');
    const present = await tables(project, ctx);
    expect(present).not.toContain('SequelizeData');
    expect(present).not.toContain('StrataSeeds');
  });

  it("answers the app's queries on the migrated and seeded schema", async () => {
    await withDb(project, ctx, async (db) => {
      const User = db.define('User', {
        firstName: DataTypes.STRING,
        lastName: DataTypes.STRING,
        email: DataTypes.STRING,
        role: DataTypes.STRING(20),
      });
      const Post = db.define('Post', { title: DataTypes.STRING, body: DataTypes.TEXT, views: DataTypes.INTEGER });
      User.hasMany(Post, { foreignKey: 'UserId', as: 'posts' });
      Post.belongsTo(User, { foreignKey: 'UserId', as: 'author' });

      const admins = await User.findAll({ where: { role: 'admin' }, include: ['posts'] });
      expect(admins.map((u) => u.get('email'))).toEqual(['ada@example.com']);
      expect((admins[0].get('posts') as Array<InstanceType<typeof Post>>).map((p) => p.get('views'))).toEqual([10]);
      expect(await User.count({ where: { role: 'member' } })).toBe(2);
      expect(await Post.sum('views')).toBe(60);

      const popular = await Post.findAll({
        where: { views: { [Op.gt]: 15 } },
        include: ['author'],
        order: [['id', 'ASC']],
      });
      expect(popular.map((p) => (p.get('author') as InstanceType<typeof User>).get('lastName'))).toEqual([
        'Turing',
        'Hopper',
      ]);
      await Post.create({ title: 'Written after the move', body: 'by Strata', views: 1, UserId: 2 });
    });
  });

  it('db:seed:undo reverts with Op.in filters and bulkDelete(table, null, {}) from the generated template', async () => {
    expect(project.ok('db:seed:undo', '--seed', '20240120080100-demo-posts').stdout).toContain(
      'Reverted 20240120080100-demo-posts.js.',
    );
    // The operator filter removed the seeded posts only: the one the app wrote is still there.
    expect(await columnValues(project, ctx, 'Posts', 'title')).toEqual(['Written after the move']);
    // With no seed history, undo:all reverts every seeder, last first.
    expect(project.ok('db:seed:undo:all').stdout).toContain('Reverted 2 seed(s).');
    expect(await columnValues(project, ctx, 'Users', 'id')).toEqual([]);
  });

  it('db:migrate:undo:all reverts every migration', async () => {
    expect(project.ok('db:migrate:undo:all').stdout).toContain('Reverted 3 migration(s).');
    expect(await tables(project, ctx)).toEqual(['SequelizeMeta']);
    expect(await historyNames(project, ctx, 'SequelizeMeta')).toEqual([]);
  });
});

describeEachDialect('strata on a database the real sequelize-cli migrated', (ctx) => {
  let project: TempProject;
  let sequelizeCli: string;
  const real = (...args: string[]): RunResult => succeeded('sequelize-cli', args, project.run(sequelizeCli, args));

  beforeAll(() => {
    sequelizeCli = installRealSequelizeCli();
    project = sequelizeCliApp(ctx);
  }, 300_000);

  it('sees every migration sequelize-cli applied, then runs the next one', async () => {
    expect(real('db:migrate').stdout).toContain('== 20240112150000-add-role-to-users: migrated');
    expect(statusLines(project.ok('db:migrate:status'))).toEqual(MIGRATIONS.map((name) => `up   ${name}`));
    expect(project.ok('db:migrate').stdout).toContain('No migrations were executed');

    project.write('db/migrations/20240201100000-add-published-to-posts.js', ADD_PUBLISHED);
    const next = project.ok('db:migrate');
    expect(next.stdout).toContain('20240201100000-add-published-to-posts.js');
    expect(next.stdout).toContain('Applied 1 migration(s).');
    const columns = await withDb(project, ctx, (db) => db.getQueryInterface().describeTable('Posts'));
    expect(Object.keys(columns)).toContain('publishedAt');
  });

  it('leaves a history sequelize-cli reads back and can undo', async () => {
    expect(real('db:migrate:status').stdout).toContain('up 20240201100000-add-published-to-posts.js');
    real('db:migrate:undo:all');
    expect(await historyNames(project, ctx, 'SequelizeMeta')).toEqual([]);
    expect(await tables(project, ctx)).toEqual(['SequelizeMeta']);
  });
});

const CREATE_TAGS = `'use strict';
module.exports = {
  async up (queryInterface, Sequelize) {
    await queryInterface.createTable('Tags', {
      id: { allowNull: false, autoIncrement: true, primaryKey: true, type: Sequelize.INTEGER },
      name: { type: Sequelize.STRING, defaultValue: 'untitled' },
      createdAt: { allowNull: false, type: Sequelize.DATE }
    });
  },
  async down (queryInterface) {
    await queryInterface.dropTable('Tags');
  }
};
`;

const SEED_TAGS = `'use strict';
module.exports = {
  async up (queryInterface) {
    await queryInterface.bulkInsert('Tags', [{ name: 'a', createdAt: new Date() }, { name: 'b', createdAt: new Date() }], {});
  },
  async down (queryInterface, Sequelize) {
    await queryInterface.bulkDelete('Tags', { name: { [Sequelize.Op.in]: ['a', 'b'] } }, {});
  }
};
`;

describe('sequelize-cli config files and history tables (SQLite file)', () => {
  it('reads config/config.js exporting a function, use_env_variable from .env, and seederStorage: sequelize', async () => {
    const project = new TempProject();
    project.write(
      'config/config.js',
      "module.exports = async () => ({ development: { use_env_variable: 'APP_DB_URL', seederStorage: 'sequelize' } });\n",
    );
    project.write('.env', `APP_DB_URL=sqlite:${join(project.root, 'app.sqlite3')}\n`);
    project.write('migrations/20240101000000-create-tags.js', CREATE_TAGS);
    project.write('seeders/20240101000000-tags.js', SEED_TAGS);

    expect(project.ok('db:migrate').stdout).toContain('Applied 1 migration(s).');
    expect(project.ok('db:seed:all').stdout).toContain('Seeded 1 file(s).');
    expect(project.ok('db:seed:all').stdout).toContain('No seeds to run');
    const db = new Strata(`sqlite:${join(project.root, 'app.sqlite3')}`);
    try {
      expect(await db.getQueryInterface().showAllTables()).toEqual(['SequelizeData', 'SequelizeMeta', 'Tags']);
    } finally {
      await db.close();
    }
    expect(project.ok('db:seed:undo:all').stdout).toContain('Reverted 1 seed(s).');
  });

  it('refuses a storage it cannot keep, saying what to set', () => {
    const project = new TempProject();
    project.write(
      'config/config.json',
      JSON.stringify({ development: { dialect: 'sqlite', storage: 'app.sqlite3', migrationStorage: 'json' } }),
    );
    const result = project.strata('db:migrate:status');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("migrationStorage: 'json' is not supported");
    expect(result.stderr).toContain("set migrationStorage to 'sequelize'");
  });

  it('a Strata project keeps using SequelizeMeta when only that table exists, and calls two-argument files positionally', async () => {
    const url = (root: string): string => `sqlite:${join(root, 'app.sqlite3')}`;
    const project = new TempProject(url);
    project.ok('init');
    project.write('migrations/20240101000000-create-tags.js', CREATE_TAGS);
    // Applied by sequelize-cli already (it is in SequelizeMeta): running it again would fail.
    project.write(
      'migrations/20231231000000-done-by-sequelize-cli.js',
      "module.exports = { async up() { throw new Error('ran twice'); }, async down() {} };\n",
    );
    const db = new Strata(url(project.root));
    try {
      await db.getQueryInterface().createTable('SequelizeMeta', {
        name: { type: DataTypes.STRING, primaryKey: true, allowNull: false },
      });
      await db.getQueryInterface().bulkInsert('SequelizeMeta', [{ name: '20231231000000-done-by-sequelize-cli.js' }]);
      expect(project.ok('db:migrate').stdout).toContain('Applied 1 migration(s).');
      const tablesAfter = await db.getQueryInterface().showAllTables();
      expect(tablesAfter).toContain('Tags');
      expect(tablesAfter).not.toContain('StrataMeta');
      expect(statusLines(project.ok('db:migrate:status'))).toEqual([
        'up   20231231000000-done-by-sequelize-cli.js',
        'up   20240101000000-create-tags.js',
      ]);
    } finally {
      await db.close();
    }
  });
});
