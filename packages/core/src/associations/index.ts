export {
  Association,
  type AccessorOptions,
  type AssociationOptions,
  type AssociationType,
  type BelongsToManyOptions,
  type BelongsToOptions,
  type ForeignKeyOptions,
  type HasManyOptions,
  type HasOneOptions,
} from './association';
export { BelongsTo } from './belongs-to';
export { BelongsToMany } from './belongs-to-many';
export { HasMany } from './has-many';
export { HasOne } from './has-one';
export { associationsOf } from './registry';
export { associate } from './associate';
export type * from './mixins';
export { AssociationKinds } from './association-kinds';
