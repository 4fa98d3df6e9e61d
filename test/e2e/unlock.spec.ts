// Issue 22, the passphrase asked in the window: a desk with no keychain that protects anything asks
// for a passphrase before it makes its key, and at every later start asks for it again before it
// reads anything stored. A wrong one is refused and changes nothing; the right one opens the desk
// as it was left: the same session, the same sealed records.
import { expect, test } from '@playwright/test';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expectAccessible } from './accessible';
import { startBrowserHost, type RunningHost } from './browser-host';
import { startCaseService } from './case-service';
import { signIn } from './ruling-support';

test('a desk asks for a passphrase to protect its key, refuses a wrong one at the next start, and opens as it was with the right one', async ({ page }) => {
  test.setTimeout(120_000);
  const service = await startCaseService(20);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'desk-e2e-unlock-'));
  const passphrase = 'parcel at the door, photographed';
  let host: RunningHost | undefined = await startBrowserHost(['--data-dir', dataDir, '--ask-passphrase'], { DESK_SERVICE_URL: service.url });
  try {
    await page.goto(host.url);
    await expect(page.getByRole('heading', { name: 'Protect this desk with a passphrase' })).toBeVisible();
    await expect(page.getByText('This desk keeps what it stores sealed, and has no key yet.')).toBeVisible();
    await expectAccessible(page, 'the new-passphrase screen');
    // The host's rule, said under the field before anything is sent.
    await page.getByLabel('Passphrase', { exact: true }).fill('too short');
    await page.getByLabel('The same passphrase again').fill('too short');
    await page.getByRole('button', { name: 'Protect with this passphrase' }).click();
    await expect(page.getByText('Use a passphrase of 12 to 1024 characters.')).toBeVisible();
    await page.getByLabel('Passphrase', { exact: true }).fill(passphrase);
    await page.getByLabel('The same passphrase again').fill(passphrase);
    await page.getByRole('button', { name: 'Protect with this passphrase' }).click();

    // Open: the sign-in screen, then the queue.
    await expect(page.getByRole('heading', { name: 'Sign in to your case service' })).toBeVisible();
    await signIn(page, 'lina', 'demo-lina');
    await expect(page.getByRole('grid', { name: 'Dispute queue' })).toBeVisible();
    await page.getByRole('button', { name: /Recently ruled/ }).click();
    const firstRow = page.getByRole('grid', { name: 'Dispute queue' }).getByRole('row').nth(1);
    const firstRowText = (await firstRow.innerText()).split('\n')[0]!;
    // The key is kept behind the passphrase alone: no key file beside it.
    const keyFile = JSON.parse(await readFile(path.join(dataDir, 'evidence', 'desk-key.json'), 'utf8')) as { slots: { kind: string }[] };
    expect(keyFile.slots.map((slot) => slot.kind)).toEqual(['passphrase']);

    // The next start asks for it, at the same address (the same IndexedDB).
    const port = new URL(host.origin).port;
    await host.stop();
    host = undefined;
    const keyFileBefore = await readFile(path.join(dataDir, 'evidence', 'desk-key.json'));
    host = await startBrowserHost(['--data-dir', dataDir, '--port', port], { DESK_SERVICE_URL: service.url });
    await page.goto('about:blank');
    await page.goto(host.url);
    await expect(page.getByRole('heading', { name: 'This desk is locked' })).toBeVisible();
    await expectAccessible(page, 'the locked screen');
    await expect(page.getByText('This desk is locked with a passphrase: enter it to open what is stored here.')).toBeVisible();
    await page.getByLabel('Passphrase', { exact: true }).fill('not the passphrase at all');
    await page.getByRole('button', { name: 'Open' }).click();
    await expect(page.getByText('That passphrase does not open this desk. Nothing was changed; try again.')).toBeVisible();
    expect((await readFile(path.join(dataDir, 'evidence', 'desk-key.json'))).equals(keyFileBefore)).toBe(true);
    // Nothing stored was read: the page never got past the lock.
    await expect(page.getByRole('grid', { name: 'Dispute queue' })).toHaveCount(0);

    await page.getByLabel('Passphrase', { exact: true }).fill(passphrase);
    await page.getByRole('button', { name: 'Open' }).click();
    // As it was left: still signed in, the same rows, from the records sealed under the same key.
    await expect(page.getByRole('grid', { name: 'Dispute queue' })).toBeVisible();
    await page.getByRole('button', { name: /Recently ruled/ }).click();
    await expect(page.getByRole('grid', { name: 'Dispute queue' }).getByRole('row').nth(1)).toContainText(firstRowText);
    await expect(page.getByRole('alert').filter({ hasText: 'could not be read' })).toHaveCount(0);
    await page.getByRole('navigation').getByRole('button', { name: 'Settings' }).click();
    await expect(page.getByTestId('at-rest')).toContainText("the key opens with this desk's passphrase, asked in the window");
  } finally {
    await host?.stop();
    await service.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
});
