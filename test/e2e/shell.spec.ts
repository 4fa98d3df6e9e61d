import AxeBuilder from '@axe-core/playwright';
import { expect, test as base, type ConsoleMessage } from '@playwright/test';
import path from 'node:path';
import { startBrowserHost, type RunningHost } from './browser-host';
import { startCaseService } from './case-service';

const test = base.extend<{ consoleErrors: string[] }, { host: RunningHost }>({
  host: [
    async ({}, use) => {
      const host = await startBrowserHost();
      await use(host);
      await host.stop();
    },
    { scope: 'worker' },
  ],
  consoleErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('console', (message: ConsoleMessage) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    await use(errors);
  },
});

test('the shell loads with navigation, the first-run screen without a case service, and the host in the status bar', async ({ page, host, consoleErrors }) => {
  const response = await page.goto(host.url);
  expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");

  const nav = page.getByRole('navigation', { name: 'Sections' });
  for (const name of ['Queues', 'Compare', 'Settings']) {
    await expect(nav.getByRole('button', { name })).toBeVisible();
  }
  // The audit is offered to a signed-in team lead only (test/e2e/audit.spec.ts).
  await expect(nav.getByRole('button', { name: 'Audit' })).toHaveCount(0);
  await expect(page.getByRole('heading', { name: "Connect to your team's case service" })).toBeVisible();
  await expect(page.getByTestId('host-kind')).toHaveText('Browser host');
  await expect(page.getByTestId('network-status')).toHaveText('No case service');
  // The token leaves the address bar once it is taken.
  expect(page.url()).not.toContain('token');
  expect(consoleErrors).toEqual([]);
});

test('window.desk answers app.info from the browser host', async ({ page, host }) => {
  await page.goto(host.url);
  const result = await page.evaluate(() => window.desk.invoke('app.info', {}));
  expect(result).toEqual({
    ok: true,
    value: {
      version: expect.any(String),
      host: 'browser',
      dataDir: host.dataDir,
      serviceUrl: null,
      logDir: path.join(host.dataDir, 'logs'),
      canOpenFolders: false,
      canChooseFolders: false,
      // The media tools that come with the app, found without ffmpeg on the PATH.
      mediaTools: { ffmpeg: expect.objectContaining({ source: 'bundled' }), ffprobe: expect.objectContaining({ source: 'bundled' }) },
      // The browser host has no keychain: its store's key is a key file, made at the first start.
      atRest: { protection: 'key-file', backend: null, made: true, unusableKeychain: null, setAside: null },
    },
  });
});

test('a reload keeps working without the token in the address', async ({ page, host, consoleErrors }) => {
  await page.goto(host.url);
  await expect(page.getByTestId('host-kind')).toHaveText('Browser host');
  await page.reload();
  await expect(page.getByTestId('host-kind')).toHaveText('Browser host');
  expect(consoleErrors).toEqual([]);
});

test('calls without the token, with a wrong one or from a foreign origin are refused with a code', async ({ request, host }) => {
  const url = `${host.origin}/api/call/app.info`;
  const none = await request.post(url, { data: {} });
  expect(none.status()).toBe(401);
  expect(await none.json()).toMatchObject({ ok: false, error: { code: 'unauthorized' } });

  const wrong = await request.post(url, { data: {}, headers: { authorization: 'Bearer nope' } });
  expect(wrong.status()).toBe(401);

  const foreign = await request.post(url, {
    data: {},
    headers: { authorization: `Bearer ${host.token}`, origin: 'https://evil.example' },
  });
  expect(foreign.status()).toBe(403);
  expect(await foreign.json()).toMatchObject({ ok: false, error: { code: 'forbidden_origin' } });
});

test('a page opened without its token says how to fix it', async ({ page, host }) => {
  await page.goto(host.origin);
  await expect(page.getByRole('alert')).toContainText('Open the full address Dispute Desk printed');
});

test('Settings shows this installation and switches to Simplified Chinese, remembered after reload', async ({ page, host }) => {
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByText(host.dataDir, { exact: true })).toBeVisible();
  // The browser host cannot open a folder for the user, so it names the log folder and offers no button.
  await expect(page.getByText(path.join(host.dataDir, 'logs'), { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Open log folder' })).toHaveCount(0);
  await page.getByRole('combobox', { name: 'Language' }).click();
  await page.getByRole('option', { name: '简体中文' }).click();
  await expect(page.getByRole('navigation', { name: '栏目' }).getByRole('button', { name: '队列' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await page.reload();
  await expect(page.getByTestId('host-kind')).toHaveText('浏览器宿主');
});

test('the status bar says whether the case service answers: through the network going away, and the service stopping', async ({ page, context }) => {
  const service = await startCaseService(5);
  const host = await startBrowserHost([], { DESK_SERVICE_URL: service.url });
  try {
    await page.goto(host.url);
    const badge = page.getByTestId('network-status');
    await expect(badge).toHaveText('Online');
    await context.setOffline(true);
    await expect(badge).toHaveText('Offline');
    await context.setOffline(false);
    await expect(badge).toHaveText('Online');
    // The network is fine, but the service is gone: still offline, and back when it answers.
    await service.pause();
    await expect(badge).toHaveText('Offline', { timeout: 20_000 });
    await service.resume();
    await expect(badge).toHaveText('Online', { timeout: 10_000 });
  } finally {
    await host.stop();
    await service.stop();
  }
});

test('the shell has no serious or critical accessibility violations', async ({ page, host }) => {
  await page.goto(host.url);
  await expect(page.getByTestId('host-kind')).toHaveText('Browser host');
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((violation) => ['serious', 'critical'].includes(violation.impact ?? ''));
  expect(serious.map((violation) => `${violation.id}: ${violation.help} at ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)).toEqual([]);
});
