/**
 * A spelling a database uses for a column type, and the spelling the schema diff compares it
 * in: `[/^CHARACTER VARYING/, 'VARCHAR']`.
 */
export type TypeSynonym = readonly [spelling: RegExp, canonical: string];

/**
 * A column type in upper case with single spaces and none around commas, then rewritten by the
 * first of the dialect's synonyms that matches. Each dialect lists the spellings it writes and
 * reports, so that both sides of a comparison come out the same.
 */
export function canonicalTypeSpelling(type: string, synonyms: readonly TypeSynonym[]): string {
  const text = type
    .trim()
    .toUpperCase()
    .replace(/\s+/g, ' ')
    .replace(/\s*,\s*/g, ',');
  const synonym = synonyms.find(([spelling]) => spelling.test(text));
  return synonym ? text.replace(synonym[0], synonym[1]) : text;
}

/** What a dialect's introspector may wrap a default's literal in, beyond SQL string quotes. */
export interface DefaultSyntax {
  /** A trailing type cast: `'a'::text`. */
  casts: boolean;
  /** Parentheses around the whole default: `(0)`. */
  parentheses: boolean;
  /** Booleans as words (`true`, `t`, `false`, `f`), compared as the 1 and 0 other dialects store. */
  booleanWords: boolean;
}

/**
 * A default as the schema diff compares it: without the casts, parentheses and quotes the
 * dialect reports around it (in that order), booleans as 1 and 0, and numbers in one form
 * (`10.50` and `10.5` are one default).
 */
export function canonicalDefaultSpelling(value: string, syntax: DefaultSyntax): string {
  let text = value.trim();
  // A cast to a built-in type (`::character varying`) or a named one (`::enum_posts_status`).
  const cast = syntax.casts ? /^(.*)::([a-z_][a-z0-9_ ]*|"(?:[^"]|"")+")(\(\d+(,\d+)?\))?(\[\])?$/i.exec(text) : null;
  if (cast) text = cast[1];
  if (syntax.parentheses && /^\(.*\)$/.test(text)) text = text.slice(1, -1);
  if (/^'.*'$/s.test(text)) text = text.slice(1, -1).replace(/''/g, "'");
  if (syntax.booleanWords && /^(true|t)$/i.test(text)) return '1';
  if (syntax.booleanWords && /^(false|f)$/i.test(text)) return '0';
  if (/^-?\d+(\.\d+)?$/.test(text)) return String(Number(text));
  return text;
}
