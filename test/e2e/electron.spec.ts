import { _electron as electron, expect, test } from '@playwright/test';
import path from 'node:path';
import { electronSkipReason, installedElectronBinary } from './electron-binary';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const binary = installedElectronBinary();

test.describe('Electron host smoke test', () => {
  test.skip(!binary, electronSkipReason);

  test('opens the window from app:// with the preload API and the CSP', async () => {
    const app = await electron.launch({ executablePath: binary!, args: [repoRoot] });
    try {
      const page = await app.firstWindow();
      await expect(page.getByRole('navigation', { name: 'Sections' })).toBeVisible();
      expect(page.url()).toMatch(/^app:\/\/desk\//);
      const info = await page.evaluate(() => window.desk.invoke('app.info', {}));
      expect(info).toMatchObject({ ok: true, value: { host: 'electron' } });
      const csp = await page.evaluate(async () => (await fetch('/index.html')).headers.get('content-security-policy'));
      expect(csp).toContain("script-src 'self'");
      const nodeVisible = await page.evaluate(() => typeof (globalThis as { require?: unknown }).require);
      expect(nodeVisible).toBe('undefined');
      const refused = await page.evaluate(() => window.desk.invoke('app.nope' as 'app.info', {}));
      expect(refused).toMatchObject({ ok: false, error: { code: 'unknown_call' } });
    } finally {
      await app.close();
    }
  });
});
