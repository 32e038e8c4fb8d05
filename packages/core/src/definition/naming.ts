import pluralize from 'pluralize';

// pluralize tests a word against a few hundred rules: defining 50 models with their
// associations asks for the same hundred names about three times each, at start-up.
const plurals = new Map<string, string>();
const singulars = new Map<string, string>();

/** `UserProfile` -> `UserProfiles`, as Sequelize names tables from models. */
export function pluralizeName(name: string): string {
  let plural = plurals.get(name);
  if (plural === undefined) plurals.set(name, (plural = pluralize.plural(name)));
  return plural;
}

export function singularizeName(name: string): string {
  let singular = singulars.get(name);
  if (singular === undefined) singulars.set(name, (singular = pluralize.singular(name)));
  return singular;
}

/** `createdAt` -> `created_at`, for `underscored: true`. */
export function underscore(name: string): string {
  return name
    .replace(/([a-z\d])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z\d])/g, '$1_$2')
    .toLowerCase();
}

export function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

export function upperFirst(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
