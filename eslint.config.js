import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['.output/**', '.wxt/**', 'node_modules/**', 'tests/artifacts/**', 'bench/results/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'smart'],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    // The content script's views use Preact's classic JSX runtime (see docs/architecture.md):
    // tell the scope analysis that JSX there uses the imported `h`.
    files: ['entrypoints/arxiv.content/**/*.tsx', 'components/*.tsx'],
    languageOptions: { parserOptions: { jsxPragma: 'h' } },
  },
  {
    // Node-side scripts and test harness may log progress.
    files: ['scripts/**', 'tests/**', 'bench/**'],
    languageOptions: { globals: globals.node },
    rules: { 'no-console': 'off' },
  },
);
