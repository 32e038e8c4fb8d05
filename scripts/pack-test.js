#!/usr/bin/env node
'use strict';
/**
 * The packaging test: packs every package as a user would receive it, installs the tarballs
 * into an empty project outside the workspace, and runs a small decorated model there,
 * compiled by TypeScript against the shipped declarations. Deep imports into dist/ must fail:
 * only the exports map is public.
 *
 * Two installs, as users choose their driver:
 * 1. SQLite only: no pg and no mysql2 anywhere in node_modules (they are optional peer
 *    dependencies); the model runs on SQLite, and asking for a server fails with a
 *    ConnectionError that says which driver to install.
 * 2. The same project after `pnpm add pg`: the model runs on the PostgreSQL server at
 *    127.0.0.1:5432 (user postgres, trust auth, database test), and mysql2 is still absent.
 */
const { execFileSync } = require('node:child_process');
const { existsSync, lstatSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { root, pnpm, run, buildAndPack, tarballInstallSettings } = require('./lib/pack');

const started = Date.now();
const step = (what) => console.log(`\npack test (${((Date.now() - started) / 1000).toFixed(0)} s): ${what}`);

/** The pg a user adds: the version the workspace tests with. */
const pgVersion = require(join(root, 'packages', 'core', 'package.json')).devDependencies.pg;
const SERVER_DRIVERS = ['pg', 'mysql2'];

/**
 * Every place a package can be installed, in npm's nested layout or pnpm's virtual store:
 * `node_modules/<name>`, `node_modules/@scope/<name>`, `.pnpm/<name>@<version>/node_modules/...`
 * and any nested node_modules below a real package folder. Symlinks are listed, never followed.
 */
function installedPackageNames(nodeModules, names = new Set()) {
  if (!existsSync(nodeModules)) return names;
  for (const entry of readdirSync(nodeModules, { withFileTypes: true })) {
    const path = join(nodeModules, entry.name);
    if (entry.name === '.pnpm') {
      // .pnpm/<name>@<version>/node_modules/<name>, and .pnpm/node_modules (pnpm's hidden hoisting).
      for (const stored of readdirSync(path)) {
        installedPackageNames(
          stored === 'node_modules' ? join(path, stored) : join(path, stored, 'node_modules'),
          names,
        );
      }
    } else if (entry.name.startsWith('@') && entry.isDirectory()) {
      for (const scoped of readdirSync(path)) {
        names.add(`${entry.name}/${scoped}`);
        if (!lstatSync(join(path, scoped)).isSymbolicLink())
          installedPackageNames(join(path, scoped, 'node_modules'), names);
      }
    } else if (!entry.name.startsWith('.')) {
      names.add(entry.name);
      if (entry.isDirectory()) installedPackageNames(join(path, 'node_modules'), names);
    }
  }
  return names;
}

/**
 * knex is an implementation detail: the declarations a user's compiler reads from the packages
 * (every entry of their exports maps, which app.ts imports) must not import it, or a user's tsc
 * checks knex's types too (which failed on TypeScript 7: `Cannot find name 'events'`). The
 * files tsc loads for the project are listed, not guessed.
 */
function expectNoKnexTypes(project) {
  const tsc = join(project, 'node_modules', 'typescript', 'bin', 'tsc');
  const listed = execFileSync(process.execPath, [tsc, '-p', project, '--listFilesOnly'], {
    cwd: project,
    encoding: 'utf8',
  })
    .split('\n')
    .filter(Boolean);
  const strata = listed.filter((file) => /[\\/]@strata[\\/]core[\\/]/.test(file));
  if (strata.length === 0)
    throw new Error('tsc loaded no @strata/core declarations: the check below would prove nothing');
  const knex = listed.filter((file) => /[\\/]knex[\\/]/.test(file));
  const importers = strata.filter((file) =>
    /from ['"]knex['"]|import\(['"]knex['"]\)/.test(readFileSync(file, 'utf8')),
  );
  if (knex.length > 0 || importers.length > 0) {
    throw new Error(
      `the shipped declarations reach knex's types:\n${[...importers, ...knex].join('\n')}\n` +
        "mark the member that names a knex type @internal (core builds with stripInternal) or type it with Strata's own interface",
    );
  }
  console.log(`pack test: ${strata.length} @strata/core declaration files loaded, none imports knex`);
}

function expectDrivers(project, { present, absent }) {
  const names = installedPackageNames(join(project, 'node_modules'));
  const unexpected = absent.filter((name) => names.has(name));
  const missing = present.filter((name) => !names.has(name));
  if (unexpected.length) throw new Error(`installed although nobody asked for it: ${unexpected.join(', ')}`);
  if (missing.length) throw new Error(`not installed: ${missing.join(', ')}`);
  console.log(`drivers installed: ${present.join(', ') || 'none'}; absent: ${absent.join(', ')}`);
}

const APP = `import 'reflect-metadata';
import { ConnectionError, Model, Strata, ValidationError, type CreationOptional } from '@strata/core';
import { Table, Column, PrimaryKey, AutoIncrement, AllowNull, IsEmail } from '@strata/annotations';
import {
  Sequelize,
  DataTypes,
  Model as SequelizeModel,
  type InferAttributes,
  type InferCreationAttributes,
} from '@strata/core/sequelize';

// The Sequelize entry point (a subpath export), with a model typed as Sequelize's docs type it.
class Note extends SequelizeModel<InferAttributes<Note>, InferCreationAttributes<Note>> {
  declare id: CreationOptional<number>;
  declare body: string;
}

async function runSequelizeEntry(): Promise<void> {
  const sequelize = new Sequelize('notes', 'nobody', null, { dialect: 'sqlite', storage: ':memory:' });
  try {
    Note.init({ body: { type: new DataTypes.STRING(100), allowNull: false } }, { sequelize, tableName: 'notes' });
    await sequelize.sync();
    await Note.create({ body: 'from @strata/core/sequelize' });
    const found = await Note.findAll({ where: sequelize.where(sequelize.fn('lower', sequelize.col('body')), 'from @strata/core/sequelize') });
    if (found.length !== 1) throw new Error('the @strata/core/sequelize entry point did not round-trip');
  } finally {
    await sequelize.close();
  }
}

// The server's test database is shared: the table gets a name of its own and is dropped after.
@Table({ tableName: \`pack_test_people_\${process.pid}\` })
class Person extends Model {
  @PrimaryKey @AutoIncrement @Column declare id: CreationOptional<number>;
  @IsEmail @AllowNull(false) @Column declare email: string;
}

const URLS: Record<string, string> = {
  sqlite: 'sqlite::memory:',
  postgres: 'postgres://postgres@127.0.0.1:5432/test',
  mysql: 'mysql://root@127.0.0.1:3306/test',
};

async function runModel(url: string): Promise<void> {
  const db = new Strata(url, { models: [Person] });
  let created = false;
  try {
    await db.sync();
    created = true;
    const person = await Person.create({ email: 'packed@example.com' });
    const found = await Person.findByPk(person.id);
    if (found?.email !== 'packed@example.com') throw new Error('round trip failed');
    await Person.update({ email: 'moved@example.com' }, { where: { id: person.id } });
    if ((await Person.count({ where: { email: 'moved@example.com' } })) !== 1) throw new Error('update failed');
    const invalid = await Person.create({ email: 'nope' }).catch((e: unknown) => e);
    if (!(invalid instanceof ValidationError)) throw new Error('validation did not run');
  } finally {
    if (created) await Person.drop();
    await db.close();
  }
}

function expectMissingDriver(url: string, driver: string): void {
  try {
    new Strata(url);
  } catch (error) {
    if (error instanceof ConnectionError && error.message.includes(\`install \${driver}: npm install \${driver}\`)) return;
    throw error;
  }
  throw new Error(\`new Strata('\${url}') worked without \${driver} installed\`);
}

async function main(): Promise<void> {
  const [dialect, ...missingDrivers] = process.argv.slice(2);
  await runModel(URLS[dialect]);
  await runSequelizeEntry();
  for (const driver of missingDrivers) expectMissingDriver(driver === 'pg' ? URLS.postgres : URLS.mysql, driver);
  let deepImportFailed = false;
  try {
    require('@strata/core/dist/model/model');
  } catch {
    deepImportFailed = true;
  }
  if (!deepImportFailed) throw new Error('a deep import into dist/ resolved: the exports map leaks internals');
  console.log(\`pack test: decorated model ran on \${dialect} from the tarballs; \${missingDrivers.join(', ') || 'no driver'} missing, as said\`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
`;

const work = mkdtempSync(join(tmpdir(), 'strata-pack-'));
const tarballs = join(work, 'tarballs');
const project = join(work, 'project');
try {
  step('build and pack');
  const tarball = buildAndPack(tarballs);
  run('mkdir', ['-p', project]);
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify(
      {
        name: 'strata-pack-test',
        private: true,
        dependencies: {
          '@strata/core': tarball('core'),
          '@strata/annotations': tarball('annotations'),
          '@strata/validation': tarball('validation'),
          '@strata/cli': tarball('cli'),
          'reflect-metadata': '0.2.2',
          typescript: '5.9.3',
          '@types/node': '20.19.43',
        },
        pnpm: tarballInstallSettings(tarball),
      },
      null,
      2,
    ),
  );
  writeFileSync(
    join(project, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'commonjs',
        strict: true,
        experimentalDecorators: true,
        emitDecoratorMetadata: true,
        outDir: 'out',
        types: ['node'],
      },
      files: ['app.ts'],
    }),
  );
  writeFileSync(join(project, 'app.ts'), APP);

  step('SQLite-only install');
  run('npx', [...pnpm, 'install', '--ignore-workspace'], project);
  expectDrivers(project, { present: ['better-sqlite3'], absent: SERVER_DRIVERS });
  // Compiled without pg's or mysql2's types installed: the shipped declarations must not need them.
  run(process.execPath, [join(project, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', project], project);
  expectNoKnexTypes(project);
  step('run on SQLite');
  run(process.execPath, [join(project, 'out', 'app.js'), 'sqlite', 'pg', 'mysql2'], project);
  run(process.execPath, [join(project, 'node_modules', '@strata', 'cli', 'bin', 'strata.js'), '--version'], project);

  step(`PostgreSQL install (the user adds pg@${pgVersion})`);
  run('npx', [...pnpm, 'add', `pg@${pgVersion}`, '--ignore-workspace'], project);
  expectDrivers(project, { present: ['better-sqlite3', 'pg'], absent: ['mysql2'] });
  run(process.execPath, [join(project, 'out', 'app.js'), 'postgres', 'mysql2'], project);
  step('done');
} finally {
  rmSync(work, { recursive: true, force: true });
}
