import {
  DataTypes,
  registerModelSource,
  type AttributeOptions,
  type AttributesInput,
  type DataTypeInput,
  type HookFunction,
  type IndexOptions,
  type ModelOptions,
  type ModelOptionsHook,
} from '@strata/core';
import { inferDataType } from './column';
import { assertModelClass } from './misuse';
import {
  registrationChain,
  registrationOf,
  settleRegistrations,
  type ClassRegistration,
  type TimestampRole,
} from './registry';
import { resolveAssociations } from './resolve-associations';
import { resolveIncludeGetters } from './scopes';

type ModelClass = abstract new (...args: never[]) => unknown;

/**
 * Makes a class a model, with any model option (`tableName`, `paranoid`, `underscored`,
 * `indexes`, `hooks`, `validate`...). Decorators only record; the definition is resolved when
 * the class is given to a connection (`new Strata({ models: [User] })` or `db.addModels([User])`),
 * and every problem found there is reported at once, by `Class.property`.
 *
 * An abstract base class with shared columns needs no @Table: its decorated columns (and
 * hooks, validators, indexes) reach every decorated subclass.
 *
 * @example
 * ```ts
 * @Table({ tableName: 'users', paranoid: true })
 * class User extends Model { @Column declare name: string; }
 * ```
 */
export function Table<C extends ModelClass>(target: C, context?: ClassDecoratorContext<C>): void;
export function Table(
  options?: ModelOptions,
): <C extends ModelClass>(target: C, context?: ClassDecoratorContext<C>) => void;
export function Table(
  targetOrOptions?: ModelOptions | ModelClass,
  standardContext?: ClassDecoratorContext,
): (<C extends ModelClass>(target: C, context?: ClassDecoratorContext<C>) => void) | void {
  const decorate = (target: object, options: ModelOptions, context: ClassDecoratorContext | undefined): void => {
    assertModelClass('Table', target);
    // Standard decorators: the members' registrations wait for the class; take them now, so
    // their misuse is reported while the class is being defined.
    if (context) settleRegistrations(target, context);
    registrationOf(target).table = options;
    registerModelSource(target, {
      definition: () => resolveDefinition(target),
      associate: (connection) => resolveAssociations(target, connection),
    });
  };
  if (typeof targetOrOptions === 'function') return decorate(targetOrOptions, {}, standardContext);
  return (target, context) => decorate(target, targetOrOptions ?? {}, context);
}

interface MergedProperty {
  options: Partial<AttributeOptions>;
  designType?: unknown;
  isColumn: boolean;
  typeSources: string[];
  decorators: string[];
  form?: 'standard' | 'legacy';
}

/**
 * Merges the class's registrations with its ancestors' (nearest wins), infers types where
 * TypeScript's metadata is unambiguous, calls the scope thunks, and turns hook and validator
 * methods into model options. Throws one error listing every problem.
 */
export function resolveDefinition(model: object): { attributes: AttributesInput; options: ModelOptions } {
  const className = (model as { name: string }).name;
  const chain = registrationChain(model);
  const problems: string[] = [];
  const properties = mergeProperties(chain);
  const timestamps = new Map<TimestampRole, string>();
  for (const registration of chain) for (const [role, name] of registration.timestamps) timestamps.set(role, name);
  const timestampProperties = new Set(timestamps.values());

  const attributes: AttributesInput = {};
  for (const [name, entry] of properties) {
    const where = `${className}.${name}`;
    if (!entry.isColumn) {
      // A timestamp property needs no @Column: the connection adds its DATE/INTEGER column.
      if (timestampProperties.has(name) && entry.decorators.every(isTimestampDecorator)) continue;
      // An association is no attribute; a foreign key without @Column is added by its association.
      if (entry.decorators.some(isAssociationDecorator)) continue;
      problems.push(`${where}: ${entry.decorators.join(', ')} without @Column; add @Column to make it an attribute`);
      continue;
    }
    const type =
      entry.options.type ??
      referencedKeyType(chain, name) ??
      inferDataType(entry.designType) ??
      // An auto-increment key is an integer even when its declared type hides that (CreationOptional<number>).
      (entry.options.autoIncrement ? DataTypes.INTEGER : undefined) ??
      (timestampProperties.has(name) ? timestampType(name, timestamps) : undefined);
    if (!type) {
      problems.push(
        entry.form === 'standard'
          ? `${where}: @Column has no data type; standard decorators (no experimentalDecorators) emit no type metadata, so give the type: @Column(DataTypes.STRING) accessor ${name}: ...`
          : `${where}: ${cannotInfer(entry.designType)}; give it explicitly, e.g. @Column(DataTypes.STRING)`,
      );
      continue;
    }
    attributes[name] = { ...entry.options, type } as AttributeOptions;
  }

  const autoIncrements = [...properties]
    .filter(([, entry]) => entry.isColumn && entry.options.autoIncrement)
    .map(([name]) => name);
  if (autoIncrements.length > 1) {
    // Sequelize's words, which code moving over may match on.
    problems.push(
      `${className}: Invalid Instance definition. Only one autoincrement field allowed. (${autoIncrements.join(', ')} all have @AutoIncrement)`,
    );
  }

  const options = mergeTableOptions(chain);
  applyTimestamps(className, options, timestamps, problems);
  const indexes = collectIndexes(chain);
  if (indexes.length > 0) options.indexes = [...(options.indexes ?? []), ...indexes];
  applyScopes(className, chain, options, problems);
  applyHooks(model, chain, options);
  applyModelValidators(model, chain, options);

  if (problems.length > 0) throw new Error(problems.join('\n  - '));
  return { attributes, options: { modelName: className, ...options } };
}

function mergeProperties(chain: ClassRegistration[]): Map<string, MergedProperty> {
  const merged = new Map<string, MergedProperty>();
  for (const registration of chain) {
    for (const [name, entry] of registration.properties) {
      const previous = merged.get(name);
      const options: Partial<AttributeOptions> = { ...previous?.options, ...entry.options };
      // Validators add up along the chain rather than the nearest class's replacing its parent's.
      if (previous?.options.validate && entry.options.validate) {
        options.validate = { ...previous.options.validate, ...entry.options.validate };
      }
      merged.set(name, {
        options,
        designType: entry.designType ?? previous?.designType,
        isColumn: entry.isColumn || Boolean(previous?.isColumn),
        typeSources: entry.typeSources.length ? entry.typeSources : (previous?.typeSources ?? []),
        decorators: [...(previous?.decorators ?? []), ...entry.decorators],
        form: entry.form ?? previous?.form,
      });
    }
  }
  return merged;
}

/**
 * The declared data type of the key a `@ForeignKey` property refers to, when that key is the
 * referenced model's only `@PrimaryKey` and its type was given explicitly. A foreign key whose
 * own type is only what TypeScript says (`number`) takes it: `@ForeignKey(() => Person) @Column
 * ownerId: number` referring to a UUID key is a UUID column, as the database needs for the
 * constraint, not an INTEGER that would refuse every key.
 */
function referencedKeyType(chain: ClassRegistration[], name: string): DataTypeInput | undefined {
  let thunk: (() => unknown) | undefined;
  for (const registration of chain) thunk = registration.foreignKeys.get(name) ?? thunk;
  if (!thunk) return undefined;
  let target: unknown;
  try {
    target = thunk();
  } catch {
    return undefined; // reported by the association step, with the property named
  }
  if (typeof target !== 'function') return undefined;
  const keys = [...mergeProperties(registrationChain(target)).values()].filter((entry) => entry.options.primaryKey);
  return keys.length === 1 ? keys[0].options.type : undefined;
}

const TIMESTAMP_DECORATORS = new Set(['@CreatedAt', '@UpdatedAt', '@DeletedAt', '@Version']);
function isTimestampDecorator(decorator: string): boolean {
  return TIMESTAMP_DECORATORS.has(decorator);
}

const ASSOCIATION_DECORATORS = new Set(['@HasMany', '@HasOne', '@BelongsTo', '@BelongsToMany', '@ForeignKey']);
function isAssociationDecorator(decorator: string): boolean {
  return ASSOCIATION_DECORATORS.has(decorator);
}

function timestampType(name: string, timestamps: Map<TimestampRole, string>) {
  return timestamps.get('version') === name ? DataTypes.INTEGER : DataTypes.DATE;
}

function cannotInfer(designType: unknown): string {
  if (designType === undefined) {
    return 'cannot infer the data type (no type metadata was emitted: emitDecoratorMetadata is off, or the compiler (esbuild, tsx, swc) does not emit it)';
  }
  const name = (designType as { name?: string }).name ?? 'an unknown type';
  const hint = name === 'Object' ? ', which is what TypeScript emits for unions such as string | null' : '';
  return `cannot infer the data type (TypeScript emitted ${name}${hint})`;
}

function mergeTableOptions(chain: ClassRegistration[]): ModelOptions {
  let options: ModelOptions = {};
  chain.forEach((registration, index) => {
    if (!registration.table) return;
    const isModel = index === chain.length - 1;
    options = { ...options, ...(isModel ? registration.table : inheritableOptions(registration.table)) };
  });
  return options;
}

/** A parent model's options minus its identity: a subclass gets its own name and table. */
function inheritableOptions(options: ModelOptions): ModelOptions {
  const inherited = { ...options };
  delete inherited.tableName;
  delete inherited.modelName;
  return inherited;
}

function applyTimestamps(
  className: string,
  options: ModelOptions,
  timestamps: Map<TimestampRole, string>,
  problems: string[],
): void {
  for (const [role, property] of timestamps) {
    if (role !== 'version' && options.timestamps === false) {
      problems.push(
        `${className}.${property}: @${role[0].toUpperCase()}${role.slice(1)} needs timestamps, but @Table says timestamps: false`,
      );
      continue;
    }
    options[role] = property;
    if (role === 'deletedAt') options.paranoid = true;
  }
}

function collectIndexes(chain: ClassRegistration[]): IndexOptions[] {
  const byKey = new Map<string, IndexOptions>();
  for (const registration of chain) {
    for (const [key, index] of registration.indexes) {
      const previous = byKey.get(key);
      byKey.set(key, {
        ...previous,
        ...index.options,
        fields: [
          ...(previous?.fields ?? []),
          ...index.fields.map(({ name, order, length, collate }) =>
            order === undefined && length === undefined && collate === undefined
              ? name
              : { name, ...(order && { order }), ...(length !== undefined && { length }), ...(collate && { collate }) },
          ),
        ],
      });
    }
  }
  return [...byKey.values()];
}

function applyScopes(className: string, chain: ClassRegistration[], options: ModelOptions, problems: string[]): void {
  for (const registration of chain) {
    try {
      if (registration.scopes) {
        const scopes = Object.entries(registration.scopes()).map(([name, scope]) => [
          name,
          resolveIncludeGetters(scope),
        ]);
        options.scopes = { ...options.scopes, ...Object.fromEntries(scopes) };
      }
      if (registration.defaultScope) options.defaultScope = resolveIncludeGetters(registration.defaultScope());
    } catch (error) {
      problems.push(`${className}: a @Scopes/@DefaultScope function threw: ${(error as Error).message}`);
    }
  }
}

function applyHooks(model: object, chain: ClassRegistration[], options: ModelOptions): void {
  const hooks: Record<string, ModelOptionsHook[]> = {};
  for (const [hook, fns] of Object.entries(options.hooks ?? {})) hooks[hook] = Array.isArray(fns) ? [...fns] : [fns];
  for (const registration of chain) {
    for (const { hook, method, name } of registration.hooks) {
      // Read through the model at call time, so a subclass's override of an inherited hook
      // method (or a stub put in its place) is the one called.
      const fn: HookFunction = (...args: never[]) => (model as Record<string, HookFunction>)[method].apply(model, args);
      hooks[hook] = [...(hooks[hook] ?? []), name === undefined ? fn : { name, fn }];
    }
  }
  if (Object.keys(hooks).length > 0) options.hooks = hooks;
}

function applyModelValidators(model: object, chain: ClassRegistration[], options: ModelOptions): void {
  const prototype = (model as { prototype: Record<string, NonNullable<ModelOptions['validate']>[string]> }).prototype;
  for (const registration of chain) {
    for (const method of registration.modelValidators) {
      options.validate = { ...options.validate, [method]: prototype[method] };
    }
  }
}
