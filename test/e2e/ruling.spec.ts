import { expect, test as base } from '@playwright/test';
import type { RunningHost } from './browser-host';
import type { RunningService } from './case-service';
import { serviceAndHost } from './fixtures';
import { changeRow, openCase, openDesk, openRulingForm, recordRuling, rulableDispute, serviceDispute, signIn } from './ruling-support';

// The ruling journeys of issue 7, in Chromium against the browser host and a real case service,
// with the marketplace simulator playing the buyer and the seller. One service and host per test:
// the journeys cut the connection and move the world under the case manager.
const test = base.extend<{ service: RunningService; host: RunningHost }>({
  ...serviceAndHost(120),
});

test.describe.configure({ timeout: 90_000 });

test('a ruling made offline waits in the outbox and is applied when the service is back', async ({ page, host, service }) => {
  // Her own case: on an unclaimed one, starting the ruling would queue a claim before it (live.spec.ts).
  const dispute = await rulableDispute(service, { assignee: 'u-cm-1' });
  await openDesk(page, host, 'lina');
  await openCase(page, dispute);

  await service.pause();
  const form = await openRulingForm(page, dispute.id);
  await recordRuling(page, form, { outcome: 'Full refund', rationale: 'The buyer’s video shows the item does not work.', effect: 'The buyer gets back' });
  await expect(changeRow(page, 'Ruling: Full refund')).toContainText('Waiting to send');
  await expect(page.getByTestId('pending-changes')).toHaveText('1 change waiting to send');
  // Ruled here already: the desk offers no second ruling (issue 18: only actions that fit).
  await expect(page.getByRole('button', { name: 'Record ruling', exact: true })).toHaveCount(0);

  await service.resume();
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(changeRow(page, 'Ruling: Full refund')).toContainText('Applied');
  // The notice follows the change: no "queued" once the service applied it.
  await expect(page.getByRole('status').filter({ hasText: 'Your ruling is recorded on the case service.' })).toBeVisible();
  await expect(page.getByText(/Your ruling is queued/)).toHaveCount(0);
  await expect(page.getByTestId('pending-changes')).toHaveCount(0);
  const ruled = await serviceDispute(service, dispute.id);
  expect(ruled).toMatchObject({ state: 'ruled', ruling: { outcome: 'full_refund', ruledBy: 'u-cm-1', refund: dispute.order.paid } });
});

test('a ruling made offline while the buyer cancels the claim is refused and lands in Needs attention', async ({ page, host, service }) => {
  const dispute = await rulableDispute(service, { assignee: 'u-cm-1' });
  await openDesk(page, host, 'lina');
  await openCase(page, dispute);

  await service.pause();
  const form = await openRulingForm(page, dispute.id);
  await recordRuling(page, form, { outcome: 'Full refund', rationale: 'Refund in full.', effect: 'The buyer gets back' });
  await service.simulate({ type: 'claim.cancelled', disputeId: dispute.id });
  await service.resume();
  await page.getByRole('button', { name: 'Sync now' }).click();

  await expect(changeRow(page, 'Ruling: Full refund')).toContainText('Refused');
  await expect(changeRow(page, 'Ruling: Full refund')).toContainText('The buyer cancelled this claim');
  await expect(page.getByTestId('refused-changes')).toHaveText('1 change needs attention');
  await expect(page.getByRole('region', { name: `Dispute ${dispute.id}` }).getByText('Cancelled by buyer').first()).toBeVisible();

  await page.getByRole('button', { name: /Back to the queue/ }).click();
  await expect(page.getByTestId('count-needsAttention')).toHaveText('1');
  await page.getByRole('button', { name: /Needs attention/ }).click();
  const card = page.getByRole('article', { name: `Ruling: Full refund on dispute ${dispute.id}` });
  await expect(card).toContainText('Refused');
  await expect(card).not.toContainText('claim_cancelled');
  await expect(card).toContainText('The buyer cancelled this claim');
  await expect(card.getByTestId('state-now')).toHaveText('Claim cancelled');
  await expect(card.getByRole('button', { name: 'Rule again' })).toBeDisabled();

  await card.getByRole('button', { name: 'Discard' }).click();
  await expect(card).toHaveCount(0);
  await expect(page.getByTestId('count-needsAttention')).toHaveText('0');
});

test('when the buyer accepts the seller’s latest offer the dispute closes in every queue', async ({ page, host, service }) => {
  const dispute = await rulableDispute(service, { assignee: 'u-cm-1' });
  await openDesk(page, host, 'lina');
  await openCase(page, dispute);

  await service.simulate({ type: 'offer.made', disputeId: dispute.id });
  await service.simulate({ type: 'offer.accepted', disputeId: dispute.id });
  await page.getByRole('button', { name: 'Sync now' }).click();
  // An ended dispute offers no ruling, claim or release any more; the state says why.
  await expect(page.getByText('Offer accepted', { exact: true }).first()).toBeVisible();
  for (const name of ['Record ruling', 'Claim', 'Release']) await expect(page.getByRole('button', { name, exact: true })).toHaveCount(0);

  await page.getByRole('button', { name: /Back to the queue/ }).click();
  // Search spans every queue and names the queues each row is in: the closed dispute is in none.
  await page.getByRole('textbox', { name: 'Search disputes' }).fill(dispute.id);
  const found = page.getByRole('grid', { name: 'Dispute queue' }).getByRole('row').filter({ hasText: dispute.id });
  await expect(found).toHaveCount(1);
  await expect(found).toContainText('In no queue');
  await page.getByRole('button', { name: /My cases/ }).click();
  await expect(page.getByRole('grid', { name: 'Dispute queue' }).getByRole('row').filter({ hasText: dispute.id })).toHaveCount(0);
  expect((await serviceDispute(service, dispute.id)).state).toBe('offer_accepted');
});

test('refund after return waits for the seller: the address before the ruling, the receipt before the refund', async ({ page, host, service }) => {
  const dispute = await rulableDispute(service, { assignee: 'u-cm-1' });
  await service.simulate({ type: 'return.requested', disputeId: dispute.id });
  await openDesk(page, host, 'lina');
  await openCase(page, dispute);

  const form = await openRulingForm(page, dispute.id);
  await form.getByRole('radio', { name: 'Refund after return' }).check();
  await expect(form.getByText(/The seller has not confirmed a return address yet/).first()).toBeVisible();
  await form.getByRole('textbox', { name: /Rationale/ }).fill('The item goes back, then the buyer is refunded.');
  await form.getByRole('button', { name: 'Review ruling' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);

  await service.simulate({ type: 'return.address_confirmed', disputeId: dispute.id });
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(form.getByText(/The seller confirmed the return address/)).toBeVisible();
  await expect(form.getByText(/has not confirmed a return address yet/)).toHaveCount(0);
  await form.getByRole('button', { name: 'Review ruling' }).click();
  const dialog = page.getByRole('dialog', { name: /Record this ruling/ });
  await expect(dialog.getByTestId('ruling-effects')).toContainText('only once the seller confirms receiving it');
  await dialog.getByRole('button', { name: 'Confirm and record' }).click();
  await expect(changeRow(page, 'Ruling: Refund after return')).toContainText('Applied');
  expect(await serviceDispute(service, dispute.id)).toMatchObject({ state: 'ruled', return: { stage: 'address_confirmed' } });

  await service.simulate({ type: 'return.shipped', disputeId: dispute.id });
  expect(await serviceDispute(service, dispute.id)).toMatchObject({ state: 'ruled', return: { stage: 'shipped' } });
  await service.simulate({ type: 'return.received', disputeId: dispute.id });
  expect(await serviceDispute(service, dispute.id)).toMatchObject({ state: 'closed', return: { stage: 'refunded' } });
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByRole('region', { name: `Dispute ${dispute.id}` }).getByText('Closed', { exact: true }).first()).toBeVisible();
});

test('a ruling refused because new evidence arrived is made again from Needs attention on the new state', async ({ page, host, service }) => {
  const dispute = await rulableDispute(service, { assignee: 'u-cm-1' });
  await openDesk(page, host, 'lina');
  await openCase(page, dispute);

  await service.pause();
  await recordRuling(page, await openRulingForm(page, dispute.id), { outcome: 'Full refund', rationale: 'The photos are enough.', effect: 'The buyer gets back' });
  await service.simulate({ type: 'evidence.submitted', disputeId: dispute.id });
  await service.resume();
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(changeRow(page, 'Ruling: Full refund')).toContainText('New evidence arrived');

  await page.getByRole('button', { name: /Back to the queue/ }).click();
  await page.getByRole('button', { name: /Needs attention/ }).click();
  const card = page.getByRole('article', { name: `Ruling: Full refund on dispute ${dispute.id}` });
  await expect(card).toContainText('New evidence arrived on this dispute');
  await expect(card).not.toContainText('new_evidence');
  await card.getByRole('button', { name: 'Rule again' }).click();

  const form = page.getByRole('region', { name: `Record a ruling on dispute ${dispute.id}` });
  await expect(form.getByText(/Filled in from your refused ruling/)).toBeVisible();
  await expect(form.getByRole('textbox', { name: /Rationale/ })).toHaveValue('The photos are enough.');
  // The new item is offered by its label and the link's host, not by the id the marketplace gave it.
  const newItem = form.getByRole('checkbox', { name: new RegExp(`^E-${dispute.id.slice(2)}-\\d+ · .* · files\\.example\\.com`) });
  await expect(newItem).toBeVisible();
  await expect(newItem).not.toHaveAccessibleName(/sim-ev/);
  await form.getByRole('button', { name: 'Review ruling' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Confirm and record' }).click();
  await expect(changeRow(page, 'Ruling: Full refund').filter({ hasText: 'Applied' })).toHaveCount(1);
  await expect(changeRow(page, 'Ruling: Full refund').filter({ hasText: 'Refused, discarded' })).toHaveCount(1);
  await expect(page.getByTestId('refused-changes')).toHaveCount(0);
  expect((await serviceDispute(service, dispute.id)).state).toBe('ruled');
});

test('two case managers rule the same dispute: exactly one ruling is applied, the other is told why', async ({ browser, page, host, service }) => {
  const dispute = await rulableDispute(service, { assignee: 'nobody' });
  await openDesk(page, host, 'lina');
  await openCase(page, dispute);
  const other = await browser.newContext();
  const mateo = await other.newPage();
  await openDesk(mateo, host, 'mateo');
  await openCase(mateo, dispute);

  // Mateo's connection drops: he rules on what he saw, and Li Na rules meanwhile.
  await mateo.route(`${service.url}/**`, (route) => route.abort('internetdisconnected'));
  await recordRuling(mateo, await openRulingForm(mateo, dispute.id), {
    outcome: 'Claim rejected',
    rationale: 'The buyer sent nothing that shows the fault.',
    effect: 'The claim is rejected',
    more: (form) => form.getByRole('combobox', { name: 'Rejection reason' }).selectOption('insufficient_evidence').then(() => {}),
  });
  await recordRuling(page, await openRulingForm(page, dispute.id), { outcome: 'Full refund', rationale: 'The video is clear.', effect: 'The buyer gets back' });
  await expect(changeRow(page, 'Ruling: Full refund')).toContainText('Applied');

  await mateo.unroute(`${service.url}/**`);
  await mateo.getByRole('button', { name: 'Sync now' }).click();
  await expect(changeRow(mateo, 'Ruling: Claim rejected')).toContainText('Refused');
  await expect(changeRow(mateo, 'Ruling: Claim rejected')).toContainText('already been ruled');
  // Starting his ruling had claimed the case for him (issue 21): that claim is refused too, since Li Na's came first.
  await expect(mateo.getByTestId('change-list').getByRole('row').filter({ hasText: 'Refused' })).toHaveCount(2);
  await expect(mateo.getByTestId('refused-changes')).toHaveText('2 changes need attention');

  const rulings = await service.db.query<{ actor: string }>("SELECT actor FROM audit_log WHERE dispute_id = $1 AND action = 'ruling.record'", [dispute.id]);
  expect(rulings).toEqual([{ actor: 'u-cm-1' }]);
  await other.close();
});

test('a sign-in that expired while offline keeps the ruling and sends it after signing in again', async ({ page, host, service }) => {
  const dispute = await rulableDispute(service, { assignee: 'u-cm-1' });
  await openDesk(page, host, 'lina');
  await openCase(page, dispute);

  await service.pause();
  await recordRuling(page, await openRulingForm(page, dispute.id), { outcome: 'Full refund', rationale: 'Clear case.', effect: 'The buyer gets back' });
  await service.db.query("UPDATE sessions SET expires_at = '2000-01-01T00:00:00.000Z'");
  await service.resume();
  await page.getByRole('button', { name: 'Sync now' }).click();

  await expect(page.getByText('Your sign-in has expired', { exact: true })).toBeVisible();
  await expect(page.getByTestId('waiting-changes')).toHaveText('1 change is waiting; sign in again to send it.');
  await signIn(page, 'lina', 'demo-lina');
  await expect(changeRow(page, 'Ruling: Full refund')).toContainText('Applied');
  expect((await serviceDispute(service, dispute.id)).ruling?.ruledBy).toBe('u-cm-1');
});
