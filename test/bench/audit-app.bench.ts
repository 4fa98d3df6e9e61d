import { chromium, type Page } from '@playwright/test';
import { performance } from 'node:perf_hooks';
import { chromiumArgs, chromiumPath } from '../../playwright.config';
import { demoUsers } from '../../server/demo/users';
import { appendAuditBatch } from '../../server/store';
import { startBrowserHost, type RunningHost } from '../e2e/browser-host';
import { startCaseService, type RunningService } from '../e2e/case-service';
import { seededFraction } from '../support/random';
import { median, round, spreadOf, type Bench, type BenchResult, type BenchSize } from './harness';

// The team lead's audit in Chromium, on a service holding 100,000 rulings (small: 5,000) by 20
// case managers over a year: the log pulled into the app, then verified there, and the dashboards
// drawn over all of it.

const outcomes = ['full_refund', 'partial_refund', 'refund_after_return', 'claim_rejected', 'as_agreed'] as const;
const dayMs = 24 * 3_600_000;

/** `count` rulings on the workspace's disputes, oldest first, spread over the year before `now`. */
export async function addRulings(service: RunningService, count: number, now: number): Promise<void> {
  const disputes = await service.db.query<{ id: string }>('SELECT id FROM disputes ORDER BY id');
  const random = seededFraction(11);
  const start = now - 365 * dayMs;
  const entries = Array.from({ length: count }, (_, index) => {
    const dispute = disputes[index % disputes.length]!.id;
    const outcome = outcomes[Math.floor(random() * outcomes.length)]!;
    return {
      at: new Date(start + (index / count) * 365 * dayMs).toISOString(),
      actor: `u-cm-bench-${index % 20}`,
      action: 'ruling.record',
      disputeId: dispute,
      payload: {
        disputeId: dispute,
        outcome,
        ...(outcome === 'partial_refund' ? { refund: { amountMinor: 1_000 + index, currency: 'EUR' } } : {}),
        citedEvidenceIds: [`${dispute}-1`],
        rationale: 'The photos show the lid cracked in transit; the seller’s packing photo shows it whole.',
        policyCodes: ['evidence.clear-and-sufficient'],
        ...(random() < 0.05 ? { lateEvidenceOverride: 'Courier strike delayed the buyer’s photos.' } : {}),
      },
    };
  });
  for (let from = 0; from < entries.length; from += 10_000) {
    await service.db.transaction((tx) => appendAuditBatch(tx, entries.slice(from, from + 10_000)));
  }
}

/** Signs in as the team lead and waits until the whole log is on this computer. */
export async function pullAsTeamLead(page: Page, host: RunningHost, total: number): Promise<number> {
  const lead = demoUsers.find((user) => user.role === 'team_lead')!;
  const started = performance.now();
  await page.goto(host.url);
  await page.getByRole('textbox', { name: 'Username' }).fill(lead.username);
  await page.getByRole('textbox', { name: 'Password' }).fill(lead.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation').getByRole('button', { name: 'Audit' }).click();
  await page.getByTestId('audit-log-state').filter({ hasText: `${total.toLocaleString('en-US')} entries on this computer` }).waitFor({ timeout: 600_000 });
  return performance.now() - started;
}

/** WebCrypto SHA-256 of `count` texts the size of an audit entry, one after another: the floor for verifying. */
function hashOnly(page: Page, count: number): Promise<number> {
  return page.evaluate(async (count) => {
    const encoder = new TextEncoder();
    const text = JSON.stringify({ seq: 1, at: new Date().toISOString(), actor: 'u-cm-bench-1', action: 'ruling.record', payload: { rationale: 'x'.repeat(260) } });
    const started = performance.now();
    for (let index = 0; index < count; index += 1) await crypto.subtle.digest('SHA-256', encoder.encode(text + index));
    return performance.now() - started;
  }, count);
}

/** Reads every decision record from the app's IndexedDB, as a dashboard without per-day counts would. */
function readAllDecisions(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('dispute-desk');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const started = performance.now();
          const request = open.result.transaction('decisions').objectStore('decisions').getAll();
          request.onsuccess = () => {
            const elapsed = performance.now() - started;
            open.result.close();
            resolve(request.result.length > 0 ? elapsed : -1);
          };
          request.onerror = () => reject(request.error);
        };
      }),
  );
}

async function runAuditBenches(size: BenchSize): Promise<BenchResult[]> {
  const rulings = size === 'small' ? 5_000 : 100_000;
  const service = await startCaseService(size === 'small' ? 300 : 2_000);
  let host: RunningHost | undefined;
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  try {
    await addRulings(service, rulings, Date.now());
    const [{ total }] = (await service.db.query<{ total: number }>('SELECT count(*)::int AS total FROM audit_log')) as [{ total: number }];
    host = await startBrowserHost([], { DESK_SERVICE_URL: service.url });
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    const pullMs = await pullAsTeamLead(page, host, total);
    process.stderr.write(`audit: ${total} entries pulled into the app in ${round(pullMs / 1000)} s\n`);

    // audit-verify: from the click to the verdict painted, against hashing alone. Timed by the
    // page's own clock, as queue-first-rows is: Playwright's waiting polls ever more slowly and
    // read the verdict up to 0.5 s after it was on screen. `__name` is a helper tsx adds.
    const verified = `All ${total.toLocaleString('en-US')} entries verified`;
    await page.evaluate(`globalThis.__name ??= (fn) => fn;
      globalThis.__verdictAt = undefined;
      new MutationObserver((_, observer) => {
        const verdict = document.querySelector('[data-testid="audit-verdict"][data-state="current"]');
        if (!verdict || !verdict.textContent.includes(${JSON.stringify(verified)})) return;
        observer.disconnect();
        requestAnimationFrame(() => { globalThis.__verdictAt = performance.now(); });
      }).observe(document, { subtree: true, childList: true, characterData: true });`);
    await page.evaluate(`globalThis.__clickedAt = undefined;
      document.addEventListener('click', () => { globalThis.__clickedAt = performance.now(); }, { capture: true, once: true });`);
    await page.getByRole('button', { name: 'Verify the log' }).click();
    await page.waitForFunction(() => (globalThis as { __verdictAt?: number }).__verdictAt !== undefined, undefined, { timeout: 600_000 });
    const verifyMs = (await page.evaluate('globalThis.__verdictAt - globalThis.__clickedAt')) as number;
    const hashMs = await hashOnly(page, total);
    process.stderr.write(`audit: ${await page.getByTestId('audit-verdict').innerText()}\n`);

    // audit-dashboard: the dashboards over the whole year, from opening the audit to the charts drawn.
    await page.getByRole('tab', { name: 'Dashboards' }).click();
    await page.getByRole('button', { name: 'Last 365 days' }).click();
    await page.getByTestId('audit-dashboards').and(page.locator('[data-ready="true"]')).waitFor();
    const dashboardMs: number[] = [];
    for (let run = 0; run < 3; run += 1) {
      await page.reload();
      // A team lead lands on the audit: from the queues, opening it again is what is timed.
      await page.getByRole('navigation').getByRole('button', { name: 'Queues' }).click();
      await page.getByTestId('audit-dashboards').waitFor({ state: 'detached' });
      // By the page's clock, from the click to the frame after the dashboards mark themselves drawn.
      await page.evaluate(`globalThis.__name ??= (fn) => fn;
        globalThis.__clickedAt = undefined;
        globalThis.__drawnAt = undefined;
        document.addEventListener('click', () => { globalThis.__clickedAt = performance.now(); }, { capture: true, once: true });
        new MutationObserver((_, observer) => {
          if (!document.querySelector('[data-testid="audit-dashboards"][data-ready="true"]')) return;
          observer.disconnect();
          requestAnimationFrame(() => { globalThis.__drawnAt = performance.now(); });
        }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-ready'] });`);
      await page.getByRole('navigation').getByRole('button', { name: 'Audit' }).click();
      await page.waitForFunction(() => (globalThis as { __drawnAt?: number }).__drawnAt !== undefined, undefined, { timeout: 60_000 });
      dashboardMs.push((await page.evaluate('globalThis.__drawnAt - globalThis.__clickedAt')) as number);
    }
    // One read: at full size each takes ~5 s (100,000 records), so two more would add ~10 s.
    const readMs = await readAllDecisions(page);
    const dashboard = median(dashboardMs);
    return [
      {
        bench: 'audit-verify',
        value: round(total / (verifyMs / 1000)),
        unit: 'entries/s',
        baseline: round(total / (hashMs / 1000)),
        ratio: round(verifyMs / hashMs),
        // Issue 20: a year of a busy team's log (100,000 entries) verified in 2 s.
        target: 50_000,
        size,
        // One verification: at full size each takes ~3.5 s and its hashing ~1 s, so more would add ~10 s.
        samples: 1,
      },
      {
        bench: 'audit-dashboard',
        value: round(dashboard),
        unit: 'ms',
        // Issue 20.
        target: 500,
        baseline: round(readMs),
        ratio: round(dashboard / readMs),
        size,
        samples: dashboardMs.length,
        spread: { value: spreadOf(dashboardMs) },
      },
    ];
  } finally {
    await browser.close();
    await host?.stop();
    await service.stop();
  }
}

let results: Promise<BenchResult[]> | undefined;

/** Verifying the log in the app (WebCrypto, from IndexedDB); baseline: WebCrypto hashing alone. */
export const auditVerify: Bench = {
  name: 'audit-verify',
  async run(size) {
    results ??= runAuditBenches(size);
    return (await results).filter((result) => result.bench === 'audit-verify');
  },
};

/** The dashboards over every ruling; target ≤ 0.5 s; baseline: reading every decision record raw. */
export const auditDashboard: Bench = {
  name: 'audit-dashboard',
  async run(size) {
    results ??= runAuditBenches(size);
    return (await results).filter((result) => result.bench === 'audit-dashboard');
  },
};
