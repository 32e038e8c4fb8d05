import { propertyDecorator } from './property-decorator';

/** The primary key (use with @AutoIncrement for a generated integer key). */
export const PrimaryKey: PropertyDecorator = propertyDecorator('PrimaryKey', (entry) => {
  entry.options.primaryKey = true;
});

/** The database generates the value (integer primary keys). */
export const AutoIncrement: PropertyDecorator = propertyDecorator('AutoIncrement', (entry) => {
  entry.options.autoIncrement = true;
});

/** Whether null is allowed: `@AllowNull(false)`; bare `@AllowNull` means true. */
export function AllowNull(target: object, property: string | symbol): void;
export function AllowNull(allow?: boolean): PropertyDecorator;
export function AllowNull(targetOrAllow?: object | boolean, property?: string | symbol): PropertyDecorator | void {
  const decorator = (allow: boolean): PropertyDecorator =>
    propertyDecorator('AllowNull', (entry) => {
      entry.options.allowNull = allow;
    });
  if (property !== undefined) return decorator(true)(targetOrAllow as object, property);
  return decorator(targetOrAllow === undefined ? true : (targetOrAllow as boolean));
}

/** A default value: a literal, a function called per row, `DataTypes.NOW` or `DataTypes.UUIDV4`. */
export function Default(value: unknown): PropertyDecorator {
  return propertyDecorator('Default', (entry) => {
    entry.options.defaultValue = value;
  });
}

/** A unique constraint: `@Unique`, or `@Unique('name')` shared by several properties for a composite one. */
export function Unique(target: object, property: string | symbol): void;
export function Unique(nameOrFlag?: boolean | string): PropertyDecorator;
export function Unique(targetOrName?: object | boolean | string, property?: string | symbol): PropertyDecorator | void {
  const decorator = (unique: boolean | string): PropertyDecorator =>
    propertyDecorator('Unique', (entry) => {
      entry.options.unique = unique;
    });
  if (property !== undefined) return decorator(true)(targetOrName as object, property);
  return decorator(targetOrName === undefined ? true : (targetOrName as boolean | string));
}
