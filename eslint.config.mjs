import { readdirSync } from 'node:fs';
import path from 'node:path';
import eslint from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/*
 * Boundaries between src/'s top-level folders, checked on resolved paths (type imports included). Import cycles
 * are checked by oxlint (.oxlintrc.json): this plugin's no-cycle skips `import type`, and a cycle through types
 * still ties modules together.
 *
 * - A folder is imported only through its index.ts, its public face; what lies behind it (sub-folders included) is
 *   the folder's own business. The root files (main.ts, server.ts, service.ts, version.ts) obey this too.
 * - Layers, as the code has them: the root files, companies/ and wiring/ assemble everything and only they import
 *   wiring/ and http/ (companies/ builds each company's data path with wiring/); no folder imports a root file but demo/ (it is handed the assembled Service); config/, logging/ and
 *   text/ import only each other; qbo/ and store/ only those three; search/ those and qbo/ (records); the
 *   simulator and the CLI share no code with the service (one plays QuickBooks, the other talks HTTP); threads/
 *   (starting a worker thread from its entry file) imports nothing else from src/.
 * - test/ and bench/ may import a folder's internals: they exercise and measure what lies behind the public face.
 * - A worker thread's entry file, started by path (new Worker(...)), is not an import.
 */
const ROOT = import.meta.dirname;
const ENTRIES = readdirSync(path.join(ROOT, 'src'), { withFileTypes: true });
const FOLDERS = ENTRIES.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
// Listed rather than globbed: the rule builds a matcher per file and zone for a glob, a path prefix costs nothing.
const ROOT_FILES = ENTRIES.filter((entry) => entry.isFile() && entry.name.endsWith('.ts')).map((entry) => `src/${entry.name}`);
const FOUNDATION = ['config', 'logging', 'text'];
const dir = (name) => `src/${name}`;
const allBut = (...names) => FOLDERS.filter((name) => !names.includes(name)).map(dir);

const ZONES = [
  ...FOLDERS.map((name) => ({
    target: [...ROOT_FILES, ...allBut(name)],
    from: dir(name),
    except: ['./index.ts'],
    message: `Import ${name}/ through its index.ts.`,
  })),
  { target: allBut('wiring', 'companies'), from: dir('wiring'), message: 'Only the root files and companies/ import wiring/.' },
  { target: allBut('wiring', 'http', 'companies'), from: dir('http'), message: 'Only the root files, companies/ and wiring/ import http/.' },
  { target: allBut('demo'), from: ROOT_FILES, message: 'Only demo/ imports a root file (the Service it is handed).' },
  { target: FOUNDATION.map(dir), from: [...ROOT_FILES, ...allBut(...FOUNDATION)], message: 'config/, logging/ and text/ import only each other.' },
  { target: dir('qbo'), from: allBut('qbo', ...FOUNDATION), message: 'qbo/ is the QuickBooks edge: it imports only config/, logging/, text/.' },
  { target: dir('store'), from: allBut('store', ...FOUNDATION), message: 'store/ keeps rows, not records: it imports only config/, logging/, text/.' },
  { target: dir('search'), from: allBut('search', 'qbo', ...FOUNDATION), message: 'search/ imports only qbo/ (records), config/, logging/, text/.' },
  ...['simulator', 'cli'].map((name) => ({ target: dir(name), from: [...ROOT_FILES, ...allBut(name)], message: `${name}/ shares no code with the service.` })),
  { target: dir('threads'), from: [...ROOT_FILES, ...allBut('threads')], message: 'threads/ is self-contained: it imports nothing else from src/.' },
];

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
    files: ['src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.json', '.node'] })] },
    rules: { 'import-x/no-restricted-paths': ['error', { basePath: ROOT, zones: ZONES }] },
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
