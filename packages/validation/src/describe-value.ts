/**
 * A value as an error message shows it. By default only its kind and size (`a string of 9
 * characters`, `a number`): messages end up in logs, error trackers and API responses, and the
 * value is user input that may be a password, a token or personal data. With `reveal` (a
 * model's `errorMessagesIncludeValues`) the value itself, shortened to 40 characters.
 *
 * null, undefined and booleans carry no secret and are always shown.
 *
 * @example
 * describeValue('hunter2');       // 'a string of 7 characters'
 * describeValue('hunter2', true); // 'the string "hunter2"'
 */
export function describeValue(value: unknown, reveal = false): string {
  if (value === null || value === undefined || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Date) return 'a Date';
  if (value instanceof Uint8Array) return 'a Buffer';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') {
    if (!reveal) return `a string of ${value.length} characters`;
    return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)}`;
  }
  if (reveal && (typeof value === 'number' || typeof value === 'bigint')) return `${typeof value} ${String(value)}`;
  return `a ${typeof value}`;
}
