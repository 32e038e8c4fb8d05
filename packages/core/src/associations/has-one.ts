import type { Model } from '../model/model';
import { runtimeOf } from '../runtime/model-runtime';
import { Op } from '../compile/operators';
import { accessorNames, allOf, keyOf, type AccessorOptions, type HasOneOptions, type ModelClass } from './association';
import { TargetKeyAssociation } from './target-foreign-key';

/** `User.hasOne(Profile)`: the foreign key (`userId`) lives on the target. */
export class HasOne extends TargetKeyAssociation {
  readonly associationType = 'HasOne' as const;
  readonly isSingleAssociation = true;
  readonly accessors: Readonly<Record<string, string>>;

  constructor(source: ModelClass, target: ModelClass, options: HasOneOptions = {}) {
    super('hasOne', source, target, options);
    this.accessors = accessorNames(this.singular, this.plural, 'single');
  }

  /** `user.getProfile()`: the target row, or null. */
  async get(instance: Model, options: AccessorOptions = {}): Promise<Model | null> {
    const value = instance.get(this.sourceKey, { raw: true });
    if (value === null || value === undefined) return null;
    return this.target.findOne({ ...options, where: allOf(options.where, this.targetWhere(value)) });
  }

  /** `user.setProfile(profile | key | null)`: unlinks the current target and links the new one. */
  async set(instance: Model, associated: unknown, options: AccessorOptions = {}): Promise<Model | null> {
    const value = instance.get(this.sourceKey, { raw: true });
    const targetKey = runtimeOf(this.target).definition.primaryKeys[0];
    const executor = runtimeOf(this.source).host.executor;
    return executor.managed({ transaction: options.transaction }, async () => {
      const keep =
        associated === null || associated === undefined
          ? undefined
          : keyOf(associated, targetKey, runtimeOf(this.target).definition.name);
      const unlink = keep === undefined ? {} : { [targetKey]: { [Op.ne]: keep } };
      await this.target.update({ [this.foreignKey]: null } as never, {
        ...options,
        where: allOf(this.targetWhere(value), unlink),
      });
      if (keep === undefined) return null;
      if (associated && typeof associated === 'object' && 'dataValues' in associated) {
        const target = associated as Model;
        target.set({ [this.foreignKey]: value, ...this.scope });
        await target.save(options);
        return target;
      }
      await this.target.update({ [this.foreignKey]: value, ...this.scope } as never, {
        ...options,
        where: { [targetKey]: keep },
      });
      return null;
    });
  }

  /** `user.createProfile(values)`: creates the target linked to this instance. */
  async create(instance: Model, values: Record<string, unknown> = {}, options: AccessorOptions = {}): Promise<Model> {
    const value = instance.get(this.sourceKey, { raw: true });
    return this.target.create({ ...values, [this.foreignKey]: value, ...this.scope } as never, options);
  }
}
