// Lint rules that keep the code base readable: typescript-eslint's recommended
// set, and size limits that keep files and functions small enough to review.
// Import boundaries between layers are checked by dependency-cruiser
// (.dependency-cruiser.cjs), which also finds cycles.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'public/assets/**', 'test-results/**', 'data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // A leading underscore marks a value left out on purpose (`const { body: _body, ...rest } = row`).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true }],
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
);
