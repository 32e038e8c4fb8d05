/**
 * Exact decimal text for DECIMAL(p, s) columns. Values are kept as strings and normalised to
 * the form every database reads back (`'-12.50'` for DECIMAL(10, 2)): no leading zeros, exactly
 * `scale` fraction digits. Nothing is rounded: a value with more fraction digits than the column
 * holds, or more integer digits than `precision - scale` allows, is refused, because the
 * databases would round (PostgreSQL, MySQL) or keep it (SQLite) and the dialects would disagree.
 */

const DECIMAL_TEXT = /^([-+])?(\d*)(?:\.(\d*))?(?:[eE]([-+]?\d+))?$/;

/**
 * The widest DECIMAL every dialect stores: MySQL's DECIMAL(65, 30), which is what an unbounded
 * DECIMAL is there. An unbounded DECIMAL takes values within it on every dialect, so they agree.
 */
const UNBOUNDED = { integerDigits: 35, fractionDigits: 30 };

/**
 * The canonical text of `input` for DECIMAL(precision, scale), or why it does not fit: the
 * reason's subject is the value, left to the caller to name (`<value> has more than ...`), so
 * that the value is quoted only where the model allows it.
 */
export function normalizeDecimal(
  input: string,
  precision: number | undefined,
  scale: number | undefined,
): { value: string } | { error: string } {
  const match = DECIMAL_TEXT.exec(input.trim());
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) return { error: 'is not a number' };
  const negative = match[1] === '-';
  let integer = match[2];
  let fraction = match[3] ?? '';
  const exponent = Number(match[4] ?? 0);
  if (exponent > 0) {
    const moved = fraction.slice(0, exponent).padEnd(exponent, '0');
    integer += moved;
    fraction = fraction.slice(exponent);
  } else if (exponent < 0) {
    const shift = -exponent;
    const padded = integer.padStart(shift, '0');
    fraction = padded.slice(padded.length - shift) + fraction;
    integer = padded.slice(0, padded.length - shift);
  }
  integer = integer.replace(/^0+/, '') || '0';
  const significant = fraction.replace(/0+$/, '');
  if (precision === undefined || scale === undefined) {
    // Unbounded: no trailing zeros, the form PostgreSQL's NUMERIC keeps what it was given in.
    if (significant.length > UNBOUNDED.fractionDigits || integer.length > UNBOUNDED.integerDigits) {
      return {
        error: `has more than ${UNBOUNDED.integerDigits} integer or ${UNBOUNDED.fractionDigits} decimal digits (an unbounded DECIMAL holds DECIMAL(65, 30) on every dialect)`,
      };
    }
    const digits = significant ? `${integer}.${significant}` : integer;
    return { value: negative && digits !== '0' ? `-${digits}` : digits };
  }
  if (significant.length > scale) {
    return { error: `has more than ${scale} decimal places (DECIMAL(${precision}, ${scale}) would round it)` };
  }
  if (integer !== '0' && integer.length > precision - scale) {
    return { error: `has more than ${precision - scale} integer digits (DECIMAL(${precision}, ${scale}))` };
  }
  const digits = scale > 0 ? `${integer}.${significant.padEnd(scale, '0')}` : integer;
  const zero = /^[0.]+$/.test(digits);
  return { value: negative && !zero ? `-${digits}` : digits };
}
