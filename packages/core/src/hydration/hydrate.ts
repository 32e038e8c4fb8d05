import type { ModelDefinition } from '../definition/model-definition';
import type { TypeCodec } from '../dialect/dialect';

type Parser = (raw: unknown) => unknown;

/**
 * Turns driver rows into attribute values. For each model it precomputes, per attribute, the
 * parser its dialect needs (most need none), so a row costs one look at each attribute that
 * needs parsing, and no option parsing or reflection.
 */
export class Hydrator {
  /** Only the attributes whose driver value needs parsing (most need none). */
  private readonly parsed: ReadonlyArray<{ readonly name: string; readonly parse: Parser }>;
  /** Whether any attribute needs exact 64-bit integers from the driver. */
  readonly needsExactIntegers: boolean;

  constructor(definition: ModelDefinition, codec: TypeCodec) {
    this.parsed = definition.columnAttributes
      .map((attribute) => ({ name: attribute.name, parse: codec.parserFor(attribute.type) }))
      .filter((entry): entry is { name: string; parse: Parser } => entry.parse !== undefined);
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
}
