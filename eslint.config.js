// Lint: typescript-eslint's type-aware rules over every package's sources. The point is the
// promise rules (a floating or misused promise is a lost error or a race); the rest of
// recommended-type-checked stays on except where noted.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/dist/**', 'web/src/graphql-env.d.ts', 'bench/results/**', 'test-results/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        // The same two programs as `pnpm typecheck`: one per package would check server/ again from test/ and bench/.
        project: ['./tsconfig.json', './web/tsconfig.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // `_name` marks a parameter kept for its position, or a property left out of a rest object.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // The `any`s these see come from libraries (envelop's execute, vitest's asymmetric matchers,
      // playwright's postDataJSON); our own `any` is caught by no-explicit-any, which stays on.
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      // Solid passes bound callbacks through props (`retry={session.retry}`), which this cannot tell.
      '@typescript-eslint/unbound-method': 'off',
      // Test doubles implement async interfaces without awaiting anything.
      '@typescript-eslint/require-await': 'off',
      // Only its "type arguments may be inferred from the assertion" variant was left: style, not safety.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      // FormData.get and GraphQL key data are strings in practice; String() is the conversion meant.
      '@typescript-eslint/no-base-to-string': 'off',
    },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { console: 'readonly', process: 'readonly', URL: 'readonly' },
    },
  },
);
