import { expect as baseExpect, test, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { startBrowserHost } from './browser-host';
import { startCaseService } from './case-service';

// A packaged app started from its icon has no DESK_SERVICE_URL: the user types their team's case
// service address on the first-run screen, and the host checks it before saving it.

test.describe.configure({ timeout: 180_000 });
// Signing in and the first sync take many seconds on a loaded two-core machine.
const expect = baseExpect.configure({ timeout: 30_000 });

/** Signs in from the sign-in screen and waits for the first sync. */
async function signIn(page: Page, username: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Username' }).fill(username);
  await page.getByRole('textbox', { name: 'Password' }).fill(`demo-${username}`);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('sync-status')).toContainText('Synced', { timeout: 60_000 });
}

/** An address where nothing listens: a port that was free a moment ago. */
async function silentAddress(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

/** Types `address` and presses the form's button. */
async function connect(page: Page, address: string, button = 'Connect'): Promise<void> {
  await page.getByRole('textbox', { name: 'Case service address' }).fill(address);
  await page.getByRole('button', { name: button }).click();
}

/** The address saved in the data folder's settings, if any. */
async function savedAddress(dataDir: string): Promise<unknown> {
  try {
    return (JSON.parse(await readFile(path.join(dataDir, 'settings.json'), 'utf8')) as { serviceUrl?: unknown }).serviceUrl ?? null;
  } catch {
    return null;
  }
}

test('a new user connects the app to their case service, refused addresses first, then signs in and sees the queues', async ({ page }) => {
  const service = await startCaseService(20);
  const host = await startBrowserHost([], { DESK_SERVICE_URL: '' });
  try {
    const first = await page.goto(host.url);
    expect(first?.headers()['content-security-policy']).toContain("connect-src 'self' evidence:;");
    await expect(page.getByRole('heading', { name: "Connect to your team's case service" })).toBeVisible();
    const field = page.getByRole('textbox', { name: 'Case service address' });
    const refusal = page.getByRole('region', { name: "Connect to your team's case service" }).getByRole('alert');

    await connect(page, 'desk.example.com');
    await expect(refusal).toContainText('"desk.example.com" is not a web address.');

    const silent = await silentAddress();
    await connect(page, silent);
    await expect(refusal).toContainText(`Nothing answers at ${silent}.`);
    await expect(field).toHaveValue(silent);

    // The browser host's own origin answers, but it is no case service.
    await connect(page, host.origin);
    await expect(refusal).toContainText(`${host.origin} answers, but it is not a Dispute Desk case service.`);
    await expect(field).toHaveValue(host.origin);
    expect(await savedAddress(host.dataDir)).toBeNull();

    await connect(page, `${service.url}/`);
    await expect(page.getByRole('heading', { name: 'Sign in to your case service' })).toBeVisible();
    expect(await savedAddress(host.dataDir)).toBe(service.url);
    await signIn(page, 'lina');
    await expect(page.getByRole('grid', { name: 'Dispute queue' })).toBeVisible();

    // After a reload the address is still there, and the page's policy lets it reach the service.
    const reloaded = await page.reload();
    expect(reloaded?.headers()['content-security-policy']).toContain(`connect-src 'self' evidence: ${service.url};`);
    await expect(page.getByRole('grid', { name: 'Dispute queue' })).toBeVisible();
    await page.getByRole('navigation').getByRole('button', { name: 'Settings' }).click();
    await expect(page.getByRole('textbox', { name: 'Case service address' })).toHaveValue(service.url);
  } finally {
    await host.stop();
    await service.stop();
  }
});

test('the service changes in Settings only once nothing waits, and the previous team’s copy is forgotten', async ({ page }) => {
  const [first, second] = await Promise.all([startCaseService(20), startCaseService(5)]);
  const host = await startBrowserHost([], { DESK_SERVICE_URL: first.url });
  try {
    await page.goto(host.url);
    await signIn(page, 'lina');
    const [unassigned] = await first.db.query<{ id: string }>("SELECT id FROM disputes WHERE assignee IS NULL AND state IN ('escalated', 'awaiting_evidence', 'under_review') ORDER BY id LIMIT 1");

    // A claim made while the service is away waits in the outbox: the service cannot change.
    await first.pause();
    await page.getByRole('button', { name: /Unassigned escalations/ }).click();
    await page.getByRole('textbox', { name: 'Search disputes' }).fill(unassigned!.id);
    await page.getByRole('grid', { name: 'Dispute queue' }).getByRole('row').filter({ hasText: unassigned!.id }).click();
    await page.getByRole('button', { name: 'Claim' }).click();
    await page.getByRole('navigation').getByRole('button', { name: 'Settings' }).click();
    await expect(page.getByTestId('service-change-blocked')).toContainText('1 change made here has not reached the current case service yet.');
    await expect(page.getByRole('button', { name: 'Check and connect' })).toBeDisabled();

    await first.resume();
    await page.getByRole('button', { name: 'Sync now' }).click();
    await expect(page.getByTestId('service-change-blocked')).toHaveCount(0);
    await connect(page, second.url, 'Check and connect');
    await page.getByRole('navigation').getByRole('button', { name: 'Queues' }).click();
    await expect(page.getByRole('heading', { name: 'Sign in to your case service' })).toBeVisible();
    await signIn(page, 'lina');
    // Only the second team's disputes: the first one's were forgotten with the change.
    await expect(page.getByRole('grid', { name: 'Dispute queue' })).toBeVisible();
    const rows = await page.evaluate(
      () =>
        new Promise<number>((resolve, reject) => {
          const opening = indexedDB.open('dispute-desk');
          opening.onerror = () => reject(opening.error);
          opening.onsuccess = () => {
            const count = opening.result.transaction('disputes').objectStore('disputes').count();
            count.onsuccess = () => {
              opening.result.close();
              resolve(count.result);
            };
          };
        }),
    );
    expect(rows).toBe(5);
  } finally {
    await host.stop();
    await Promise.all([first.stop(), second.stop()]);
  }
});
