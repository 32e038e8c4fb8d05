import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join, parse, resolve, sep } from 'node:path';
import { ModelDefinitionError } from '@strata/core';

type ModelClass = abstract new (...args: never[]) => unknown;

/** Which export of a model file is its model: `(fileName, exportName) => boolean`. */
export type ModelMatch = (fileName: string, exportName: string) => boolean;

/** sequelize-typescript's default: the export named like the file (`User.ts` exports `User`). */
const exportNamedLikeFile: ModelMatch = (fileName, exportName) => fileName === exportName;

/**
 * The models exported by the files at `paths`: a directory means its files (not its
 * subdirectories), a path with `*` or `**` is a glob, anything else is one file. From each
 * `.ts`/`.js` file (not `.d.ts`) the export `modelMatch` picks is taken, else the default
 * export; a file with neither is an error naming it.
 */
export function loadModelsFromPaths(
  paths: readonly string[],
  modelMatch: ModelMatch = exportNamedLikeFile,
): ModelClass[] {
  const models: ModelClass[] = [];
  for (const path of paths) {
    // A file given twice, or as both `x.ts` and `x.js`, is loaded once.
    const modules = new Set(filesAt(resolve(path)).filter(isModelFile).map(withoutExtension));
    for (const modulePath of modules) models.push(modelExportedBy(modulePath, modelMatch));
  }
  return models;
}

function modelExportedBy(modulePath: string, modelMatch: ModelMatch): ModelClass {
  // Model files are the user's code: loading them by path is the point of this option.
  const exported = require(modulePath) as Record<string, unknown>;
  const fileName = basename(modulePath);
  const matching = Object.keys(exported).find((name) => modelMatch(fileName, name));
  const model = matching !== undefined ? exported[matching] : exported.default;
  if (typeof model !== 'function') {
    throw new ModelDefinitionError(
      `${modulePath}: no export matches the file name "${fileName}" (see modelMatch) and there is no default export`,
    );
  }
  return model as ModelClass;
}

function filesAt(path: string): string[] {
  if (path.includes('*')) return filesMatchingGlob(path);
  if (existsSync(path) && statSync(path).isDirectory()) {
    return readdirSync(path)
      .map((name) => join(path, name))
      .filter((file) => statSync(file).isFile());
  }
  return [path];
}

/** `*` matches within one path segment, `**` across segments. */
function filesMatchingGlob(pattern: string): string[] {
  const absolute = resolve(pattern);
  const segments = absolute.split(sep);
  const firstMagic = segments.findIndex((segment) => segment.includes('*'));
  const root = segments.slice(0, firstMagic).join(sep) || sep;
  const matcher = globToRegExp(segments.slice(firstMagic).join('/'));
  return walk(root)
    .filter((file) =>
      matcher.test(
        file
          .slice(root.length + 1)
          .split(sep)
          .join('/'),
      ),
    )
    .sort();
}

function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i];
    if (char === '*' && glob[i + 1] === '*') {
      // `**/` may match no directory at all.
      source += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += glob[i + 2] === '/' ? 2 : 1;
    } else if (char === '*') source += '[^/]*';
    else source += char.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

function walk(directory: string): string[] {
  if (!existsSync(directory)) return [];
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

function isModelFile(file: string): boolean {
  return (file.endsWith('.ts') && !file.endsWith('.d.ts')) || file.endsWith('.js');
}

function withoutExtension(file: string): string {
  const parsed = parse(file);
  return join(parsed.dir, parsed.name);
}
