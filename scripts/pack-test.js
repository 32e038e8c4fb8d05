#!/usr/bin/env node
'use strict';
/**
 * The packaging test: packs every package as a user would receive it, installs the tarballs
 * into an empty project outside the workspace, and runs a small decorated model on SQLite
 * there, compiled by TypeScript against the shipped declarations. Deep imports into dist/
 * must fail: only the exports map is public.
 */
const { execFileSync } = require('node:child_process');
const { mkdtempSync, writeFileSync, readdirSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const root = join(__dirname, '..');
const pnpm = ['-y', 'pnpm@10.34.9'];
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, stdio: 'inherit', env: { ...process.env, CI: 'true' } });

const work = mkdtempSync(join(tmpdir(), 'strata-pack-'));
const tarballs = join(work, 'tarballs');
const project = join(work, 'project');
try {
  for (const name of ['validation', 'core', 'annotations', 'cli']) {
    run('npx', [...pnpm, 'pack', '--pack-destination', tarballs], join(root, 'packages', name));
  }
  const files = readdirSync(tarballs);
  const tarball = (name) =>
    `file:${join(
      tarballs,
      files.find((f) => f.startsWith(`strata-${name}-`)),
    )}`;
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
        pnpm: {
          onlyBuiltDependencies: ['better-sqlite3'],
          // The tarballs depend on each other by version; resolve those to the tarballs too.
          overrides: {
            '@strata/core': tarball('core'),
            '@strata/validation': tarball('validation'),
          },
        },
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
  writeFileSync(
    join(project, 'app.ts'),
    `import 'reflect-metadata';
import { Model, Strata, ValidationError, type CreationOptional } from '@strata/core';
import { Table, Column, PrimaryKey, AutoIncrement, AllowNull, IsEmail } from '@strata/annotations';

@Table({ tableName: 'people' })
class Person extends Model {
  @PrimaryKey @AutoIncrement @Column declare id: CreationOptional<number>;
  @IsEmail @AllowNull(false) @Column declare email: string;
}

async function main(): Promise<void> {
  const db = new Strata({ dialect: 'sqlite', storage: ':memory:', models: [Person] });
  await db.sync();
  const person = await Person.create({ email: 'packed@example.com' });
  const found = await Person.findByPk(person.id);
  if (found?.email !== 'packed@example.com') throw new Error('round trip failed');
  const invalid = await Person.create({ email: 'nope' }).catch((e: unknown) => e);
  if (!(invalid instanceof ValidationError)) throw new Error('validation did not run');
  await db.close();
  let deepImportFailed = false;
  try {
    require('@strata/core/dist/model/model');
  } catch {
    deepImportFailed = true;
  }
  if (!deepImportFailed) throw new Error('a deep import into dist/ resolved: the exports map leaks internals');
  console.log('pack test: decorated model ran from the tarballs');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
`,
  );
  run('npx', [...pnpm, 'install', '--ignore-workspace'], project);
  run(process.execPath, [join(project, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', project], project);
  run(process.execPath, [join(project, 'out', 'app.js')], project);
  run(process.execPath, [join(project, 'node_modules', '@strata', 'cli', 'bin', 'strata.js'), '--version'], project);
} finally {
  rmSync(work, { recursive: true, force: true });
}
