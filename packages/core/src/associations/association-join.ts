import type { Model } from '../model/model';

/**
 * How an association reaches its targets from a source row, as plain data: the attributes whose
 * values match and, for belongsToMany, the join table between them. plan/ reads which keys a
 * query must keep and compile/ turns the shape into JOIN, EXISTS and IN conditions, so neither
 * needs to know which kind of association it holds. Nothing here is SQL.
 *
 * Without a join table: `target.targetAttribute = source.sourceAttribute`. With one:
 * `through.sourceAttribute = source.sourceAttribute AND through.targetAttribute = target.targetAttribute`.
 */
export interface AssociationJoin {
  /** The source attribute whose value identifies the targets. */
  readonly sourceAttribute: string;
  /** The target attribute that is matched, against the source's value or against the join row's. */
  readonly targetAttribute: string;
  /** The join table (belongsToMany); undefined when the targets hold the source's value themselves. */
  readonly through: ThroughJoin | undefined;
  /** Attribute values every target of the association has (its `scope`). */
  readonly targetScope: Record<string, unknown> | undefined;
  /**
   * The row on the target side that holds the source's value, and its attribute: the target's own
   * row, or the join row. A separately loaded target is grouped under its parent by this value.
   */
  readonly link: { readonly model: typeof Model; readonly attribute: string };
}

/** The join table of a belongsToMany: one row per linked pair. */
export interface ThroughJoin {
  readonly model: typeof Model;
  /** The join model's name: its table alias, and the key its row lands under on a target (`tag.PostTag`). */
  readonly as: string;
  /** The join row's attribute holding the source's value (the association's foreignKey). */
  readonly sourceAttribute: string;
  /** The join row's attribute holding the target's value (the association's otherKey). */
  readonly targetAttribute: string;
  /** Attribute values every join row of the association has. */
  readonly scope: Record<string, unknown> | undefined;
}

/**
 * An association's join shape from its attributes: through `through`'s rows when it has a join
 * table (belongsToMany), else the target row itself holds the source's value (belongsTo, hasOne,
 * hasMany).
 */
export function associationJoin(parts: {
  readonly target: typeof Model;
  readonly sourceAttribute: string;
  readonly targetAttribute: string;
  readonly targetScope: Record<string, unknown> | undefined;
  readonly through?: ThroughJoin;
}): AssociationJoin {
  const { target, sourceAttribute, targetAttribute, targetScope, through } = parts;
  return {
    sourceAttribute,
    targetAttribute,
    through,
    targetScope,
    link: through
      ? { model: through.model, attribute: through.sourceAttribute }
      : { model: target, attribute: targetAttribute },
  };
}
