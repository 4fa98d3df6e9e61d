import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findImportCycles, importedNames } from './import-cycles';

const root = path.resolve(import.meta.dirname, '..', '..');

describe('no import cycles', () => {
  it.each(['shared', 'renderer', 'electron', 'server'])('%s/ has none, type-only imports included', (folder) => {
    expect(findImportCycles(root, [folder])).toEqual([]);
  }, 60_000);

  it('none across the folders either', () => {
    expect(findImportCycles(root, ['shared', 'renderer', 'electron', 'server'])).toEqual([]);
  }, 60_000);

  it('finds a cycle held together by a type-only import, and a longer one', () => {
    const fixtures = path.join('test', 'lint', 'fixtures');
    const cycles = findImportCycles(root, [path.join(fixtures, 'cycle')]).sort((x, y) => x.length - y.length);
    expect(cycles).toEqual([
      ['test/lint/fixtures/cycle/model.ts', 'test/lint/fixtures/cycle/rules.ts'],
      ['test/lint/fixtures/cycle/a.ts', 'test/lint/fixtures/cycle/b.ts', 'test/lint/fixtures/cycle/c/index.ts'],
    ]);
  });

  it('reads every kind of import as an edge', () => {
    const text = [
      "import type { A } from './a';",
      "import { b } from './b';",
      "export { c } from './c';",
      "export * from './d';",
      "type E = import('./e').E;",
      "const f = () => import('./f');",
      "import { z } from 'zod';",
    ].join('\n');
    expect(importedNames('x.ts', text)).toEqual(['./a', './b', './c', './d', './e', './f']);
  });
});
