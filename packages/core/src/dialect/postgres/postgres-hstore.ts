/** An HSTORE value as Strata reads and writes it: keys to strings, or null for SQL NULL. */
export type HstoreValue = Record<string, string | null>;

/** `"key"=>"value"`: a key or value quoted, with `"` and `\` escaped as hstore reads them. */
function quoted(text: string): string {
  return `"${text.replace(/(["\\])/g, '\\$1')}"`;
}

/**
 * The hstore text of an object (`"a"=>"1", "b"=>NULL`), sent as one bound parameter. Every key
 * and value is quoted, so `=>`, commas, quotes and spaces inside them are data.
 */
export function hstoreLiteral(value: HstoreValue): string {
  return Object.entries(value)
    .map(([key, item]) => `${quoted(key)}=>${item === null ? 'NULL' : quoted(item)}`)
    .join(', ');
}

/**
 * Reads hstore text as PostgreSQL prints it (every key and value quoted, `NULL` bare) into an
 * object. Unquoted items, which PostgreSQL accepts on input, are read too.
 */
export function parseHstore(text: string): HstoreValue {
  const result: HstoreValue = {};
  let at = 0;
  const skipSpaces = (): void => {
    while (at < text.length && /\s/.test(text[at] as string)) at++;
  };
  const readItem = (): { text: string; quoted: boolean } => {
    skipSpaces();
    if (text[at] === '"') {
      let out = '';
      at++;
      while (at < text.length && text[at] !== '"') {
        if (text[at] === '\\') at++;
        out += text[at] ?? '';
        at++;
      }
      at++;
      return { text: out, quoted: true };
    }
    const start = at;
    while (at < text.length && !/[\s,=]/.test(text[at] as string)) at++;
    return { text: text.slice(start, at), quoted: false };
  };
  skipSpaces();
  while (at < text.length) {
    const key = readItem();
    skipSpaces();
    at += 2; // =>
    const item = readItem();
    result[key.text] = !item.quoted && item.text.toUpperCase() === 'NULL' ? null : item.text;
    skipSpaces();
    if (text[at] === ',') at++;
    skipSpaces();
  }
  return result;
}
