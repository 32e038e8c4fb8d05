import pluralize from 'pluralize';

/** `UserProfile` -> `UserProfiles`, as Sequelize names tables from models. */
export function pluralizeName(name: string): string {
  return pluralize.plural(name);
}

export function singularizeName(name: string): string {
  return pluralize.singular(name);
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
