import { expect, test as base } from '@playwright/test';
import { startBrowserHost, type RunningHost } from './browser-host';
import { startCaseService, type RunningService } from './case-service';
import { openCase, openDesk, rulableDispute } from './ruling-support';

// Issue 21's journeys: two case managers on two computers (two browser hosts, two browser contexts)
// and one case service. Mateo claims an unassigned case and Li Na, watching the same queue, sees it
// leave within seconds, long before her 30-second poll, without touching anything; Li Na starts a
// ruling and Mateo, opening the same case, sees it and is asked before starting his own; the buyer
// cancels while Li Na reads the case, and her case view says so in place, her draft untouched.

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

test('Li Na starts a ruling: Mateo sees her writing it, in the queue and the case, and is asked before starting his own', async ({ browser, service, lina, mateo }) => {
  const dispute = await rulableDispute(service, { assignee: 'nobody' });
  const [linaContext, mateoContext] = [await browser.newContext(), await browser.newContext()];
  const [linaPage, mateoPage] = [await linaContext.newPage(), await mateoContext.newPage()];
  await openDesk(linaPage, lina, 'lina');
  await openDesk(mateoPage, mateo, 'mateo');
  // Li Na's claim is slow on its way (a poor connection): her presence still arrives.
  let letPushesThrough!: () => void;
  const pushesHeld = new Promise<void>((resolve) => (letPushesThrough = resolve));
  await linaContext.route('**/sync/push', async (route) => {
    await pushesHeld;
    await route.continue();
  });

  await openCase(linaPage, dispute);
  await linaPage.getByRole('button', { name: 'Record ruling', exact: true }).click();
  await expect(linaPage.getByRole('region', { name: `Record a ruling on dispute ${dispute.id}` })).toBeVisible();

  // Mateo's queue row says so before he opens it.
  await mateoPage.getByRole('button', { name: /Unassigned escalations/ }).click();
  await mateoPage.getByRole('textbox', { name: 'Search disputes' }).fill(dispute.id);
  const row = mateoPage.getByRole('grid', { name: 'Dispute queue' }).getByRole('row').filter({ hasText: dispute.id });
  await expect(row.getByTestId('row-presence')).toHaveText('Li Na (李娜) is writing a ruling', { timeout: 5_000 });
  await row.click();
  await expect(mateoPage.getByTestId('case-presence')).toContainText(/Li Na \(李娜\) is writing a ruling · \d+ min/);

  // He is asked first, by name; not starting is the first choice, and nothing opens.
  await mateoPage.getByRole('button', { name: 'Record ruling', exact: true }).click();
  const asked = mateoPage.getByRole('dialog', { name: 'Li Na (李娜) is writing a ruling on this dispute' });
  await expect(asked).toContainText('Talk to Li Na (李娜) before you start.');
  await asked.getByRole('button', { name: "Don't start" }).click();
  await expect(asked).toBeHidden();
  await expect(mateoPage.getByRole('region', { name: `Record a ruling on dispute ${dispute.id}` })).toHaveCount(0);

  // Her claim arrives: his case view says she claimed it, and the ruling is hers to record.
  letPushesThrough();
  await expect(mateoPage.getByTestId('changed-under-you')).toContainText('Li Na (李娜) claimed it', { timeout: 10_000 });
  // The rules now keep the ruling hers: no ruling he could start is offered.
  await expect(mateoPage.getByRole('button', { name: 'Record ruling', exact: true, disabled: false })).toHaveCount(0);
  // Li Na leaves the case: within seconds Mateo sees nobody writing.
  await linaPage.getByRole('button', { name: '← Back to the queue' }).click();
  await expect(mateoPage.getByTestId('case-presence')).toHaveCount(0, { timeout: 5_000 });
  await linaContext.close();
  await mateoContext.close();
});

test('the buyer cancels while Li Na reads the case: her case view says so in place, and her draft stays', async ({ browser, service, lina }) => {
  const dispute = await rulableDispute(service, { assignee: 'nobody' });
  const context = await browser.newContext();
  const page = await context.newPage();
  await openDesk(page, lina, 'lina');
  await openCase(page, dispute);
  await page.getByRole('button', { name: 'Record ruling', exact: true }).click();
  const form = page.getByRole('region', { name: `Record a ruling on dispute ${dispute.id}` });
  await form.getByRole('textbox', { name: /Rationale/ }).fill('The tracking shows no delivery scan.');
  // Her claim (made as she began the ruling) reaches the service before the buyer's change.
  await expect(page.getByTestId('case-facts')).toContainText('(you)', { timeout: 10_000 });
  await expect(page.getByTestId('sync-status')).toContainText('Synced');

  await service.simulate({ type: 'claim.cancelled', disputeId: dispute.id });
  const notice = page.getByTestId('changed-under-you');
  await expect(notice).toContainText('The buyer cancelled the claim', { timeout: 5_000 });
  await expect(page.getByRole('heading', { level: 2, name: new RegExp(dispute.id) })).toBeVisible();
  await expect(form.getByRole('textbox', { name: /Rationale/ })).toHaveValue('The tracking shows no delivery scan.');
  await notice.getByRole('button', { name: 'Got it' }).click();
  await expect(notice).toHaveCount(0);
  await context.close();
});
