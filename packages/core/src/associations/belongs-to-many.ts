import { normalizeDataType } from '../definition/data-types';
import type { AttributesInput, ModelOptions } from '../definition/model-definition';
import { singularizeName } from '../definition/naming';
import { InvalidQueryError, ModelDefinitionError } from '../errors/errors';
import type { Model } from '../model/model';
import { runtimeOf } from '../runtime/model-runtime';
import type { FindOptions } from '../normalize/find-options';
import { Op } from '../compile/operators';
import {
  Association,
  accessorNames,
  allOf,
  foreignKeyColumnOptions,
  foreignKeyName,
  keyName,
  keyOf,
  type AccessorOptions,
  type BelongsToManyOptions,
  type ForeignKeyOptions,
  type ModelClass,
} from './association';
import { associationJoin, type AssociationJoin } from './association-join';
import { ensureForeignKey } from './foreign-key';

/** The connection's `define`, as a string `through` needs it. */
interface Definer {
  define(name: string, attributes: AttributesInput, options?: ModelOptions): ModelClass;
  isDefined(name: string): boolean;
  model(name: string): ModelClass;
}

/**
 * `Post.belongsToMany(Tag, { through: PostTag })`: rows of the join model pair a source key
 * (`foreignKey`, default `postId`) with a target key (`otherKey`, default `tagId`). A string
 * `through` is the exact name of a join table Strata defines, keyed by the pair. Join rows are
 * removed with either side (ON DELETE CASCADE).
 */
export class BelongsToMany extends Association {
  readonly associationType = 'BelongsToMany' as const;
  readonly isSingleAssociation = false;
  readonly through: ModelClass;
  readonly throughScope: Record<string, unknown> | undefined;
  readonly foreignKey: string;
  readonly otherKey: string;
  readonly sourceKey: string;
  readonly targetKey: string;
  readonly join: AssociationJoin;
  readonly accessors: Readonly<Record<string, string>>;

  constructor(source: ModelClass, target: ModelClass, options: BelongsToManyOptions) {
    super(source, target, options, true);
    const sourceDefinition = runtimeOf(source).definition;
    const targetDefinition = runtimeOf(target).definition;
    if (!options?.through) {
      throw new ModelDefinitionError(
        `${sourceDefinition.name}.belongsToMany(${targetDefinition.name}) needs a through model or table name`,
      );
    }
    this.sourceKey = options.sourceKey ?? sourceDefinition.primaryKeys[0];
    this.targetKey = options.targetKey ?? targetDefinition.primaryKeys[0];
    const sourceKey = sourceDefinition.attributes.get(this.sourceKey);
    const targetKey = targetDefinition.attributes.get(this.targetKey);
    if (!sourceKey || !targetKey) {
      throw new InvalidQueryError(
        `${sourceDefinition.name}.belongsToMany(${targetDefinition.name}): no attribute ${sourceKey ? this.targetKey : this.sourceKey}`,
      );
    }
    this.foreignKey = foreignKeyName(options.foreignKey) ?? keyName(source, sourceDefinition.name, this.sourceKey);
    this.otherKey =
      foreignKeyName(options.otherKey) ?? keyName(source, singularizeName(targetDefinition.name), this.targetKey);
    if (this.foreignKey === this.otherKey) {
      throw new ModelDefinitionError(
        `${sourceDefinition.name}.belongsToMany(${targetDefinition.name}): foreignKey and otherKey are both ${this.foreignKey}; name them apart`,
      );
    }
    const through = typeof options.through === 'object' && 'model' in options.through ? options.through : undefined;
    const throughInput = (through?.model ?? options.through) as ModelClass | string;
    this.throughScope = through?.scope;
    const keys = [
      {
        name: this.foreignKey,
        column: foreignKeyColumnOptions(options.foreignKey),
        key: sourceKey,
        table: sourceDefinition.tableName,
        schema: sourceDefinition.schema,
      },
      {
        name: this.otherKey,
        column: foreignKeyColumnOptions(options.otherKey),
        key: targetKey,
        table: targetDefinition.tableName,
        schema: targetDefinition.schema,
      },
    ];
    // A join table named by a string lives in the source's schema, as in Sequelize.
    this.through =
      typeof throughInput === 'string' ? this.defineThrough(throughInput, keys, sourceDefinition.schema) : throughInput;
    for (const { name, column, key, table, schema } of keys) {
      ensureForeignKey(this.through, {
        name,
        field: column.field,
        type: column.type ? normalizeDataType(column.type) : key.type,
        allowNull: column.allowNull ?? false,
        references: options.constraints === false ? undefined : { table, schema, key: key.field },
        onDelete: options.onDelete ?? 'CASCADE',
        onUpdate: options.onUpdate ?? 'CASCADE',
      });
    }
    this.join = associationJoin({
      target,
      sourceAttribute: this.sourceKey,
      targetAttribute: this.targetKey,
      targetScope: this.scope,
      through: {
        model: this.through,
        as: this.throughName,
        sourceAttribute: this.foreignKey,
        targetAttribute: this.otherKey,
        scope: this.throughScope,
      },
    });
    this.accessors = accessorNames(this.singular, this.plural, 'multiple');
  }

  /** A string `through`: a join model named after the table, keyed by the two foreign keys. */
  private defineThrough(
    tableName: string,
    keys: Array<{ name: string; column: ForeignKeyOptions; key: { type: unknown } }>,
    schema: string | undefined,
  ): ModelClass {
    const strata = runtimeOf(this.source).host.owner as Definer;
    if (strata.isDefined(tableName)) return strata.model(tableName);
    const attributes: AttributesInput = {};
    for (const { name, column, key } of keys) {
      attributes[name] = {
        type: column.type ?? (key.type as never),
        field: column.field,
        primaryKey: true,
        allowNull: false,
      };
    }
    return strata.define(tableName, attributes, schema === undefined ? { tableName } : { tableName, schema });
  }

  /** The through model's name: where a target's join row lands (`tag.PostTag`). */
  get throughName(): string {
    return runtimeOf(this.through).definition.name;
  }

  targetWhere(sourceValue: unknown): Record<string | symbol, unknown> {
    return allOf({ [this.foreignKey]: sourceValue }, this.throughScope);
  }

  private keys(items: unknown): unknown[] {
    const list = Array.isArray(items) ? items : items === null || items === undefined ? [] : [items];
    const name = runtimeOf(this.target).definition.name;
    return list.map((item) => keyOf(item, this.targetKey, name));
  }

  private async joinRows(instance: Model, options: AccessorOptions, where?: unknown): Promise<Model[]> {
    const value = instance.get(this.sourceKey, { raw: true });
    return this.through.findAll({
      transaction: options.transaction,
      logging: options.logging,
      where: allOf(this.targetWhere(value), where),
    } as FindOptions);
  }

  /** `post.getTags({ where, joinTableAttributes })`: the targets, each with its join row under the through model's name. */
  async get(instance: Model, options: AccessorOptions = {}): Promise<Model[]> {
    const rows = await this.joinRows(instance, options, (options.through as { where?: unknown })?.where);
    const byKey = new Map(rows.map((row) => [String(row.get(this.otherKey, { raw: true })), row]));
    if (byKey.size === 0) return [];
    const { through: _through, ...rest } = options;
    const targets = await this.target.findAll({
      ...rest,
      where: allOf(options.where, this.scope, {
        [this.targetKey]: rows.map((r) => r.get(this.otherKey, { raw: true })),
      }),
    } as FindOptions);
    for (const target of targets) {
      target.dataValues[this.throughName] = byKey.get(String(target.get(this.targetKey, { raw: true })));
    }
    return targets;
  }

  /** How many targets are linked to `instance` (what `countTags()` calls). */
  async count(instance: Model, options: AccessorOptions = {}): Promise<number> {
    return (await this.get(instance, options)).length;
  }

  /**
   * Whether every one of `items` (instances or keys) is linked to `instance` (what `hasTag(tag)` and
   * `hasTags([...])` call).
   */
  async has(instance: Model, items: unknown, options: AccessorOptions = {}): Promise<boolean> {
    const keys = [...new Set(this.keys(items).map(String))];
    if (keys.length === 0) return true;
    const rows = await this.joinRows(instance, options, { [this.otherKey]: this.keys(items) });
    return new Set(rows.map((r) => String(r.get(this.otherKey, { raw: true })))).size === keys.length;
  }

  /** `post.addTags([...], { through: { extra: 1 } })`: adds join rows (existing pairs get the through values). */
  async add(instance: Model, items: unknown, options: AccessorOptions = {}): Promise<void> {
    const keys = this.keys(items);
    if (keys.length === 0) return;
    const value = instance.get(this.sourceKey, { raw: true });
    const extra = (options.through as Record<string, unknown> | undefined) ?? {};
    const executor = runtimeOf(this.source).host.executor;
    await executor.managed({ transaction: options.transaction }, async () => {
      const existing = await this.joinRows(instance, options, { [this.otherKey]: keys });
      const present = new Set(existing.map((r) => String(r.get(this.otherKey, { raw: true }))));
      const fresh = [...new Map(keys.filter((k) => !present.has(String(k))).map((k) => [String(k), k])).values()];
      if (Object.keys(extra).length > 0 && present.size > 0) {
        await this.through.update(extra as never, {
          logging: options.logging,
          where: allOf(this.targetWhere(value), {
            [this.otherKey]: [...existing.map((r) => r.get(this.otherKey, { raw: true }))],
          }),
        });
      }
      if (fresh.length === 0) return;
      await this.through.bulkCreate(
        fresh.map((key) => ({
          ...extra,
          ...this.throughScope,
          [this.foreignKey]: value,
          [this.otherKey]: key,
        })) as never,
        { logging: options.logging },
      );
    });
  }

  /** `post.setTags([...])`: exactly these targets stay linked. */
  async set(instance: Model, items: unknown, options: AccessorOptions = {}): Promise<void> {
    const keys = this.keys(items);
    const value = instance.get(this.sourceKey, { raw: true });
    const executor = runtimeOf(this.source).host.executor;
    await executor.managed({ transaction: options.transaction }, async () => {
      await this.through.destroy({
        logging: options.logging,
        where: allOf(this.targetWhere(value), keys.length ? { [this.otherKey]: { [Op.notIn]: keys } } : undefined),
      });
      await this.add(instance, items, { ...options, transaction: undefined });
    });
  }

  /** `post.removeTag(tag)`: deletes the join rows (the targets stay). */
  async remove(instance: Model, items: unknown, options: AccessorOptions = {}): Promise<void> {
    const keys = this.keys(items);
    if (keys.length === 0) return;
    const value = instance.get(this.sourceKey, { raw: true });
    await this.through.destroy({
      transaction: options.transaction,
      logging: options.logging,
      where: allOf(this.targetWhere(value), { [this.otherKey]: keys }),
    });
  }

  /** `post.createTag(values, { through })`: creates a target and its join row. */
  async create(instance: Model, values: Record<string, unknown> = {}, options: AccessorOptions = {}): Promise<Model> {
    const executor = runtimeOf(this.source).host.executor;
    return executor.managed({ transaction: options.transaction }, async () => {
      const { through, ...rest } = options;
      const created = await this.target.create({ ...values, ...this.scope } as never, {
        ...rest,
        transaction: undefined,
      });
      await this.add(instance, created, { through, logging: options.logging });
      return created;
    });
  }
}
