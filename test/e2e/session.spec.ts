import { expect, test as base, type Locator, type Page } from '@playwright/test';
import type { RunningHost } from './browser-host';
import type { RunningService } from './case-service';
import { serviceAndHost } from './fixtures';
import { openCase, openDesk, openRulingForm, rulableDispute, serviceDispute, signIn } from './ruling-support';

// Several people on one computer (decision 0011), in Chromium against the browser host and a real
// case service: signing out, the next user's changes reaching the service, the team lead's audit
// copy not left behind, and changes still waiting never handed to someone else.
const test = base.extend<{ service: RunningService; host: RunningHost }>({
  ...serviceAndHost(120),
});

test.describe.configure({ timeout: 120_000 });

/** Rows in one of the app's IndexedDB tables, read straight from IndexedDB. */
async function storedRecords(page: Page, table: string): Promise<number> {
  return page.evaluate(
    (table) =>
      new Promise<number>((resolve, reject) => {
        const opening = indexedDB.open('dispute-desk');
        opening.onerror = () => reject(opening.error);
        opening.onsuccess = () => {
          const count = opening.result.transaction(table).objectStore(table).count();
          count.onsuccess = () => {
            opening.result.close();
            resolve(count.result);
          };
          count.onerror = () => reject(count.error);
        };
      }),
    table,
  );
}

/**
 * The ruling drafts in the app's IndexedDB, read straight from it: whose, on which dispute, and
 * whether what was written is sealed (decision 0038) with none of `text` readable.
 */
async function storedDrafts(page: Page, text: string): Promise<{ userId: string; disputeId: string; sealed: boolean }[]> {
  return page.evaluate(
    (text) =>
      new Promise<{ userId: string; disputeId: string; sealed: boolean }[]>((resolve, reject) => {
        const opening = indexedDB.open('dispute-desk');
        opening.onerror = () => reject(opening.error);
        opening.onsuccess = () => {
          const all = opening.result.transaction('drafts').objectStore('drafts').getAll();
          all.onsuccess = () => {
            opening.result.close();
            const records = all.result as ({ userId: string; disputeId: string; $sealed?: Uint8Array } & Record<string, unknown>)[];
            const readable = (record: Record<string, unknown>) => JSON.stringify(record, (_key, value: unknown) => (value instanceof Uint8Array ? String.fromCharCode(...value) : value));
            resolve(
              records.map((record) => ({
                userId: record.userId,
                disputeId: record.disputeId,
                sealed: record.$sealed instanceof Uint8Array && !('values' in record) && !readable(record).includes(text),
              })),
            );
          };
          all.onerror = () => reject(all.error);
        };
      }),
    text,
  );
}

async function signOut(page: Page): Promise<void> {
  await page.getByRole('navigation').getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Sign in to your case service' })).toBeVisible();
}

/** Claims the unassigned dispute `id` from its case view and waits for the service's answer. */
async function claim(page: Page, id: string): Promise<void> {
  await page.getByRole('navigation').getByRole('button', { name: 'Queues' }).click();
  await page.getByRole('button', { name: /Unassigned escalations/ }).click();
  await page.getByRole('textbox', { name: 'Search disputes' }).fill(id);
  await page.getByRole('grid', { name: 'Dispute queue' }).getByRole('row').filter({ hasText: id }).click();
  await page.getByRole('button', { name: 'Claim' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'You claimed this dispute' })).toBeVisible();
}

test('a team lead signs out, and the case managers after them each get their changes through', async ({ page, host, service }) => {
  await openDesk(page, host, 'dmitri');
  await page.getByRole('navigation').getByRole('button', { name: 'Audit' }).click();
  await expect(page.getByTestId('audit-log-state')).toContainText('entries on this computer');
  expect(await storedRecords(page, 'auditPages')).toBeGreaterThan(0);
  await page.getByRole('navigation').getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByTestId('signed-in-as')).toHaveText('Dmitri Volkov, Team lead');
  // A team lead sees who is locked out after failed sign-ins; nobody is yet.
  await expect(page.getByRole('region', { name: 'Locked accounts' })).toContainText('No account is locked.');
  const sessionsOfDmitri = async () => (await service.db.query("SELECT 1 FROM sessions WHERE user_id = 'u-tl-1'")).length;
  expect(await sessionsOfDmitri()).toBeGreaterThan(0);
  await signOut(page);
  expect(await storedRecords(page, 'auditPages')).toBe(0);
  // Signing out revoked the token on the service too: a copy of it is worth nothing now.
  expect(await sessionsOfDmitri()).toBe(0);

  // Mateo's claim makes this computer's client his on the service...
  await signIn(page, 'mateo', 'demo-mateo');
  await expect(page.getByRole('navigation').getByRole('button', { name: 'Audit' })).toHaveCount(0);
  const first = await rulableDispute(service, { assignee: 'nobody' });
  await claim(page, first.id);
  await expect.poll(async () => (await serviceDispute(service, first.id)).assignee).toBe('u-cm-2');
  await signOut(page);

  // ...so Li Na's changes need a client of her own, or the service refuses every one of them.
  await signIn(page, 'lina', 'demo-lina');
  const second = await rulableDispute(service, { assignee: 'nobody' });
  await claim(page, second.id);
  await expect.poll(async () => (await serviceDispute(service, second.id)).assignee).toBe('u-cm-1');
  await page.getByRole('button', { name: /Back to the queue/ }).click();
  await expect(page.getByTestId('count-needsAttention')).toHaveText('0');
  // The queues stayed on the computer through both changes of user.
  expect(await storedRecords(page, 'disputes')).toBe(120);
});

test('changes still waiting keep their author signed in, and no one else can sign in over them', async ({ page, host, service }) => {
  await openDesk(page, host, 'lina');
  const dispute = await rulableDispute(service, { assignee: 'nobody' });
  await service.pause();
  await claim(page, dispute.id);

  await page.getByRole('navigation').getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByTestId('sign-out-blocked')).toHaveText(
    '1 change made here has not reached the case service yet. Sync it (Sync now, once online) before signing out: signed out, no one else could send it.',
  );
  await expect(page.getByRole('button', { name: 'Sign out', exact: true })).toBeDisabled();
  await expect(page.getByRole('button', { name: "Sign out and remove this team's data…" })).toBeDisabled();

  // Li Na's sign-in expires while she is offline; Mateo sits down at the computer.
  await service.db.query("UPDATE sessions SET expires_at = '2000-01-01T00:00:00.000Z'");
  await service.resume();
  await page.getByRole('button', { name: 'Sync now' }).click();
  await page.getByRole('navigation').getByRole('button', { name: 'Queues' }).click();
  await expect(page.getByText('Your sign-in has expired', { exact: true })).toBeVisible();
  await page.getByRole('textbox', { name: 'Username' }).fill('mateo');
  await page.getByRole('textbox', { name: 'Password' }).fill('demo-mateo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('region', { name: 'Sign in to your case service' }).getByRole('alert')).toHaveText(
    '1 change made on this computer by Li Na (李娜) has not reached the case service yet. Li Na (李娜) must sign in here to send it; until then no one else can sign in here, so that it is not lost.',
  );
  expect((await serviceDispute(service, dispute.id)).assignee).toBeUndefined();
  expect(await storedRecords(page, 'outbox')).toBe(1);

  // Li Na signs in again, and her claim goes out as hers.
  await page.getByRole('textbox', { name: 'Username' }).fill('lina');
  await page.getByRole('textbox', { name: 'Password' }).fill('demo-lina');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('sync-status')).toContainText('Synced');
  await expect.poll(async () => (await serviceDispute(service, dispute.id)).assignee).toBe('u-cm-1');
});

test('a half-written rationale stays with its author: the next person at the computer sees an empty form', async ({ page, host, service }) => {
  test.setTimeout(240_000);
  const dispute = await rulableDispute(service, { assignee: 'nobody' });
  const rationaleOf = (form: Locator) => form.getByRole('textbox', { name: /Rationale/ });
  const half = 'The tracking stops in the origin country, and the seller';

  // Li Na starts a ruling and leaves it half-written; it is kept on this computer as hers.
  await openDesk(page, host, 'lina');
  await openCase(page, dispute);
  await rationaleOf(await openRulingForm(page, dispute.id)).fill(half);
  await expect.poll(() => storedDrafts(page, half)).toEqual([{ userId: 'u-cm-1', disputeId: dispute.id, sealed: true }]);
  await signOut(page);

  // Dmitri, a team lead, signs in on the same computer and opens the same dispute's ruling form:
  // empty. (Starting her ruling claimed the case for Li Na, so only a team lead may rule on it now.)
  await signIn(page, 'dmitri', 'demo-dmitri');
  await page.getByRole('navigation').getByRole('button', { name: 'Queues' }).click();
  await openCase(page, dispute);
  const his = await openRulingForm(page, dispute.id);
  await expect(rationaleOf(his)).toHaveValue('');
  await expect(his.getByText(/was restored/)).toHaveCount(0);
  await signOut(page);
  // Her draft is still there, sealed, and nothing of his was written over it (her form shows it below).
  expect(await storedDrafts(page, half)).toEqual([{ userId: 'u-cm-1', disputeId: dispute.id, sealed: true }]);

  // Li Na comes back and finds her rationale where she left it.
  await signIn(page, 'lina', 'demo-lina');
  await page.getByRole('navigation').getByRole('button', { name: 'Queues' }).click();
  await openCase(page, dispute);
  const hers = await openRulingForm(page, dispute.id);
  await expect(rationaleOf(hers)).toHaveValue(half);
  await expect(hers.getByText(/was restored/)).toBeVisible();
});
