import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'jest.config.js'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    // Plain CommonJS scripts run by node directly (the container HEALTHCHECK).
    files: ['scripts/**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', process: 'readonly', module: 'writable' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The status page's plain browser modules (no build step), served as they are from public/.
    files: ['public/**/*.js'],
    languageOptions: {
      sourceType: 'module',
      ecmaVersion: 2022,
      globals: Object.fromEntries(
        ['window', 'document', 'fetch', 'sessionStorage', 'AbortController', 'Intl', 'setTimeout', 'clearTimeout'].map((name) => [name, 'readonly']),
      ),
    },
  },
  {
    files: ['src/simulator/cli.ts', 'src/cli/**/*.ts', 'scripts/**', 'bench/**', 'bench/**'],
    rules: { 'no-console': 'off' },
  },
);
