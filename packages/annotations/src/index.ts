/**
 * @strata/annotations: decorators that define Strata models. They produce the same
 * ModelDefinition as Model.init; the engine is @strata/core.
 */
import 'reflect-metadata';

export { Table } from './table';
export { Column } from './column';
export { PrimaryKey, AutoIncrement, AllowNull, Default, Unique } from './column-options';
export { IsEmail, validatorDecorator } from './validators';
