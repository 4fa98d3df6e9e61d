import { ESLint } from 'eslint';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Each fixture is linted as if it stood at `pretendPath`, so eslint.config.js's desk/feature-zones
// rule applies to it exactly as it would to a real file there.
const cases = [
  { fixture: 'feature-imports-feature.ts', pretendPath: 'renderer/features/audit/bad.ts', refused: true },
  { fixture: 'feature-imports-feature-entry.ts', pretendPath: 'renderer/features/audit/bad.ts', refused: true },
  { fixture: 'feature-imports-feature.ts', pretendPath: 'renderer/features/settings/bad.ts', refused: true },
  { fixture: 'shell-imports-feature-internals.ts', pretendPath: 'renderer/app/bad.ts', refused: true },
  { fixture: 'data-imports-feature.ts', pretendPath: 'renderer/data/bad.ts', refused: true },
  { fixture: 'data-imports-feature.ts', pretendPath: 'renderer/ui/bad.ts', refused: true },
  { fixture: 'shell-imports-feature-entry.ts', pretendPath: 'renderer/app/good.ts', refused: false },
  { fixture: 'feature-imports-shared-code.ts', pretendPath: 'renderer/features/audit/good.ts', refused: false },
] as const;

const root = path.resolve(import.meta.dirname, '..', '..');
const eslint = new ESLint({ cwd: root });

describe('feature zones in the renderer', () => {
  it.each(cases)('$fixture at $pretendPath is refused: $refused', async ({ fixture, pretendPath, refused }) => {
    const code = await readFile(path.join(import.meta.dirname, 'fixtures', fixture), 'utf8');
    const [result] = await eslint.lintText(code, { filePath: path.join(root, pretendPath) });
    const zoneErrors = result!.messages.filter((message) => message.ruleId === 'desk/feature-zones');
    if (refused) {
      expect(zoneErrors.length).toBeGreaterThan(0);
      expect(zoneErrors[0]!.severity).toBe(2);
    } else {
      expect(result!.messages).toEqual([]);
    }
  }, 60_000);
});
