import { Strata, type StrataOptions } from '@strata/core';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { CliError } from './errors';
import { loadModule } from './loader';

/** The project file at the root (the role `.sequelizerc` plays): where everything lives. */
export const PROJECT_FILE = '.strata.json';
/** sequelize-cli's project file: a CommonJS module exporting the same paths. */
export const SEQUELIZE_RC = '.sequelizerc';

/**
 * Whose conventions a project follows. A sequelize-cli project (a `.sequelizerc`, or a config
 * file with no `.strata.json`) keeps sequelize-cli's history tables and calls every migration
 * as `up(queryInterface, Sequelize)`.
 */
export type ProjectFormat = 'strata' | 'sequelize-cli';

/** Where a project keeps its files, after the project file and the command line are applied. */
export interface ProjectPaths {
  root: string;
  config: string;
  models: string;
  migrations: string;
  seeders: string;
  /** The language generated migrations and seeds are written in (`language` in the project file; default js). */
  language: 'ts' | 'js';
  format: ProjectFormat;
}

/** The global options every command takes. */
export interface GlobalOptions {
  env: string;
  config?: string;
  url?: string;
  quiet?: boolean;
}

/**
 * Where sequelize-cli records applied files, set per environment in its config file. Strata
 * reads the table names, and `seederStorage: 'none'` (sequelize-cli's default: seeds are not
 * recorded, so `db:seed:all` runs every seed each time).
 */
export interface HistorySettings {
  migrationStorage?: string;
  migrationStorageTableName?: string;
  seederStorage?: string;
  seederStorageTableName?: string;
}

/** One environment's entry in the config file. */
export interface EnvironmentConfig extends Omit<StrataOptions, 'models' | 'logging'>, HistorySettings {
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
  format?: ProjectFormat;
}

const PATH_KEYS = ['config', 'models-path', 'migrations-path', 'seeders-path'] as const;

function readProjectFile(file: string): ProjectFile {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as ProjectFile;
  } catch (error) {
    throw new CliError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
}

/** `.sequelizerc` is CommonJS (it usually calls path.resolve); only its path settings matter here. */
function readSequelizeRc(file: string): ProjectFile {
  let exported: unknown;
  try {
    exported = createRequire(file)(file);
  } catch (error) {
    throw new CliError(`Cannot load ${file}: ${(error as Error).message}`, 1, { cause: error });
  }
  if (typeof exported !== 'object' || exported === null) {
    throw new CliError(`${file} must export an object (module.exports = { 'migrations-path': ... })`);
  }
  const settings: ProjectFile = { format: 'sequelize-cli' };
  for (const key of PATH_KEYS) {
    const value = (exported as Record<string, unknown>)[key];
    if (value === undefined) continue;
    if (typeof value !== 'string') throw new CliError(`${file}: '${key}' must be a path string`);
    settings[key] = value;
  }
  return settings;
}

/** sequelize-cli's default: config/config.js when it exists, else config/config.json. */
function defaultConfigFile(root: string): string {
  const script = join(root, 'config', 'config.js');
  return existsSync(script) ? script : join(root, 'config', 'config.json');
}

/**
 * Reads the project file from the current directory (`.strata.json`, else `.sequelizerc`) and
 * applies its paths; `--config` on the command line wins over the project file's `config`.
 */
export function projectPaths(options: Pick<GlobalOptions, 'config'>, root = process.cwd()): ProjectPaths {
  const strataFile = join(root, PROJECT_FILE);
  const rcFile = join(root, SEQUELIZE_RC);
  const hasStrataFile = existsSync(strataFile);
  const settings: ProjectFile = hasStrataFile
    ? readProjectFile(strataFile)
    : existsSync(rcFile)
      ? readSequelizeRc(rcFile)
      : {};
  const at = (path: string | undefined, fallback: string): string => resolve(root, path ?? fallback);
  const config = options.config
    ? resolve(options.config)
    : settings.config
      ? resolve(root, settings.config)
      : defaultConfigFile(root);
  // `strata init` always writes .strata.json, so a config file without one is sequelize-cli's.
  const format = settings.format ?? (!hasStrataFile && existsSync(config) ? 'sequelize-cli' : 'strata');
  return {
    root,
    config,
    models: at(settings['models-path'], 'models'),
    migrations: at(settings['migrations-path'], 'migrations'),
    seeders: at(settings['seeders-path'], 'seeders'),
    language: settings.language ?? 'js',
    format,
  };
}

/** What connectionOptions found: the connection, where it came from, and the history settings. */
export interface ConnectionTarget {
  url?: string;
  options: StrataOptions;
  description: string;
  history: HistorySettings;
}

/** A `.env` at the project root fills in variables the shell did not set (as sequelize-cli projects expect). */
function loadDotEnv(root: string): void {
  const file = join(root, '.env');
  if (!existsSync(file)) return;
  try {
    process.loadEnvFile(file);
  } catch (error) {
    throw new CliError(`Cannot read ${file}: ${(error as Error).message}`, 1, { cause: error });
  }
}

/** The config file's environments: JSON, or a module exporting them (or a function resolving to them). */
async function readEnvironments(file: string): Promise<Record<string, unknown>> {
  let loaded: unknown;
  try {
    loaded = file.endsWith('.json') ? JSON.parse(readFileSync(file, 'utf8')) : await loadModule(file);
    if (typeof loaded === 'function') loaded = await (loaded as () => unknown)();
  } catch (error) {
    throw new CliError(`Cannot read the config file ${file}: ${(error as Error).message}`, 1, { cause: error });
  }
  if (typeof loaded !== 'object' || loaded === null) {
    throw new CliError(`The config file ${file} must give an object of environments ({ "development": { ... } })`);
  }
  return loaded as Record<string, unknown>;
}

const CONNECTION_KEYS = ['dialect', 'url', 'use_env_variable'];

/**
 * The environment's entry. Like sequelize-cli, a file that is one connection rather than a map
 * of environments (it has a dialect, url or use_env_variable at the top) serves every environment.
 */
function environmentEntry(environments: Record<string, unknown>, env: string, file: string): EnvironmentConfig {
  const entry = environments[env] ?? (CONNECTION_KEYS.some((key) => key in environments) ? environments : undefined);
  if (typeof entry !== 'object' || entry === null) {
    throw new CliError(
      `The config file ${file} has no "${env}" environment (it has: ${Object.keys(environments).join(', ') || 'none'}); ` +
        'pick one with --env or NODE_ENV',
    );
  }
  // sequelize-cli's generated config writes `"password": null`; null means "not set" here.
  return Object.fromEntries(Object.entries(entry).filter(([, value]) => value !== null)) as EnvironmentConfig;
}

/**
 * The connection for the chosen environment: `--url` if given, else the environment's entry
 * in the config file (`url`, `use_env_variable`, or dialect options). Errors say which file,
 * which environment and what to add.
 */
export async function connectionOptions(options: GlobalOptions, paths: ProjectPaths): Promise<ConnectionTarget> {
  loadDotEnv(paths.root);
  if (options.url) return { url: options.url, options: {}, description: 'the --url option', history: {} };
  if (!existsSync(paths.config)) {
    throw new CliError(
      `No config file at ${paths.config}: run \`strata init\`, pass --config <file>, or give --url <connection url>`,
    );
  }
  const entry = environmentEntry(await readEnvironments(paths.config), options.env, paths.config);
  const {
    url,
    use_env_variable: variable,
    logging,
    migrationStorage,
    migrationStorageTableName,
    seederStorage,
    seederStorageTableName,
    ...rest
  } = entry;
  const history: HistorySettings = {
    migrationStorage,
    migrationStorageTableName,
    seederStorage,
    seederStorageTableName,
  };
  const strataOptions: StrataOptions = { ...rest };
  if (logging) strataOptions.logging = (sql) => process.stderr.write(`${sql}\n`);
  if (strataOptions.storage && strataOptions.storage !== ':memory:' && !isAbsolute(strataOptions.storage)) {
    strataOptions.storage = resolve(paths.root, strataOptions.storage);
  }
  const where = `environment "${options.env}" of ${paths.config}`;
  if (variable) {
    const value = process.env[variable];
    if (!value) throw new CliError(`${where} reads the URL from $${variable}, which is not set`);
    return { url: value, options: strataOptions, description: where, history };
  }
  if (url) return { url, options: strataOptions, description: where, history };
  if (!strataOptions.dialect) {
    throw new CliError(`${where} needs a url, a use_env_variable, or a dialect ('sqlite', 'postgres', 'mysql')`);
  }
  return { options: strataOptions, description: where, history };
}

/** Opens the connection for the chosen environment, with the environment's history settings. */
export async function openConnection(
  options: GlobalOptions,
  paths: ProjectPaths,
): Promise<{ strata: Strata; history: HistorySettings }> {
  const target = await connectionOptions(options, paths);
  try {
    const strata = target.url ? new Strata(target.url, target.options) : new Strata(target.options);
    return { strata, history: target.history };
  } catch (error) {
    throw new CliError(`Cannot connect (${target.description}): ${(error as Error).message}`, 1, { cause: error });
  }
}

/** Opens the connection for the chosen environment. */
export async function connect(options: GlobalOptions, paths: ProjectPaths): Promise<Strata> {
  return (await openConnection(options, paths)).strata;
}
