import { ModelDefinitionError } from '@strata/core';
import {
  Sequelize as CoreSequelize,
  parseSequelizeArguments,
  type SequelizeOptions as CoreSequelizeOptions,
} from '@strata/core/sequelize';
import { loadModelsFromPaths, type ModelMatch } from './model-paths';
import { createRepository } from './repository';

type ModelClass = abstract new (...args: never[]) => unknown;

/**
 * The options of sequelize-typescript's `new Sequelize(...)`, on top of core's Sequelize preset
 * (`@strata/core/sequelize`): models may be given as paths (directories, files or `*` globs)
 * whose files export model classes.
 */
export interface SequelizeOptions extends Omit<CoreSequelizeOptions, 'models'> {
  /** Model classes, or paths of the files that export them. */
  models?: ReadonlyArray<ModelClass | string>;
  /** Paths of the files that export models (the same as path entries of `models`). */
  modelPaths?: readonly string[];
  /** Which export of a model file is its model; default: the export named like the file. */
  modelMatch?: ModelMatch;
  /**
   * Models only build and validate instances; no database is meant. Strata gives such a connection
   * an in-memory SQLite database, which is never opened unless something queries it.
   */
  validateOnly?: boolean;
  /**
   * Leaves the model classes uninitialised and gives this connection its own model for each
   * (`sequelize.getRepository(User)`), so several connections can use the same classes.
   */
  repositoryMode?: boolean;
}

/**
 * sequelize-typescript's connection class, so that moving over is a change of imports: core's
 * Sequelize preset (Sequelize's constructor forms and defaults, `sequelize.fn/col/literal/where`,
 * the Sequelize statics) that also takes model paths, `modelMatch` and repository mode.
 *
 * @example
 * const sequelize = new Sequelize({ dialect: 'sqlite', storage: ':memory:', models: [__dirname + '/models'] });
 */
export class Sequelize extends CoreSequelize {
  private readonly modelMatch?: ModelMatch;
  private readonly repositoryMode: boolean;
  /** In repository mode: each added class and this connection's model made from it. */
  private readonly repositories = new Map<ModelClass, ModelClass>();

  // The URL form last: ConstructorParameters<typeof Sequelize> (what wrappers use) reads the last overload.
  constructor(database: string, username: string | null, password?: string | null, options?: SequelizeOptions);
  constructor(database: string, username: string | null, options: SequelizeOptions);
  constructor(options?: SequelizeOptions);
  constructor(url: string, options?: SequelizeOptions);
  constructor(...args: unknown[]) {
    const { url, options: given } = parseSequelizeArguments(args) as { url?: string; options: SequelizeOptions };
    const { models, modelPaths, modelMatch, validateOnly, repositoryMode, ...connectionOptions } = given;
    const options: CoreSequelizeOptions = {
      ...(validateOnly && { dialect: 'sqlite', storage: ':memory:' }),
      ...connectionOptions,
    };
    if (url !== undefined) super(url, options);
    else super(options);
    this.modelMatch = modelMatch;
    this.repositoryMode = repositoryMode ?? false;
    if (models) this.addModels(models);
    if (modelPaths) this.addModels(modelPaths);
  }

  /** Adds model classes, or the models exported by the files at these paths. */
  override addModels(models: ReadonlyArray<ModelClass | string>, modelMatch?: ModelMatch): void {
    const paths = models.filter((entry): entry is string => typeof entry === 'string');
    const classes = models.filter((entry): entry is ModelClass => typeof entry !== 'string');
    const loaded = paths.length > 0 ? loadModelsFromPaths(paths, modelMatch ?? this.modelMatch) : [];
    const added = [...classes, ...loaded];
    if (!this.repositoryMode) return super.addModels(added);
    const repositories = added.map((model) => {
      const repository = createRepository(model);
      this.repositories.set(model, repository);
      return repository;
    });
    super.addModels(repositories);
  }

  /**
   * In repository mode, this connection's model for a decorated class: query and create through it.
   * @example const users = sequelize.getRepository(User); await users.create({ name: 'Han' });
   */
  getRepository<C extends ModelClass>(model: C): C {
    const repository = this.repositoryFor(model);
    if (!repository) {
      throw new ModelDefinitionError(
        this.repositoryMode
          ? `${model.name} is not one of this connection's models; add it with addModels() first`
          : `getRepository(${model.name}) needs new Sequelize({ repositoryMode: true }); without it, use ${model.name} itself`,
      );
    }
    return repository;
  }

  /** The repository made for a class on this connection, if any (how association thunks find it). */
  repositoryFor<C extends ModelClass>(model: C): C | undefined {
    return this.repositories.get(model) as C | undefined;
  }
}
