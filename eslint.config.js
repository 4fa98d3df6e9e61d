// Lint, and the import rules of ../shared/ARCHITECTURE.md: which runtime's folder may import what.
// test/lint/import-rules.test.ts proves each rule refuses a wrong-way import, test/lint/feature-zones.test.ts
// the renderer's feature zones; test/lint/import-cycles.test.ts refuses import cycles (type-only ones too).
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';
import path from 'node:path';
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

const root = import.meta.dirname;
const posix = (file) => path.relative(root, file).split(path.sep).join('/');
const featureOf = (file) => /^renderer\/features\/([^/]+)(\/|$)/.exec(file)?.[1];

/**
 * The renderer's zones (bulletproof-react's feature rule): a feature never imports another
 * feature; the shell (renderer/app, main.tsx) imports a feature only through its public entry,
 * `renderer/features/<name>/index.ts`; nothing else (ui, data, platform, i18n) imports a feature.
 * What two features share moves to renderer/ui or renderer/data, or the shell passes it in.
 */
const featureZones = {
  meta: {
    type: 'problem',
    schema: [],
    messages: {
      crossFeature:
        'renderer/features/{{from}} may not import renderer/features/{{to}}: move what they share to renderer/ui or renderer/data, or let the shell pass it in.',
      internals: 'Import renderer/features/{{to}} through its public entry (renderer/features/{{to}}/index.ts), not {{target}}.',
      belowFeatures: '{{file}} is below the features and may not import renderer/features/{{to}}; only the shell composes features.',
    },
  },
  create(context) {
    const file = posix(context.filename);
    if (!file.startsWith('renderer/')) return {};
    const own = featureOf(file);
    const isShell = file.startsWith('renderer/app/') || file === 'renderer/main.tsx';
    function check(node) {
      const source = node.source?.value;
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = posix(path.resolve(path.dirname(context.filename), source)).replace(/\.(ts|tsx)$/, '');
      const to = featureOf(target);
      if (to === undefined || to === own) return;
      if (own !== undefined) context.report({ node, messageId: 'crossFeature', data: { from: own, to } });
      else if (!isShell) context.report({ node, messageId: 'belowFeatures', data: { file, to } });
      else if (target !== `renderer/features/${to}` && target !== `renderer/features/${to}/index`) {
        context.report({ node, messageId: 'internals', data: { to, target } });
      }
    }
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
  },
};

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
    plugins: { 'react-hooks': reactHooks, desk: { rules: { 'feature-zones': featureZones } } },
    rules: { ...reactHooks.configs.recommended.rules, 'desk/feature-zones': 'error' },
  },
  // Playwright reads a fixture's dependencies from its destructuring, so `{}` means "none".
  { files: ['test/e2e/**/*.ts'], rules: { 'no-empty-pattern': 'off' } },
  // electron/services/ files match electron/** too. A later block's rule options replace an
  // earlier one's, so the services block follows the electron block and repeats its list.
  ...importRules,
);
