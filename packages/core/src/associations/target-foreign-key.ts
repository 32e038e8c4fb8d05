import { normalizeDataType } from '../definition/data-types';
import type { ReferentialAction } from '../definition/model-definition';
import { InvalidQueryError } from '../errors/errors';
import { runtimeOf } from '../runtime/model-runtime';
import {
  Association,
  allOf,
  foreignKeyColumnOptions,
  foreignKeyName,
  keyName,
  type HasOneOptions,
  type ModelClass,
} from './association';
import { associationJoin, type AssociationJoin } from './association-join';
import { ensureForeignKey } from './foreign-key';

/**
 * hasOne and hasMany put `<sourceModelName>Id` (or `foreignKey`) on the target, referring to
 * the source's primary key (or `sourceKey`). Returns the two attribute names.
 */
export function addTargetForeignKey(
  kind: 'hasOne' | 'hasMany',
  source: ModelClass,
  target: ModelClass,
  options: HasOneOptions,
): { foreignKey: string; sourceKey: string; onDelete?: ReferentialAction; onUpdate?: ReferentialAction } {
  const sourceDefinition = runtimeOf(source).definition;
  const sourceKey = options.sourceKey ?? sourceDefinition.primaryKeys[0];
  const key = sourceDefinition.attributes.get(sourceKey);
  if (!key) {
    throw new InvalidQueryError(
      `${sourceDefinition.name}.${kind}(${runtimeOf(target).definition.name}): no attribute ${sourceKey}`,
    );
  }
  const foreignKey = foreignKeyName(options.foreignKey) ?? keyName(source, sourceDefinition.name, sourceKey);
  const column = foreignKeyColumnOptions(options.foreignKey);
  // A declared NOT NULL key cannot be SET NULL on delete (MySQL refuses such a constraint).
  const allowNull = column.allowNull ?? runtimeOf(target).definition.attributes.get(foreignKey)?.allowNull ?? true;
  const attribute = ensureForeignKey(target, {
    name: foreignKey,
    field: column.field,
    type: column.type ? normalizeDataType(column.type) : key.type,
    allowNull,
    references:
      options.constraints === false
        ? undefined
        : { table: sourceDefinition.tableName, schema: sourceDefinition.schema, key: key.field },
    onDelete: options.onDelete ?? (allowNull ? 'SET NULL' : 'CASCADE'),
    onUpdate: options.onUpdate ?? 'CASCADE',
  });
  return { foreignKey, sourceKey, onDelete: attribute.onDelete, onUpdate: attribute.onUpdate };
}

/**
 * What hasOne and hasMany share: the foreign key lives on the target and points at the
 * source's key, so the join shape and the target where are the same for both.
 */
export abstract class TargetKeyAssociation extends Association {
  readonly foreignKey: string;
  readonly sourceKey: string;
  readonly join: AssociationJoin;
  /** `hooks: true` with onDelete CASCADE: a destroyed source destroys its targets through their hooks. */
  readonly cascadesThroughHooks: boolean;

  constructor(kind: 'hasOne' | 'hasMany', source: ModelClass, target: ModelClass, options: HasOneOptions) {
    super(source, target, options, kind === 'hasMany');
    const added = addTargetForeignKey(kind, source, target, options);
    this.foreignKey = added.foreignKey;
    this.sourceKey = added.sourceKey;
    if (options.constraints !== false) {
      this.options.onDelete ??= added.onDelete;
      this.options.onUpdate ??= added.onUpdate;
    }
    const onDelete = runtimeOf(target).definition.attributes.get(this.foreignKey)?.onDelete;
    this.cascadesThroughHooks = options.hooks === true && onDelete === 'CASCADE';
    this.join = associationJoin({
      target,
      sourceAttribute: this.sourceKey,
      targetAttribute: this.foreignKey,
      targetScope: this.scope,
    });
  }

  targetWhere(sourceValue: unknown): Record<string | symbol, unknown> {
    return allOf({ [this.foreignKey]: sourceValue }, this.scope);
  }
}
