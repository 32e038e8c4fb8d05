import { Strata } from '@strata/core';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describeEachDialect, testDialects } from '../../../test-support/dialects';
import { SERVERS } from '../../../test-support/servers';
import { assertBuilt, TempProject } from './support';

beforeAll(assertBuilt);

const COMMANDS = [
  'init',
  'model:generate',
  'migration:generate',
  'migration:check',
  'db:migrate',
  'db:migrate:status',
  'db:migrate:undo',
  'db:migrate:undo:all',
  'seed:generate',
  'db:seed:all',
  'db:seed',
  'db:seed:undo',
  'db:seed:undo:all',
  'db:create',
  'db:drop',
];

describe('strata init and the config file', () => {
  it('creates the config file per environment, the folders, the project file and a tsconfig', () => {
    const project = new TempProject();
    const result = project.ok('init');
    expect(result.stdout).toContain('created config/config.json');
    const config = JSON.parse(project.read('config/config.json')) as Record<string, Record<string, unknown>>;
    expect(Object.keys(config)).toEqual(['development', 'test', 'production']);
    expect(config.production).toEqual({ use_env_variable: 'DATABASE_URL' });
    for (const folder of ['models', 'migrations', 'seeders']) expect(existsSync(join(project.root, folder))).toBe(true);
    expect(JSON.parse(project.read('.strata.json'))['migrations-path']).toBe('migrations');
    expect(JSON.parse(project.read('tsconfig.json')).compilerOptions.experimentalDecorators).toBe(true);
    expect(project.ok('init').stdout).toContain('config/config.json already exists (kept)');
  });

  it('follows the project file to other folders', () => {
    const project = new TempProject();
    project.write(
      '.strata.json',
      JSON.stringify({
        config: 'db/config.json',
        'migrations-path': 'db/migrate',
        'seeders-path': 'db/seeds',
        'models-path': 'src/models',
      }),
    );
    project.ok('init');
    for (const path of ['db/config.json', 'db/migrate', 'db/seeds', 'src/models']) {
      expect(existsSync(join(project.root, path))).toBe(true);
    }
    project.ok('migration:generate', '--name', 'first step');
    expect(project.files('db/migrate')).toEqual([expect.stringMatching(/^\d{14}-first-step\.js$/)]);
  });

  it('reads the URL from the environment variable an environment names', () => {
    const project = new TempProject();
    project.ok('init');
    project.write('migrations/20260101000000-noop.js', 'module.exports = { async up() {}, async down() {} };\n');
    const missing = project.strata('db:migrate', '--env', 'production');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('reads the URL from $DATABASE_URL, which is not set');
    process.env.DATABASE_URL = `sqlite:${join(project.root, 'prod.sqlite3')}`;
    try {
      expect(project.ok('db:migrate', '--env', 'production').stdout).toContain('Applied 1 migration(s).');
    } finally {
      delete process.env.DATABASE_URL;
    }
    expect(existsSync(join(project.root, 'prod.sqlite3'))).toBe(true);
  });

  it('explains what is missing: no config file, an unknown environment', () => {
    const project = new TempProject();
    const noConfig = project.strata('db:migrate');
    expect(noConfig.status).toBe(1);
    expect(noConfig.stderr).toMatch(/No config file at .*config\.json: run `strata init`/);
    project.ok('init');
    const unknown = project.strata('db:migrate', '--env', 'staging');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('has no "staging" environment (it has: development, test, production)');
  });

  it('uses the development SQLite file from the generated config', () => {
    const project = new TempProject();
    project.ok('init');
    project.write('migrations/20260101000000-noop.js', 'module.exports = { async up() {}, async down() {} };\n');
    project.ok('db:migrate');
    expect(existsSync(join(project.root, 'dev.sqlite3'))).toBe(true);
  });

  it.each(COMMANDS)('prints help for %s with the global options', (command) => {
    const result = new TempProject().strata(command, '--help');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`Usage: strata ${command}`);
    expect(result.stdout).toMatch(/--env <name>/);
    expect(result.stdout).toMatch(/--url <url>/);
    expect(result.stdout).toMatch(/--config <path>/);
  });

  it('reads a decimal with precision and scale among other attributes', () => {
    const project = new TempProject();
    project.ok('init');
    project.ok(
      'model:generate',
      '--name',
      'Order',
      '--attributes',
      'amount:decimal(10,2),note:string(40),state:enum:{a,b}',
    );
    const model = project.read('models/order.ts');
    expect(model).toContain('DataTypes.DECIMAL(10, 2)');
    expect(model).toContain('DataTypes.STRING(40)');
    expect(model).toContain('DataTypes.ENUM("a", "b")');
  });

  it('fails, naming the folder, when the migrations folder does not exist', () => {
    const project = new TempProject();
    project.ok('init');
    project.remove('migrations');
    const result = project.strata('db:migrate');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`The migrations folder ${join(project.root, 'migrations')} does not exist`);
  });

  it('rejects unknown attribute types with the list of known ones', () => {
    const project = new TempProject();
    project.ok('init');
    const result = project.strata('model:generate', '--name', 'User', '--attributes', 'name:strnig');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('unknown type "strnig" for name; use one of string');
  });
});

// Servers only: SQLite creates its database file on first use.
for (const dialect of testDialects()) {
  if (dialect === 'sqlite') continue;
  describe(`strata on a ${dialect} server without the database`, () => {
    it('suggests strata db:create', () => {
      const project = new TempProject(SERVERS[dialect].url.replace(/\/test$/, `/strata_never_made_${process.pid}`));
      project.ok('init');
      const result = project.strata('db:migrate');
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/strata_never_made_/);
      expect(result.stderr).toContain('create the database with: strata db:create');
    });
  });
}

describeEachDialect('strata db:create / db:drop (built binary)', (ctx) => {
  it('creates and drops the database the URL names (postgres, mysql); explains SQLite has none', async () => {
    if (ctx.dialect === 'sqlite') {
      const project = new TempProject('sqlite::memory:');
      const result = project.strata('db:create');
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('db:create and db:drop work on postgres and mysql');
      return;
    }
    const url = ctx.url.replace(/\/([^/?]+)$/, '/$1_made');
    const project = new TempProject(url);
    expect(project.ok('db:create').stdout).toMatch(/Database \w+_made created\./);
    const db = new Strata(url);
    await db.authenticate();
    await db.close();
    expect(project.strata('db:create').status).toBe(1);
    expect(project.ok('db:drop').stdout).toMatch(/Database \w+_made dropped\./);
    const gone = new Strata(url);
    await expect(gone.authenticate()).rejects.toThrow();
    await gone.close();
  });
});
