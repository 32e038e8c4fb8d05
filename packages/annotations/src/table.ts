import {
  DataTypes,
  registerModelSource,
  type AttributeOptions,
  type AttributesInput,
  type ModelOptions,
} from '@strata/core';
import { inferDataType } from './column';
import { registrationChain, registrationOf } from './registry';

/**
 * Makes a class a model. Decorators only record; the definition is resolved when the class is
 * given to a connection (`new Strata({ models: [User] })` or `db.addModels([User])`), and every
 * problem found on the class is reported there at once, by `Class.property`.
 *
 * @example
 * @Table({ tableName: 'users', paranoid: true })
 * class User extends Model { @Column declare name: string; }
 */
export function Table(target: abstract new (...args: never[]) => unknown): void;
export function Table(options?: ModelOptions): ClassDecorator;
export function Table(
  targetOrOptions?: ModelOptions | (abstract new (...args: never[]) => unknown),
): ClassDecorator | void {
  const decorate = (target: object, options: ModelOptions): void => {
    registrationOf(target).table = options;
    registerModelSource(target, { definition: () => resolveDefinition(target) });
  };
  if (typeof targetOrOptions === 'function') return decorate(targetOrOptions, {});
  return ((target: object) => decorate(target, targetOrOptions ?? {})) as ClassDecorator;
}

/**
 * Merges the class's registrations with its ancestors' (abstract bases share columns without
 * leaking one subclass's columns into a sibling) and infers types where TypeScript's metadata
 * is unambiguous.
 */
export function resolveDefinition(model: object): { attributes: AttributesInput; options: ModelOptions } {
  const className = (model as { name: string }).name;
  const problems: string[] = [];
  const merged = new Map<
    string,
    { options: Partial<AttributeOptions>; designType?: unknown; isColumn: boolean; typeSources: string[] }
  >();
  let options: ModelOptions = {};
  for (const registration of registrationChain(model)) {
    problems.push(...registration.problems);
    if (registration.table) options = { ...options, ...registration.table };
    for (const [name, entry] of registration.properties) {
      const previous = merged.get(name);
      merged.set(name, {
        options: { ...previous?.options, ...entry.options },
        designType: entry.designType ?? previous?.designType,
        isColumn: entry.isColumn || Boolean(previous?.isColumn),
        typeSources: entry.typeSources.length ? entry.typeSources : (previous?.typeSources ?? []),
      });
    }
  }
  const attributes: AttributesInput = {};
  for (const [name, entry] of merged) {
    if (!entry.isColumn) {
      problems.push(`${className}.${name}: has column decorators but no @Column`);
      continue;
    }
    if (entry.typeSources.length > 1) {
      problems.push(`${className}.${name}: the data type is given twice (${entry.typeSources.join(', ')})`);
    }
    // An auto-increment key is an integer even when its declared type hides that (CreationOptional<number>).
    const type =
      entry.options.type ??
      inferDataType(entry.designType) ??
      (entry.options.autoIncrement ? DataTypes.INTEGER : undefined);
    if (!type) {
      const emitted =
        entry.designType === undefined
          ? 'no type metadata was emitted'
          : `TypeScript emitted ${(entry.designType as { name?: string }).name ?? 'an unknown type'}`;
      problems.push(
        `${className}.${name}: cannot infer the data type (${emitted}); give it explicitly, e.g. @Column(DataTypes.STRING)`,
      );
      continue;
    }
    attributes[name] = { ...entry.options, type } as AttributeOptions;
  }
  if (problems.length > 0) throw new Error(problems.join('\n  - '));
  return { attributes, options: { modelName: className, ...options } };
}
