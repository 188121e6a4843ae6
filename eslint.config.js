// Lint rules that keep the code base readable: typescript-eslint's recommended
// set, and size limits that keep files and functions small enough to review.
// Import boundaries between layers are checked by dependency-cruiser
// (.dependency-cruiser.cjs), which also finds cycles; the format is Prettier's.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'public/assets/**', 'test-results/**', 'data/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // A leading underscore marks a value left out on purpose (`const { body: _body, ...rest } = row`).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true }],
      // Input sanitisers match control characters on purpose, to strip them.
      'no-control-regex': 'off',
    },
  },
  {
    // Source stays reviewable: files of at most 400 lines, functions of at most 150 (tests' describe blocks aside).
    files: ['src/**/*.{ts,tsx}', 'client/**/*.ts'],
    ignores: ['src/cli/demo/content/**', 'src/**/*.test.{ts,tsx}'],
    rules: {
      'max-lines': ['error', { max: 400, skipBlankLines: false, skipComments: false }],
      'max-lines-per-function': ['error', { max: 150, skipBlankLines: false, skipComments: false, IIFEs: true }],
    },
  },
  {
    // Migrations are frozen in time and typed against Kysely<any>, not today's schema.
    files: ['src/platform/db/migrations/**', 'src/platform/db/migrator.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Tests reach into pages and responses whose shapes they assert rather than declare.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Browser scripts, and the functions the screenshot script runs inside the page.
    files: ['client/**/*.ts', 'scripts/screenshot.mjs'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
