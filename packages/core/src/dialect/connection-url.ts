import type { DialectName } from './dialect';

/** The dialect each server URL scheme selects. */
const SERVER_SCHEMES: ReadonlyMap<string, DialectName> = new Map([
  ['postgres', 'postgres'],
  ['postgresql', 'postgres'],
  ['mysql', 'mysql'],
  ['mariadb', 'mysql'],
]);

/** The URL forms a connection accepts, for error messages. */
export const CONNECTION_URL_FORMS = 'sqlite:, postgres:// or mysql://';

/**
 * An embedded database's URL (`sqlite::memory:`, `sqlite:relative/file.db`,
 * `sqlite:///abs/file.db`) as its dialect and storage; undefined for any other URL. These are
 * not URLs that `new URL()` reads the way a file path needs, so they are taken apart here.
 */
export function embeddedDatabaseUrl(url: string): { dialect: DialectName; storage: string } | undefined {
  const sqlite = /^sqlite:(?:\/\/)?(.*)$/.exec(url);
  if (!sqlite) return undefined;
  const path = sqlite[1];
  return { dialect: 'sqlite', storage: path === ':memory:' || path === '' ? ':memory:' : path };
}

/** The dialect a server URL's scheme (`postgres`, `postgresql`, `mysql`, `mariadb`) selects, if any. */
export function dialectOfUrlScheme(scheme: string): DialectName | undefined {
  return SERVER_SCHEMES.get(scheme);
}
