/**
 * @strata/annotations: decorators that define Strata models. They produce the same
 * ModelDefinition as Model.init; the engine is @strata/core.
 */
import 'reflect-metadata';
import { hookDecorators } from './hooks';

export { Table } from './table';
export { Column } from './column';
export { PrimaryKey, AutoIncrement, AllowNull, Default, Unique, Comment, Index } from './column-options';
export type { IndexDecoratorOptions, UniqueOption } from './column-options';
export type { IndexFieldOptions } from './registry';
export { CreatedAt, UpdatedAt, DeletedAt, Version } from './timestamps';
export { Scopes, DefaultScope } from './scopes';
export { HasMany, HasOne, BelongsTo, BelongsToMany, ForeignKey } from './associations';
export type { BelongsToManyDecoratorOptions, ModelReference } from './associations';
export { Validate, ModelValidator } from './model-validator';
export { validatorDecorator } from './validators';
export type { ValidatorArgument, ValidatorDecorator, ValidatorSpecInput } from './validators';
export * from './validators.generated';
export { hookDecorator, hookDecorators, type HookDecorator } from './hooks';

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
  AfterFind,
  BeforeCount,
  BeforeSync,
  AfterSync,
} = hookDecorators;
