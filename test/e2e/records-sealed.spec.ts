// Issue 22, item 3 in the app: the case records a desk keeps in IndexedDB are sealed (decision
// 0038): a buyer's name and message are nowhere in them as text, yet the queue finds the dispute by
// them. When the store's key is lost, what it sealed cannot be read: the desk says so, removes the
// records, sets the evidence store aside whole, and signing in brings the team's disputes back.
import { expect, test, type Page } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startBrowserHost, type RunningHost } from './browser-host';
import { rawTables } from './raw-indexeddb';
import { startCaseService } from './case-service';
import { signIn } from './ruling-support';

/** Every record the app's IndexedDB holds, read straight from it, as text (bytes as latin1). */
async function rawRecords(page: Page): Promise<{ count: number; text: string }> {
  const all = Object.values(await rawTables(page)).flat();
  const text = JSON.stringify(all, (_key, value: unknown) => (isBytes(value) ? Buffer.from(Object.values(value)).toString('latin1') : value));
  return { count: all.length, text };
}

/** A Uint8Array as page.evaluate hands it back: an object of numbered bytes. */
function isBytes(value: unknown): value is Record<string, number> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && '0' in value && Object.keys(value).every((key) => /^\d+$/.test(key));
}

test('case records are sealed in IndexedDB and still searched; a lost key removes them, and sync brings the team back', async ({ page }) => {
  test.setTimeout(180_000);
  const service = await startCaseService(30);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'desk-e2e-records-'));
  let host: RunningHost | undefined = await startBrowserHost(['--data-dir', dataDir], { DESK_SERVICE_URL: service.url });
  try {
    const [{ doc }] = (await service.db.query<{ doc: { id: string; buyer: { name: string } } }>(
      "SELECT doc FROM disputes WHERE assignee = 'u-cm-1' AND jsonb_array_length(doc->'messages') > 0 ORDER BY id LIMIT 1",
    )) as [{ doc: { id: string; buyer: { name: string }; messages: { body: string }[] } }];
    const message = (doc as unknown as { messages: { body: string }[] }).messages[0]!.body;
    await page.goto(host.url);
    await signIn(page, 'lina', 'demo-lina');

    // Nothing the buyer wrote, nor their name, is readable in any table.
    const stored = await rawRecords(page);
    expect(stored.count).toBeGreaterThan(30);
    expect(stored.text).toContain(doc.id);
    expect(stored.text).not.toContain(doc.buyer.name);
    expect(stored.text).not.toContain(message.slice(0, 40));
    // Searched in memory after the records were opened: by the buyer's name.
    await page.getByRole('button', { name: /My cases/ }).click();
    await page.getByRole('textbox', { name: 'Search disputes' }).fill(doc.buyer.name);
    await expect(page.getByRole('grid', { name: 'Dispute queue' }).getByRole('row').filter({ hasText: doc.id })).toBeVisible();

    // The store's key is lost (its key files deleted); the same desk starts again, at the same address.
    const port = new URL(host.origin).port;
    await host.stop();
    host = undefined;
    await rm(path.join(dataDir, 'evidence', 'desk-key.json'));
    await rm(path.join(dataDir, 'evidence', 'desk-key.secret'));
    host = await startBrowserHost(['--data-dir', dataDir, '--port', port], { DESK_SERVICE_URL: service.url });
    // Away first: an address differing only in its #token would not load the app again.
    await page.goto('about:blank');
    await page.goto(host.url);
    await expect(page.getByRole('alert').filter({ hasText: 'The case records kept here could not be read' })).toContainText('the case service still has every dispute');
    await expect(page.getByRole('heading', { name: 'Sign in to your case service' })).toBeVisible();
    await signIn(page, 'lina', 'demo-lina');
    await page.getByRole('button', { name: /My cases/ }).click();
    await page.getByRole('textbox', { name: 'Search disputes' }).fill(doc.buyer.name);
    await expect(page.getByRole('grid', { name: 'Dispute queue' }).getByRole('row').filter({ hasText: doc.id })).toBeVisible();
    await page.getByRole('button', { name: 'Close' }).first().click();
    await expect(page.getByRole('alert').filter({ hasText: 'could not be read' })).toHaveCount(0);
    // The evidence the old key sealed was set aside, whole, and Settings says where.
    await page.getByRole('navigation').getByRole('button', { name: 'Settings' }).click();
    await expect(page.getByTestId('at-rest')).toContainText('was moved, whole, to');
    await expect(page.getByTestId('at-rest')).toContainText(path.join(dataDir, 'evidence-unreadable-'));
  } finally {
    await host?.stop();
    await service.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
});
