import { isIP } from 'node:net';
import { describeValue } from '@strata/validation';
import { DataType, jsTypeName } from './data-types';
import { normalizeDecimal } from './decimal';
import { GEOMETRY_TYPES, readGeometry, type NamedCrs } from './geometry';

const DATEONLY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_PATTERN = /^(\d{2}):(\d{2})(?::(\d{2}))?$/;
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The MAC address spellings PostgreSQL's macaddr reads (6 bytes, with ':', '-', '.' or no separators). */
const MACADDR_PATTERN =
  /^([0-9a-f]{2}([:-])[0-9a-f]{2}\2[0-9a-f]{2}\2[0-9a-f]{2}\2[0-9a-f]{2}\2[0-9a-f]{2}|[0-9a-f]{6}[:-]?[0-9a-f]{6}|[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4})$/i;
const INTEGER_STRING = /^-?\d+$/;
const NUMBER_STRING = /^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
/** The ranges every dialect's INTEGER and SMALLINT columns hold (SQLite would hold more, the others refuse). */
/** Each integer type's range, signed and UNSIGNED, as MySQL has them (and checked so on every dialect). */
const INTEGER_RANGE = {
  INTEGER: [-(2 ** 31), 2 ** 31 - 1, 2 ** 32 - 1],
  SMALLINT: [-(2 ** 15), 2 ** 15 - 1, 2 ** 16 - 1],
  TINYINT: [-(2 ** 7), 2 ** 7 - 1, 2 ** 8 - 1],
  MEDIUMINT: [-(2 ** 23), 2 ** 23 - 1, 2 ** 24 - 1],
} as const;

type Coerced = { value: unknown } | { error: string };

/**
 * Brings a value written by the user to the one JS type its data type reads back as, or says
 * why it cannot. Returns `{ value }` or `{ error }`; null and undefined pass through (allowNull
 * is validation's business). Nothing here is lenient about shape: an object for a STRING or an
 * array for an INTEGER is an error, never `String(value)`. Values that one database would
 * refuse and another would silently change (a too-long string, an out-of-range integer, a
 * decimal with more places than its scale, NaN) are refused here, the same on every dialect.
 * The error describes the value by its kind and size unless `revealValue` (the model's
 * `errorMessagesIncludeValues`): it becomes a ValidationError or InvalidQueryError message.
 *
 * @example coerceValue(DataTypes.DECIMAL(10, 2), 1.5) // { value: '1.50' }
 */
export function coerceValue(type: DataType, value: unknown, revealValue = false): Coerced {
  if (value === null || value === undefined) return { value };
  // Described only for an error: describing every value cost a write more than checking it.
  const shown = (): string => describeValue(value, revealValue);
  const wrong = (): { error: string } => ({
    error: `expected ${jsTypeName(type)} for ${type.toString()}, got ${shown()}`,
  });
  switch (type.key) {
    case 'STRING':
    case 'CHAR':
    case 'TEXT': {
      const text =
        typeof value === 'string'
          ? value
          : typeof value === 'number' || typeof value === 'bigint'
            ? String(value)
            : undefined;
      if (text === undefined) return wrong();
      // Databases count characters (code points), not UTF-16 units.
      // A string has at least as many UTF-16 units as characters: count only when it might be too long.
      if (type.length !== undefined && text.length > type.length && countCharacters(text) > type.length) {
        return { error: `${shown()} is longer than ${type.length} characters (${type.toString()})` };
      }
      // CHAR pads to its length: PostgreSQL reads the padding back, MySQL strips it. Strata
      // strips trailing spaces on every dialect, on write and on read.
      return { value: type.key === 'CHAR' ? text.trimEnd() : text };
    }
    case 'CITEXT':
    case 'TSVECTOR':
      if (typeof value !== 'string') return wrong();
      return { value };
    case 'INET':
    case 'CIDR':
      if (typeof value !== 'string') return wrong();
      if (!isNetworkAddress(value.trim(), type.key === 'CIDR')) {
        return { error: `${shown()} is not ${type.key === 'CIDR' ? 'an address/prefix network' : 'an IP address'}` };
      }
      return { value: value.trim() };
    case 'MACADDR':
      if (typeof value !== 'string') return wrong();
      if (!MACADDR_PATTERN.test(value.trim())) return { error: `${shown()} is not a MAC address` };
      return { value: value.trim() };
    case 'RANGE':
      return coerceRange(type, value, revealValue, wrong);
    case 'GEOMETRY':
    case 'GEOGRAPHY': {
      const read = readGeometry(value);
      if (typeof read === 'string') return { error: `${shown()}: ${read}` };
      const declared = type.geometryType === undefined ? undefined : GEOMETRY_TYPES.get(type.geometryType);
      if (declared && read.geometry.type !== declared) {
        return { error: `a ${read.geometry.type} in a ${String(type)} column (it holds ${declared} values)` };
      }
      if (read.srid !== undefined && type.srid !== undefined && read.srid !== type.srid) {
        return { error: `crs EPSG:${read.srid} differs from the column's SRID ${type.srid}` };
      }
      // The crs as written stays on the value (it gives the SRID); reads bring none back.
      const crs: NamedCrs | undefined =
        read.srid === undefined ? undefined : { type: 'name', properties: { name: `EPSG:${read.srid}` } };
      return { value: crs ? { ...read.geometry, crs } : read.geometry };
    }
    case 'HSTORE': {
      const prototype: unknown = typeof value === 'object' ? Object.getPrototypeOf(value) : undefined;
      if (prototype !== Object.prototype && prototype !== null) return wrong();
      const entries = Object.entries(value as Record<string, unknown>);
      const notText = entries.find(([, item]) => item !== null && typeof item !== 'string');
      if (notText) return { error: `HSTORE key ${JSON.stringify(notText[0])}: a value is a string or null` };
      return { value: Object.fromEntries(entries) };
    }
    case 'UUID':
      if (typeof value !== 'string') return wrong();
      if (!UUID_PATTERN.test(value)) return { error: `${shown()} is not a UUID` };
      // PostgreSQL's uuid type prints lowercase; the others keep the text: lowercase everywhere.
      return { value: value.toLowerCase() };
    case 'ENUM':
      if (typeof value !== 'string') return wrong();
      if (!type.values?.includes(value)) {
        return { error: `${shown()} is not one of ${type.values?.map((v) => `'${v}'`).join(', ')}` };
      }
      return { value };
    case 'INTEGER':
    case 'SMALLINT':
    case 'TINYINT':
    case 'MEDIUMINT': {
      let number: number | undefined;
      if (typeof value === 'number' && Number.isInteger(value)) number = value;
      else if (typeof value === 'string' && INTEGER_STRING.test(value.trim())) number = Number(value);
      else if (typeof value === 'bigint') number = Number(value);
      if (number === undefined) return wrong();
      const [signedMin, signedMax, unsignedMax] = INTEGER_RANGE[type.key];
      const [min, max] = type.unsigned ? [0, unsignedMax] : [signedMin, signedMax];
      if (number < min || number > max) {
        return { error: `${shown()} is outside the ${String(type)} range ${min}..${max}` };
      }
      return { value: number };
    }
    case 'BIGINT': {
      let big: bigint | undefined;
      if (typeof value === 'bigint') big = value;
      else if (typeof value === 'number' && Number.isSafeInteger(value)) big = BigInt(value);
      else if (typeof value === 'string' && INTEGER_STRING.test(value.trim())) big = BigInt(value.trim());
      if (big === undefined) {
        return typeof value === 'number' && Number.isInteger(value)
          ? { error: `${shown()} is beyond Number.MAX_SAFE_INTEGER and has lost digits; pass a bigint or a string` }
          : wrong();
      }
      if (big < INT64_MIN || big > INT64_MAX) return { error: `${shown()} is outside the int64 range` };
      if (type.unsigned && big < 0n) return { error: `${shown()} is negative and ${String(type)} is unsigned` };
      return { value: big.toString() };
    }
    case 'FLOAT':
    case 'DOUBLE':
    case 'REAL': {
      const number =
        typeof value === 'number'
          ? value
          : typeof value === 'string' && NUMBER_STRING.test(value.trim())
            ? Number(value)
            : undefined;
      if (number === undefined) return wrong();
      // PostgreSQL would store NaN/Infinity, MySQL refuses them: refuse everywhere.
      if (!Number.isFinite(number)) return { error: `${shown()} is not a finite number` };
      if (type.unsigned && number < 0) return { error: `${shown()} is negative and ${String(type)} is unsigned` };
      return { value: number };
    }
    case 'DECIMAL': {
      const text =
        typeof value === 'string'
          ? value
          : typeof value === 'bigint'
            ? value.toString()
            : typeof value === 'number' && Number.isFinite(value)
              ? String(value)
              : undefined;
      if (text === undefined) return wrong();
      const decimal = normalizeDecimal(text, type.length, type.scale);
      if ('error' in decimal) return { error: `${shown()} ${decimal.error}` };
      if (type.unsigned && decimal.value.startsWith('-')) {
        return { error: `${shown()} is negative and ${String(type)} is unsigned` };
      }
      return decimal;
    }
    case 'BOOLEAN':
      if (typeof value === 'boolean') return { value };
      if (value === 1 || value === 0) return { value: value === 1 };
      // What a form or query string carries; Sequelize's BOOLEAN takes these two words as well.
      if (value === 'true' || value === 'false') return { value: value === 'true' };
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
    case 'DATEONLY': {
      if (value instanceof Date && !Number.isNaN(value.getTime())) {
        // A Date is an instant: its UTC calendar day is the one that does not depend on the process TZ.
        return { value: value.toISOString().slice(0, 10) };
      }
      const match = typeof value === 'string' ? DATEONLY_PATTERN.exec(value) : null;
      if (!match) return wrong();
      const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
      const probe = new Date(Date.UTC(year, month - 1, day));
      if (probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) {
        return { error: `${shown()} is not a calendar date` };
      }
      return { value };
    }
    case 'TIME': {
      const match = typeof value === 'string' ? TIME_PATTERN.exec(value) : null;
      if (!match) return wrong();
      const [hours, minutes, seconds] = [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
      if (hours > 23 || minutes > 59 || seconds > 59) return { error: `${shown()} is not a time of day` };
      return { value: `${match[1]}:${match[2]}:${match[3] ?? '00'}` };
    }
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
      if (typeof value === 'number' && !Number.isFinite(value)) return { error: `${shown()} has no JSON form` };
      return { value };
    case 'ARRAY': {
      if (!Array.isArray(value)) return wrong();
      const element = type.element as DataType;
      const out: unknown[] = [];
      for (const item of value) {
        const result = coerceValue(element, item, revealValue);
        if ('error' in result) return { error: `array element: ${result.error}` };
        out.push(result.value);
      }
      return { value: out };
    }
    case 'VIRTUAL':
      return { value };
  }
}

/**
 * An IPv4/IPv6 address with an optional `/prefix` within the address's width (INET), or with a
 * prefix that PostgreSQL may leave out for CIDR (it then takes the address's class width). Bits
 * set right of a CIDR's mask are the database's to refuse.
 */
function isNetworkAddress(text: string, network: boolean): boolean {
  const [address, prefix, extra] = text.split('/');
  if (extra !== undefined || address === undefined) return false;
  const version = isIP(address);
  if (version === 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (version === 4 ? 32 : 128) && (network || prefix.length > 0);
}

/** One bound as a user may write it: a plain value (Sequelize's default inclusivity) or `{ value, inclusive }`. */
interface RangeBound {
  value: unknown;
  inclusive: boolean;
}

/** The subtypes whose PostgreSQL type has 'infinity' (integers have none: leave the bound out, null). */
const INFINITE_SUBTYPES = new Set(['DATE', 'DATEONLY', 'DECIMAL']);

/**
 * A RANGE value as Sequelize v6 writes it: `[]` is the empty range; `[lower, upper]` has bounds
 * that are plain values (lower inclusive, upper exclusive, PostgreSQL's default) or
 * `{ value, inclusive }`; a null bound is unbounded; `Infinity`/`-Infinity` are infinite bounds
 * where the subtype has them. Returns bounds always as `{ value, inclusive }`, each value in the
 * subtype's JS type, which is also how a range reads back.
 */
function coerceRange(type: DataType, value: unknown, revealValue: boolean, wrong: () => { error: string }): Coerced {
  if (!Array.isArray(value) || (value.length !== 0 && value.length !== 2)) return wrong();
  if (value.length === 0) return { value: [] };
  const element = type.element as DataType;
  const bounds: RangeBound[] = [];
  for (const [index, written] of value.entries()) {
    const side = index === 0 ? 'lower' : 'upper';
    const isObject = typeof written === 'object' && written !== null && !(written instanceof Date);
    if (isObject && !('value' in written))
      return { error: `range ${side} bound: an object bound is { value, inclusive }` };
    const raw: unknown = isObject ? (written as { value: unknown }).value : written;
    const inclusiveWritten: unknown = isObject ? (written as { inclusive?: unknown }).inclusive : undefined;
    if (inclusiveWritten !== undefined && typeof inclusiveWritten !== 'boolean') {
      return { error: `range ${side} bound: inclusive is true or false` };
    }
    // Sequelize's defaults, PostgreSQL's canonical form: '[lower, upper)'.
    const inclusive = inclusiveWritten ?? index === 0;
    if (raw === null || raw === undefined) {
      bounds.push({ value: null, inclusive: false });
    } else if (raw === Infinity || raw === -Infinity) {
      if (!INFINITE_SUBTYPES.has(element.key)) {
        return { error: `range ${side} bound: ${String(element)} has no infinity; use null for an unbounded side` };
      }
      bounds.push({ value: raw, inclusive: false });
    } else {
      const coerced = coerceValue(element, raw, revealValue);
      if ('error' in coerced) return { error: `range ${side} bound: ${coerced.error}` };
      bounds.push({ value: coerced.value, inclusive });
    }
  }
  const [lower, upper] = bounds as [RangeBound, RangeBound];
  if (boundsInverted(lower.value, upper.value, element)) {
    return { error: `range lower bound ${String(lower.value)} is above the upper bound ${String(upper.value)}` };
  }
  return { value: bounds };
}

/**
 * Whether a range's lower bound is above its upper one (which PostgreSQL refuses), for finite
 * bounds of the subtype's JS type. Doubles order decimals safely here: rounding to a double
 * never reverses two values, it can only make them equal, and equal bounds are left alone.
 */
function boundsInverted(lower: unknown, upper: unknown, element: DataType): boolean {
  if (lower === null || upper === null || lower === -Infinity || upper === Infinity) return false;
  if (lower === Infinity || upper === -Infinity) return lower !== upper;
  switch (element.key) {
    case 'BIGINT':
      return BigInt(lower as string) > BigInt(upper as string);
    case 'DATE':
      return (lower as Date).getTime() > (upper as Date).getTime();
    case 'DATEONLY':
      return (lower as string) > (upper as string);
    default:
      return Number(lower) > Number(upper);
  }
}

function countCharacters(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}
