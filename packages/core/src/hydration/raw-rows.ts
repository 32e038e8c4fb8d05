import type { ModelDefinition } from '../definition/model-definition';
import type { Model } from '../model/model';
import type { NormalizedInclude } from '../normalize/include';
import { includeColumns } from '../plan/plan-find';
import { joinsForSqlOnly } from '../plan/select-plan';
import { runtimeOf } from '../runtime/model-runtime';

type Row = Record<string, unknown>;

/**
 * The rows of `findAll({ include, raw: true })` as Sequelize returns them: flat objects whose
 * included values are keyed by their path (`'posts.id'`, `'posts.comments.body'`, a
 * belongsToMany's join row `'tags.PostTag.role'`), one row per combination of included rows, as
 * the LEFT JOIN Sequelize sends would return (a parent without rows of an include gets one row
 * with nulls there). With `nest: true` each row's dotted keys become nested objects
 * (`{ posts: { id } }`, one object per row, never an array), as Sequelize's `nest` does.
 *
 * Strata loads to-many includes by their own query (so `limit` counts parents, as Sequelize's
 * subquery does); the rows are spread out here from the loaded instances.
 *
 * @example flatRawRows([user], normalizeIncludes(User, ['posts']), false) // [{ id: 1, 'posts.id': 3, ... }, ...]
 */
export function flatRawRows(instances: readonly Model[], include: readonly NormalizedInclude[], nest: boolean): Row[] {
  const rows: Row[] = [];
  for (const instance of instances) {
    const own: Row = {};
    const values = instance.dataValues;
    const names = new Set(include.map((item) => item.as));
    for (const key of Object.keys(values)) if (!names.has(key)) own[key] = values[key];
    for (const row of spread([own], values, include, '')) rows.push(nest ? nested(row) : row);
  }
  return rows;
}

/** Each of `rows` combined with each row of every include of the model whose values are `values`. */
function spread(rows: Row[], values: Row | null, include: readonly NormalizedInclude[], prefix: string): Row[] {
  let result = rows;
  for (const item of include) {
    // An include joined only for the SQL (`attributes: []` on a to-many) has no columns.
    if (joinsForSqlOnly(item)) continue;
    const loaded = values === null ? null : values[item.as];
    const children: Array<Model | null> = Array.isArray(loaded)
      ? loaded.length > 0
        ? (loaded as Model[])
        : [null]
      : [(loaded as Model | null | undefined) ?? null];
    const path = `${prefix}${item.as}.`;
    const childRows = children.flatMap((child) => includeRows(item, child, path));
    result = result.flatMap((row) => childRows.map((childRow) => ({ ...row, ...childRow })));
  }
  return result;
}

/** The flat rows one included instance (or its absence, `null`) contributes under `path`. */
function includeRows(item: NormalizedInclude, child: Model | null, path: string): Row[] {
  const definition = runtimeOf(item.target).definition;
  const values = child === null ? null : child.dataValues;
  const own: Row = {};
  for (const name of attributeNames(definition, item)) own[`${path}${name}`] = values?.[name] ?? null;
  const through = item.association.join.through;
  if (through) {
    const joinRow = values?.[through.as] as Model | null | undefined;
    const joinDefinition = runtimeOf(through.model).definition;
    const names = item.through?.attributes ?? joinDefinition.columnAttributes.map((a) => a.name);
    for (const name of names) own[`${path}${through.as}.${name}`] = joinRow?.dataValues[name] ?? null;
  }
  return spread([own], values, item.include, path);
}

/** The attributes an include reads: those it names (or all of its columns), with its keys. */
function attributeNames(definition: ModelDefinition, item: NormalizedInclude): string[] {
  return includeColumns(definition, item, '').map(([, name]) => name);
}

/**
 * `{ 'posts.id': 1 }` as `{ posts: { id: 1 } }`: dotted keys become nested objects (what
 * Sequelize's `nest` does; a later key wins where two disagree, as there). Keys are column
 * names, so each level is written as an own property: a column named `__proto__.x` is a
 * property called `__proto__`, never a write to a prototype.
 */
export function nested(row: Row): Row {
  const result: Row = {};
  const made = new Set<Row>([result]);
  for (const key of Object.keys(row)) {
    const parts = key.split('.');
    let target = result;
    for (let index = 0; index < parts.length - 1; index++) {
      const part = parts[index];
      const next = Object.hasOwn(target, part) ? target[part] : undefined;
      if (made.has(next as Row)) {
        target = next as Row;
        continue;
      }
      const level: Row = {};
      made.add(level);
      define(target, part, level);
      target = level;
    }
    define(target, parts[parts.length - 1], row[key]);
  }
  return result;
}

function define(target: Row, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
