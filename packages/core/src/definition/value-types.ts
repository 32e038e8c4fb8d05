import { DataType, jsTypeName } from './data-types';

const DATEONLY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const TIME_PATTERN = /^\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?$/;
const INTEGER_STRING = /^-?\d+$/;
const DECIMAL_STRING = /^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * Brings a value written by the user to the one JS type its data type reads back as, or says
 * why it cannot. Returns `{ value }` or `{ error }`; null and undefined pass through (allowNull
 * is validation's business). Nothing here is lenient about shape: an object for a STRING or an
 * array for an INTEGER is an error, never `String(value)`.
 */
export function coerceValue(type: DataType, value: unknown): { value: unknown } | { error: string } {
  if (value === null || value === undefined) return { value };
  const wrong = (): { error: string } => ({
    error: `expected ${jsTypeName(type)} for ${type.toString()}, got ${describeValue(value)}`,
  });
  switch (type.key) {
    case 'STRING':
    case 'CHAR':
    case 'TEXT':
    case 'UUID':
      if (typeof value === 'string') return { value };
      if (typeof value === 'number' || typeof value === 'bigint') return { value: String(value) };
      return wrong();
    case 'ENUM':
      if (typeof value !== 'string') return wrong();
      if (!type.values?.includes(value)) {
        return { error: `'${value}' is not one of ${type.values?.map((v) => `'${v}'`).join(', ')}` };
      }
      return { value };
    case 'INTEGER':
    case 'SMALLINT':
      if (typeof value === 'number' && Number.isInteger(value)) return { value };
      if (typeof value === 'string' && INTEGER_STRING.test(value.trim())) {
        return { value: Number(value) };
      }
      if (typeof value === 'bigint' && value <= BigInt(Number.MAX_SAFE_INTEGER)) {
        return { value: Number(value) };
      }
      return wrong();
    case 'BIGINT': {
      let big: bigint | undefined;
      if (typeof value === 'bigint') big = value;
      else if (typeof value === 'number' && Number.isSafeInteger(value)) big = BigInt(value);
      else if (typeof value === 'string' && INTEGER_STRING.test(value.trim())) {
        big = BigInt(value.trim());
      }
      if (big === undefined) return wrong();
      if (big < INT64_MIN || big > INT64_MAX) return { error: `${big} is outside the int64 range` };
      return { value: big.toString() };
    }
    case 'FLOAT':
    case 'DOUBLE':
    case 'REAL':
      if (typeof value === 'number') return { value };
      if (typeof value === 'string' && DECIMAL_STRING.test(value.trim())) {
        return { value: Number(value) };
      }
      return wrong();
    case 'DECIMAL':
      if (typeof value === 'number' && Number.isFinite(value)) return { value: String(value) };
      if (typeof value === 'bigint') return { value: value.toString() };
      if (typeof value === 'string' && DECIMAL_STRING.test(value.trim())) {
        return { value: value.trim() };
      }
      return wrong();
    case 'BOOLEAN':
      if (typeof value === 'boolean') return { value };
      if (value === 1 || value === 0) return { value: value === 1 };
      return wrong();
    case 'DATE': {
      const date =
        value instanceof Date
          ? value
          : typeof value === 'string' || typeof value === 'number'
            ? new Date(value)
            : undefined;
      if (!date || Number.isNaN(date.getTime())) return wrong();
      return { value: date };
    }
    case 'DATEONLY':
      if (typeof value === 'string' && DATEONLY_PATTERN.test(value)) return { value };
      if (value instanceof Date && !Number.isNaN(value.getTime())) {
        return { value: value.toISOString().slice(0, 10) };
      }
      return wrong();
    case 'TIME':
      if (typeof value === 'string' && TIME_PATTERN.test(value)) return { value };
      return wrong();
    case 'BLOB':
      if (Buffer.isBuffer(value)) return { value };
      if (value instanceof Uint8Array) return { value: Buffer.from(value) };
      if (typeof value === 'string') return { value: Buffer.from(value) };
      return wrong();
    case 'JSON':
    case 'JSONB':
      if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') {
        return wrong();
      }
      return { value };
    case 'ARRAY': {
      if (!Array.isArray(value)) return wrong();
      const element = type.element as DataType;
      const out: unknown[] = [];
      for (const item of value) {
        const result = coerceValue(element, item);
        if ('error' in result) return { error: `array element: ${result.error}` };
        out.push(result.value);
      }
      return { value: out };
    }
    case 'VIRTUAL':
      return { value };
  }
}

export function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Date) return 'a Date';
  if (Buffer.isBuffer(value)) return 'a Buffer';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string')
    return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)}`;
  return `${typeof value} ${String(value)}`;
}
