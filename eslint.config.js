import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'test-results', 'playwright-report', 'scratch', 'bench-results', 'reports', '.stryker-tmp'] },
  js.configs.recommended,
  { rules: { eqeqeq: ['error', 'always'] } },
  {
    // Rules that read the types: each file is checked with the tsconfig that includes it.
    files: ['**/*.{ts,tsx}'],
    extends: [...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      globals: { ...globals.browser, ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    // Zustand's actions are arrow functions made in the store creator: taking one out of the
    // state (`useAppStore((state) => state.setField)`) loses no `this`.
    files: ['src/ui/**/*.{ts,tsx}'],
    rules: { '@typescript-eslint/unbound-method': 'off' },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    // Tests walk parsed manifests as loosely typed JSON.
    files: ['**/*.test.ts', 'src/test/**/*.ts', 'e2e/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-base-to-string': 'off',
    },
  },
  {
    // The page's security tests try `new Function` on purpose: the content security policy must block it.
    files: ['e2e/**/*.ts'],
    rules: { '@typescript-eslint/no-implied-eval': 'off' },
  },
  {
    files: ['scripts/**/*.mjs', '*.js', '*.mjs'],
    languageOptions: { globals: globals.node },
  },
  {
    // The core is pure: it serves the page, a worker, the CLI and the tests alike.
    files: ['src/core/**/*.ts'],
    ignores: ['src/core/**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*', 'fs', 'path', 'os', 'child_process', 'util'], message: 'The core has no Node dependency.' },
            {
              group: [
                'react',
                'react-dom',
                'react/*',
                'zustand',
                'monaco-editor',
                'monaco-editor/*',
                'monaco-yaml',
                '../ui/*',
                '../state/*',
                '../cli/*',
              ],
              message: 'The core has no UI dependency.',
            },
          ],
        },
      ],
    },
  },
);
