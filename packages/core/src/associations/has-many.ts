import type { Model } from '../model/model';
import { runtimeOf } from '../runtime/model-runtime';
import type { FindOptions } from '../normalize/find-options';
import { Op } from '../compile/operators';
import { accessorNames, allOf, keyOf, type AccessorOptions, type HasManyOptions, type ModelClass } from './association';
import { TargetKeyAssociation } from './target-foreign-key';

/** `User.hasMany(Post)`: the foreign key (`userId`) lives on the target; loaded with one IN query. */
export class HasMany extends TargetKeyAssociation {
  readonly associationType = 'HasMany' as const;
  readonly isSingleAssociation = false;
  readonly accessors: Readonly<Record<string, string>>;

  constructor(source: ModelClass, target: ModelClass, options: HasManyOptions = {}) {
    super('hasMany', source, target, options);
    this.accessors = accessorNames(this.singular, this.plural, 'multiple');
  }

  private get targetKey(): string {
    return runtimeOf(this.target).definition.primaryKeys[0];
  }

  private keys(items: unknown): unknown[] {
    const list = Array.isArray(items) ? items : items === null || items === undefined ? [] : [items];
    const name = runtimeOf(this.target).definition.name;
    return list.map((item) => keyOf(item, this.targetKey, name));
  }

  /** `user.getPosts({ where, order, ... })`: the targets of this instance. */
  async get(instance: Model, options: AccessorOptions = {}): Promise<Model[]> {
    const value = instance.get(this.sourceKey, { raw: true });
    return this.target.findAll({ ...options, where: allOf(options.where, this.targetWhere(value)) } as FindOptions);
  }

  /** `user.countPosts({ where })`. */
  async count(instance: Model, options: AccessorOptions = {}): Promise<number> {
    const value = instance.get(this.sourceKey, { raw: true });
    return this.target.count({ ...options, where: allOf(options.where, this.targetWhere(value)) });
  }

  /** `user.hasPost(post)` / `user.hasPosts([a, b])`: whether every one is linked to this instance. */
  async has(instance: Model, items: unknown, options: AccessorOptions = {}): Promise<boolean> {
    const keys = [...new Set(this.keys(items))];
    if (keys.length === 0) return true;
    const value = instance.get(this.sourceKey, { raw: true });
    const found = await this.target.count({
      ...options,
      where: allOf(this.targetWhere(value), { [this.targetKey]: keys }),
    });
    return found === keys.length;
  }

  /** `user.setPosts([...])`: links exactly these targets (others are unlinked: foreign key NULL). */
  async set(instance: Model, items: unknown, options: AccessorOptions = {}): Promise<void> {
    const keys = this.keys(items);
    const value = instance.get(this.sourceKey, { raw: true });
    const executor = runtimeOf(this.source).host.executor;
    await executor.managed({ transaction: options.transaction }, async () => {
      await this.target.update({ [this.foreignKey]: null } as never, {
        ...options,
        where: allOf(this.targetWhere(value), keys.length ? { [this.targetKey]: { [Op.notIn]: keys } } : undefined),
      });
      await this.add(instance, items, options);
    });
  }

  /** `user.addPost(post)` / `user.addPosts([...])`: links existing targets (instances or keys). */
  async add(instance: Model, items: unknown, options: AccessorOptions = {}): Promise<void> {
    const keys = this.keys(items);
    if (keys.length === 0) return;
    const value = instance.get(this.sourceKey, { raw: true });
    const changes = { [this.foreignKey]: value, ...this.scope };
    await this.target.update(changes as never, { ...options, where: { [this.targetKey]: keys } });
    for (const item of Array.isArray(items) ? items : [items]) {
      if (item && typeof item === 'object' && 'dataValues' in item) {
        Object.assign((item as Model).dataValues, changes);
        (item as Model).markClean();
      }
    }
  }

  /** `user.removePost(post)`: unlinks targets of this instance (their foreign key becomes NULL). */
  async remove(instance: Model, items: unknown, options: AccessorOptions = {}): Promise<void> {
    const keys = this.keys(items);
    if (keys.length === 0) return;
    const value = instance.get(this.sourceKey, { raw: true });
    await this.target.update({ [this.foreignKey]: null } as never, {
      ...options,
      where: allOf(this.targetWhere(value), { [this.targetKey]: keys }),
    });
  }

  /** `user.createPost(values)`: creates a target linked to this instance. */
  async create(instance: Model, values: Record<string, unknown> = {}, options: AccessorOptions = {}): Promise<Model> {
    const value = instance.get(this.sourceKey, { raw: true });
    return this.target.create({ ...values, [this.foreignKey]: value, ...this.scope } as never, options);
  }
}
