/**
 * @strata/annotations: decorators that define Strata models. They produce the same
 * ModelDefinition as Model.init; the engine is @strata/core.
 */
import 'reflect-metadata';
import { hookDecorators } from './hooks';

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
export { CreatedAt, UpdatedAt, DeletedAt, Version } from './timestamps';
export { Scopes, DefaultScope } from './scopes';
export { HasMany, HasOne, BelongsTo, BelongsToMany, ForeignKey } from './associations';
export type { BelongsToManyDecoratorOptions, ModelReference } from './associations';
export { Validate, ModelValidator } from './model-validator';
export { validatorDecorator } from './validators';
export type { ValidatorArgument, ValidatorDecorator, ValidatorSpecInput } from './validators';
export * from './validators.generated';
// sequelize-typescript's forms of Is and Length (these explicit exports take precedence over
// the generated ones), IsArray and the Validator alias.
export { Is, Length, IsArray, Validator } from './validators-compat';
export type { CustomValidatorFunction, LengthOptions, PatternSpec } from './validators-compat';
export { hookDecorator, hookDecorators, type HookDecorator, type HookDecoratorOptions } from './hooks';
export { Sequelize, type SequelizeOptions } from './sequelize';
export type { ModelMatch } from './model-paths';
// sequelize-typescript's helpers that read what the decorators recorded.
export { getAttributes, getOptions, getScopeOptions } from './metadata';
// sequelize-typescript's names for core's data types, so its imports move over unchanged.
export { DataTypes as DataType } from '@strata/core';

// One decorator per hook in core's HOOK_NAMES; test/hooks.test.ts checks none is missing.
export const {
  BeforeValidate,
  AfterValidate,
  ValidationFailed,
  BeforeCreate,
  AfterCreate,
  BeforeSave,
  AfterSave,
  BeforeUpdate,
  AfterUpdate,
  BeforeDestroy,
  AfterDestroy,
  BeforeRestore,
  AfterRestore,
  BeforeUpsert,
  AfterUpsert,
  BeforeBulkCreate,
  AfterBulkCreate,
  BeforeBulkUpdate,
  AfterBulkUpdate,
  BeforeBulkDestroy,
  AfterBulkDestroy,
  BeforeBulkRestore,
  AfterBulkRestore,
  BeforeFind,
  BeforeFindAfterExpandIncludeAll,
  BeforeFindAfterOptions,
  AfterFind,
  BeforeCount,
  BeforeSync,
  AfterSync,
  BeforeBulkSync,
  AfterBulkSync,
  BeforeConnect,
  AfterConnect,
  BeforeDefine,
  AfterDefine,
  BeforeInit,
  AfterInit,
} = hookDecorators;
