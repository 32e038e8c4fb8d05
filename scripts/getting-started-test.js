#!/usr/bin/env node
'use strict';
/**
 * The getting-started test: a new user's first hour, as written. Packs the packages, installs
 * them into a fresh project outside the workspace with the commands and the `tsconfig.json`
 * of docs/getting-started.md, then compiles and runs every TypeScript snippet of that page and
 * of the README, with each TypeScript version a user may have (the latest 7.x and 5.9) and as
 * both CommonJS and ES modules.
 *
 * Snippets become programs by one rule, which the pages follow: a ```ts block that starts
 * with an `import` begins a new program; every other block continues the program before it.
 * Blocks fenced ```ts standard-decorators are compiled as standard (TC39) decorators: the
 * documented tsconfig without `experimentalDecorators` and `emitDecoratorMetadata`.
 * Each program must compile without errors (no `skipLibCheck`) and exit with status 0.
 */
const { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { root, pnpm, run, buildAndPack, tarballInstallSettings } = require('./lib/pack');

/** The compilers a user gets today: `npm i -D typescript` (7.x) and the last 5.x. */
const COMPILERS = { typescript7: '7.0.2', typescript59: '5.9.3' };
/** `"module": "nodenext"` lets package.json's `type` decide the module kind. */
const MODULE_KINDS = { commonjs: 'commonjs', esm: 'module' };
/** The decorator forms: legacy (the documented tsconfig) and standard (without the two legacy options). */
const DECORATOR_FORMS = {
  legacy: { fence: 'ts', tsconfig: (documented) => documented },
  standard: {
    fence: 'ts standard-decorators',
    tsconfig: (documented) => {
      const {
        experimentalDecorators: _legacy,
        emitDecoratorMetadata: _metadata,
        ...standard
      } = documented.compilerOptions;
      return { ...documented, compilerOptions: standard };
    },
  },
};
const PAGES = ['docs/getting-started.md', 'README.md'];

function codeBlocks(markdown, info) {
  const fence = new RegExp('^```' + info + '\\n([\\s\\S]*?)^```', 'gm');
  return [...markdown.matchAll(fence)].map((match) => match[1]);
}

/** The page's snippets fenced ```<info> as programs: `[{ name, source }]`. */
function programsOf(page, info) {
  const markdown = readFileSync(join(root, page), 'utf8');
  const programs = [];
  for (const block of codeBlocks(markdown, info)) {
    if (/^import /.test(block) || programs.length === 0) {
      programs.push({ name: `${page.replace(/\W+/g, '-')}-${programs.length + 1}`, source: block });
    } else {
      programs[programs.length - 1].source += `\n${block}`;
    }
  }
  return programs;
}

/** The tsconfig.json the getting-started page tells users to write. */
function documentedTsconfig() {
  const markdown = readFileSync(join(root, 'docs/getting-started.md'), 'utf8');
  const block = codeBlocks(markdown, 'json').find((text) => text.includes('compilerOptions'));
  if (!block) throw new Error('docs/getting-started.md has no tsconfig.json block');
  return JSON.parse(block);
}

const started = Date.now();
const step = (what) => console.log(`\ngetting-started test (${((Date.now() - started) / 1000).toFixed(0)} s): ${what}`);
const work = mkdtempSync(join(tmpdir(), 'strata-getting-started-'));
try {
  step('build and pack');
  const tarball = buildAndPack(join(work, 'tarballs'));
  const project = join(work, 'project');
  mkdirSync(project);
  // One install for every variant: each compiler under its own alias, the sources in one folder
  // per module kind below the project (Node resolves node_modules upwards from there).
  const compilerDependencies = Object.fromEntries(
    Object.entries(COMPILERS).map(([alias, version]) => [alias, `npm:typescript@${version}`]),
  );
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify(
      {
        name: 'strata-first-hour',
        private: true,
        // What the page's install commands add.
        dependencies: {
          '@strata/core': tarball('core'),
          '@strata/annotations': tarball('annotations'),
          'reflect-metadata': '0.2.2',
        },
        devDependencies: { ...compilerDependencies, '@types/node': '20.19.43' },
        pnpm: tarballInstallSettings(tarball),
      },
      null,
      2,
    ),
  );
  step('install');
  run('npx', [...pnpm, 'install', '--ignore-workspace'], project);

  const documented = documentedTsconfig();
  let ran = 0;
  for (const [form, { fence, tsconfig: tsconfigFor }] of Object.entries(DECORATOR_FORMS)) {
    const programs = PAGES.flatMap((page) => programsOf(page, fence));
    const tsconfig = tsconfigFor(documented);
    for (const [kind, packageType] of Object.entries(MODULE_KINDS)) {
      const folder = join(project, `${kind}-${form}`);
      mkdirSync(folder);
      writeFileSync(join(folder, 'package.json'), JSON.stringify({ type: packageType }));
      writeFileSync(join(folder, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
      for (const program of programs) writeFileSync(join(folder, `${program.name}.ts`), program.source);
      for (const alias of Object.keys(COMPILERS)) {
        step(`${alias}, ${kind}, ${form} decorators: compile ${programs.length} programs`);
        rmSync(join(folder, tsconfig.compilerOptions.outDir), { recursive: true, force: true });
        run(process.execPath, [join(project, 'node_modules', alias, 'bin', 'tsc'), '-p', folder], folder);
        for (const program of programs) {
          step(`${alias}, ${kind}, ${form} decorators: run ${program.name}`);
          run(process.execPath, [join(folder, tsconfig.compilerOptions.outDir, `${program.name}.js`)], folder);
          ran++;
        }
      }
    }
  }
  step(`done: ${ran} program runs`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
