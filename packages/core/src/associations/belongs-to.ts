import { runtimeOf } from '../runtime/model-runtime';
import type { Model } from '../model/model';
import {
  Association,
  accessorNames,
  foreignKeyColumnOptions,
  foreignKeyName,
  keyName,
  keyOf,
  type AccessorOptions,
  type BelongsToOptions,
  type ModelClass,
} from './association';
import { associationJoin, type AssociationJoin } from './association-join';
import { ensureForeignKey } from './foreign-key';
import { setIncludedValue } from './included-value';
import { normalizeDataType } from '../definition/data-types';
import { InvalidQueryError } from '../errors/errors';

/**
 * `Post.belongsTo(User)`: the foreign key (`userId`, or `<as>Id`) lives on the source and
 * refers to the target's primary key (or `targetKey`).
 */
export class BelongsTo extends Association {
  readonly associationType = 'BelongsTo' as const;
  readonly isSingleAssociation = true;
  readonly foreignKey: string;
  readonly targetKey: string;
  readonly join: AssociationJoin;
  readonly accessors: Readonly<Record<string, string>>;

  constructor(source: ModelClass, target: ModelClass, options: BelongsToOptions = {}) {
    super(source, target, options, false);
    const targetDefinition = runtimeOf(target).definition;
    this.targetKey = options.targetKey ?? targetDefinition.primaryKeys[0];
    const key = targetDefinition.attributes.get(this.targetKey);
    if (!key) {
      throw new InvalidQueryError(
        `${this.sourceName}.belongsTo(${targetDefinition.name}): no attribute ${this.targetKey}`,
      );
    }
    this.foreignKey = foreignKeyName(options.foreignKey) ?? keyName(source, this.singular, this.targetKey);
    const column = foreignKeyColumnOptions(options.foreignKey);
    // A declared NOT NULL key cannot be SET NULL on delete (MySQL refuses such a constraint).
    const allowNull =
      column.allowNull ?? runtimeOf(source).definition.attributes.get(this.foreignKey)?.allowNull ?? true;
    const attribute = ensureForeignKey(source, {
      name: this.foreignKey,
      field: column.field,
      type: column.type ? normalizeDataType(column.type) : key.type,
      allowNull,
      references:
        options.constraints === false
          ? undefined
          : { table: targetDefinition.tableName, schema: targetDefinition.schema, key: key.field },
      onDelete: options.onDelete ?? (allowNull ? 'SET NULL' : 'NO ACTION'),
      onUpdate: options.onUpdate ?? 'CASCADE',
    });
    if (options.constraints !== false) {
      this.options.onDelete ??= attribute.onDelete;
      this.options.onUpdate ??= attribute.onUpdate;
    }
    this.join = associationJoin({
      target,
      sourceAttribute: this.foreignKey,
      targetAttribute: this.targetKey,
      targetScope: this.scope,
    });
    this.accessors = accessorNames(this.singular, this.plural, 'single');
  }

  targetWhere(sourceValue: unknown): Record<string | symbol, unknown> {
    return { [this.targetKey]: sourceValue };
  }

  /** `post.getUser()`: the target row, or null. */
  async get(instance: Model, options: AccessorOptions = {}): Promise<Model | null> {
    const value = instance.get(this.foreignKey, { raw: true });
    if (value === null || value === undefined) return null;
    return this.target.findOne({ ...options, where: this.targetWhere(value) });
  }

  /** `post.setUser(user | key | null)`: sets the foreign key and saves it (unless `save: false`). */
  async set(
    instance: Model,
    associated: unknown,
    options: AccessorOptions & { save?: boolean } = {},
  ): Promise<Model | undefined> {
    const value =
      associated === null || associated === undefined
        ? null
        : keyOf(associated, this.targetKey, runtimeOf(this.target).definition.name);
    instance.set(this.foreignKey, value);
    if (associated && typeof associated === 'object' && 'dataValues' in associated) {
      setIncludedValue(instance, this.as, associated);
    }
    if (options.save === false) return undefined;
    return instance.save(instance.isNewRecord ? options : { ...options, fields: [this.foreignKey] });
  }

  /** `post.createUser(values)`: creates the target and links it. */
  async create(instance: Model, values: Record<string, unknown> = {}, options: AccessorOptions = {}): Promise<Model> {
    const executor = runtimeOf(this.source).host.executor;
    return executor.managed({ transaction: options.transaction }, async () => {
      const created = await this.target.create({ ...values, ...this.scope } as never, options);
      await this.set(instance, created, options);
      return created;
    });
  }
}
