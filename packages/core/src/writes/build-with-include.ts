import type { ModelClass } from '../associations/association';
import type { Model } from '../model/model';
import { buildGraph, writeGraph, type GraphNode, type NestedCreateOptions } from './nested-create';
import type { SaveOptions } from './save';

/** Instances built with `include` whose graph the next save() writes. */
const pendingGraphs = new WeakMap<Model, GraphNode>();

/**
 * `Model.build(values, { include })`: builds the instance and the associated instances its
 * values describe (as create's include does), without writing anything. Each built association
 * is on the instance under its alias (`user.get('posts')`), and the instance's next `save()`
 * writes the whole graph in one transaction, as `create(values, { include })` would.
 *
 * @example
 * const user = User.build({ name: 'Ann', posts: [{ title: 'Hi' }] }, { include: ['posts'] });
 * await user.save(); // inserts the user, then the post with its userId
 */
export function buildWithIncludes(model: ModelClass, values: object, include: NestedCreateOptions['include']): Model {
  const root = buildGraph(model, values, include);
  showBuiltAssociations(root);
  pendingGraphs.set(root.instance, root);
  return root.instance;
}

/**
 * The save of an instance built with `include`: its graph, once (a failed write keeps it for
 * the next try); undefined for any other instance.
 */
export function saveBuiltGraph<M extends Model>(instance: M, options: SaveOptions): Promise<M> | undefined {
  const root = pendingGraphs.get(instance);
  if (!root || !instance.isNewRecord) return undefined;
  // Taken off first: writing the graph saves this instance again, as a plain insert.
  pendingGraphs.delete(instance);
  return writeGraph(root, options).then(
    () => instance,
    (error: unknown) => {
      if (instance.isNewRecord) pendingGraphs.set(instance, root);
      throw error;
    },
  );
}

function showBuiltAssociations(entry: GraphNode): void {
  for (const { include, nodes } of entry.children) {
    entry.instance.dataValues[include.as] = include.association.isSingleAssociation
      ? (nodes[0]?.instance ?? null)
      : nodes.map((child) => child.instance);
    for (const child of nodes) showBuiltAssociations(child);
  }
}
