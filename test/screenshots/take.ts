// `npm run screenshots`: the README's pictures, taken from the demo as a new user meets it. It
// starts what `npm start` starts (the built app in the browser host and the embedded case service
// with a fresh demo workspace), signs in as Li Na (case manager) and Dmitri (team lead) in
// Chromium, and keeps the queue, a case, the viewer and the audit at 1280×720 (a common laptop)
// and 1440×900 in docs/screenshots/<width>x<height>/. A person looks at them: nothing here checks
// how they look. Run `npm run build` first.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { chromiumArgs, chromiumPath } from '../../playwright.config';
import { watchNetwork } from '../e2e/network-quiet';

const root = path.resolve(import.meta.dirname, '..', '..');
const sizes = [
  { width: 1280, height: 720 },
  { width: 1440, height: 900 },
] as const;

/** Starts the demo as `npm start` would and resolves with the app's address (token included). */
async function startDemo(dir: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    ['build/start.mjs', '--no-build', '--port', '0', '--service-port', '0', '--demo-dir', path.join(dir, 'demo'), '--data-dir', path.join(dir, 'data'), '--demo-size', '150'],
    { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let seen = '';
    const limit = setTimeout(() => reject(new Error(`the demo did not start within 3 minutes; it printed:\n${seen}`)), 180_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const found = /serving at (\S+)/.exec(seen);
      if (found) {
        clearTimeout(limit);
        resolve(found[1]!);
      }
    });
    child.on('exit', (code) => reject(new Error(`the demo ended (exit ${code}) before serving; it printed:\n${seen}`)));
  });
  return { url, child };
}

const quiet = new WeakMap<Page, ReturnType<typeof watchNetwork>>();

async function signIn(page: Page, url: string, username: string): Promise<void> {
  quiet.set(page, watchNetwork(page));
  await page.goto(url);
  await page.getByRole('textbox', { name: 'Username' }).fill(username);
  await page.getByRole('textbox', { name: 'Password' }).fill(`demo-${username}`);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('sync-status').filter({ hasText: 'Synced' }).waitFor({ timeout: 120_000 });
}

/** Lets lazy panels, thumbnails and live queries settle before a picture is taken. */
async function settle(page: Page): Promise<void> {
  await quiet.get(page)!(800);
}

async function caseManager(browser: Browser, url: string, folder: string, size: (typeof sizes)[number]): Promise<void> {
  const page = await browser.newPage({ viewport: size });
  await signIn(page, url, 'lina');
  await page.getByRole('button', { name: /Unassigned escalations/ }).click();
  await page.getByRole('grid', { name: 'Dispute queue' }).getByRole('row').nth(1).waitFor();
  await settle(page);
  await page.screenshot({ path: path.join(folder, 'queue.png') });

  // A case with videos, for the case and the viewer: the first in My cases that has two.
  await page.getByRole('button', { name: /My cases/ }).click();
  const rows = page.getByRole('grid', { name: 'Dispute queue' }).getByRole('row');
  const count = await rows.count();
  for (let index = 1; index < count; index += 1) {
    await rows.nth(index).click();
    await page.getByRole('heading', { level: 2 }).first().waitFor();
    await settle(page);
    const candidates = page.getByRole('checkbox', { name: /^Compare .*\.(mp4|mov)\)$/, disabled: false });
    if ((await candidates.count()) >= 2) {
      // The videos' thumbnails come once their files have arrived on this computer.
      const waiting = page.locator('li').filter({ hasText: /VID_/ }).getByTestId('kind-icon');
      for (let tries = 0; tries < 60 && (await waiting.count()) > 0; tries += 1) await page.waitForTimeout(1000);
      await settle(page);
      await page.screenshot({ path: path.join(folder, 'case.png') });
      await candidates.nth(0).check();
      await candidates.nth(1).check();
      await page.getByRole('button', { name: /^Compare \(2\)$/ }).click();
      await page.getByRole('region', { name: 'Evidence viewer' }).waitFor();
      await settle(page);
      await page.screenshot({ path: path.join(folder, 'viewer.png') });
      // Suggest offset on the second video, its answer scrolled into view in the details.
      const suggest = page.getByRole('button', { name: 'Suggest an offset for pane 2 against pane 1' });
      await suggest.scrollIntoViewIfNeeded();
      await suggest.click();
      const answer = page.getByRole('complementary').getByText(/lines up with pane 1|No clear match|cannot|could not|too short|different frame rates|do not overlap/).first();
      await answer.waitFor({ timeout: 120_000 });
      await answer.scrollIntoViewIfNeeded();
      await settle(page);
      await page.screenshot({ path: path.join(folder, 'viewer-suggest.png') });
      break;
    }
    await page.getByRole('button', { name: /Back to the queue/ }).click();
  }
  await page.close();
}

async function teamLead(browser: Browser, url: string, folder: string, size: (typeof sizes)[number]): Promise<void> {
  const page = await browser.newPage({ viewport: size });
  await signIn(page, url, 'dmitri');
  await page.getByRole('navigation').getByRole('button', { name: 'Audit' }).click();
  await page.getByRole('button', { name: 'Verify the log' }).click();
  await page.getByTestId('audit-verdict').filter({ hasText: /verified/ }).waitFor({ timeout: 120_000 }).catch(async (error: Error) => {
    await page.screenshot({ path: path.join(folder, 'audit-unverified.png') });
    throw error;
  });
  await settle(page);
  await page.evaluate(() => window.scrollTo({ top: 0 }));
  await page.screenshot({ path: path.join(folder, 'audit.png') });
  await page.close();
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'desk-screenshots-'));
  const { url, child } = await startDemo(dir);
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  try {
    for (const size of sizes) {
      const folder = path.join(root, 'docs', 'screenshots', `${size.width}x${size.height}`);
      await mkdir(folder, { recursive: true });
      await caseManager(browser, url, folder, size);
      await teamLead(browser, url, folder, size);
      process.stdout.write(`${folder}\n`);
    }
  } finally {
    await browser.close();
    child.stdin!.write('q\n');
    await new Promise((resolve) => child.once('exit', resolve));
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
