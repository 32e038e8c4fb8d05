import type { IndexOptions } from '@strata/core';
import { registrationOf, type IndexFieldOptions } from './registry';
import {
  applyBare,
  propertyDecorator,
  type AttributeDecorator,
  type BareOrCalledAttributeDecorator,
} from './property-decorator';
import type { StandardContext } from './misuse';

/** The primary key (use with `@AutoIncrement` for a generated integer key). */
export const PrimaryKey: AttributeDecorator = propertyDecorator('PrimaryKey', (entry) => {
  entry.options.primaryKey = true;
});

/** The database generates the value (integer primary keys). */
export const AutoIncrement: AttributeDecorator = propertyDecorator('AutoIncrement', (entry) => {
  entry.options.autoIncrement = true;
});

/** Whether null is allowed: `@AllowNull(false)`; bare `@AllowNull` means true. */
export const AllowNull: BareOrCalledAttributeDecorator<boolean> = function AllowNull(
  targetOrAllow?: object | boolean,
  property?: string | symbol | StandardContext,
  descriptor?: PropertyDescriptor,
): unknown {
  const decorator = (allow: boolean): AttributeDecorator =>
    propertyDecorator('AllowNull', (entry) => {
      entry.options.allowNull = allow;
    });
  if (property !== undefined) return applyBare(decorator(true), targetOrAllow, property, descriptor);
  return decorator(targetOrAllow === undefined ? true : (targetOrAllow as boolean));
} as BareOrCalledAttributeDecorator<boolean>;

/** A default value: a literal, a function called per row, `DataTypes.NOW` or `DataTypes.UUIDV4`. */
export function Default(value: unknown): AttributeDecorator {
  return propertyDecorator('Default', (entry) => {
    entry.options.defaultValue = value;
  });
}

/** `@Unique`'s argument: a flag, a constraint name, or `{ name, msg }`, as the `unique` attribute option. */
export type UniqueOption = boolean | string | { name?: string; msg?: string };

/**
 * A unique constraint: `@Unique`, or `@Unique('name')` shared by several properties for a
 * composite one.
 * @example
 * ```ts
 * @Unique @Column declare email: string;
 * @Unique('one_slug_per_site') @Column declare site: string;
 * @Unique({ name: 'one_slug_per_site' }) @Column declare slug: string;
 * ```
 */
export const Unique: BareOrCalledAttributeDecorator<UniqueOption> = function Unique(
  targetOrName?: object | UniqueOption,
  property?: string | symbol | StandardContext,
  descriptor?: PropertyDescriptor,
): unknown {
  const decorator = (unique: UniqueOption): AttributeDecorator =>
    propertyDecorator('Unique', (entry) => {
      entry.options.unique = unique;
    });
  if (property !== undefined) return applyBare(decorator(true), targetOrName, property, descriptor);
  return decorator(targetOrName === undefined ? true : (targetOrName as UniqueOption));
} as BareOrCalledAttributeDecorator<UniqueOption>;

/**
 * The column's comment in the database.
 * @example
 * ```ts
 * @Comment('Shown on the profile page') @Column declare bio: string;
 * ```
 */
export function Comment(comment: string): AttributeDecorator {
  return propertyDecorator('Comment', (entry) => {
    entry.options.comment = comment;
  });
}

/** `@Index` options: the index's own options plus how this property takes part in it. */
export interface IndexDecoratorOptions extends Omit<IndexOptions, 'fields'>, IndexFieldOptions {}

/**
 * An index on the column. Properties that name the same index form one composite index,
 * in the order the properties are declared; an unnamed `@Index` indexes its column alone.
 * The indexes are created by `sync()`, like `indexes` in the model options.
 *
 * @example
 * ```ts
 * @Index @Column declare email: string;
 * @Index('by_name') @Column declare lastName: string;
 * @Index({ name: 'by_name', order: 'DESC' }) @Column declare firstName: string;
 * @Index({ name: 'one_slug_per_site', unique: true }) @Column declare slug: string;
 * ```
 */
export const Index: BareOrCalledAttributeDecorator<string | IndexDecoratorOptions> = function Index(
  targetOrName?: object | string | IndexDecoratorOptions,
  property?: string | symbol | StandardContext,
  descriptor?: PropertyDescriptor,
): unknown {
  const decorator = (options: IndexDecoratorOptions): AttributeDecorator =>
    propertyDecorator('Index', (_entry, target, name) => {
      const { order, length, collate, ...indexOptions } = options;
      const indexes = registrationOf(target).indexes;
      const key = indexOptions.name ?? `property:${name}`;
      const index = indexes.get(key) ?? { options: {}, fields: [] };
      Object.assign(index.options, indexOptions);
      index.fields.push({ name, order, length, collate });
      indexes.set(key, index);
    });
  if (property !== undefined) return applyBare(decorator({}), targetOrName, property, descriptor);
  if (typeof targetOrName === 'string') return decorator({ name: targetOrName });
  return decorator((targetOrName as IndexDecoratorOptions | undefined) ?? {});
} as BareOrCalledAttributeDecorator<string | IndexDecoratorOptions>;

/** A decorator made by {@link createIndexDecorator}: bare, or given this property's field options. */
export type IndexDecorator = BareOrCalledAttributeDecorator<IndexFieldOptions>;

let createdIndexDecorators = 0;

/**
 * Makes a decorator for one index, shared by every property it decorates (in declaration
 * order), as sequelize-typescript's `createIndexDecorator` does: the composite index needs no
 * name repeated on each property. Options are the index's (`name`, `unique`, `type`...); without
 * a name the index is named from its table and columns, as an unnamed `@Index` is.
 *
 * @example
 * ```ts
 * const SiteSlug = createIndexDecorator({ unique: true });
 * class Page extends Model {
 *   @SiteSlug @Column declare siteId: number;
 *   @SiteSlug({ order: 'DESC' }) @Column declare slug: string;
 * }
 * ```
 */
export function createIndexDecorator(options: Omit<IndexOptions, 'fields'> = {}): IndexDecorator {
  createdIndexDecorators += 1;
  // One key per created decorator: two decorators never share an index unless they name the same one.
  const key = options.name ?? `decorator:${createdIndexDecorators}`;
  const decorator = (fieldOptions: IndexFieldOptions): AttributeDecorator =>
    propertyDecorator('Index', (_entry, target, name) => {
      const indexes = registrationOf(target).indexes;
      const index = indexes.get(key) ?? { options: { ...options }, fields: [] };
      const { order, length, collate } = fieldOptions;
      index.fields.push({ name, order, length, collate });
      indexes.set(key, index);
    });
  function indexDecorator(
    targetOrFieldOptions?: object | IndexFieldOptions,
    property?: string | symbol | StandardContext,
    descriptor?: PropertyDescriptor,
  ): unknown {
    if (property !== undefined) return applyBare(decorator({}), targetOrFieldOptions, property, descriptor);
    return decorator((targetOrFieldOptions as IndexFieldOptions | undefined) ?? {});
  }
  return indexDecorator as IndexDecorator;
}
