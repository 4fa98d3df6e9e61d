import AxeBuilder from '@axe-core/playwright';
import { expect, test as base } from '@playwright/test';
import { startBrowserHost, type RunningHost } from './browser-host';
import { startCaseService, type RunningService } from './case-service';

// One service and host per test: the journey cuts and restores the connection.
const test = base.extend<{ service: RunningService; host: RunningHost }>({
  service: async ({}, use) => {
    const service = await startCaseService(300);
    await use(service);
    await service.stop();
  },
  host: async ({ service }, use) => {
    const host = await startBrowserHost([], { DESK_SERVICE_URL: service.url });
    await use(host);
    await host.stop();
  },
});

test('sign in, sync, work the queues and a case, offline too, and sync again when the service is back', async ({ page, host, service }) => {
  await page.goto(host.url);
  await page.getByRole('textbox', { name: 'Username' }).fill('lina');
  await page.getByRole('textbox', { name: 'Password' }).fill('wrong');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('Wrong username or password');
  await page.getByRole('textbox', { name: 'Password' }).fill('demo-lina');
  await page.getByRole('button', { name: 'Sign in' }).click();

  const grid = page.getByRole('grid', { name: 'Dispute queue' });
  await expect(grid).toBeVisible();
  await expect(page.getByTestId('sync-status')).toContainText('Synced');
  await expect(page.getByTestId('count-mine')).not.toHaveText('0');

  await page.getByRole('button', { name: /Unassigned escalations/ }).click();
  await expect(grid.getByRole('row').nth(1)).toContainText(/D-\d+/);
  const firstId = (await grid.getByRole('row').nth(1).getByRole('gridcell').first().textContent())!;
  await grid.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 2, name: new RegExp(firstId) })).toBeVisible();
  await page.getByRole('button', { name: /Back to the queue/ }).click();

  // Only a screenful of rows exists in the DOM, however long the queue.
  expect(await grid.getByRole('row').count()).toBeLessThanOrEqual(60);

  await service.pause();
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByTestId('sync-status')).toContainText('cannot be reached');
  await page.reload();
  await expect(grid).toBeVisible();
  await expect(grid.getByRole('row').nth(1)).toContainText(/D-\d+/);

  await service.resume();
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByTestId('sync-status')).toContainText('Synced');
});

test('the queue screen has no serious or critical accessibility violations', async ({ page, host }) => {
  await page.goto(host.url);
  await page.getByRole('textbox', { name: 'Username' }).fill('lina');
  await page.getByRole('textbox', { name: 'Password' }).fill('demo-lina');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('grid', { name: 'Dispute queue' }).getByRole('row').nth(1)).toContainText(/D-\d+/);
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((violation) => ['serious', 'critical'].includes(violation.impact ?? ''));
  expect(serious.map((violation) => `${violation.id}: ${violation.help} at ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)).toEqual([]);
});
