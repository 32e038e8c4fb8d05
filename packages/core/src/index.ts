/**
 * @strata/core: the Strata ORM engine.
 */
export { Strata, DefinedModel } from './connection/strata';
export type { RootAlias, StrataOptions, StatementRetryOptions } from './connection/options';
export { Model } from './model/model';
export type {
  BuildOptions,
  BulkCreateOptions,
  CreateOptions,
  DestroyOptions,
  FindOrCreateOptions,
  IncrementFields,
  IncrementOptions,
  InitOptions,
  ModelConnection,
  SaveOptions,
  UpdateOptions,
  UpsertOptions,
} from './model/model';
export type { AddScopeOptions, ScopeDefinition, ScopeOptions, ScopeSelector } from './normalize/scopes';
export type {
  Attributes,
  AttributeNames,
  CreationAttributes,
  WithExpressions,
  AssociationNames,
  NestedCreationValue,
  CreationOptional,
  ForeignKey,
  InferAttributes,
  InferCreationAttributes,
  InferOptions,
  ModelCtor,
  ModelStatic,
  NonAttribute,
  Optional,
  QueryOptions,
} from './model/types';
export type {
  AfterFindHookAdder,
  HookAdder,
  HookOptions,
  InstanceHookAdder,
  InstancesHookAdder,
  ValidationFailedHookAdder,
} from './model/hook-adders';
export { Deferrable, type DeferrableInput, type DeferrableKind, type DeferrableMode } from './definition/deferrable';
export type { AssociationNaming } from './associations/foreign-key';
export { registerModelSource, type ModelSource } from './definition/model-source';
export { DataTypes, type DataType, type DataTypeInput, type DataTypeKey } from './definition/data-types';
export type {
  AttributeDefinition,
  AttributeOptions,
  AttributesInput,
  IndexOptions,
  InstanceThis,
  ModelDefinition,
  ModelOptions,
  ModelOptionsHook,
  ReferentialAction,
} from './definition/model-definition';
export {
  Association,
  AssociationKinds,
  BelongsTo,
  BelongsToMany,
  HasMany,
  HasOne,
  type AccessorOptions,
  type AssociationOptions,
  type AssociationType,
  type BelongsToManyOptions,
  type BelongsToOptions,
  type ForeignKeyOptions,
  type HasManyOptions,
  type HasOneOptions,
} from './associations';
export type * from './associations/mixins';
export type { IncludeInput, IncludeOptions } from './normalize/include';
export type { NestedCreateOptions } from './writes/nested-create';
export { Op } from './compile/operators';
export {
  fn,
  col,
  literal,
  where,
  cast,
  json,
  jsonSet,
  Fn,
  Col,
  Literal,
  Where,
  Cast,
  Json,
  JsonSet,
} from './compile/expressions';
export type { CastType, FullTextMode } from './dialect/operator-spelling';
export type {
  AggregateOptions,
  FindOptions,
  GroupedCount,
  CountOptions,
  WhereOptions,
  OperatorMap,
  OrderDirection,
  OrderItem,
  IncludeTarget,
  WithIncludes,
  AttributeSelection,
} from './normalize/find-options';
export type { FindEachOptions } from './execution/find-each';
export { QueryTypes, type QueryType, type RawQueryOptions } from './execution/raw-query';
export { compile, type CompiledSql, type ModelCompiler } from './execution/model-compiler';
export { Transaction, type TransactionOptions, type TransactionRetryOptions } from './transactions/transaction';
export type {
  IsolationLevel,
  DialectName,
  DialectOption,
  ColumnDescription,
  IndexDescription,
  ForeignKeyDescription,
} from './dialect/dialect';
export type { PoolOptions, SessionSettings, TimeoutOptions } from './dialect/pool-options';
export type { ReplicationOptions, ReplicationServer } from './connection/replication/replication-options';
export type {
  PoolEvent,
  PoolEventListener,
  ServerPoolStats,
  ServerIdentity,
  ServerRole,
} from './connection/replication/pool-events';
export type { HealthCheckOptions, HealthReport, ServerHealth } from './connection/replication/health-check';
export type { Logging } from './execution/executor';
export {
  QueryInterface,
  type ColumnInput,
  type AddIndexOptions,
  type ConstraintOptions,
  type RowFilter,
  type SchemaOptions,
  type CreateTableOptions,
  type IndexField,
  type DropSchemaOptions,
  type ShowAllTablesOptions,
} from './schema/query-interface';
export type { TableName, TableRef, QualifiedTableName } from './definition/table-ref';
export {
  diffSchema,
  diffModels,
  describeChange,
  isDestructive,
  orderChanges,
  applySchemaChanges,
  columnOptionsOf,
  dataTypeForColumn,
  type SchemaChange,
  type DiffOptions,
  type ExpectedIndex,
  type ExpectedForeignKey,
} from './schema/diff';
export type { SyncOptions, AlterOptions, DropOptions } from './schema/sync';
export type { UnknownAttributes } from './definition/unknown-attributes';
export { HOOK_NAMES, type HookName, type HookFunction } from './hooks/hooks';
export * from './errors';
