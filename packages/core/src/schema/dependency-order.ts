import type { Model } from '../model/model';
import { runtimeOf } from '../runtime/model-runtime';
import { tableIdentifier } from '../definition/table-ref';

/**
 * Orders models so that a table comes after the tables its foreign keys reference
 * (self-references and cycles keep their declaration order).
 */
export function dependencyOrder(models: Array<typeof Model>): Array<typeof Model> {
  const byTable = new Map(models.map((m) => [tableIdentifier(runtimeOf(m).definition), m]));
  const ordered: Array<typeof Model> = [];
  const visiting = new Set<typeof Model>();
  const visit = (model: typeof Model): void => {
    if (ordered.includes(model) || visiting.has(model)) return;
    visiting.add(model);
    for (const attribute of runtimeOf(model).definition.columnAttributes) {
      const reference = attribute.references;
      const target =
        reference && byTable.get(tableIdentifier({ tableName: reference.table, schema: reference.schema }));
      if (target && target !== model) visit(target);
    }
    visiting.delete(model);
    ordered.push(model);
  };
  models.forEach(visit);
  return ordered;
}
