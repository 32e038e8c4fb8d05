import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * The compilers a user may put standard (TC39) decorators through: the TypeScript our build
 * uses (5.9), the one `npm i -D typescript` installs today (7.x, a native binary with no JS
 * API: the `typescript7` alias in this package's devDependencies), and esbuild (what tsx runs).
 */
export const COMPILERS = ['tsc 5.9', 'tsc 7', 'esbuild'] as const;
export type Compiler = (typeof COMPILERS)[number];

const temporaryFolders: string[] = [];

/** A new folder under the system's temporary folder, removed by {@link removeTemporaryFolders}. */
export function temporaryFolder(prefix: string): string {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  temporaryFolders.push(folder);
  return folder;
}

/** Removes the folders this test file compiled into (call it in afterAll). */
export function removeTemporaryFolders(): void {
  for (const folder of temporaryFolders.splice(0)) rmSync(folder, { recursive: true, force: true });
}

/** The TypeScript command of one version, run by this Node. */
function tscBinary(compiler: 'tsc 5.9' | 'tsc 7'): string {
  const packageName = compiler === 'tsc 7' ? 'typescript7' : 'typescript';
  return join(dirname(require.resolve(`${packageName}/package.json`)), 'bin', 'tsc');
}

/**
 * Compiles one fixture folder (its tsconfig.json has no experimentalDecorators: standard
 * decorators) and returns the folder holding the JavaScript. tsc type-checks against the built
 * declarations of @strata/* (`paths` in the tsconfig), so a type error fails here, with the
 * compiler's output in the message; esbuild only strips types, as tsx does.
 */
export function compileFixtures(folder: string, compiler: Compiler): string {
  const outDir = temporaryFolder(`strata-std-${compiler.replace(/\W+/g, '')}-`);
  const project = join(folder, 'tsconfig.json');
  if (compiler === 'esbuild') {
    const esbuild = require('esbuild') as typeof import('esbuild');
    esbuild.buildSync({
      entryPoints: readdirSync(folder)
        .filter((file) => file.endsWith('.ts'))
        .map((file) => join(folder, file)),
      outdir: outDir,
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      tsconfig: project,
      logLevel: 'silent',
    });
    return outDir;
  }
  runTsc(compiler, ['-p', project, '--noEmit', 'false', '--outDir', outDir]);
  return outDir;
}

/** Type-checks a fixture folder and returns the compiler's output; it is expected to fail. */
export function typeErrorsOf(folder: string, compiler: 'tsc 5.9' | 'tsc 7'): string {
  try {
    runTsc(compiler, ['-p', join(folder, 'tsconfig.json'), '--noEmit']);
  } catch (error) {
    return String((error as { stdout?: unknown }).stdout ?? error);
  }
  throw new Error(`${compiler} compiled ${folder} without an error`);
}

function runTsc(compiler: 'tsc 5.9' | 'tsc 7', args: string[]): void {
  try {
    execFileSync(process.execPath, [tscBinary(compiler), ...args], { encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw Object.assign(new Error(`${compiler} ${args.join(' ')} failed:\n${stdout ?? ''}${stderr ?? ''}`), { stdout });
  }
}

/**
 * Runs one compiled module in this test's module registry, so that its `@strata/*` imports are
 * the very modules the test uses (jest maps them to the sources). `globals` replaces globals
 * the module sees, e.g. a `Symbol` without `metadata` to play a compiler that passes none.
 */
export function loadCompiled<T>(file: string, globals: Record<string, unknown> = {}): T {
  const module = { exports: {} as T };
  const names = Object.keys(globals);

  const run = new Function('require', 'module', 'exports', ...names, readFileSync(file, 'utf8'));
  run(require, module, module.exports, ...names.map((name) => globals[name]));
  return module.exports;
}
