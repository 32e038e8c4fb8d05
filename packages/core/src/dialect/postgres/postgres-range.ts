import type { DataType } from '../../definition/data-types';

/** A range bound as Strata holds it (see definition/value-types.ts). */
interface RangeBound {
  value: unknown;
  inclusive: boolean;
}

const TIMESTAMPTZ_TEXT = /^(\d{4,}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?)([+-]\d{2})(?::?(\d{2}))?(?::?\d{2})?$/;

/**
 * PostgreSQL's range literal for a coerced range value: `empty`, or `[lower,upper)` with each
 * bound double-quoted (a timestamp holds spaces and commas would split it), an unbounded side
 * left blank and infinite bounds spelled `infinity`. Sent as one bound parameter.
 */
export function rangeLiteral(value: readonly RangeBound[]): string {
  if (value.length === 0) return 'empty';
  const [lower, upper] = value as [RangeBound, RangeBound];
  return `${lower.inclusive ? '[' : '('}${boundText(lower.value)},${boundText(upper.value)}${upper.inclusive ? ']' : ')'}`;
}

function boundText(value: unknown): string {
  if (value === null) return '';
  if (value === Infinity) return 'infinity';
  if (value === -Infinity) return '-infinity';
  const text = value instanceof Date ? value.toISOString() : String(value);
  return `"${text.replace(/["\\]/g, '\\$&')}"`;
}

/**
 * Reads PostgreSQL's range output (`empty`, `[1,11)`, `(,5)`, `["2024-01-01 00:00:00+00",infinity)`)
 * into Sequelize's shape: `[]`, or two `{ value, inclusive }` bounds with values in the
 * subtype's JS type (null for an unbounded side, +-Infinity for an infinite one).
 */
export function parseRange(text: string, subtype: DataType): RangeBound[] {
  if (text === 'empty') return [];
  const body = text.slice(1, -1);
  const [lowerText, upperText] = splitBounds(body);
  return [
    { value: boundValue(lowerText, subtype), inclusive: text.startsWith('[') },
    { value: boundValue(upperText, subtype), inclusive: text.endsWith(']') },
  ];
}

/** Splits `lower,upper` at the comma outside double quotes, unquoting each side (null: empty side). */
function splitBounds(body: string): [string | null, string | null] {
  const sides: (string | null)[] = [];
  let current = '';
  let quoted = false;
  let wasQuoted = false;
  for (let i = 0; i < body.length; i++) {
    const char = body[i] as string;
    if (char === '\\') current += body[++i] ?? '';
    else if (char === '"') {
      quoted = !quoted;
      wasQuoted = true;
    } else if (char === ',' && !quoted) {
      sides.push(current === '' && !wasQuoted ? null : current);
      current = '';
      wasQuoted = false;
    } else current += char;
  }
  sides.push(current === '' && !wasQuoted ? null : current);
  return [sides[0] ?? null, sides[1] ?? null];
}

function boundValue(text: string | null, subtype: DataType): unknown {
  if (text === null) return null;
  if (text === 'infinity' || text === 'Infinity') return Infinity;
  if (text === '-infinity' || text === '-Infinity') return -Infinity;
  switch (subtype.key) {
    case 'INTEGER':
      return Number(text);
    case 'DATE': {
      const match = TIMESTAMPTZ_TEXT.exec(text);
      if (!match) return new Date(text);
      const [, day, time, hours, minutes = '00'] = match;
      // JS reads '+05:30', not PostgreSQL's '+05'; offsets with seconds belong to pre-1900 local times only.
      return new Date(`${day}T${time}${hours}:${minutes}`);
    }
    default:
      // BIGINT and DECIMAL as strings (every digit), DATEONLY as 'YYYY-MM-DD'.
      return text;
  }
}
