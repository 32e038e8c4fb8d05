import type { DataType } from '../definition/data-types';
import {
  attributeDefinition,
  type AttributeDefinition,
  type ModelDefinition,
  type ReferentialAction,
} from '../definition/model-definition';
import { lowerFirst, pluralizeName, singularizeName, underscore, upperFirst } from '../definition/naming';
import { ModelDefinitionError } from '../errors/errors';
import { runtimeOf } from '../runtime/model-runtime';

/**
 * How associations name what the user did not name. `'strata'` (the default): aliases and
 * foreign keys start lowercase (`post.user`, `user.posts`, `userId`). `'sequelize'`, as
 * Sequelize v6 names them: the default alias is the model name (`post.User`, `user.Posts`)
 * and a foreign key is the alias or model name as written plus the key (`UserId`; with
 * `as: 'creator'`, `creatorId`). Set on the connection (`associationNaming`); the
 * `@strata/core/sequelize` preset sets `'sequelize'`.
 */
export type AssociationNaming = 'strata' | 'sequelize';

/** The association naming of the connection a model is initialised on. */
export function associationNamingOf(model: object): AssociationNaming {
  const owner = runtimeOf(model).host.owner as { options?: { associationNaming?: AssociationNaming } } | undefined;
  return owner?.options?.associationNaming ?? 'strata';
}

/**
 * The default foreign key name from a prefix (an alias or a model name) and the key it refers
 * to, in the naming of `model`'s connection.
 * @example defaultForeignKey(Post, 'User', 'id') // 'userId', or 'UserId' with associationNaming: 'sequelize'
 */
export function defaultForeignKey(model: object, prefix: string, key: string): string {
  const start = associationNamingOf(model) === 'sequelize' ? prefix : lowerFirst(prefix);
  return `${start}${upperFirst(key)}`;
}

/** The default alias of a target model (`{ singular: 'post', plural: 'posts' }`, or `Post`/`Posts` in Sequelize naming). */
export function defaultAliasOf(source: object, targetName: string): { singular: string; plural: string } {
  const name = associationNamingOf(source) === 'sequelize' ? targetName : lowerFirst(targetName);
  return { singular: singularizeName(name), plural: pluralizeName(singularizeName(name)) };
}

/** What an association asks of the attribute holding its foreign key. */
export interface ForeignKeySpec {
  name: string;
  /** The column name; defaults to the name (snake_cased on underscored models). */
  field?: string;
  type: DataType;
  allowNull?: boolean;
  /** The referenced table and column; undefined with `constraints: false`. */
  /** The referenced table, with its schema when it has one. */
  references?: { table: string; schema?: string; key: string };
  onDelete?: ReferentialAction;
  onUpdate?: ReferentialAction;
  /** Part of the primary key (the two keys of a generated through table). */
  primaryKey?: boolean;
}

/**
 * Adds (or completes) the attribute an association's foreign key lives in, on the model that
 * holds it, so sync creates the column and its FOREIGN KEY constraint. The ModelDefinition
 * stays immutable: a new definition is built with the one attribute added or replaced and
 * handed to the model's runtime (`replaceDefinition`), which keeps its scopes and
 * associations. An attribute the user declared keeps its own type, column and nullability;
 * only the reference is added to it.
 *
 * The trap: call it before `sync`, as Sequelize requires associations to be declared first.
 *
 * @example ensureForeignKey(Post, { name: 'userId', type: DataTypes.INTEGER(), references: { table: 'users', key: 'id' } });
 */
export function ensureForeignKey(model: object, spec: ForeignKeySpec): AttributeDefinition {
  const runtime = runtimeOf(model);
  const definition = runtime.definition;
  const existing = definition.attributes.get(spec.name);
  if (existing?.virtual) {
    throw new ModelDefinitionError(`${definition.name}.${spec.name} is VIRTUAL and cannot hold a foreign key`);
  }
  const attribute: AttributeDefinition = attributeDefinition(
    existing
      ? {
          ...existing,
          references: existing.references ?? (spec.references && { ...spec.references, deferrable: false }),
          onDelete: existing.onDelete ?? (spec.references ? spec.onDelete : undefined),
          onUpdate: existing.onUpdate ?? (spec.references ? spec.onUpdate : undefined),
        }
      : {
          name: spec.name,
          field: spec.field ?? (definition.underscored ? underscore(spec.name) : spec.name),
          type: spec.type,
          allowNull: spec.allowNull ?? !spec.primaryKey,
          defaultValue: undefined,
          hasDefault: false,
          primaryKey: spec.primaryKey ?? false,
          autoIncrement: false,
          unique: false,
          comment: undefined,
          references: spec.references && { ...spec.references, deferrable: false },
          onDelete: spec.references ? spec.onDelete : undefined,
          onUpdate: spec.references ? spec.onUpdate : undefined,
          validate: undefined,
          get: undefined,
          set: undefined,
          virtual: false,
        },
  );
  if (!existing) {
    const clash = definition.columnAttributes.find((a) => a.field === attribute.field);
    if (clash) {
      throw new ModelDefinitionError(
        `${definition.name}.${spec.name}: the foreign key column ${attribute.field} is already used by ${clash.name}`,
      );
    }
  }
  runtime.replaceDefinition(withAttribute(definition, attribute));
  defineAttributeAccessor(model as { prototype: object }, spec.name);
  return attribute;
}

function withAttribute(definition: ModelDefinition, attribute: AttributeDefinition): ModelDefinition {
  const attributes = new Map(definition.attributes);
  attributes.set(attribute.name, attribute);
  const columnAttributes = [...attributes.values()].filter((a) => !a.virtual);
  return {
    ...definition,
    attributes,
    columnAttributes,
    primaryKeys: columnAttributes.filter((a) => a.primaryKey).map((a) => a.name),
    fieldToAttribute: new Map(columnAttributes.map((a) => [a.field, a.name])),
  };
}

/** `post.userId` reads and writes the stored value, as Model.init's accessors do. */
function defineAttributeAccessor(model: { prototype: object }, name: string): void {
  if (Object.prototype.hasOwnProperty.call(model.prototype, name)) return;
  Object.defineProperty(model.prototype, name, {
    configurable: true,
    enumerable: false,
    get(this: { get(key: string): unknown }) {
      return this.get(name);
    },
    set(this: { set(key: string, value: unknown): void }, value: unknown) {
      this.set(name, value);
    },
  });
}
