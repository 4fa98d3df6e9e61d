import { expect, test as base } from '@playwright/test';
import { startBrowserHost, type RunningHost } from './browser-host';
import { startCaseService, type RunningService } from './case-service';
import { openDesk } from './ruling-support';

// Issue 21's first journey: two case managers on two computers (two browser hosts, two browser
// contexts) and one case service. Mateo claims an unassigned case; Li Na, watching the same queue,
// sees it leave within a second or two, long before her 30-second poll, without touching anything.

interface Team {
  service: RunningService;
  lina: RunningHost;
  mateo: RunningHost;
}

const test = base.extend<Team>({
  service: async ({}, use) => {
    const service = await startCaseService(60);
    await use(service);
    await service.stop();
  },
  lina: async ({ service }, use) => {
    const host = await startBrowserHost([], { DESK_SERVICE_URL: service.url });
    await use(host);
    await host.stop();
  },
  mateo: async ({ service }, use) => {
    const host = await startBrowserHost([], { DESK_SERVICE_URL: service.url });
    await use(host);
    await host.stop();
  },
});

test('a claim on one desk leaves the other desk\'s unassigned queue within seconds, without a sync asked for', async ({ browser, lina, mateo }) => {
  const [linaContext, mateoContext] = [await browser.newContext(), await browser.newContext()];
  const [linaPage, mateoPage] = [await linaContext.newPage(), await mateoContext.newPage()];
  await openDesk(linaPage, lina, 'lina');
  await openDesk(mateoPage, mateo, 'mateo');
  for (const page of [linaPage, mateoPage]) {
    await expect(page.getByTestId('sync-status')).toContainText('Synced');
    await page.getByRole('button', { name: /Unassigned escalations/ }).click();
  }
  const unassignedOf = async (page: typeof linaPage) => Number(await page.getByTestId('count-unassigned').textContent());
  const before = await unassignedOf(linaPage);
  expect(before).toBeGreaterThan(1);
  expect(await unassignedOf(mateoPage)).toBe(before);
  const linaGrid = linaPage.getByRole('grid', { name: 'Dispute queue' });
  const mateoGrid = mateoPage.getByRole('grid', { name: 'Dispute queue' });
  const first = mateoGrid.getByRole('row').nth(1);
  await expect(first).toContainText(/D-\d+/);
  const id = (await first.getByRole('gridcell').first().textContent())!;
  await expect(linaGrid.getByRole('row').filter({ hasText: id })).toHaveCount(1);

  await mateoGrid.getByRole('row').filter({ hasText: id }).click();
  await mateoPage.getByRole('button', { name: 'Claim' }).click();
  await expect(mateoPage.getByRole('status').filter({ hasText: 'You claimed this dispute' })).toBeVisible();
  // Li Na's 30-second poll is far off: only the poke brings this within five seconds. She touched nothing.
  await expect(linaPage.getByTestId('count-unassigned')).toHaveText(String(before - 1), { timeout: 5_000 });
  await expect(linaGrid.getByRole('row').filter({ hasText: id })).toHaveCount(0);
  await linaContext.close();
  await mateoContext.close();
});
