import type { ModelDefinition } from '../definition/model-definition';
import type { TypeCodec } from '../dialect/dialect';
import type { BuildOptions } from '../model/model';

type Parser = (raw: unknown) => unknown;

/**
 * Turns driver rows into attribute values. For each model it precomputes, per attribute, the
 * parser its dialect needs (most need none), so a row costs one look at each attribute that
 * needs parsing, and no option parsing or reflection.
 */
export class Hydrator {
  /** Only the attributes whose driver value needs parsing (most need none). */
  private readonly parsed: ReadonlyArray<{ readonly name: string; readonly parse: Parser }>;
  private readonly fieldToAttribute: ReadonlyMap<string, string>;
  /** Whether any attribute needs exact 64-bit integers from the driver. */
  readonly needsExactIntegers: boolean;

  constructor(definition: ModelDefinition, codec: TypeCodec) {
    this.parsed = definition.columnAttributes
      .map((attribute) => ({ name: attribute.name, parse: codec.parserFor(attribute.type) }))
      .filter((entry): entry is { name: string; parse: Parser } => entry.parse !== undefined);
    this.fieldToAttribute = definition.fieldToAttribute;
    this.needsExactIntegers = definition.columnAttributes.some((a) => a.type.key === 'BIGINT');
  }

  /** Parses the attribute-named columns of `row` in place and returns it. */
  parseRow(row: Record<string, unknown>): Record<string, unknown> {
    for (const { name, parse } of this.parsed) {
      const raw = row[name];
      if (raw !== undefined && raw !== null) row[name] = parse(raw);
    }
    return row;
  }

  /** A row keyed by column name (RETURNING, raw SQL) as parsed attribute values; unknown columns keep their name. */
  parseColumns(row: Record<string, unknown>): Record<string, unknown> {
    const values: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(row)) {
      values[this.fieldToAttribute.get(field) ?? field] = value;
    }
    return this.parseRow(values);
  }
}

/** How a row names its values: by attribute (Strata's SELECTs alias every column) or by column. */
export type RowKeys = 'attributes' | 'columns';

/** A model class as hydration needs it: what builds one of its instances. */
export type InstanceConstructor<M> = new (values: Record<string, unknown>, options: BuildOptions) => M;

/**
 * A row read from the database as an instance of `model`: its values parsed for the dialect,
 * not a new record, nothing changed. This is the one place rows become instances (finds,
 * include loads, RETURNING rows of writes). Rows of Strata's own SELECTs name their values by
 * attribute; RETURNING and raw SQL rows (`keys: 'columns'`) by column. An attribute-named row
 * becomes the instance's values as it is, so pass one that nobody else holds.
 *
 * The model's hydrator is an argument, not looked up, so that loading many rows of one model
 * looks it up once.
 *
 * @example hydrate(User, runtimeOf(User).hydrator, { id: 1, name: 'Ann' })
 */
export function hydrate<M>(
  model: InstanceConstructor<M>,
  hydrator: Hydrator,
  row: Record<string, unknown>,
  keys: RowKeys = 'attributes',
): M {
  const values = keys === 'columns' ? hydrator.parseColumns(row) : hydrator.parseRow(row);
  return new model(values, LOADED);
}

/** The build options of every loaded row: one shared object, not one per row (the constructor only reads it). */
const LOADED: BuildOptions = Object.freeze({ isNewRecord: false, raw: true });
