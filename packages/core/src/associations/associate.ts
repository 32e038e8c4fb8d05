import type {
  Association,
  BelongsToManyOptions,
  BelongsToOptions,
  HasManyOptions,
  HasOneOptions,
  ModelClass,
} from './association';
import { defineAssociationAccessors } from './accessors';
import { BelongsTo } from './belongs-to';
import { BelongsToMany } from './belongs-to-many';
import { HasMany } from './has-many';
import { HasOne } from './has-one';
import { registerAssociation } from './registry';
import { runtimeOf } from '../runtime/model-runtime';
import { ModelDefinitionError } from '../errors/errors';

interface Kinds {
  hasOne: [HasOneOptions | undefined, HasOne];
  hasMany: [HasManyOptions | undefined, HasMany];
  belongsTo: [BelongsToOptions | undefined, BelongsTo];
  belongsToMany: [BelongsToManyOptions, BelongsToMany];
}

/**
 * Declares an association (what `User.hasMany(Post, options)` and the decorators call): adds
 * the foreign key attribute, records the association under its alias and puts the accessors on
 * the source's prototype. Both models must be initialised on the same connection.
 */
export function associate<K extends keyof Kinds>(
  kind: K,
  source: ModelClass,
  target: ModelClass,
  given: Kinds[K][0],
): Kinds[K][1] {
  // Sequelize's `foreignKeyConstraint` is `constraints` under its other name.
  const options =
    given?.foreignKeyConstraint !== undefined && given.constraints === undefined
      ? { ...given, constraints: given.foreignKeyConstraint }
      : given;
  const sourceState = runtimeOf(source);
  const targetState = runtimeOf(target);
  if (sourceState.host !== targetState.host) {
    throw new ModelDefinitionError(
      `${sourceState.definition.name}.${kind}(${targetState.definition.name}): both models must be on the same connection`,
    );
  }
  let association: Association;
  switch (kind) {
    case 'hasOne':
      association = new HasOne(source, target, options as HasOneOptions);
      break;
    case 'hasMany':
      association = new HasMany(source, target, options as HasManyOptions);
      break;
    case 'belongsTo':
      association = new BelongsTo(source, target, options as BelongsToOptions);
      break;
    default:
      association = new BelongsToMany(source, target, options as BelongsToManyOptions);
  }
  registerAssociation(association);
  defineAssociationAccessors(association);
  return association as Kinds[K][1];
}
