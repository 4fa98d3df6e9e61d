import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { writePhoto } from '../support/media';
import { electronSkipReason, installedElectronBinary } from './electron-binary';

// The desktop host itself, through Playwright's _electron, wherever an Electron binary exists.
// Nothing here can run it (the binary cannot be downloaded), so this spec skips with its reason
// on our machines and CI; it is written to run as is on a developer's machine that has one.

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const binary = installedElectronBinary();
const run = promisify(execFile);

test.describe('Electron host smoke test', () => {
  test.skip(!binary, electronSkipReason);
  test.describe.configure({ timeout: 120_000 });

  let dataDir: string;
  let app: ElectronApplication;
  let page: Page;
  let photo: { file: string; sha256: string };

  test.beforeAll(async () => {
    // An isolated data folder: nothing of the developer's own desk is read or changed.
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'desk-electron-'));
    const file = path.join(dataDir, 'front.jpg');
    await writePhoto(file, { seed: 31 });
    const { stdout } = await run(path.join(repoRoot, 'node_modules', '.bin', 'tsx'), [
      path.join(repoRoot, 'electron', 'cli.ts'),
      'ingest',
      '--store',
      path.join(dataDir, 'evidence'),
      '--case',
      'D-100001',
      file,
    ]);
    photo = { file, sha256: (JSON.parse(stdout.trim()) as { sha256: string }).sha256 };
    app = await electron.launch({ executablePath: binary!, args: [repoRoot, '--data-dir', dataDir] });
    page = await app.firstWindow();
    // Links the app hands to the system browser are recorded instead of opened.
    await app.evaluate(({ shell }) => {
      const opened: string[] = [];
      (globalThis as { openedOutside?: string[] }).openedOutside = opened;
      shell.openExternal = async (url: string) => {
        opened.push(url);
      };
    });
  });

  test.afterAll(async () => {
    await app?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  test('opens the window from app:// with the preload API, the CSP and its own data folder', async () => {
    await expect(page.getByRole('navigation', { name: 'Sections' })).toBeVisible();
    expect(page.url()).toMatch(/^app:\/\/desk\//);
    const info = await page.evaluate(() => window.desk.invoke('app.info', {}));
    expect(info).toMatchObject({ ok: true, value: { host: 'electron', dataDir, canOpenFolders: true, canChooseFolders: true } });
    const csp = await page.evaluate(async () => (await fetch('/index.html')).headers.get('content-security-policy'));
    expect(csp).toContain("script-src 'self'");
    const nodeVisible = await page.evaluate(() => typeof (globalThis as { require?: unknown }).require);
    expect(nodeVisible).toBe('undefined');
    const refused = await page.evaluate(() => window.desk.invoke('app.nope' as 'app.info', {}));
    expect(refused).toMatchObject({ ok: false, error: { code: 'unknown_call' } });
  });

  test('serves evidence through evidence:// with 206 partial responses', async () => {
    const described = await page.evaluate((sha256) => window.desk.invoke('evidence.describe', { sha256 }), photo.sha256);
    expect(described).toMatchObject({ ok: true, value: { mediaUrl: expect.stringMatching(/^evidence:\/\//) } });
    const mediaUrl = (described as { value: { mediaUrl: string } }).value.mediaUrl;
    const ranged = await page.evaluate(async (url) => {
      const response = await fetch(url, { headers: { Range: 'bytes=0-99' } });
      return { status: response.status, length: (await response.arrayBuffer()).byteLength, range: response.headers.get('content-range') };
    }, mediaUrl);
    expect(ranged).toMatchObject({ status: 206, length: 100, range: expect.stringMatching(/^bytes 0-99\//) });
    const outside = await page.evaluate(async () => (await fetch('evidence://media/..%2F..%2Fsettings.json')).status);
    expect(outside).toBeGreaterThanOrEqual(400);
  });

  test('brings in a picked file by the path the preload found, a snapshot by its bytes, and refuses a path from the page', async () => {
    const context = { disputeId: 'D-100001', party: 'buyer', channel: 'upload' } as const;
    const picked = path.join(dataDir, 'label.jpg');
    await writePhoto(picked, { seed: 32 });
    await page.evaluate(() => {
      const input = document.createElement('input');
      input.type = 'file';
      input.id = 'probe-input';
      document.body.append(input);
    });
    await page.setInputFiles('#probe-input', picked);
    const finished = (started: unknown) =>
      expect
        .poll(async () => {
          const jobId = (started as { value: { jobId: string } }).value.jobId;
          const progress = await page.evaluate((id) => window.desk.invoke('evidence.job', { jobId: id }), jobId);
          return (progress as { value: { finished: boolean; files: { status: string }[] } | null }).value;
        })
        .toMatchObject({ finished: true, files: [{ status: 'done' }] });

    const fromPick = await page.evaluate((ctx) => window.desk.ingestFiles(ctx, [(document.querySelector('#probe-input') as HTMLInputElement).files![0]!]), context);
    expect(fromPick).toMatchObject({ ok: true });
    await finished(fromPick);

    // A snapshot is an in-memory File: no path, so it goes by its bytes.
    const snapshot = await page.evaluate(async (ctx) => {
      const canvas = new OffscreenCanvas(64, 48);
      const draw = canvas.getContext('2d')!;
      draw.fillStyle = '#2a6';
      draw.fillRect(0, 0, 64, 48);
      const blob = await canvas.convertToBlob({ type: 'image/png' });
      return window.desk.ingestFiles(ctx, [new File([blob], 'snapshot.png', { type: 'image/png' })]);
    }, context);
    expect(snapshot).toMatchObject({ ok: true });
    await finished(snapshot);

    const byPath = await page.evaluate((ctx) => window.desk.invoke('evidence.ingest', { context: ctx, paths: ['/etc/passwd'] }), context);
    expect(byPath).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  test('prints a case report to the PDF file the user chose', async () => {
    const pdf = path.join(dataDir, 'report.pdf');
    await app.evaluate(({ dialog }, target) => {
      dialog.showSaveDialog = (async () => ({ canceled: false, filePath: target })) as typeof dialog.showSaveDialog;
    }, pdf);
    const printed = await page.evaluate(() => window.desk.printReport('case-D-100001'));
    expect(printed).toEqual({ ok: true, value: { savedTo: pdf } });
    expect((await readFile(pdf)).subarray(0, 5).toString()).toBe('%PDF-');
  });

  test('refuses navigation away, new windows and desk calls from a subframe', async () => {
    await page.evaluate(() => {
      location.href = 'https://example.com/elsewhere';
    });
    await expect.poll(() => app.evaluate(() => (globalThis as { openedOutside?: string[] }).openedOutside)).toContain('https://example.com/elsewhere');
    expect(page.url()).toMatch(/^app:\/\/desk\//);

    expect(await page.evaluate(() => window.open('https://example.com/popup') === null)).toBe(true);
    expect(app.windows()).toHaveLength(1);

    await page.evaluate(() => {
      const frame = document.createElement('iframe');
      frame.name = 'probe';
      frame.srcdoc = '<p>probe</p>';
      document.body.append(frame);
    });
    const frame = page.frame({ name: 'probe' });
    await expect.poll(() => frame?.evaluate(() => document.readyState)).toBe('complete');
    expect(await frame!.evaluate(() => typeof (window as { desk?: unknown }).desk)).toBe('undefined');
  });
});
