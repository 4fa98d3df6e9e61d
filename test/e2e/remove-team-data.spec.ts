// Issue 22's second "done when": a case manager signs in, syncs, brings evidence in, and signs out
// with "remove this team's data" — after which neither the evidence store nor the app's IndexedDB
// holds a dispute or a piece of evidence of the team, while the case service keeps the record.
import { expect, test as base, type Page } from '@playwright/test';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { filesHolding } from '../support/files-holding';
import { writePhoto } from '../support/media';
import type { RunningHost } from './browser-host';
import type { RunningService } from './case-service';
import { serviceAndHost } from './fixtures';
import { rawTables } from './raw-indexeddb';
import { serviceDispute } from './ruling-support';
import { bringFiles, disputeForLina, openCaseAsLina } from './viewer-support';

const test = base.extend<{ service: RunningService; host: RunningHost }>({
  ...serviceAndHost(30),
});

/** How many records each of the app's IndexedDB tables holds, read straight from IndexedDB. */
async function recordsByTable(page: Page): Promise<Record<string, number>> {
  return Object.fromEntries(Object.entries(await rawTables(page)).map(([name, records]) => [name, records.length]));
}

/** Files under the evidence store that hold evidence: objects, derived files, partial downloads. */
async function evidenceFiles(dataDir: string): Promise<string[]> {
  const root = path.join(dataDir, 'evidence');
  const entries = await readdir(root, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
    .filter((file) => /^(objects|derived|partial)\//.test(file));
}

test('signing out with "remove this team\'s data" leaves no dispute and no evidence of the team on this computer', async ({ page, host, service }) => {
  test.setTimeout(120_000);
  const marker = `TEAMDATA-${Date.now().toString(36)}`;
  const media = await mkdtemp(path.join(os.tmpdir(), 'desk-e2e-remove-'));
  try {
    const photo = path.join(media, 'doorstep.jpg');
    await writePhoto(photo, { seed: 21, exif: { IFD0: { ImageDescription: marker } } });
    const dispute = await disputeForLina(service);
    await openCaseAsLina(page, host, dispute);
    await bringFiles(page, [photo]);
    // The photo reaches the case service (its record and its file), so nothing waits to be sent.
    await expect.poll(async () => (await serviceDispute(service, dispute.id)).evidence.length, { timeout: 30_000 }).toBe(dispute.evidence.length + 1);
    await expect(page.getByTestId('sync-status')).toContainText('Synced');

    // What a lost laptop would hold now: the team's disputes in IndexedDB, the photo (sealed, so its
    // marker is in no file) with its thumbnail in the store, and the store's index naming the case.
    const before = await recordsByTable(page);
    expect(before.disputes).toBe(30);
    expect(await filesHolding(path.join(host.dataDir, 'evidence'), marker)).toEqual([]);
    expect((await evidenceFiles(host.dataDir)).length).toBeGreaterThanOrEqual(2);

    await page.getByRole('navigation').getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('button', { name: "Sign out and remove this team's data…" }).click();
    const dialog = page.getByRole('dialog', { name: "Remove this team's data from this computer?" });
    await expect(dialog.getByTestId('remove-team-data-effects')).toContainText('Every evidence file on this computer goes');
    await dialog.getByRole('button', { name: 'Remove and sign out' }).click();
    await expect(page.getByRole('heading', { name: 'Sign in to your case service' })).toBeVisible();

    const after = await recordsByTable(page);
    expect(Object.keys(after).length).toBeGreaterThan(5);
    expect(Object.entries(after).filter(([, count]) => count > 0)).toEqual([]);
    expect(await evidenceFiles(host.dataDir)).toEqual([]);
    for (const text of [marker, dispute.id, 'doorstep']) expect(await filesHolding(path.join(host.dataDir, 'evidence'), text), text).toEqual([]);
    // The language chosen stays; everything else the app kept in local storage went.
    expect(await page.evaluate(() => Object.keys(localStorage).filter((key) => key !== 'desk.language'))).toEqual([]);
    // The case service keeps the record, and signing in again brings the queues back.
    expect((await serviceDispute(service, dispute.id)).evidence).toHaveLength(dispute.evidence.length + 1);
    await page.getByRole('textbox', { name: 'Username' }).fill('lina');
    await page.getByRole('textbox', { name: 'Password' }).fill('demo-lina');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('sync-status')).toContainText('Synced');
    await expect.poll(async () => (await recordsByTable(page)).disputes).toBe(30);
  } finally {
    await rm(media, { recursive: true, force: true });
  }
});

test('a team lead shortens how long desks keep closed disputes, and the desk lets those past it go at once', async ({ page, host, service }) => {
  test.setTimeout(120_000);
  await page.goto(host.url);
  await page.getByRole('textbox', { name: 'Username' }).fill('dmitri');
  await page.getByRole('textbox', { name: 'Password' }).fill('demo-dmitri');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('sync-status')).toContainText('Synced');
  expect((await recordsByTable(page)).disputes).toBe(30);
  const closedBefore = new Date(Date.now() - 2 * 86_400_000).toISOString();
  const expired = await service.db.query<{ id: string }>(
    `SELECT id FROM disputes WHERE state IN ('closed', 'cancelled', 'settled') AND doc->>'closedAt' < $1`,
    [closedBefore],
  );
  expect(expired.length).toBeGreaterThan(0);

  await page.getByRole('navigation').getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByTestId('retention-days')).toHaveText('Disputes closed more than 90 days ago leave this computer, with their evidence, at the next sync.');
  const days = page.getByRole('textbox', { name: 'Keep closed disputes on team computers for' });
  await days.fill('0');
  await expect(page.getByText('Enter a whole number of days from 1 to 3650.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Save for the team' })).toBeDisabled();
  await days.fill('2');
  await page.getByRole('button', { name: 'Save for the team' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved: 2 days.' })).toBeVisible();

  // Those closed more than two days ago leave this computer; the case service keeps every one.
  await expect.poll(async () => (await recordsByTable(page)).disputes, { timeout: 30_000 }).toBeLessThanOrEqual(30 - expired.length);
  expect((await service.db.query('SELECT id FROM disputes')).length).toBe(30);
});
