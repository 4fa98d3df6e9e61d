import { ESLint } from 'eslint';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Each fixture is linted as if it stood at `pretendPath`, so the folder rules of eslint.config.js
// apply to it exactly as they would to a real file there.
const cases = [
  { fixture: 'renderer-imports-fs.ts', pretendPath: 'renderer/features/queue/bad.ts', refused: true },
  { fixture: 'renderer-imports-electron.ts', pretendPath: 'renderer/app/bad.ts', refused: true },
  { fixture: 'renderer-imports-service.ts', pretendPath: 'renderer/app/bad.ts', refused: true },
  { fixture: 'shared-imports-react.ts', pretendPath: 'shared/bad.ts', refused: true },
  { fixture: 'shared-imports-path.ts', pretendPath: 'shared/bad.ts', refused: true },
  { fixture: 'service-imports-electron.ts', pretendPath: 'electron/services/bad.ts', refused: true },
  { fixture: 'service-imports-host.ts', pretendPath: 'electron/services/bad.ts', refused: true },
  { fixture: 'server-imports-renderer.ts', pretendPath: 'server/bad.ts', refused: true },
  { fixture: 'shared-allowed.ts', pretendPath: 'shared/good.ts', refused: false },
  { fixture: 'renderer-allowed.ts', pretendPath: 'renderer/app/good.ts', refused: false },
  { fixture: 'service-allowed.ts', pretendPath: 'electron/services/good.ts', refused: false },
] as const;

const root = path.resolve(import.meta.dirname, '..', '..');
const eslint = new ESLint({ cwd: root });

describe('import rules between runtimes', () => {
  it.each(cases)('$fixture at $pretendPath is refused: $refused', async ({ fixture, pretendPath, refused }) => {
    const code = await readFile(path.join(import.meta.dirname, 'fixtures', fixture), 'utf8');
    const [result] = await eslint.lintText(code, { filePath: path.join(root, pretendPath) });
    const importErrors = result!.messages.filter((message) => message.ruleId === 'no-restricted-imports');
    if (refused) {
      expect(importErrors.length).toBeGreaterThan(0);
      expect(importErrors[0]!.severity).toBe(2);
    } else {
      expect(result!.messages).toEqual([]);
    }
  });
});
