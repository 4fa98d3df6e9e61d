import { expect, type Locator, type Page } from '@playwright/test';
import type { Dispute } from '../../shared/domain/model';
import type { RunningHost } from './browser-host';
import type { RunningService } from './case-service';

// Steps the ruling journeys share: picking a fitting dispute in the demo workspace, signing in,
// opening a case from its queue, and recording a ruling through the form and its confirmation.

/**
 * A dispute the case manager `userId` may rule now (theirs or nobody's, with the team and not
 * ruled), with no return or agreed terms yet, so each journey starts from a plain dispute.
 */
export async function rulableDispute(service: RunningService, options: { assignee: 'nobody' | string }): Promise<Dispute> {
  const rows = await service.db.query<{ doc: Dispute }>(
    `SELECT doc FROM disputes
      WHERE state IN ('escalated', 'awaiting_evidence', 'under_review')
        AND ${options.assignee === 'nobody' ? 'assignee IS NULL' : 'assignee = $1'}
        AND NOT (doc ? 'return') AND NOT (doc ? 'agreement')
      ORDER BY id LIMIT 1`,
    options.assignee === 'nobody' ? [] : [options.assignee],
  );
  const dispute = rows[0]?.doc;
  if (!dispute) throw new Error(`The demo workspace has no plain rulable dispute for ${options.assignee}; seed more disputes.`);
  return dispute;
}

/** The service's copy of a dispute now. */
export async function serviceDispute(service: RunningService, id: string): Promise<Dispute> {
  const [row] = await service.db.query<{ doc: Dispute }>('SELECT doc FROM disputes WHERE id = $1', [id]);
  return row!.doc;
}

/** Signs in from the sign-in screen and waits for the first sync. */
export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Username' }).fill(username);
  await page.getByRole('textbox', { name: 'Password' }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('sync-status')).toContainText('Synced');
}

/** Opens the demo desk as `username` (password demo-<username>). */
export async function openDesk(page: Page, host: RunningHost, username: string): Promise<void> {
  await page.goto(host.url);
  await signIn(page, username, `demo-${username}`);
}

/** Opens a dispute from the queue it is in, found by its id. */
export async function openCase(page: Page, dispute: Pick<Dispute, 'id' | 'assignee'>): Promise<void> {
  await page.getByRole('button', { name: dispute.assignee === undefined ? /Unassigned escalations/ : /My cases/ }).click();
  await page.getByRole('textbox', { name: 'Search disputes' }).fill(dispute.id);
  await page.getByRole('grid', { name: 'Dispute queue' }).getByRole('row').filter({ hasText: dispute.id }).click();
  await expect(page.getByRole('heading', { level: 2, name: new RegExp(dispute.id) })).toBeVisible();
}

/** The ruling form of the open case, opened from its action. */
export async function openRulingForm(page: Page, disputeId: string): Promise<Locator> {
  await page.getByRole('button', { name: 'Record ruling', exact: true }).click();
  const form = page.getByRole('region', { name: `Record a ruling on dispute ${disputeId}` });
  await expect(form).toBeVisible();
  return form;
}

/**
 * Fills the ruling form (`more` fills what the outcome needs besides), reviews it, checks that the confirmation says `effect`, and records it.
 * Leaves the page on the case, with the notice saying it is queued (or, once synced, recorded).
 */
export async function recordRuling(
  page: Page,
  form: Locator,
  ruling: { outcome: string; rationale: string; effect: string | RegExp; more?: (form: Locator) => Promise<void> },
): Promise<void> {
  await form.getByRole('radio', { name: ruling.outcome }).check();
  await form.getByRole('textbox', { name: /Rationale/ }).fill(ruling.rationale);
  await ruling.more?.(form);
  await form.getByRole('button', { name: 'Review ruling' }).click();
  const dialog = page.getByRole('dialog', { name: /Record this ruling on dispute/ });
  await expect(dialog.getByTestId('ruling-effects')).toContainText(ruling.effect);
  await expect(dialog.getByTestId('ruling-effects')).toContainText('The dispute is ruled and leaves your queue.');
  await dialog.getByRole('button', { name: 'Confirm and record' }).click();
  await expect(page.getByRole('status').filter({ hasText: /Your ruling is (queued|recorded on the case service)/ })).toBeVisible();
}

/** The open case's change list row for a change, by its words. */
export function changeRow(page: Page, words: string | RegExp): Locator {
  return page.getByTestId('change-list').getByRole('row').filter({ hasText: words });
}
