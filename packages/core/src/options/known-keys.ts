import type { FindEachOptions } from '../execution/find-each';
import type {
  BelongsToManyOptions,
  BelongsToOptions,
  HasManyOptions,
  HasOneOptions,
} from '../associations/association';
import type { StrataOptions } from '../connection/options';
import type { AttributeOptions, IndexOptions } from '../definition/model-definition';
import { ConnectionError, ModelDefinitionError } from '../errors/errors';
import type { FindOrCreateOptions } from '../execution/finders';
import type { RawQueryOptions } from '../execution/raw-query';
import type { BuildOptions, InitOptions } from '../model/model';
import type { QueryOptions } from '../model/types';
import type { AggregateOptions, CountOptions, FindOptions } from '../normalize/find-options';
import type { IncludeOptions } from '../normalize/include';
import type { AddScopeOptions } from '../normalize/scopes';
import type {
  AddIndexOptions,
  ConstraintOptions,
  CreateTableOptions,
  DropSchemaOptions,
  IndexField,
  SchemaOptions,
  ShowAllTablesOptions,
} from '../schema/query-interface';
import type { SyncOptions } from '../schema/sync';
import type { TransactionOptions } from '../transactions/transaction';
import type { BulkCreateOptions } from '../writes/bulk-create';
import type { CreateOptions } from '../writes/create';
import type { DestroyOptions, InstanceDestroyOptions } from '../writes/destroy';
import type { IncrementOptions } from '../writes/increment';
import type { SaveOptions } from '../writes/save';
import type { UpdateOptions } from '../writes/update';
import type { UpsertOptions } from '../writes/upsert';
import { optionTable } from './check-options';

// One table per public call that takes an options object. `keys` must equal the keys of the
// call's options type (the compiler checks both directions); `pending` lists keys that other
// changes are adding to those types at the same time (accepted now, required by nobody);
// `unsupported` answers the Sequelize options Strata knows it does not implement.
//
// A new option: add it to the options type AND to `keys` here (the build fails until both
// agree). docs/options.md lists the unsupported ones per call.

const INDEX_UNSUPPORTED: Record<string, string> = {
  operator:
    'a model index takes no operator class; add the index with queryInterface.addIndex(table, fields, { operator })',
  concurrently:
    'a model index is created with its table; add it later with queryInterface.addIndex(table, fields, { concurrently: true })',
  parser: 'FULLTEXT parsers are not supported',
  indicesType: 'give the index type as type',
  indexName: 'give the index name as name',
};

const QUERY_KEYS = ['transaction', 'hooks', 'logging', 'benchmark'] as const;
/** Options being added to every query-running call by parallel work (timeouts, replicas). */
const PENDING_QUERY_KEYS = ['timeout', 'lockTimeout', 'useMaster'] as const;
const FIND_KEYS = [
  ...QUERY_KEYS,
  'where',
  'attributes',
  'order',
  'group',
  'having',
  'limit',
  'offset',
  'paranoid',
  'raw',
  'rejectOnEmpty',
  'lock',
  'skipLocked',
  'distinct',
  'include',
] as const;
const PENDING_FIND_KEYS = [...PENDING_QUERY_KEYS, 'nest'] as const;

const USE_DB_QUERY = 'write such SQL with db.query (replacements and bind are bound there)';
const FIND_UNSUPPORTED: Record<string, string> = {
  subQuery: 'Strata decides between joins and separate loads itself (a to-many include under a limit loads separately)',
  replacements: 'finders bind every value of where; use Op operators, or db.query for raw SQL',
  bind: 'finders bind every value of where; use Op operators, or db.query for raw SQL',
  searchPath:
    'a per-query search path is not supported; set searchPath on the connection, or give the model its schema',
  indexHints: `index hints are not supported; ${USE_DB_QUERY}`,
  tableHint: `table hints are not supported; ${USE_DB_QUERY}`,
  minifyAliases: 'Strata writes short aliases already',
  groupedLimit: 'use include with limit (a to-many include loads at most that many rows per parent)',
  mapToModel: 'a db.query option; finders always build instances (raw: true for plain rows)',
  fieldMap: 'a db.query option; finders always map columns to attributes',
  instance: 'an internal Sequelize option',
  type: 'a db.query option (QueryTypes)',
  dotNotation: 'nested includes are nested objects on every instance',
  plain: 'only findAll takes plain (findOne already resolves to one instance)',
};

const WRITE_UNSUPPORTED: Record<string, string> = {
  omitNull: 'Strata never leaves out null values: leave an attribute unset to use its default',
  searchPath:
    'a per-query search path is not supported; set searchPath on the connection, or give the model its schema',
  sideEffects: 'setters and hooks always run; use raw updates (db.query) to skip them',
  returning: 'this call always reads back what the database filled in',
  limit: 'update and destroy affect every row matching where; narrow the where (for example by primary keys)',
  ignoreDuplicates: 'only bulkCreate takes ignoreDuplicates',
  association: 'an internal Sequelize option',
};

export const FIND_ALL_OPTIONS = optionTable<FindOptions & { plain?: boolean }>()({
  call: 'findAll',
  keys: [...FIND_KEYS, 'plain'],
  pending: PENDING_FIND_KEYS,
  unsupported: FIND_UNSUPPORTED,
});
export const FIND_EACH_OPTIONS = optionTable<FindEachOptions>()({
  call: 'findEach',
  keys: [...FIND_KEYS, 'batchSize'],
  pending: PENDING_FIND_KEYS,
  unsupported: FIND_UNSUPPORTED,
});
export const FIND_ONE_OPTIONS = optionTable<FindOptions>()({
  call: 'findOne',
  keys: FIND_KEYS,
  pending: PENDING_FIND_KEYS,
  unsupported: FIND_UNSUPPORTED,
});
export const FIND_BY_PK_OPTIONS = optionTable<Omit<FindOptions, 'where'>>()({
  call: 'findByPk',
  keys: FIND_KEYS.filter((key): key is Exclude<(typeof FIND_KEYS)[number], 'where'> => key !== 'where'),
  pending: PENDING_FIND_KEYS,
  unsupported: {
    ...FIND_UNSUPPORTED,
    where: 'findByPk finds by the primary key; use findOne({ where }) for a condition',
  },
});
export const FIND_AND_COUNT_ALL_OPTIONS = optionTable<FindOptions & { col?: string }>()({
  call: 'findAndCountAll',
  keys: [...FIND_KEYS, 'col'],
  pending: PENDING_FIND_KEYS,
  unsupported: FIND_UNSUPPORTED,
});
export const COUNT_OPTIONS = optionTable<CountOptions>()({
  call: 'count',
  keys: [...QUERY_KEYS, 'where', 'paranoid', 'distinct', 'col', 'group', 'include'],
  pending: PENDING_QUERY_KEYS,
  unsupported: { ...FIND_UNSUPPORTED, attributes: 'count counts rows; use findAll with [fn("COUNT", ...), alias]' },
});
export const AGGREGATE_OPTIONS = optionTable<AggregateOptions>()({
  call: 'aggregate',
  keys: [...QUERY_KEYS, 'where', 'paranoid', 'distinct'],
  pending: PENDING_QUERY_KEYS,
  unsupported: {
    ...FIND_UNSUPPORTED,
    dataType: "the result is read as the attribute's type",
    plain: 'aggregates resolve to one value',
  },
});
export const FIND_OR_CREATE_OPTIONS = optionTable<FindOrCreateOptions>()({
  call: 'findOrCreate',
  keys: [...FIND_KEYS, 'defaults', 'validate', 'fields'],
  pending: PENDING_FIND_KEYS,
  unsupported: FIND_UNSUPPORTED,
});

export const BUILD_OPTIONS = optionTable<BuildOptions>()({
  call: 'build',
  keys: ['isNewRecord', 'raw', 'include'],
  unsupported: { attributes: 'build sets the values you give it' },
});
export const CREATE_OPTIONS = optionTable<CreateOptions>()({
  call: 'create',
  keys: [...QUERY_KEYS, 'fields', 'validate', 'silent', 'include'],
  pending: PENDING_QUERY_KEYS,
  unsupported: WRITE_UNSUPPORTED,
});
export const SAVE_OPTIONS = optionTable<SaveOptions & { include?: unknown }>()({
  call: 'save',
  keys: [...QUERY_KEYS, 'fields', 'validate', 'silent', 'include'],
  pending: PENDING_QUERY_KEYS,
  unsupported: WRITE_UNSUPPORTED,
});
export const BULK_CREATE_OPTIONS = optionTable<BulkCreateOptions>()({
  call: 'bulkCreate',
  keys: [
    ...QUERY_KEYS,
    'fields',
    'validate',
    'ignoreDuplicates',
    'updateOnDuplicate',
    'conflictAttributes',
    'returning',
    'individualHooks',
  ],
  pending: PENDING_QUERY_KEYS,
  unsupported: {
    ...WRITE_UNSUPPORTED,
    include: 'bulkCreate does not create associated rows; create each record with create(values, { include })',
  },
});
export const UPDATE_OPTIONS = optionTable<UpdateOptions>()({
  call: 'update',
  keys: [...QUERY_KEYS, 'where', 'all', 'fields', 'validate', 'paranoid', 'silent', 'returning', 'individualHooks'],
  pending: PENDING_QUERY_KEYS,
  unsupported: WRITE_UNSUPPORTED,
});
export const DESTROY_OPTIONS = optionTable<DestroyOptions>()({
  call: 'destroy',
  keys: [...QUERY_KEYS, 'where', 'all', 'force', 'truncate', 'individualHooks'],
  pending: PENDING_QUERY_KEYS,
  unsupported: {
    ...WRITE_UNSUPPORTED,
    cascade: 'TRUNCATE ... CASCADE is not supported; destroy the dependent rows first',
  },
});
export const RESTORE_OPTIONS = optionTable<DestroyOptions>()({
  call: 'restore',
  keys: [...QUERY_KEYS, 'where', 'all', 'force', 'truncate', 'individualHooks'],
  pending: PENDING_QUERY_KEYS,
  unsupported: WRITE_UNSUPPORTED,
});
export const TRUNCATE_OPTIONS = optionTable<QueryOptions>()({
  call: 'truncate',
  keys: QUERY_KEYS,
  pending: PENDING_QUERY_KEYS,
  unsupported: {
    cascade: 'TRUNCATE ... CASCADE is not supported; truncate or destroy the dependent tables first',
    restartIdentity: 'Strata does not reset sequences; use db.query for ALTER SEQUENCE ... RESTART',
  },
});
export const UPSERT_OPTIONS = optionTable<UpsertOptions>()({
  call: 'upsert',
  keys: [...QUERY_KEYS, 'fields', 'conflictFields', 'validate'],
  pending: PENDING_QUERY_KEYS,
  unsupported: { ...WRITE_UNSUPPORTED, returning: 'upsert always resolves to [instance, created]' },
});
export const INCREMENT_OPTIONS = optionTable<IncrementOptions>()({
  call: 'increment',
  keys: [...QUERY_KEYS, 'where', 'all', 'by', 'silent', 'paranoid', 'returning'],
  pending: PENDING_QUERY_KEYS,
  unsupported: WRITE_UNSUPPORTED,
});
export const INSTANCE_DESTROY_OPTIONS = optionTable<InstanceDestroyOptions>()({
  call: 'destroy',
  keys: [...QUERY_KEYS, 'force'],
  pending: PENDING_QUERY_KEYS,
  unsupported: WRITE_UNSUPPORTED,
});
export const INSTANCE_INCREMENT_OPTIONS = optionTable<Omit<IncrementOptions, 'all' | 'returning'>>()({
  call: 'increment',
  // `where` narrows it: the row changes only if it also matches (as in Sequelize).
  keys: [...QUERY_KEYS, 'by', 'silent', 'paranoid', 'where'],
  pending: PENDING_QUERY_KEYS,
  unsupported: WRITE_UNSUPPORTED,
});
export const VALIDATE_OPTIONS = optionTable<{ fields?: unknown; skip?: unknown; hooks?: unknown }>()({
  call: 'validate',
  keys: ['fields', 'skip', 'hooks'],
});
export const RELOAD_OPTIONS = optionTable<
  QueryOptions & { attributes?: unknown; include?: unknown; paranoid?: unknown }
>()({
  call: 'reload',
  // `attributes` reloads only those; `include` (default: the includes it was found with) reloads
  // them too; `paranoid` is accepted as Sequelize code passes it: a reload reads soft-deleted rows too.
  keys: [...QUERY_KEYS, 'attributes', 'include', 'paranoid'],
  pending: PENDING_QUERY_KEYS,
});
export const SYNC_OPTIONS = optionTable<SyncOptions>()({
  call: 'sync',
  keys: ['force', 'alter', 'match', 'logging', 'schema'],
  unsupported: {
    searchPath: 'set searchPath on the connection (new Strata({ searchPath }))',
    hooks: 'beforeSync/afterSync hooks always run',
    benchmark: 'pass benchmark on the connection',
  },
});
export const DROP_OPTIONS = optionTable<{ logging?: unknown; schema?: unknown }>()({
  call: 'drop',
  keys: ['logging', 'schema'],
  unsupported: {
    cascade: 'DROP ... CASCADE is not supported; drop the dependent tables first (db.drop() does, in order)',
  },
});
export const ADD_SCOPE_OPTIONS = optionTable<AddScopeOptions>()({ call: 'addScope', keys: ['override'] });

export const INIT_OPTIONS = optionTable<InitOptions>()({
  call: 'init',
  keys: [
    'strata',
    'sequelize',
    'modelName',
    'tableName',
    'freezeTableName',
    'schema',
    'timestamps',
    'createdAt',
    'updatedAt',
    'deletedAt',
    'paranoid',
    'underscored',
    'version',
    'indexes',
    'comment',
    'engine',
    'charset',
    'collate',
    'validate',
    'defaultScope',
    'scopes',
    'hooks',
    'getterMethods',
    'setterMethods',
    'errorMessagesIncludeValues',
    'unknownAttributes',
  ],
  pending: ['foreignKeyNaming'],
  unsupported: {
    sequelize: 'pass the connection as strata: Model.init(attributes, { strata: db })',
    name: 'give the model name as modelName (and the plural as tableName)',
    schemaDelimiter:
      'tables are never prefixed with their schema: a schema is a PostgreSQL schema (a MySQL database), and SQLite refuses schema',
    omitNull: 'Strata never leaves out null values',
    initialAutoIncrement: 'set the sequence or AUTO_INCREMENT with a migration (db.query)',
    rowFormat: 'set ROW_FORMAT with a migration (db.query)',
    hasTrigger: 'Strata reads back changed rows without OUTPUT INTO (no MSSQL)',
    whereMergeStrategy: 'scopes merge where with AND',
    noPrimaryKey: 'every model has a primary key (an id is added when none is declared)',
    tableHint: 'table hints are not supported',
  },
  error: ModelDefinitionError,
});
/** define(name, attributes, options): the model options, without the connection. */
export const DEFINE_OPTIONS = {
  ...INIT_OPTIONS,
  call: 'define',
  known: new Set([...INIT_OPTIONS.known].filter((key) => key !== 'strata')),
};

export const ATTRIBUTE_OPTIONS = optionTable<AttributeOptions>()({
  call: 'attribute',
  keys: [
    'type',
    'allowNull',
    'defaultValue',
    'primaryKey',
    'autoIncrement',
    'unique',
    'field',
    'comment',
    'collate',
    'charset',
    'references',
    'onDelete',
    'onUpdate',
    'validate',
    'values',
    'get',
    'set',
  ],
  unsupported: {
    autoIncrementIdentity: 'autoIncrement columns are SERIAL/IDENTITY as the dialect writes them',
    primaryKeys: 'set primaryKey: true on each key attribute',
  },
  error: ModelDefinitionError,
});
export const INDEX_OPTIONS = optionTable<IndexOptions>()({
  call: 'index',
  keys: ['name', 'fields', 'unique', 'using', 'method', 'where', 'type'],
  unsupported: INDEX_UNSUPPORTED,
  error: ModelDefinitionError,
});

const ASSOCIATION_KEYS = [
  'as',
  'foreignKey',
  'onDelete',
  'onUpdate',
  'constraints',
  'foreignKeyConstraint',
  'scope',
] as const;
const ASSOCIATION_UNSUPPORTED: Record<string, string> = {
  hooks: 'hooks: true belongs on the hasOne/hasMany side (with onDelete: CASCADE)',
  useJunctionTable: 'belongsToMany always uses its through table',
  uniqueKey: "the through table's primary key is the pair of foreign keys",
  timestamps: 'give the through model its own timestamps option',
  paranoid: 'give the target model paranoid: true',
};
export const HAS_ONE_OPTIONS = optionTable<HasOneOptions>()({
  call: 'hasOne',
  keys: [...ASSOCIATION_KEYS, 'sourceKey', 'hooks'],
  unsupported: ASSOCIATION_UNSUPPORTED,
  error: ModelDefinitionError,
});
export const HAS_MANY_OPTIONS = optionTable<HasManyOptions>()({
  call: 'hasMany',
  keys: [...ASSOCIATION_KEYS, 'sourceKey', 'hooks'],
  unsupported: ASSOCIATION_UNSUPPORTED,
  error: ModelDefinitionError,
});
export const BELONGS_TO_OPTIONS = optionTable<BelongsToOptions>()({
  call: 'belongsTo',
  keys: [...ASSOCIATION_KEYS, 'targetKey'],
  unsupported: ASSOCIATION_UNSUPPORTED,
  error: ModelDefinitionError,
});
export const BELONGS_TO_MANY_OPTIONS = optionTable<BelongsToManyOptions>()({
  call: 'belongsToMany',
  keys: [...ASSOCIATION_KEYS, 'through', 'otherKey', 'sourceKey', 'targetKey'],
  unsupported: ASSOCIATION_UNSUPPORTED,
  error: ModelDefinitionError,
});

export const INCLUDE_OPTIONS = optionTable<IncludeOptions>()({
  call: 'include',
  keys: [
    'model',
    'as',
    'association',
    'where',
    'required',
    'attributes',
    'include',
    'through',
    'paranoid',
    'separate',
    'order',
    'limit',
    'all',
    'right',
    'on',
  ],
  unsupported: {
    duplicating: 'Strata decides between joins and separate loads itself',
    subQuery: 'Strata decides between joins and separate loads itself',
    nested: 'give the nested includes as include: [...] (all: true, nested: true is not supported)',
    or: 'write the condition as where: { [Op.or]: [...] }',
  },
});

export const TRANSACTION_OPTIONS = optionTable<TransactionOptions>()({
  call: 'transaction',
  keys: ['isolationLevel', 'transaction', 'type'],
  pending: ['timeout', 'lockTimeout', 'retry'],
  unsupported: {
    autocommit: 'a transaction never autocommits; run the query outside it ({ transaction: null })',
    deferrable: 'declare deferrable on the foreign key (references: { deferrable: true })',
    readOnly: 'read-only transactions are not supported',
    logging: 'pass logging to each query or to the connection',
  },
});

export const RAW_QUERY_OPTIONS = optionTable<RawQueryOptions>()({
  call: 'query',
  keys: ['replacements', 'bind', 'type', 'plain', 'model', 'mapToModel', 'raw', 'transaction', 'logging', 'benchmark'],
  pending: ['nest', 'useMaster', 'retry', 'timeout', 'lockTimeout'],
  unsupported: {
    fieldMap: 'rename columns with AS in the SQL',
    instance: 'an internal Sequelize option',
    searchPath:
      'a per-query search path is not supported; set searchPath on the connection, or give the model its schema',
    supportsSearchPath:
      'a per-query search path is not supported; set searchPath on the connection, or give the model its schema',
  },
});

export const CONNECTION_OPTIONS = optionTable<StrataOptions>()({
  call: 'new Strata',
  keys: [
    'dialect',
    'storage',
    'host',
    'port',
    'database',
    'username',
    'password',
    'pool',
    'logging',
    'benchmark',
    'logQueryParameters',
    'define',
    'timezone',
    'models',
    'dialectOptions',
    'associationNaming',
    'session',
    'busyTimeout',
    'transactionType',
    'connectTimeout',
    'idleInTransactionTimeout',
    'closeTimeout',
    'unknownAttributes',
    'searchPath',
  ],
  pending: ['rootAlias', 'errorNames', 'replication', 'foreignKeyNaming', 'retry', 'timeout', 'lockTimeout'],
  unsupported: {
    operatorsAliases: 'string operators are refused on purpose; use Op symbols',
    dialectModule: 'Strata loads pg or mysql2 itself',
    dialectModulePath: 'Strata loads pg or mysql2 itself',
    native: 'pg-native is not supported',
    quoteIdentifiers: 'identifiers are always quoted',
    typeValidation: 'values are always checked against their types',
    omitNull: 'Strata never leaves out null values',
    standardConformingStrings: 'values are always bound, never spliced into SQL',
    clientMinMessages: 'set client_min_messages on the role or database',
    isolationLevel: 'give isolationLevel to each transaction',
    hooks: 'add connection-wide hooks with db.addHook',
    query: 'give query options to each call',
    set: 'use db.query for SET statements',
    sync: 'give sync options to db.sync',
    minifyAliases: 'Strata writes short aliases already',
    ssl: 'give ssl in dialectOptions (handed to the driver)',
    protocol: 'give the driver options in dialectOptions',
    schema:
      "give each model its schema, or all of them with define: { schema }; searchPath sets the connection's default",
    repositoryMode: 'sequelize-typescript repository mode is not supported',
    databaseVersion: 'Strata reads the server version itself',
    attributeBehavior: 'string keys are never operators in Strata',
  },
  error: ConnectionError,
});

const SCHEMA_KEYS = ['transaction', 'logging'] as const;
/** Every query interface call taking SchemaOptions alone (dropTable, addColumn, describeTable, ...). */
export const SCHEMA_OPTIONS = optionTable<SchemaOptions>()({
  call: 'schema call',
  keys: SCHEMA_KEYS,
  unsupported: {
    cascade: 'CASCADE is not supported; change the dependent tables first',
    schema: 'name the table as { tableName, schema }',
  },
});
export const DROP_SCHEMA_OPTIONS = optionTable<DropSchemaOptions>()({
  call: 'dropSchema',
  keys: [...SCHEMA_KEYS, 'cascade'],
});
export const SHOW_ALL_TABLES_OPTIONS = optionTable<ShowAllTablesOptions>()({
  call: 'showAllTables',
  keys: [...SCHEMA_KEYS, 'schema'],
});
export const CREATE_TABLE_OPTIONS = optionTable<CreateTableOptions>()({
  call: 'createTable',
  keys: [...SCHEMA_KEYS, 'comment', 'engine', 'charset', 'collate', 'uniqueKeys'],
  unsupported: {
    schema: 'name the table as { tableName, schema }',
  },
});
export const ADD_INDEX_OPTIONS = optionTable<AddIndexOptions>()({
  call: 'addIndex',
  keys: [...SCHEMA_KEYS, 'name', 'unique', 'using', 'where', 'type', 'concurrently', 'operator'],
  unsupported: {
    ...INDEX_UNSUPPORTED,
    fields: 'give the fields as the second argument: addIndex(table, fields, options)',
  },
});
export const INDEX_FIELD_OPTIONS = optionTable<Exclude<IndexField, string>>()({
  call: 'addIndex field',
  keys: ['name', 'attribute', 'order', 'length', 'collate', 'operator'],
});
export const ADD_CONSTRAINT_OPTIONS = optionTable<ConstraintOptions>()({
  call: 'addConstraint',
  keys: [...SCHEMA_KEYS, 'type', 'fields', 'name', 'references', 'onDelete', 'onUpdate'],
  unsupported: {
    where: 'check and partial constraints are not supported; use a partial unique index (addIndex with where)',
    deferrable: 'declare deferrable on the foreign key (references: { deferrable: true })',
  },
});
