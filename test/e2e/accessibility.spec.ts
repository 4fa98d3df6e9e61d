import { expect, test as base, type Page } from '@playwright/test';
import type { Dispute } from '../../shared/domain/model';
import { expectAccessible } from './accessible';
import type { RunningHost } from './browser-host';
import type { RunningService } from './case-service';
import { serviceAndHost } from './fixtures';
import { openDesk } from './ruling-support';

// Issue 18: every screen of the app, as each role reaches it, has no serious or critical axe
// violation, and every control on it can take the keyboard's focus. A screen added later belongs
// in this walk.
const test = base.extend<{ service: RunningService; host: RunningHost }>({
  ...serviceAndHost(120),
});

test.describe.configure({ timeout: 240_000 });

async function firstDispute(service: RunningService, where: string): Promise<Dispute | undefined> {
  const [row] = await service.db.query<{ doc: Dispute }>(`SELECT doc FROM disputes WHERE ${where} ORDER BY id LIMIT 1`);
  return row?.doc;
}

async function openFromQueue(page: Page, queue: RegExp, disputeId: string): Promise<void> {
  const back = page.getByRole('button', { name: /Back to the queue/ });
  if (await back.isVisible()) await back.click();
  await page.getByRole('button', { name: queue }).click();
  await page.getByRole('textbox', { name: 'Search disputes' }).fill(disputeId);
  await page.getByRole('grid', { name: 'Dispute queue' }).getByRole('row').filter({ hasText: disputeId }).first().click();
  await expect(page.getByRole('heading', { level: 2, name: new RegExp(disputeId) })).toBeVisible();
}

test('a case manager’s screens: sign-in, queues, a case with its ruling form, compare and settings', async ({ page, host, service }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(host.url);
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await expectAccessible(page, 'the sign-in screen');

  await openDesk(page, host, 'lina');
  await expect(page.getByRole('grid', { name: 'Dispute queue' })).toBeVisible();
  await expectAccessible(page, 'the queues');

  const held = await firstDispute(service, "doc->>'assignee' = 'u-cm-1' AND state = 'under_review'");
  expect(held, 'the demo workspace gives Li Na a dispute under review').toBeDefined();
  await openFromQueue(page, /My cases/, held!.id);
  await expectAccessible(page, 'a case Li Na holds');
  await page.getByRole('button', { name: 'Record ruling', exact: true }).click();
  await expect(page.getByRole('region', { name: `Record a ruling on dispute ${held!.id}` })).toBeVisible();
  await expectAccessible(page, 'the ruling form');

  const unclaimed = await firstDispute(service, "NOT (doc ? 'assignee') AND state = 'escalated'");
  if (unclaimed !== undefined) {
    await openFromQueue(page, /Unassigned escalations/, unclaimed.id);
    await expectAccessible(page, 'an unclaimed case');
  }

  await page.getByRole('navigation').getByRole('button', { name: 'Compare' }).click();
  await expectAccessible(page, 'the compare screen with nothing chosen');

  await page.getByRole('navigation').getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Settings' }).first()).toBeVisible();
  await expectAccessible(page, 'settings');
});

test('a reviewer’s and a team lead’s screens: reviews, the audit’s tabs and a case history', async ({ page, host, browser }) => {
  // Sofia on her own computer (a browser context of her own), Dmitri on this one.
  const reviewerContext = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const reviewer = await reviewerContext.newPage();
  await openDesk(reviewer, host, 'sofia');
  await expect(reviewer.getByRole('grid', { name: 'Dispute queue' })).toBeVisible();
  await expectAccessible(reviewer, 'the reviewer’s landing queue');
  await reviewerContext.close();

  await page.setViewportSize({ width: 1280, height: 720 });
  await openDesk(page, host, 'dmitri');
  await page.getByRole('navigation').getByRole('button', { name: 'Audit' }).click();
  await expect(page.getByTestId('audit-log-state')).toContainText('entries on this computer');
  await page.getByRole('tab', { name: 'Decision log' }).click();
  await expect(page.getByTestId('decision-row').first()).toBeVisible();
  await expectAccessible(page, 'the decision log');

  await page.getByTestId('decision-row').first().getByRole('button').first().click();
  await expect(page.getByTestId('case-history')).toBeVisible();
  await expectAccessible(page, 'a case history');
  await page.getByRole('dialog').getByRole('button', { name: 'Close', exact: true }).click();
  await expect(page.getByTestId('case-history')).toHaveCount(0);

  await page.getByRole('tab', { name: 'Dashboards' }).click();
  await expect(page.getByTestId('audit-dashboards')).toHaveAttribute('data-ready', 'true');
  await expectAccessible(page, 'the dashboards');

  await page.getByRole('tab', { name: 'Quality sampling' }).click();
  await page.getByRole('button', { name: 'Draw sample' }).click();
  await expect(page.getByTestId('drawn-sample').getByRole('row').first()).toBeVisible();
  await expectAccessible(page, 'quality sampling with a drawn sample');
});
