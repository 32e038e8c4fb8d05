import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { projectPaths, PROJECT_FILE, SEQUELIZE_RC, type GlobalOptions } from '../project';

/** The config file `strata init` writes: one entry per environment. */
export function defaultConfig(): Record<string, Record<string, unknown>> {
  return {
    development: { dialect: 'sqlite', storage: 'dev.sqlite3' },
    test: { dialect: 'sqlite', storage: ':memory:' },
    production: { use_env_variable: 'DATABASE_URL' },
  };
}

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'commonjs',
    strict: true,
    esModuleInterop: true,
    skipLibCheck: true,
    experimentalDecorators: true,
    emitDecoratorMetadata: true,
  },
};

/**
 * Creates the config file and the models/, migrations/ and seeders/ folders where the
 * project file (if any) says, and a project file naming them when there is none. Existing
 * files are kept unless --force.
 */
export async function init(options: GlobalOptions & { force?: boolean }): Promise<void> {
  const paths = projectPaths(options);
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const projectFile = join(paths.root, PROJECT_FILE);
  // A sequelize-cli project keeps its .sequelizerc as the one place its paths are written.
  if (!existsSync(projectFile) && !existsSync(join(paths.root, SEQUELIZE_RC))) {
    const settings = {
      config: relative(paths.root, paths.config),
      'models-path': relative(paths.root, paths.models),
      'migrations-path': relative(paths.root, paths.migrations),
      'seeders-path': relative(paths.root, paths.seeders),
      language: paths.language,
    };
    writeFileSync(projectFile, `${JSON.stringify(settings, null, 2)}\n`);
    say(`created ${PROJECT_FILE}`);
  }
  if (existsSync(paths.config) && !options.force) say(`${relative(paths.root, paths.config)} already exists (kept)`);
  else {
    mkdirSync(join(paths.config, '..'), { recursive: true });
    writeFileSync(paths.config, `${JSON.stringify(defaultConfig(), null, 2)}\n`);
    say(`created ${relative(paths.root, paths.config)}`);
  }
  const tsconfig = join(paths.root, 'tsconfig.json');
  if (!existsSync(tsconfig)) {
    // Decorated models need legacy decorators; tsx (which loads .ts files) reads this file.
    writeFileSync(tsconfig, `${JSON.stringify(TSCONFIG, null, 2)}\n`);
    say('created tsconfig.json');
  }
  for (const folder of [paths.models, paths.migrations, paths.seeders]) {
    if (existsSync(folder)) say(`${relative(paths.root, folder)}/ already exists (kept)`);
    else {
      mkdirSync(folder, { recursive: true });
      say(`created ${relative(paths.root, folder)}/`);
    }
  }
}
