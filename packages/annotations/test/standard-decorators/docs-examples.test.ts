import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMPILERS, compileFixtures, removeTemporaryFolders, temporaryFolder, type Compiler } from './compile';

// The standard-decorator programs of the docs compile without experimentalDecorators (tsc 5.9,
// tsc 7, esbuild) and print what their comments say, run by Node against the built packages.
const root = join(__dirname, '../../../..');

/** The first ```ts block after `heading` in a docs page (a fence may carry more words: `ts standard-decorators`). */
function blockAfter(page: string, heading: string, fence = '```ts'): string {
  const markdown = readFileSync(join(root, page), 'utf8');
  const start = markdown.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`${page} has no heading ${heading}`);
  const open = markdown.indexOf(`\n${fence}\n`, start);
  if (open < 0) throw new Error(`${page} has no ${fence} block after ${heading}`);
  const body = open + fence.length + 2;
  return markdown.slice(body, markdown.indexOf('\n```\n', body) + 1);
}

const PROGRAMS = [
  {
    page: 'docs/decorators.md',
    source: () => blockAfter('docs/decorators.md', '## Standard or legacy decorators: which to pick and why'),
    prints: "ada@example.com [ 'Notes on the Engine' ]",
  },
  {
    page: 'docs/getting-started.md',
    source: () => blockAfter('docs/getting-started.md', '## With standard decorators', '```ts standard-decorators'),
    prints: '1 carol@example.com',
  },
];

/** A project folder for one program: the program and a tsconfig with standard decorators. */
function project(source: string): string {
  const folder = temporaryFolder('strata-std-docs-');
  writeFileSync(join(folder, 'example.ts'), source);
  const base = join(__dirname, 'fixtures/tsconfig.standard.json');
  writeFileSync(
    join(folder, 'tsconfig.json'),
    JSON.stringify({
      extends: base,
      // Outside the repository: Node's types from the repository's node_modules.
      compilerOptions: { rootDir: '.', typeRoots: [join(root, 'node_modules/@types')] },
      include: ['*.ts'],
    }),
  );
  return folder;
}

/** Runs the compiled program with @strata/* resolving to the built packages, as installed ones would. */
function run(outDir: string): string {
  mkdirSync(join(outDir, 'node_modules/@strata'), { recursive: true });
  for (const name of ['core', 'annotations']) {
    symlinkSync(join(root, 'packages', name), join(outDir, 'node_modules/@strata', name), 'dir');
  }
  return execFileSync(process.execPath, [join(outDir, 'example.js')], { encoding: 'utf8', timeout: 60_000 });
}

afterAll(removeTemporaryFolders);

describe.each(PROGRAMS)('the standard-decorator program of $page', ({ source, prints }) => {
  it.each(COMPILERS)(
    'compiles with %s and prints what its comment says',
    (compiler: Compiler) => {
      const text = source();
      expect(text).toMatch(/^import /);
      expect(text).toContain(`// ${prints}`);
      const output = run(compileFixtures(project(text), compiler));
      expect(output.trim()).toBe(prints);
    },
    120_000,
  );
});
