import { Strata, type StrataOptions } from '@strata/core';
import { loadModelsFromPaths, type ModelMatch } from './model-paths';

type ModelClass = abstract new (...args: never[]) => unknown;

/**
 * The options of sequelize-typescript's `new Sequelize(...)`, on top of Strata's: models may be
 * given as paths (directories, files or `*` globs) whose files export model classes.
 */
export interface SequelizeOptions extends Omit<StrataOptions, 'models' | 'logging'> {
  /** Model classes, or paths of the files that export them. */
  models?: ReadonlyArray<ModelClass | string>;
  /** Paths of the files that export models (the same as path entries of `models`). */
  modelPaths?: readonly string[];
  /** Which export of a model file is its model; default: the export named like the file. */
  modelMatch?: ModelMatch;
  /** `true` logs every statement with console.log, as Sequelize does. */
  logging?: StrataOptions['logging'] | boolean;
}

/**
 * sequelize-typescript's connection class, so that moving over is a change of imports: a
 * Strata connection that also takes model paths, `modelMatch` and `logging: true`.
 *
 * @example
 * const sequelize = new Sequelize({ dialect: 'sqlite', storage: ':memory:', models: [__dirname + '/models'] });
 */
export class Sequelize extends Strata {
  private readonly modelMatch?: ModelMatch;

  constructor(options?: SequelizeOptions);
  constructor(url: string, options?: SequelizeOptions);
  constructor(urlOrOptions: string | SequelizeOptions = {}, maybeOptions: SequelizeOptions = {}) {
    const given = typeof urlOrOptions === 'string' ? maybeOptions : urlOrOptions;
    const { models, modelPaths, modelMatch, logging, ...strataOptions } = given;
    const options: StrataOptions = { ...strataOptions, logging: logging === true ? console.log : logging };
    if (typeof urlOrOptions === 'string') super(urlOrOptions, options);
    else super(options);
    this.modelMatch = modelMatch;
    if (models) this.addModels(models);
    if (modelPaths) this.addModels(modelPaths);
  }

  /** Adds model classes, or the models exported by the files at these paths. */
  override addModels(models: ReadonlyArray<ModelClass | string>, modelMatch?: ModelMatch): void {
    const paths = models.filter((entry): entry is string => typeof entry === 'string');
    const classes = models.filter((entry): entry is ModelClass => typeof entry !== 'string');
    const loaded = paths.length > 0 ? loadModelsFromPaths(paths, modelMatch ?? this.modelMatch) : [];
    super.addModels([...classes, ...loaded]);
  }
}
