import AxeBuilder from '@axe-core/playwright';
import { expect, test as base } from '@playwright/test';
import type { RunningHost } from './browser-host';
import type { RunningService } from './case-service';
import { serviceAndHost } from './fixtures';

// One service and host per test: the journey cuts and restores the connection.
const test = base.extend<{ service: RunningService; host: RunningHost }>({
  ...serviceAndHost(300),
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

  // A case manager lands on My cases; people are named, never by id.
  await expect(page.getByRole('heading', { level: 2, name: 'My cases' })).toBeVisible();
  await expect(grid).toContainText('Li Na');
  await expect(grid).not.toContainText('u-cm-1');

  await page.getByRole('button', { name: /Unassigned escalations/ }).click();
  await expect(grid.getByRole('row').nth(1)).toContainText(/D-\d+/);
  // j moves the selection from anywhere outside a text field (here, the queue's own button), Enter opens it.
  const secondId = (await grid.getByRole('row').nth(2).getByRole('gridcell').first().textContent())!;
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('j');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 2, name: new RegExp(secondId) })).toBeVisible();
  await page.getByRole('button', { name: /Back to the queue/ }).click();
  // A single click opens a case.
  const firstId = (await grid.getByRole('row').nth(1).getByRole('gridcell').first().textContent())!;
  await grid.getByRole('row').nth(1).click();
  await expect(page.getByRole('heading', { level: 2, name: new RegExp(firstId) })).toBeVisible();
  await page.getByRole('button', { name: /Back to the queue/ }).click();

  // Only a screenful of rows exists in the DOM, however long the queue.
  expect(await grid.getByRole('row').count()).toBeLessThanOrEqual(60);

  // Recently ruled shows the outcome, the day and who ruled, and no countdown.
  await page.getByRole('button', { name: /Recently ruled/ }).click();
  await expect(grid.getByRole('columnheader')).toHaveText(['Dispute', 'Buyer', 'Reason', 'Outcome', 'Paid', 'Ruled on', 'Ruled by']);
  const someRow = grid.getByRole('row').nth(1);
  await expect(someRow).toContainText(/D-\d+/);
  await expect(someRow).toContainText(/Full refund|Partial refund|Refund after return|Claim rejected|As agreed/);
  await expect(grid.locator('[title="Overdue"]')).toHaveCount(0);

  // `/` goes to the search box; a dispute is found by its id (from any queue, its queue named), then by its buyer's name.
  const searchedId = (await someRow.getByRole('gridcell').first().textContent())!;
  const buyer = (await someRow.getByRole('gridcell').nth(1).textContent())!.split(' · ')[0]!;
  await grid.focus();
  await page.keyboard.press('/');
  await expect(page.getByRole('textbox', { name: 'Search disputes' })).toBeFocused();
  await page.keyboard.type(searchedId);
  await expect(page.getByTestId('shown-count')).toHaveText(/^1 of /);
  await expect(page.getByRole('heading', { level: 2, name: 'Search results from every queue' })).toBeVisible();
  await expect(grid.getByRole('row').nth(1)).toContainText('Recently ruled');
  await page.getByRole('textbox', { name: 'Search disputes' }).fill('no such dispute anywhere');
  await expect(grid).toContainText('No dispute in any queue matches “no such dispute anywhere”.');
  await page.getByRole('textbox', { name: 'Search disputes' }).fill(buyer);
  await expect(grid.getByRole('row').filter({ hasText: searchedId })).toHaveCount(1);
  await page.getByRole('button', { name: 'Clear filters' }).click();

  // Filters, behind one button, narrow what the queue shows: only overdue evidence is left.
  await page.getByRole('button', { name: /Awaiting evidence/ }).click();
  await expect(grid.getByRole('row').nth(1)).toContainText(/D-\d+/);
  const unfiltered = (await page.getByTestId('shown-count').textContent())!;
  await page.getByRole('button', { name: 'Filters', exact: true }).click();
  await page.getByRole('combobox', { name: 'Evidence due', exact: true }).click();
  await page.getByRole('option', { name: 'Overdue' }).click();
  await expect(page.getByTestId('shown-count')).not.toHaveText(unfiltered);
  await expect(grid.locator('[title="Due within 24 hours"], [title="Due later"]')).toHaveCount(0);
  // A filter that hides every row says so, and offers to clear it: not the empty queue's words.
  await page.getByRole('textbox', { name: 'Country' }).fill('ZZ');
  await expect(grid).toContainText(/The filters hide (all \d+ disputes|the 1 dispute) in this queue\./);
  await grid.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page.getByTestId('shown-count')).toHaveText(unfiltered);

  await grid.focus();
  await page.keyboard.press('Shift+?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await page.keyboard.press('Escape');

  await service.pause();
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByTestId('sync-status')).toContainText('Working offline: the case service does not answer');
  await expect(page.getByTestId('network-status')).toHaveText('Offline');
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

test('claiming a dispute syncs it, and a claim the world overtook offline lands in Needs attention', async ({ page, host, service }) => {
  await page.goto(host.url);
  await page.getByRole('textbox', { name: 'Username' }).fill('lina');
  await page.getByRole('textbox', { name: 'Password' }).fill('demo-lina');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('sync-status')).toContainText('Synced');
  await expect(page.getByTestId('count-mine')).toHaveText(/^\d+$/);
  const mine = Number(await page.getByTestId('count-mine').textContent());
  const grid = page.getByRole('grid', { name: 'Dispute queue' });

  const openFirstUnassigned = async () => {
    await page.getByRole('button', { name: /Unassigned escalations/ }).click();
    const row = grid.getByRole('row').nth(1);
    await expect(row).toContainText(/D-\d+/);
    const id = (await row.getByRole('gridcell').first().textContent())!;
    // The queue is live: address the row by its id, not its position.
    await grid.getByRole('row').filter({ hasText: id }).click();
    await expect(page.getByRole('heading', { level: 2, name: new RegExp(id) })).toBeVisible();
    return id;
  };

  const claimed = await openFirstUnassigned();
  await page.getByRole('button', { name: 'Claim' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'You claimed this dispute' })).toBeVisible();
  await expect(page.getByTestId('sync-status')).toContainText('Synced');
  await page.getByRole('button', { name: /Back to the queue/ }).click();
  await expect(page.getByTestId('count-mine')).toHaveText(String(mine + 1));
  await expect.poll(async () => (await service.db.query<{ assignee: string }>('SELECT assignee FROM disputes WHERE id = $1', [claimed]))[0]?.assignee).toBe('u-cm-1');

  const overtaken = await openFirstUnassigned();
  await service.pause();
  await page.getByRole('button', { name: 'Claim' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'You claimed this dispute' })).toBeVisible();
  await service.simulate({ type: 'claim.cancelled', disputeId: overtaken });
  await service.resume();
  await page.getByRole('button', { name: /Back to the queue/ }).click();
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByTestId('count-needsAttention')).toHaveText('1');
  await page.getByRole('button', { name: /Needs attention/ }).click();
  await expect(grid.getByRole('row').nth(1)).toContainText(overtaken);
});
