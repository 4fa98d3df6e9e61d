import { logStart, verifyAuditChain, type AuditVerdict, type ChainStart } from '../../shared/audit/verify';
import { createLogger } from '../../shared/logger';
import { checkAuditPage, sha256Here, unreadablePage, type FromVerifyWorker, type PageSummary, type ToVerifyWorker } from './audit-page-check';
import { hashTakenAsGiven, type StoredAuditPage } from './audit-records';
import { readAuditRecord } from './audit-sync';
import type { AuditVerification, DeskDatabase } from './db';
import { isUnreadableRecord } from './sealed-records';

// Verifying the team lead's stored copy of the audit log (decision 0031). Each stored page is
// checked on its own, its entries hashed at once, in module workers that read the pages from
// IndexedDB themselves; this thread stitches the pages together in log order (each page starts
// where the one before ended) and checks the head. A page that fails is walked again here from
// where the log before it ended, so the problem is named exactly as a walk of the whole log would.

/**
 * The verdict on the whole log from its pages' summaries, in log order. `recheck` walks one page
 * again from a given start (the page before it ended there) when it does not fit or failed inside.
 */
export async function stitch(
  summaries: AsyncIterable<PageSummary>,
  recheck: (from: number, start: ChainStart) => Promise<AuditVerdict>,
  head: { seq: number; hash: string } | undefined,
  onPage: (checked: number) => void = () => {},
): Promise<AuditVerdict> {
  let start = logStart;
  for await (const summary of summaries) {
    if (summary.unreadable) return unreadableAt(start);
    if (summary.first === null || summary.last === null) continue;
    if (summary.ok && summary.first.seq === start.seq + 1 && summary.first.prevHash === start.hash) {
      start = { seq: summary.last.seq, hash: summary.last.hash, position: start.position + summary.count };
    } else {
      const verdict = await recheck(summary.from, start);
      if (!verdict.ok) return verdict;
      // Changed since its worker read it, and whole now: carry on from where it ends.
      start = { seq: verdict.head?.seq ?? start.seq, hash: verdict.head?.hash ?? start.hash, position: verdict.count };
    }
    onPage(start.position);
  }
  return verifyAuditChain([], sha256Here, head, undefined, start);
}

function appWorker(): Worker {
  // Bundled by Vite from this exact form as its own chunk on the app's origin (CSP `script-src 'self'`).
  return new Worker(new URL('./audit-verify.worker.ts', import.meta.url), { type: 'module', name: 'audit-verify' });
}

const log = createLogger('audit-verify');

/**
 * Checks the pages at `froms` in `count` workers, each holding two pages and handed the next as it
 * finishes one; yields the summaries in log order. Throws when a worker cannot start or fails (the caller then
 * checks the pages itself).
 */
async function* checkInWorkers(db: DeskDatabase, froms: number[], count: number, createWorker: () => Worker): AsyncGenerator<PageSummary> {
  const sealing = db.seal === undefined ? null : { key: db.seal.key, refusePlain: !db.seal.plainAccepted };
  const results = new Map<number, PageSummary>();
  let failure: Error | undefined;
  let wake: () => void = () => {};
  const workers: Worker[] = [];
  let next = 0;
  const give = (worker: Worker) => {
    if (next < froms.length) worker.postMessage({ kind: 'check', from: froms[next++]! } satisfies ToVerifyWorker);
  };
  try {
    for (let index = 0; index < count; index += 1) {
      const worker = createWorker();
      workers.push(worker);
      worker.onmessage = (event: MessageEvent<FromVerifyWorker>) => {
        if (event.data.kind === 'failed') failure = new Error(event.data.message);
        else {
          results.set(event.data.summary.from, event.data.summary);
          give(worker);
        }
        wake();
      };
      worker.onerror = (event) => {
        failure = new Error(event.message || 'the verification worker stopped');
        wake();
      };
      worker.postMessage({ kind: 'open', dbName: db.name, sealing } satisfies ToVerifyWorker);
      // Two pages each: a worker reads its next page while it hashes one (issue 20).
      give(worker);
      give(worker);
    }
    for (const from of froms) {
      while (!results.has(from)) {
        if (failure) throw failure;
        await new Promise<void>((resolve) => (wake = resolve));
      }
      yield results.get(from)!;
      results.delete(from);
    }
  } finally {
    for (const worker of workers) worker.terminate();
  }
}

/** The verdict on a log whose stored page after `start` does not open (sealed, and changed on disk). */
function unreadableAt(start: ChainStart): AuditVerdict {
  const seq = start.seq + 1;
  const message = `The stored copy of the log from entry ${seq} on could not be opened with this computer's key: it was changed on disk.`;
  return { ok: false, count: start.position, problem: { kind: 'unreadable', position: start.position, seq, message } };
}

/** The pages checked on this thread, one after another: where workers cannot run (tests in Node). */
async function* checkHere(db: DeskDatabase): AsyncGenerator<PageSummary> {
  for (const from of await db.auditPages.orderBy('from').primaryKeys()) {
    const page = await storedPage(db, from);
    if (page === 'unreadable') yield unreadablePage(from);
    else if (page !== undefined) yield await checkAuditPage(page);
  }
}

/** The stored page at `from`, or 'unreadable' when it does not open (sealed, and changed on disk). */
async function storedPage(db: DeskDatabase, from: number): Promise<StoredAuditPage | undefined | 'unreadable'> {
  try {
    return await db.auditPages.get(from);
  } catch (error) {
    if (!isUnreadableRecord(error)) throw error;
    return 'unreadable';
  }
}

/** How verification finds its workers: the app's own by default; `null` checks on this thread. */
export interface VerifyOptions {
  createWorker?: (() => Worker) | null;
  now?: () => Date;
}

/**
 * Verifies the stored log offline against the head the service last reported, and keeps the
 * outcome. `onProgress` gets the entries checked so far, in log order, and the total stored.
 */
export async function verifyStoredAudit(db: DeskDatabase, onProgress: (checked: number, total: number) => void = () => {}, options: VerifyOptions = {}): Promise<AuditVerification> {
  const record = await readAuditRecord(db);
  const started = performance.now();
  const head = record.head ?? undefined;
  const recheck = async (from: number, start: ChainStart): Promise<AuditVerdict> => {
    const page = await storedPage(db, from);
    if (page === 'unreadable') return unreadableAt(start);
    return verifyAuditChain(page?.entries ?? [], sha256Here, undefined, hashTakenAsGiven, start);
  };
  // The total is what the last pull stored; a copy changed since shows in the verdict, not here.
  const progress = (checked: number) => onProgress(checked, Math.max(checked, record.lastSeq));
  const createWorker = options.createWorker === undefined ? (typeof Worker === 'undefined' ? null : appWorker) : options.createWorker;
  let verdict: AuditVerdict | undefined;
  if (createWorker !== null) {
    const froms = await db.auditPages.orderBy('from').primaryKeys();
    const count = Math.max(1, Math.min(navigator.hardwareConcurrency || 2, 4, froms.length));
    try {
      verdict = await stitch(checkInWorkers(db, froms, count, createWorker), recheck, head, progress);
    } catch (error) {
      log.warn('verification workers failed; checking on this thread', { error: error instanceof Error ? error.message : String(error) });
    }
  }
  verdict ??= await stitch(checkHere(db), recheck, head, progress);
  const seconds = (performance.now() - started) / 1000;
  const verification: AuditVerification = {
    at: (options.now ?? (() => new Date()))().toISOString(),
    ok: verdict.ok,
    count: verdict.count,
    rate: seconds > 0 ? Math.round(verdict.count / seconds) : verdict.count,
    ...(verdict.ok ? {} : { problem: verdict.problem }),
  };
  await db.meta.put({ ...(await readAuditRecord(db)), verification });
  return verification;
}
