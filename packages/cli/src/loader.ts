import { extname } from 'node:path';
import { pathToFileURL } from 'node:url';

// tsx publishes this entry only through its exports map, which TypeScript's classic
// resolution (module: commonjs) does not read; Node's require does.
const tsx = require('tsx/cjs/api') as { register(): () => void };

let registered = false;

/**
 * Registers tsx's CommonJS hook once for the whole process. Not its scoped `require`: that
 * loads every dependency again in a namespace of its own, so a model file would get a second
 * copy of @strata/core whose Model is not the CLI's.
 */
function registerTypeScript(): void {
  if (registered) return;
  tsx.register();
  registered = true;
}

/** The extensions a migration, seed, model or config file may have. */
export const LOADABLE_EXTENSIONS = ['.ts', '.cts', '.js', '.cjs', '.mjs'] as const;

export function isLoadable(file: string): boolean {
  return (LOADABLE_EXTENSIONS as readonly string[]).includes(extname(file)) && !file.endsWith('.d.ts');
}

// TypeScript compiles `import()` to `require()` under module: commonjs; native ESM needs the real one.
const importEsm = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<unknown>;

/**
 * Loads a project file without a build step: TypeScript through tsx's CommonJS hook (esbuild;
 * it reads the project's tsconfig.json, which must set `experimentalDecorators` for decorated
 * models; `strata init` writes one), `.mjs`
 * through Node's own import. Resolves to the module's exports (a default export's object
 * when that is all there is).
 *
 * The trap: esbuild does not emit decorator metadata (`design:type`), so decorated models
 * loaded this way must give their column types explicitly, as generated models do.
 */
export async function loadModule(file: string): Promise<Record<string, unknown>> {
  registerTypeScript();
  const exports =
    extname(file) === '.mjs'
      ? ((await importEsm(pathToFileURL(file).href)) as Record<string, unknown>)
      : (require(file) as Record<string, unknown>);
  const keys = Object.keys(exports).filter((k) => k !== '__esModule');
  if (keys.length === 1 && keys[0] === 'default' && typeof exports.default === 'object' && exports.default !== null) {
    return exports.default as Record<string, unknown>;
  }
  return exports;
}
