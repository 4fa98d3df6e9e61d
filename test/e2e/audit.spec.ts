import { expect, test as base, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import type { Dispute } from '../../shared/domain/model';
import type { RunningHost } from './browser-host';
import type { RunningService } from './case-service';
import { serviceAndHost } from './fixtures';
import { openDesk, serviceDispute } from './ruling-support';

// Issue 8's journeys in Chromium against the browser host and a real case service seeded with the
// demo workspace (whose generated rulings are in its audit log): the team lead finds a decision,
// exports, overturns, samples for a second review, prints a report and verifies the log, and
// catches a copy altered on this computer. The reviewer records the second review.
const test = base.extend<{ service: RunningService; host: RunningHost }>({
  ...serviceAndHost(160),
});

test.describe.configure({ timeout: 180_000 });

/** Signs in as the team lead and opens the audit once the log has been pulled. */
async function openAudit(page: Page, host: RunningHost): Promise<void> {
  await openDesk(page, host, 'dmitri');
  await page.getByRole('navigation').getByRole('button', { name: 'Audit' }).click();
  await expect(page.getByTestId('audit-log-state')).toContainText('entries on this computer');
}

/** A dispute ruled (not closed) in the demo workspace: one a team lead can overturn. */
async function ruledDispute(service: RunningService): Promise<Dispute> {
  const [row] = await service.db.query<{ doc: Dispute }>("SELECT doc FROM disputes WHERE state = 'ruled' AND NOT (doc ? 'secondReview') ORDER BY id LIMIT 1");
  if (!row) throw new Error('The demo workspace has no ruled dispute; seed more disputes.');
  return row.doc;
}

test('a team lead finds a decision, exports the log, overturns the ruling and prints its report', async ({ page, host, service }) => {
  const dispute = await ruledDispute(service);
  await openAudit(page, host);

  // Verification passes on the log as the service wrote it.
  await page.getByRole('button', { name: 'Verify the log' }).click();
  await expect(page.getByTestId('audit-verdict')).toContainText(/All \d+ entries verified/);

  // Find the decision by its case manager and its dispute, and export what the filters keep.
  const filters = page.getByRole('search', { name: 'Filter the decision log' });
  await filters.getByRole('combobox', { name: 'Case manager' }).click();
  const names: Record<string, string> = { 'u-cm-1': 'Li Na (李娜)', 'u-cm-2': 'Mateo Fernández', 'u-cm-3': 'Amara Okafor' };
  await page.getByRole('option', { name: names[dispute.ruling!.ruledBy]!, exact: true }).click();
  await expect(page.getByTestId('decision-row').first()).toContainText(names[dispute.ruling!.ruledBy]!);
  await filters.getByRole('textbox', { name: 'Dispute or seller' }).fill(dispute.id);
  await expect(page.getByTestId('decision-count')).toHaveText(/^1 of \d+ decisions$/);
  const row = page.getByTestId('decision-row');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(dispute.seller.name);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
  const csv = (await readFile((await download.path())!, 'utf8')).replace(/^\uFEFF/, '').trim().split('\r\n');
  expect(csv).toHaveLength(2);
  expect(csv[0]).toMatch(/^seq,at,actor_id,actor_name,action,dispute,outcome,refund/);
  expect(csv[1]).toContain(`,ruling.record,${dispute.id},${dispute.ruling!.outcome},`);

  // The case's history, then the overturn: queued, synced, audited, and in the history.
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.getByRole('button', { name: 'Clear filters' }).click();
  // At 1280×720 the log shows a working page of decisions, not four.
  await expect.poll(() => page.getByTestId('decision-row').count()).toBeGreaterThanOrEqual(8);
  await page.screenshot({ path: test.info().outputPath('decision-log-1280.png') });
  await filters.getByRole('textbox', { name: 'Dispute or seller' }).fill(dispute.id);
  await expect(row).toHaveCount(1);

  await row.getByRole('button', { name: dispute.id }).click();
  const history = page.getByTestId('case-history');
  await expect(history.getByTestId('history-step')).toHaveCount(1);
  // The ruling reads as a sentence with the case manager's name and the money in the user's locale.
  const ruledBy = names[dispute.ruling!.ruledBy]!;
  await expect(history.getByTestId('history-step').first()).toContainText(`${ruledBy} ruled`);
  await expect(history).not.toContainText(/minor units|baseVersion|u-cm-\d|partial_refund|full_refund/);
  await page.screenshot({ path: test.info().outputPath('case-history-1280.png') });
  await history.getByRole('button', { name: 'Overturn this ruling' }).click();
  await history.getByRole('button', { name: 'Overturn ruling' }).click();
  await expect(history.getByText('Give the reason in at least 10 characters.')).toBeVisible();
  await history.getByRole('textbox', { name: /Why it is overturned/ }).fill('The cited photo shows a different parcel from the order.');
  await history.getByRole('button', { name: 'Overturn ruling' }).click();
  // A last step says whose ruling is set aside before anything is queued.
  const confirm = page.getByRole('dialog', { name: `Overturn the ruling on ${dispute.id}?` });
  await expect(confirm.getByTestId('overturn-effects')).toContainText(`${ruledBy}’s ruling`);
  await page.screenshot({ path: test.info().outputPath('overturn-confirm-1280.png') });
  expect((await serviceDispute(service, dispute.id)).state).toBe('ruled');
  await confirm.getByRole('button', { name: 'Overturn the ruling' }).click();
  await expect.poll(async () => (await serviceDispute(service, dispute.id)).state).toBe('under_review');
  const overturned = await serviceDispute(service, dispute.id);
  expect(overturned.overturnedRulings).toMatchObject([{ overturnedBy: 'u-tl-1', overturnReason: 'The cited photo shows a different parcel from the order.' }]);
  // The sync that sent the overturn brought back its audit entry: no click needed.
  await expect(history.getByTestId('history-step')).toHaveCount(2);
  const step = history.getByTestId('history-step').nth(1);
  await expect(step).toContainText(`Dmitri Volkov overturned ${ruledBy}’s ruling`);
  await step.getByText('Details and what changed').click();
  await expect(step.getByRole('table', { name: 'What changed' })).toContainText(/State\s*Ruled\s*Under review/);
  // The overturn arrived after the verification: the banner says so rather than staying green.
  await expect(page.getByTestId('audit-verdict')).toContainText(/Verified \d+ entries · \d+ new since/);
  await expect(history.getByRole('button', { name: 'Overturn this ruling' })).toHaveCount(0);

  // The report prints alone: on screen it is hidden, in print only it shows, and it makes a PDF.
  await expect(page.getByTestId('case-report')).toBeHidden();
  await page.evaluate(() => {
    (window as unknown as { printed: number }).printed = 0;
    window.print = () => void ((window as unknown as { printed: number }).printed += 1);
  });
  await history.getByRole('button', { name: 'Print case report' }).click();
  await expect.poll(() => page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
  await page.emulateMedia({ media: 'print' });
  const report = page.getByTestId('case-report');
  await expect(report).toBeVisible();
  await expect(report).toContainText(`Case report: dispute ${dispute.id}`);
  await expect(report).toContainText('The cited photo shows a different parcel from the order.');
  await expect(page.getByTestId('case-history')).toBeHidden();
  const pdf = await page.pdf();
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  await page.emulateMedia({ media: 'screen' });
});

test('quality sampling assigns second reviews, the reviewer records one, and agreement is reported', async ({ page, host, service, browser }) => {
  await openAudit(page, host);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.getByRole('tab', { name: 'Quality sampling' }).click();
  // The default is a sample a team lead can review, with the formula filled in beside it.
  await expect(page.getByRole('radio', { name: '90%' })).toBeChecked();
  await expect(page.getByTestId('sample-formula')).toContainText('n₀ = z²·p(1−p)/e² = 1.645² × 0.10 × 0.90 / 0.10²');
  await page.getByRole('button', { name: 'Draw sample' }).click();
  const drawnIds = await page.getByTestId('drawn-sample').getByRole('row').allTextContents();
  // Leaving the tab and coming back keeps the drawn sample; Assign is in view without scrolling.
  await page.getByRole('tab', { name: 'Decision log' }).click();
  await page.getByRole('tab', { name: 'Quality sampling' }).click();
  await expect(page.getByTestId('drawn-sample').getByRole('row')).toHaveText(drawnIds);
  await expect(page.getByRole('button', { name: 'Assign for second review' })).toBeInViewport();
  await page.screenshot({ path: test.info().outputPath('sampling-kept-1280.png') });
  await page.getByRole('button', { name: 'Assign for second review' }).click();
  // Each assignment is queued in turn; on a busy machine that takes a while.
  await expect(page.getByText(/Assigned for second review: \d+\./)).toBeVisible({ timeout: 60_000 });
  await expect
    .poll(async () => (await service.db.query<{ count: number }>("SELECT count(*)::int AS count FROM disputes WHERE doc ? 'secondReview'"))[0]!.count)
    .toBeGreaterThan(0);
  const [drawn] = await service.db.query<{ doc: Dispute }>("SELECT doc FROM disputes WHERE doc -> 'secondReview' ->> 'reviewerId' = 'u-rv-1' ORDER BY id LIMIT 1");
  expect(drawn, 'a drawn dispute went to the reviewer Sofia').toBeDefined();

  // Sofia finds it in her queue and disagrees, with a comment.
  const reviewer = await browser.newPage();
  await openDesk(reviewer, host, 'sofia');
  await reviewer.getByRole('button', { name: /Second reviews for me/ }).click();
  await reviewer.getByRole('grid', { name: 'Dispute queue' }).getByRole('row').filter({ hasText: drawn!.doc.id }).click();
  await reviewer.getByRole('radio', { name: 'Disagree with the ruling' }).check();
  await reviewer.getByRole('button', { name: 'Record verdict' }).click();
  await expect(reviewer.getByText('Say why you disagree with the ruling.')).toBeVisible();
  await reviewer.getByRole('textbox', { name: /Comment/ }).fill('The refund should have waited for the return.');
  await reviewer.getByRole('button', { name: 'Record verdict' }).click();
  await expect.poll(async () => (await serviceDispute(service, drawn!.doc.id)).secondReview?.verdict).toBe('disagree');
  await reviewer.close();

  // Back with the team lead: the agreement report counts the disagreement.
  await page.getByRole('button', { name: 'Sync now' }).click();
  const report = page.getByTestId('agreement-report');
  const caseManager = { 'u-cm-1': 'Li Na (李娜)', 'u-cm-2': 'Mateo Fernández', 'u-cm-3': 'Amara Okafor' }[drawn!.doc.ruling!.ruledBy]!;
  // Columns: case manager, agree, disagree, rate, pending.
  await expect(report.getByRole('row').filter({ hasText: caseManager }).getByRole('cell').nth(2)).toHaveText('1');
  await expect(page.getByTestId('second-reviews')).toContainText('The refund should have waited for the return.');
});

test('the dashboards chart the demo rulings; the verification names the first bad entry when the copy here was altered', async ({ page, host, service }) => {
  await openAudit(page, host);
  await page.getByRole('tab', { name: 'Dashboards' }).click();
  await page.getByRole('button', { name: 'Last 365 days' }).click();
  const dashboards = page.getByTestId('audit-dashboards');
  await expect(dashboards).toHaveAttribute('data-ready', 'true');
  const [{ rulings }] = (await service.db.query<{ rulings: number }>(
    // The demo's rulings all fall within the year up to the newest one.
    "SELECT count(*)::int AS rulings FROM audit_log WHERE action = 'ruling.record'",
  )) as [{ rulings: number }];
  await expect(dashboards.getByTestId('headline-rulings').locator('dd')).toHaveText(String(rulings));
  await expect(dashboards.locator('svg.recharts-surface').first()).toBeVisible();

  // Someone edits the stored log directly in IndexedDB, without the records key: one byte of the
  // first page's sealed entries (decision 0038), where entry 3's payload would be.
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('dispute-desk');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          // The log is kept a page of entries to a record; the first page starts at entry 1.
          const tx = open.result.transaction('auditPages', 'readwrite');
          const store = tx.objectStore('auditPages');
          const read = store.get(1);
          read.onsuccess = () => {
            const box = new Uint8Array(read.result.$sealed as Uint8Array);
            box[Math.floor(box.length / 3)]! ^= 0x01;
            store.put({ ...read.result, $sealed: box });
          };
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
  // The pages are checked in module workers (decision 0031), not on the page's thread.
  const worker = page.waitForEvent('worker', { predicate: (started) => started.url().includes('audit-verify.worker') });
  await page.getByRole('button', { name: 'Verify the log' }).click();
  await worker;
  const verdict = page.getByTestId('audit-verdict');
  // The page is sealed (decision 0038): an edit made without the key makes it unreadable, from its first entry on.
  await expect(verdict).toContainText('Verification failed at entry 1 (number 1)');
  await expect(verdict).toContainText("could not be opened with this computer's key: it was changed on disk");
});

test('only team leads see the audit; the case service refuses the log to anyone else', async ({ page, host, service }) => {
  await openDesk(page, host, 'lina');
  await expect(page.getByRole('navigation').getByRole('button', { name: 'Audit' })).toHaveCount(0);
  const login = await fetch(`${service.url}/auth/login`, { method: 'POST', body: JSON.stringify({ username: 'lina', password: 'demo-lina' }) });
  const { token } = (await login.json()) as { token: string };
  const refused = await fetch(`${service.url}/audit`, { headers: { authorization: `Bearer ${token}` } });
  expect(refused.status).toBe(403);
  expect(await refused.json()).toMatchObject({ error: { code: 'forbidden' } });
});
