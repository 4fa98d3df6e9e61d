import { expect, test as base, type Page } from '@playwright/test';
import type { Dispute, EvidenceItem } from '../../shared/domain/model';
import { isItemLate } from '../../shared/domain/lateness';
import type { RunningHost } from './browser-host';
import type { RunningService } from './case-service';
import { serviceAndHost } from './fixtures';
import { openCase, openDesk, openRulingForm, rulableDispute, serviceDispute } from './ruling-support';

// Issue 17, item 4a: one lateness rule. After evidence.extendDue moves a request's due date past
// an item that came late, the queue's "Late" filter, the case view and the ruling form all say it
// is no longer late, whatever the desk that brought it in flagged then.

const test = base.extend<{ service: RunningService; host: RunningHost }>({
  ...serviceAndHost(40),
});

const day = 86_400_000;

/** Makes `dispute` ask the buyer for a photo due two days ago, answered a day late by E-late, which a desk flagged late. */
async function withLateItem(service: RunningService, dispute: Dispute): Promise<void> {
  const at = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();
  const dueAt = at(-2 * day);
  const item: EvidenceItem = {
    id: 'E-late',
    party: 'buyer',
    requestId: 'R-late',
    kind: 'photo',
    channel: 'upload',
    fileName: 'parcel-late.jpg',
    description: 'The parcel, sent after the due date',
    submittedAt: at(-day),
    flags: [{ code: 'late', reason: 'Submitted after the due date.', details: { submittedAt: at(-day), dueAt } }],
  };
  const doc: Dispute = {
    ...dispute,
    evidenceRequests: [{ id: 'R-late', party: 'buyer', kinds: ['photo'], note: 'Show the parcel.', requestedAt: at(-5 * day), dueAt }],
    evidence: [item],
    evidenceNotes: [],
  };
  await service.db.query('UPDATE disputes SET doc = $2 WHERE id = $1', [dispute.id, JSON.stringify(doc)]);
}

/** The dispute's rows in the Unassigned escalations queue with only the "Late" evidence check on, found by id. */
async function lateFilterRows(page: Page, disputeId: string) {
  await page.getByRole('button', { name: /Unassigned escalations/ }).click();
  const clear = page.getByRole('button', { name: 'Clear filters' }).first();
  if (await clear.isEnabled()) await clear.click();
  // The filters sit behind one button; Mantine's multi-select opens its options from the keyboard (its input is not searchable).
  const checks = page.getByRole('combobox', { name: 'Evidence checks' });
  if (!(await checks.isVisible())) await page.getByRole('button', { name: /^Filters/ }).click();
  await checks.focus();
  await page.keyboard.press('ArrowDown');
  await page.getByRole('option', { name: 'Late', exact: true }).click();
  await page.keyboard.press('Escape');
  await page.getByRole('textbox', { name: 'Search disputes' }).fill(disputeId);
  return page.getByRole('grid', { name: 'Dispute queue' }).getByRole('row').filter({ hasText: disputeId });
}

test('after evidence.extendDue the queue filter, the case view and the ruling form agree the item is no longer late', async ({ page, host, service }) => {
  test.setTimeout(120_000);
  const dispute = await rulableDispute(service, { assignee: 'nobody' });
  await withLateItem(service, dispute);
  await openDesk(page, host, 'lina');

  // Before: late everywhere.
  await expect(await lateFilterRows(page, dispute.id)).toHaveCount(1);
  await openCase(page, dispute);
  const evidence = page.getByRole('heading', { level: 3, name: 'Evidence', exact: true }).locator('xpath=ancestor::section[1]');
  await expect(evidence.getByRole('listitem').filter({ hasText: 'E-late' })).toContainText('Late');
  let form = await openRulingForm(page, dispute.id);
  await expect(form.getByRole('checkbox', { name: /E-late/ }).locator('xpath=ancestor::*[contains(@class, "mantine-Checkbox-root")][1]')).toContainText('Late');
  await form.getByRole('button', { name: 'Cancel' }).click();

  // The case manager gives the buyer three more days.
  await page.getByRole('button', { name: 'Extend a due date' }).click();
  const extend = page.getByRole('region', { name: 'Extend a due date' });
  await extend.getByRole('button', { name: 'Extend' }).click();
  await expect(extend).toBeHidden();

  // After: late nowhere, on the desk at once and on the service once synced.
  await expect(evidence.getByRole('listitem').filter({ hasText: 'E-late' })).not.toContainText('Late');
  form = await openRulingForm(page, dispute.id);
  await expect(form.getByRole('checkbox', { name: /E-late/ }).locator('xpath=ancestor::*[contains(@class, "mantine-Checkbox-root")][1]')).not.toContainText('Late');
  await form.getByRole('checkbox', { name: /E-late/ }).check();
  await expect(form.getByRole('textbox', { name: /Why you rely on late evidence/ })).toHaveCount(0);
  await form.getByRole('button', { name: 'Cancel' }).click();
  await page.getByText('Back to the queue').click();
  await expect(await lateFilterRows(page, dispute.id)).toHaveCount(0);
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect.poll(async () => {
    const now = await serviceDispute(service, dispute.id);
    return isItemLate(now.evidence[0]!, now.evidenceRequests);
  }).toBe(false);
});
