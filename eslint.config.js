// Lint, and the import rules of ../shared/ARCHITECTURE.md: which runtime's folder may import what.
// test/lint/import-rules.test.ts proves each rule refuses a wrong-way import.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const nodeBuiltins = builtinModules.filter((name) => !name.startsWith('_'));

/** A relative import that reaches a folder named like one of `folders`. */
function reachesFolder(folders, why) {
  return { regex: `^(\\.\\.?/)+(.*/)?(${folders.join('|')})(/|$)`, message: why };
}

const noNode = [
  { regex: '^node:', message: 'This runtime has no Node: keep Node code in electron/services/ or server/.' },
  {
    regex: `^(${nodeBuiltins.map((name) => name.replace(/[/]/g, '\\/')).join('|')})(/.*)?$`,
    message: 'This runtime has no Node: keep Node code in electron/services/ or server/.',
  },
];
const noElectron = {
  regex: '^electron(/.*)?$',
  message: 'Only electron/main.ts and electron/preload.ts may import electron; put logic in a plain-Node service.',
};

/** One rule block: files in `files` may not import what `patterns` name. */
function importRule(files, patterns) {
  return { files, rules: { 'no-restricted-imports': ['error', { patterns }] } };
}

const importRules = [
  importRule(
    ['shared/**/*.{ts,tsx}'],
    [
      ...noNode,
      noElectron,
      { regex: '^(react|react-dom|dexie|hono|@hono|@mantine)(/.*)?$', message: 'shared/ runs anywhere: no UI, storage or server framework.' },
      reachesFolder(['renderer', 'electron', 'server', 'test'], 'shared/ may not reach into a runtime folder.'),
    ],
  ),
  importRule(
    ['renderer/**/*.{ts,tsx}'],
    [...noNode, noElectron, reachesFolder(['electron', 'server', 'test'], 'The renderer talks to main only through window.desk.')],
  ),
  importRule(
    ['electron/**/*.ts'],
    [reachesFolder(['renderer', 'server', 'test'], 'electron/ may import shared/ and electron/services/ only.')],
  ),
  importRule(
    ['electron/services/**/*.ts'],
    [
      noElectron,
      reachesFolder(['renderer', 'server', 'test'], 'Services use shared/ and Node only.'),
      { regex: '^(\\.\\./)+(main|preload|browser-host)(\\.ts)?(/|$)', message: 'Services may not import the hosts that wire them.' },
    ],
  ),
  // Unit tests beside electron/ code may use the test media makers in test/support/, nothing else of test/.
  importRule(
    ['electron/**/*.test.ts'],
    [
      noElectron,
      reachesFolder(['renderer', 'server'], 'Tests of electron/ code use shared/, electron/ and test/support/ only.'),
      { regex: '^(\\.\\.?/)+(.*/)?test/(?!support/)', message: 'From test/, tests beside the code may import test/support/ only.' },
    ],
  ),
  importRule(
    ['server/**/*.ts'],
    [noElectron, reachesFolder(['renderer', 'electron', 'test'], 'server/ may import shared/ and Node packages only.')],
  ),
];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test/lint/fixtures/**', 'test-results/**', '.reports/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-console': ['error', { allow: ['info', 'warn', 'error'] }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  // Playwright reads a fixture's dependencies from its destructuring, so `{}` means "none".
  { files: ['test/e2e/**/*.ts'], rules: { 'no-empty-pattern': 'off' } },
  // electron/services/ files match electron/** too. A later block's rule options replace an
  // earlier one's, so the services block follows the electron block and repeats its list.
  ...importRules,
);
