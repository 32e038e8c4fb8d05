// @ts-check
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

// ---------------------------------------------------------------------------------------------
// Boundaries (docs: DESIGN.md, "Packages and layers" and the folders of packages/core/src).
// Each folder group below gets ONE complete `@typescript-eslint/no-restricted-imports` setting:
// in a flat config a later block replaces a rule's options instead of merging them, so the
// groups are built from these pieces by `restrictedImports()`.
// ---------------------------------------------------------------------------------------------

/** Packages reach each other only through `@strata/<name>`, the entry their exports map publishes. */
const packageEntryOnly = [
  {
    regex: String.raw`^(\.\./)+(packages/)?(validation|core|annotations|cli)/(src|dist)(/|$)`,
    message: "Import another package through its public entry ('@strata/<name>'), never its src/ or dist/.",
  },
  {
    // '@strata/core/sequelize' is the one published subpath (the Sequelize compatibility entry).
    regex: '^@strata/(?!core/sequelize$)[^/]+/',
    message:
      "Only '@strata/<name>' (and '@strata/core/sequelize') is public: its exports map hides everything below it.",
  },
];

/** Dialect-specific code stays behind the Dialect interface; the registry in dialect/ picks one. */
const dialectFolders = {
  regex: String.raw`(^|/)dialect/(sqlite|postgres|mysql)(/|$)`,
  message:
    'Only packages/core/src/dialect/ imports a dialect folder: go through the Dialect interface (dialect/dialect.ts) or the registry (dialect/registry.ts).',
};

const knexMessage =
  'Only packages/core/src/compile/ imports knex: build SQL there and hand the rest { sql, bindings }.';

/**
 * @param {{ knex: 'forbidden' | 'types only' | 'allowed', dialects: 'forbidden' | 'allowed' }} allowed
 * @returns {['error', { paths: object[], patterns: object[] }]}
 */
function restrictedImports({ knex, dialects }) {
  const typesOnly = knex === 'types only';
  return [
    'error',
    {
      paths: knex === 'allowed' ? [] : [{ name: 'knex', message: knexMessage, allowTypeImports: typesOnly }],
      patterns: [
        ...packageEntryOnly,
        ...(knex === 'allowed' ? [] : [{ regex: '^knex/', message: knexMessage, allowTypeImports: typesOnly }]),
        ...(dialects === 'forbidden' ? [dialectFolders] : []),
      ],
    },
  ];
}

const sources = 'packages/*/src/**/*.ts';
const tests = ['packages/*/test/**/*.ts', 'packages/*/test-types/**/*.ts'];
const compileFolder = 'packages/core/src/compile/**';
const dialectFolder = 'packages/core/src/dialect/**';
/** A dialect's own unit tests (e.g. SQLite date parsing) test that folder directly. */
const dialectTests = 'packages/core/test/dialect/**';

export default tseslint.config(
  {
    ignores: ['**/dist/**', '**/node_modules/**', 'bench/**', 'coverage/**', 'docs/api/**', '**/*.d.ts'],
  },
  {
    // A sequelize-cli app's files as sequelize-cli generates them (e.g. the unused `Sequelize`
    // parameter): the fixture is what such a team has, not code written to this repo's rules.
    ignores: ['packages/cli/test/fixtures/sequelize-cli-app/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        console: 'readonly',
        __dirname: 'readonly',
        Buffer: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      // User callbacks (getters, validators, hooks) are called with `this` bound to an instance whose type the engine cannot know.
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-require-imports': 'off',
      '@typescript-eslint/no-unsafe-declaration-merging': 'off',
      '@typescript-eslint/no-restricted-imports': restrictedImports({ knex: 'allowed', dialects: 'allowed' }),
    },
  },
  {
    files: [sources],
    ignores: [compileFolder, dialectFolder],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrictedImports({ knex: 'forbidden', dialects: 'forbidden' }),
    },
  },
  {
    files: [compileFolder],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrictedImports({ knex: 'allowed', dialects: 'forbidden' }),
    },
  },
  {
    files: [dialectFolder],
    rules: {
      // Type-only: a dialect customises knex's table builders (column types, engines, indexes),
      // so it names knex's builder types; the builders themselves are made in compile/.
      '@typescript-eslint/no-restricted-imports': restrictedImports({ knex: 'types only', dialects: 'allowed' }),
    },
  },
  {
    files: tests,
    ignores: [dialectTests],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrictedImports({ knex: 'allowed', dialects: 'forbidden' }),
    },
  },
  {
    // Runtime import cycles in the packages' sources (type-only imports are erased, so they
    // cannot cycle and are not followed). Limited to src/: tests are leaves nothing imports.
    files: [sources],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      // tsconfig.test.json maps '@strata/<name>' to packages/<name>/src, so a cycle between
      // packages is found too, and the resolver never needs a built dist/.
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: 'tsconfig.test.json' })],
    },
    rules: {
      // ignoreExternal: node_modules cannot import us back, and not walking them keeps lint fast.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    files: ['**/test/**/*.ts', '**/*.test.ts', 'test-support/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
