import { randomBytes } from 'node:crypto';

// 100-nanosecond intervals between the Gregorian reform (1582-10-15) and the Unix epoch.
const GREGORIAN_OFFSET = 122_192_928_000_000_000n;

/** The last timestamp handed out and how many ids shared its millisecond, so ids stay unique and ordered. */
let lastMillis = -1;
let sameMillisCount = 0;
// A random clock sequence and node id per process (RFC 4122 §4.5: multicast bit set, no MAC address leaked).
const clockSequence = randomBytes(2).readUInt16BE(0) & 0x3fff;
const node = randomBytes(6);
node[0] |= 0x01;

/**
 * A time-based (version 1) UUID, what Sequelize's `DataTypes.UUIDV1` default gives. Node's crypto
 * only makes v4, so it is built here: the 60-bit timestamp, the clock sequence and the node id.
 */
export function uuidV1(): string {
  const millis = Date.now();
  sameMillisCount = millis === lastMillis ? sameMillisCount + 1 : 0;
  lastMillis = millis;
  // Up to 10 000 ids per millisecond get distinct 100 ns ticks.
  const ticks = BigInt(millis) * 10_000n + BigInt(sameMillisCount % 10_000) + GREGORIAN_OFFSET;
  const timeLow = Number(ticks & 0xffffffffn);
  const timeMid = Number((ticks >> 32n) & 0xffffn);
  const timeHighAndVersion = Number((ticks >> 48n) & 0x0fffn) | 0x1000;
  const hex = (value: number, digits: number): string => value.toString(16).padStart(digits, '0');
  return [
    hex(timeLow, 8),
    hex(timeMid, 4),
    hex(timeHighAndVersion, 4),
    hex(clockSequence | 0x8000, 4),
    node.toString('hex'),
  ].join('-');
}
