/**
 * @strata/annotations: decorators that define Strata models. They produce the same
 * ModelDefinition as Model.init; the engine is @strata/core.
 */
import 'reflect-metadata';
import { hookDecorators, type HookDecorator } from './hooks';

export { Table } from './table';
export { Column } from './column';
export {
  PrimaryKey,
  AutoIncrement,
  AllowNull,
  Default,
  Unique,
  Comment,
  Index,
  createIndexDecorator,
} from './column-options';
export type { IndexDecorator, IndexDecoratorOptions, UniqueOption } from './column-options';
export type { IndexFieldOptions } from './registry';
export type { AttributeDecorator, BareOrCalledAttributeDecorator } from './property-decorator';
export type { ColumnArgument } from './column';
export { CreatedAt, UpdatedAt, DeletedAt, Version } from './timestamps';
export { Scopes, DefaultScope } from './scopes';
export { HasMany, HasOne, BelongsTo, BelongsToMany, ForeignKey } from './associations';
export type { BelongsToManyDecoratorOptions, BelongsToManyWithThroughOptions, ModelReference } from './associations';
export { Validate, ModelValidator } from './model-validator';
export { validatorDecorator } from './validators';
export type {
  BareOrSpecDecorator,
  SpecDecorator,
  ValidatorArgument,
  ValidatorDecorator,
  ValidatorSpecInput,
} from './validators';
export * from './validators.generated';
// sequelize-typescript's forms of Is and Length (these explicit exports take precedence over
// the generated ones), IsArray and the Validator alias.
export { Is, Length, IsArray, Validator } from './validators-compat';
export type { CustomValidatorFunction, LengthOptions, PatternSpec } from './validators-compat';
export {
  hookDecorator,
  hookDecorators,
  type HookDecorator,
  type HookDecoratorOptions,
  type HookMethodDecorator,
} from './hooks';
export { Sequelize, type SequelizeOptions } from './sequelize';
export type { ModelMatch } from './model-paths';
// sequelize-typescript's helpers that read what the decorators recorded.
export { getAttributes, getOptions, getScopeOptions } from './metadata';
// sequelize-typescript's names for core's data types, so its imports move over unchanged.
export { DataTypes as DataType } from '@strata/core';

// One decorator per hook in core's HOOK_NAMES; test/hooks.test.ts checks none is missing.
/**
 * Makes a static method the model's `beforeValidate` hook, called with `(instance, options)` and
 * `this` bound to the model class. Runs before an instance is validated (by save, create or
 * validate()). `@BeforeValidate({ name })` names it for `removeHook`.
 */
export const BeforeValidate: HookDecorator = hookDecorators.BeforeValidate;
/**
 * Makes a static method the model's `afterValidate` hook, called with `(instance, options)` and `this`
 * bound to the model class. Runs after an instance passed validation. `@AfterValidate({ name })` names
 * it for `removeHook`.
 */
export const AfterValidate: HookDecorator = hookDecorators.AfterValidate;
/**
 * Makes a static method the model's `validationFailed` hook, called with `(instance, options, error)`
 * and `this` bound to the model class. Runs when validation failed; it may throw a different error.
 * `@ValidationFailed({ name })` names it for `removeHook`.
 */
export const ValidationFailed: HookDecorator = hookDecorators.ValidationFailed;
/**
 * Makes a static method the model's `beforeCreate` hook, called with `(instance, options)` and `this`
 * bound to the model class. Runs before a new instance is inserted (after validation).
 * `@BeforeCreate({ name })` names it for `removeHook`.
 */
export const BeforeCreate: HookDecorator = hookDecorators.BeforeCreate;
/**
 * Makes a static method the model's `afterCreate` hook, called with `(instance, options)` and `this`
 * bound to the model class. Runs after a new instance was inserted, in its transaction.
 * `@AfterCreate({ name })` names it for `removeHook`.
 */
export const AfterCreate: HookDecorator = hookDecorators.AfterCreate;
/**
 * Makes a static method the model's `beforeSave` hook, called with `(instance, options)` and `this`
 * bound to the model class. Runs before an instance is inserted or updated, after
 * beforeCreate/beforeUpdate. `@BeforeSave({ name })` names it for `removeHook`.
 */
export const BeforeSave: HookDecorator = hookDecorators.BeforeSave;
/**
 * Makes a static method the model's `afterSave` hook, called with `(instance, options)` and `this`
 * bound to the model class. Runs after an instance was inserted or updated. `@AfterSave({ name })`
 * names it for `removeHook`.
 */
export const AfterSave: HookDecorator = hookDecorators.AfterSave;
/**
 * Makes a static method the model's `beforeUpdate` hook, called with `(instance, options)` and `this`
 * bound to the model class. Runs before a loaded instance's changes are saved. `@BeforeUpdate({ name
 * })` names it for `removeHook`.
 */
export const BeforeUpdate: HookDecorator = hookDecorators.BeforeUpdate;
/**
 * Makes a static method the model's `afterUpdate` hook, called with `(instance, options)` and `this`
 * bound to the model class. Runs after a loaded instance's changes were saved. `@AfterUpdate({ name
 * })` names it for `removeHook`.
 */
export const AfterUpdate: HookDecorator = hookDecorators.AfterUpdate;
/**
 * Makes a static method the model's `beforeDestroy` hook, called with `(instance, options)` and `this`
 * bound to the model class. Runs before an instance is deleted (or soft-deleted). `@BeforeDestroy({
 * name })` names it for `removeHook`.
 */
export const BeforeDestroy: HookDecorator = hookDecorators.BeforeDestroy;
/**
 * Makes a static method the model's `afterDestroy` hook, called with `(instance, options)` and `this`
 * bound to the model class. Runs after an instance was deleted (or soft-deleted). `@AfterDestroy({
 * name })` names it for `removeHook`.
 */
export const AfterDestroy: HookDecorator = hookDecorators.AfterDestroy;
/**
 * Makes a static method the model's `beforeRestore` hook, called with `(instance, options)` and `this`
 * bound to the model class. Runs before a soft-deleted instance is restored. `@BeforeRestore({ name
 * })` names it for `removeHook`.
 */
export const BeforeRestore: HookDecorator = hookDecorators.BeforeRestore;
/**
 * Makes a static method the model's `afterRestore` hook, called with `(instance, options)` and `this`
 * bound to the model class. Runs after a soft-deleted instance was restored. `@AfterRestore({ name })`
 * names it for `removeHook`.
 */
export const AfterRestore: HookDecorator = hookDecorators.AfterRestore;
/**
 * Makes a static method the model's `beforeUpsert` hook, called with `(values, options)` and `this`
 * bound to the model class. Runs before Model.upsert writes. `@BeforeUpsert({ name })` names it for
 * `removeHook`.
 */
export const BeforeUpsert: HookDecorator = hookDecorators.BeforeUpsert;
/**
 * Makes a static method the model's `afterUpsert` hook, called with `([instance, created], options)`
 * and `this` bound to the model class. Runs after Model.upsert wrote. `@AfterUpsert({ name })` names
 * it for `removeHook`.
 */
export const AfterUpsert: HookDecorator = hookDecorators.AfterUpsert;
/**
 * Makes a static method the model's `beforeBulkCreate` hook, called with `(instances, options)` and
 * `this` bound to the model class. Runs before Model.bulkCreate inserts; it may change the instances.
 * `@BeforeBulkCreate({ name })` names it for `removeHook`.
 */
export const BeforeBulkCreate: HookDecorator = hookDecorators.BeforeBulkCreate;
/**
 * Makes a static method the model's `afterBulkCreate` hook, called with `(instances, options)` and
 * `this` bound to the model class. Runs after Model.bulkCreate inserted. `@AfterBulkCreate({ name })`
 * names it for `removeHook`.
 */
export const AfterBulkCreate: HookDecorator = hookDecorators.AfterBulkCreate;
/**
 * Makes a static method the model's `beforeBulkUpdate` hook, called with `(options)` and `this` bound
 * to the model class. Runs before Model.update runs; `options.attributes` holds the values.
 * `@BeforeBulkUpdate({ name })` names it for `removeHook`.
 */
export const BeforeBulkUpdate: HookDecorator = hookDecorators.BeforeBulkUpdate;
/**
 * Makes a static method the model's `afterBulkUpdate` hook, called with `(options)` and `this` bound
 * to the model class. Runs after Model.update ran. `@AfterBulkUpdate({ name })` names it for
 * `removeHook`.
 */
export const AfterBulkUpdate: HookDecorator = hookDecorators.AfterBulkUpdate;
/**
 * Makes a static method the model's `beforeBulkDestroy` hook, called with `(options)` and `this` bound
 * to the model class. Runs before Model.destroy runs. `@BeforeBulkDestroy({ name })` names it for
 * `removeHook`.
 */
export const BeforeBulkDestroy: HookDecorator = hookDecorators.BeforeBulkDestroy;
/**
 * Makes a static method the model's `afterBulkDestroy` hook, called with `(options)` and `this` bound
 * to the model class. Runs after Model.destroy ran. `@AfterBulkDestroy({ name })` names it for
 * `removeHook`.
 */
export const AfterBulkDestroy: HookDecorator = hookDecorators.AfterBulkDestroy;
/**
 * Makes a static method the model's `beforeBulkRestore` hook, called with `(options)` and `this` bound
 * to the model class. Runs before Model.restore runs. `@BeforeBulkRestore({ name })` names it for
 * `removeHook`.
 */
export const BeforeBulkRestore: HookDecorator = hookDecorators.BeforeBulkRestore;
/**
 * Makes a static method the model's `afterBulkRestore` hook, called with `(options)` and `this` bound
 * to the model class. Runs after Model.restore ran. `@AfterBulkRestore({ name })` names it for
 * `removeHook`.
 */
export const AfterBulkRestore: HookDecorator = hookDecorators.AfterBulkRestore;
/**
 * Makes a static method the model's `beforeFind` hook, called with `(options)` and `this` bound to the
 * model class. Runs before a finder compiles its query; it may change the options. `@BeforeFind({ name
 * })` names it for `removeHook`.
 */
export const BeforeFind: HookDecorator = hookDecorators.BeforeFind;
/**
 * Makes a static method the model's `beforeFindAfterExpandIncludeAll` hook, called with `(options)`
 * and `this` bound to the model class. Runs right after beforeFind (Sequelize's later find phase;
 * Strata has no includeAll expansion). `@BeforeFindAfterExpandIncludeAll({ name })` names it for
 * `removeHook`.
 */
export const BeforeFindAfterExpandIncludeAll: HookDecorator = hookDecorators.BeforeFindAfterExpandIncludeAll;
/**
 * Makes a static method the model's `beforeFindAfterOptions` hook, called with `(options)` and `this`
 * bound to the model class. Runs right after beforeFind (Sequelize's later find phase).
 * `@BeforeFindAfterOptions({ name })` names it for `removeHook`.
 */
export const BeforeFindAfterOptions: HookDecorator = hookDecorators.BeforeFindAfterOptions;
/**
 * Makes a static method the model's `afterFind` hook, called with `(result, options)` and `this` bound
 * to the model class. Runs after a finder loaded its result (an instance, a list, or null).
 * `@AfterFind({ name })` names it for `removeHook`.
 */
export const AfterFind: HookDecorator = hookDecorators.AfterFind;
/**
 * Makes a static method the model's `beforeCount` hook, called with `(options)` and `this` bound to
 * the model class. Runs before Model.count runs. `@BeforeCount({ name })` names it for `removeHook`.
 */
export const BeforeCount: HookDecorator = hookDecorators.BeforeCount;
/**
 * Makes a static method the model's `beforeSync` hook, called with `(options)` and `this` bound to the
 * model class. Runs before the model's table is synced. `@BeforeSync({ name })` names it for
 * `removeHook`.
 */
export const BeforeSync: HookDecorator = hookDecorators.BeforeSync;
/**
 * Makes a static method the model's `afterSync` hook, called with `(options)` and `this` bound to the
 * model class. Runs after the model's table was synced. `@AfterSync({ name })` names it for
 * `removeHook`.
 */
export const AfterSync: HookDecorator = hookDecorators.AfterSync;
/**
 * Makes a static method the model's `beforeBulkSync` hook, called with `(options)` and `this` bound to
 * the model class. Runs never on a model: a connection-level hook of Sequelize, accepted so
 * sequelize-typescript models compile. `@BeforeBulkSync({ name })` names it for `removeHook`.
 */
export const BeforeBulkSync: HookDecorator = hookDecorators.BeforeBulkSync;
/**
 * Makes a static method the model's `afterBulkSync` hook, called with `(options)` and `this` bound to
 * the model class. Runs never on a model: a connection-level hook of Sequelize, accepted so
 * sequelize-typescript models compile. `@AfterBulkSync({ name })` names it for `removeHook`.
 */
export const AfterBulkSync: HookDecorator = hookDecorators.AfterBulkSync;
/**
 * Makes a static method the model's `beforeConnect` hook, called with `(config)` and `this` bound to
 * the model class. Runs never on a model: a connection-level hook of Sequelize, accepted so
 * sequelize-typescript models compile. `@BeforeConnect({ name })` names it for `removeHook`.
 */
export const BeforeConnect: HookDecorator = hookDecorators.BeforeConnect;
/**
 * Makes a static method the model's `afterConnect` hook, called with `(connection, config)` and `this`
 * bound to the model class. Runs never on a model: a connection-level hook of Sequelize, accepted so
 * sequelize-typescript models compile. `@AfterConnect({ name })` names it for `removeHook`.
 */
export const AfterConnect: HookDecorator = hookDecorators.AfterConnect;
/**
 * Makes a static method the model's `beforeDefine` hook, called with `(attributes, options)` and
 * `this` bound to the model class. Runs never on a model: a connection-level hook of Sequelize,
 * accepted so sequelize-typescript models compile. `@BeforeDefine({ name })` names it for
 * `removeHook`.
 */
export const BeforeDefine: HookDecorator = hookDecorators.BeforeDefine;
/**
 * Makes a static method the model's `afterDefine` hook, called with `(model)` and `this` bound to the
 * model class. Runs never on a model: a connection-level hook of Sequelize, accepted so
 * sequelize-typescript models compile. `@AfterDefine({ name })` names it for `removeHook`.
 */
export const AfterDefine: HookDecorator = hookDecorators.AfterDefine;
/**
 * Makes a static method the model's `beforeInit` hook, called with `(config, options)` and `this`
 * bound to the model class. Runs never on a model: a connection-level hook of Sequelize, accepted so
 * sequelize-typescript models compile. `@BeforeInit({ name })` names it for `removeHook`.
 */
export const BeforeInit: HookDecorator = hookDecorators.BeforeInit;
/**
 * Makes a static method the model's `afterInit` hook, called with `(connection)` and `this` bound to
 * the model class. Runs never on a model: a connection-level hook of Sequelize, accepted so
 * sequelize-typescript models compile. `@AfterInit({ name })` names it for `removeHook`.
 */
export const AfterInit: HookDecorator = hookDecorators.AfterInit;
