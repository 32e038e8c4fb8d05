import { Strata, type StrataOptions } from '@strata/core';
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { CliError } from './errors';
import { loadModule } from './loader';

/** The project file at the root (the role `.sequelizerc` plays): where everything lives. */
export const PROJECT_FILE = '.strata.json';

/** Where a project keeps its files, after the project file and the command line are applied. */
export interface ProjectPaths {
  root: string;
  config: string;
  models: string;
  migrations: string;
  seeders: string;
  /** The language generated migrations and seeds are written in (`language` in the project file; default js). */
  language: 'ts' | 'js';
}

/** The global options every command takes. */
export interface GlobalOptions {
  env: string;
  config?: string;
  url?: string;
  quiet?: boolean;
}

/** One environment's entry in the config file. */
export interface EnvironmentConfig extends Omit<StrataOptions, 'models' | 'logging'> {
  /** A connection URL (`postgres://...`, `mysql://...`, `sqlite:file.db`). */
  url?: string;
  /** The name of an environment variable holding the URL, e.g. DATABASE_URL. */
  use_env_variable?: string;
  /** Log every statement to stderr. */
  logging?: boolean;
}

interface ProjectFile {
  config?: string;
  'models-path'?: string;
  'migrations-path'?: string;
  'seeders-path'?: string;
  language?: 'ts' | 'js';
}

/**
 * Reads the project file (when there is one) from the current directory and applies its
 * paths; `--config` on the command line wins over the project file's `config`.
 */
export function projectPaths(options: Pick<GlobalOptions, 'config'>, root = process.cwd()): ProjectPaths {
  const projectFile = join(root, PROJECT_FILE);
  let settings: ProjectFile = {};
  if (existsSync(projectFile)) {
    try {
      settings = JSON.parse(readFileSync(projectFile, 'utf8')) as ProjectFile;
    } catch (error) {
      throw new CliError(`${projectFile} is not valid JSON: ${(error as Error).message}`);
    }
  }
  const at = (path: string | undefined, fallback: string): string => resolve(root, path ?? fallback);
  return {
    root,
    config: options.config ? resolve(options.config) : at(settings.config, 'config/config.json'),
    models: at(settings['models-path'], 'models'),
    migrations: at(settings['migrations-path'], 'migrations'),
    seeders: at(settings['seeders-path'], 'seeders'),
    language: settings.language ?? 'js',
  };
}

/**
 * The connection for the chosen environment: `--url` if given, else the environment's entry
 * in the config file (`url`, `use_env_variable`, or dialect options). Errors say which file,
 * which environment and what to add.
 */
export async function connectionOptions(
  options: GlobalOptions,
  paths: ProjectPaths,
): Promise<{ url?: string; options: StrataOptions; description: string }> {
  if (options.url) return { url: options.url, options: {}, description: 'the --url option' };
  if (!existsSync(paths.config)) {
    throw new CliError(
      `No config file at ${paths.config}: run \`strata init\`, pass --config <file>, or give --url <connection url>`,
    );
  }
  let environments: Record<string, EnvironmentConfig>;
  try {
    environments = paths.config.endsWith('.json')
      ? (JSON.parse(readFileSync(paths.config, 'utf8')) as Record<string, EnvironmentConfig>)
      : ((await loadModule(paths.config)) as Record<string, EnvironmentConfig>);
  } catch (error) {
    throw new CliError(`Cannot read the config file ${paths.config}: ${(error as Error).message}`, 1, { cause: error });
  }
  const entry = environments[options.env];
  if (!entry) {
    throw new CliError(
      `The config file ${paths.config} has no "${options.env}" environment (it has: ${Object.keys(environments).join(', ') || 'none'}); ` +
        'pick one with --env or NODE_ENV',
    );
  }
  const { url, use_env_variable: variable, logging, ...rest } = entry;
  const strataOptions: StrataOptions = { ...rest };
  if (logging) strataOptions.logging = (sql) => process.stderr.write(`${sql}\n`);
  if (strataOptions.storage && strataOptions.storage !== ':memory:' && !isAbsolute(strataOptions.storage)) {
    strataOptions.storage = resolve(paths.root, strataOptions.storage);
  }
  const where = `environment "${options.env}" of ${paths.config}`;
  if (variable) {
    const value = process.env[variable];
    if (!value) throw new CliError(`${where} reads the URL from $${variable}, which is not set`);
    return { url: value, options: strataOptions, description: where };
  }
  if (url) return { url, options: strataOptions, description: where };
  if (!strataOptions.dialect) {
    throw new CliError(`${where} needs a url, a use_env_variable, or a dialect ('sqlite', 'postgres', 'mysql')`);
  }
  return { options: strataOptions, description: where };
}

/** Opens the connection for the chosen environment. */
export async function connect(options: GlobalOptions, paths: ProjectPaths): Promise<Strata> {
  const target = await connectionOptions(options, paths);
  try {
    return target.url ? new Strata(target.url, target.options) : new Strata(target.options);
  } catch (error) {
    throw new CliError(`Cannot connect (${target.description}): ${(error as Error).message}`, 1, { cause: error });
  }
}
