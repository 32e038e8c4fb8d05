import type { ModelDefinition } from '../definition/model-definition';
import type { TypeCodec } from '../dialect/dialect';

type Parser = ((raw: unknown) => unknown) | undefined;

/**
 * Turns driver rows into attribute values. For each model it precomputes, per attribute, the
 * parser its dialect needs (most need none), so a row costs one pass over its keys and no
 * option parsing or reflection.
 */
export class Hydrator {
  private readonly parsers = new Map<string, Parser>();
  /** Whether any attribute needs exact 64-bit integers from the driver. */
  readonly needsExactIntegers: boolean;

  constructor(definition: ModelDefinition, codec: TypeCodec) {
    for (const attribute of definition.columnAttributes) {
      this.parsers.set(attribute.name, codec.parserFor(attribute.type));
    }
    this.needsExactIntegers = definition.columnAttributes.some((a) => a.type.key === 'BIGINT');
  }

  /** Parses the attribute-named columns of `row` in place and returns it. */
  parseRow(row: Record<string, unknown>): Record<string, unknown> {
    for (const key in row) {
      const parser = this.parsers.get(key);
      if (parser !== undefined) {
        const raw = row[key];
        row[key] = raw === null ? null : parser(raw);
      }
    }
    return row;
  }
}
