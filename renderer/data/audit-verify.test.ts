import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../shared/domain/model';
import Dexie from 'dexie';
import { checkAuditPage, unreadablePage, type FromVerifyWorker, type ToVerifyWorker } from './audit-page-check';
import { auditPageEntries, auditPageOf } from './audit-records';
import { verifyStoredAudit } from './audit-verify';
import { DeskDatabase } from './db';
import { isUnreadableRecord } from './sealed-records';
import { chainAudit, testRecordsKey } from './test-fixtures';

// The stored log checked a page at a time and stitched: by workers (here, stand-ins that answer
// out of order, as real ones do) or on this thread, with the same verdict either way.

const log = await chainAudit(
  Array.from({ length: auditPageEntries * 2 + 100 }, (_, index) => ({
    at: new Date(Date.UTC(2026, 10, 1) + index * 60_000).toISOString(),
    actor: 'u-cm-1',
    action: 'case.note',
    disputeId: `D-${index % 7}`,
    payload: { disputeId: `D-${index % 7}`, noteId: `N-${index}` },
  })),
);
const head = { seq: log.at(-1)!.seq, hash: log.at(-1)!.hash };

async function storeOf(entries: AuditEntry[]): Promise<DeskDatabase> {
  // Sealed, as the app's pages are (decision 0038).
  const db = new DeskDatabase(`verify-test-${crypto.randomUUID()}`, { sealing: testRecordsKey });
  await db.open();
  const pages = [];
  for (let start = 0; start < entries.length; start += auditPageEntries) pages.push(auditPageOf(entries.slice(start, start + auditPageEntries)));
  await db.auditPages.bulkPut(pages);
  await db.meta.put({ key: 'audit', lastSeq: head.seq, head, pulledAt: '2026-12-01T00:00:00.000Z' });
  return db;
}

/** A stand-in for the module worker: reads its page from the same store and answers after a random delay, so answers come out of order. */
function standInWorkers(db: DeskDatabase, made: { count: number }, fail = false): () => Worker {
  return () => {
    made.count += 1;
    const worker = {
      onmessage: null as ((event: MessageEvent<FromVerifyWorker>) => void) | null,
      onerror: null as ((event: ErrorEvent) => void) | null,
      postMessage(message: ToVerifyWorker) {
        if (message.kind !== 'check') return;
        setTimeout(
          async () => {
            if (fail) {
              worker.onerror?.({ message: 'worker script failed to load' } as ErrorEvent);
              return;
            }
            // As the worker does: a page that does not open is answered as unreadable.
            const page = await db.auditPages.get(message.from).catch((error: unknown) => (isUnreadableRecord(error) ? null : Promise.reject(error)));
            const summary = page === null ? unreadablePage(message.from) : await checkAuditPage(page!);
            worker.onmessage?.({ data: { kind: 'checked', summary } } as MessageEvent<FromVerifyWorker>);
          },
          Math.random() * 20,
        );
      },
      terminate() {},
    };
    return worker as unknown as Worker;
  };
}

/** Changes the stored entry `seq` as someone with the database in hand could. */
async function tamper(db: DeskDatabase, seq: number, change: (entry: AuditEntry) => AuditEntry | undefined): Promise<void> {
  const page = (await db.auditPages.where('from').belowOrEqual(seq).last())!;
  await db.auditPages.put({ ...page, entries: page.entries.flatMap((entry) => (entry.seq === seq ? (change(entry) ?? []) : [entry])) });
}

describe('verifying the stored log page by page', () => {
  it('gives the same whole verdict from workers answering out of order as on this thread', async () => {
    const db = await storeOf(log);
    const made = { count: 0 };
    const progress: number[] = [];
    const inWorkers = await verifyStoredAudit(db, (checked) => progress.push(checked), { createWorker: standInWorkers(db, made) });
    expect(inWorkers).toMatchObject({ ok: true, count: log.length });
    expect(made.count).toBeGreaterThan(0);
    // Progress follows log order whatever order the pages were answered in.
    expect(progress).toEqual([1_000, 2_000, 2_100]);
    await expect(verifyStoredAudit(db, undefined, { createWorker: null })).resolves.toMatchObject({ ok: true, count: log.length });
  });

  it('names the first problem as a walk of the whole log would, wherever it is', async () => {
    const cases: [string, (db: DeskDatabase) => Promise<void>, object][] = [
      ['a changed entry inside the second page', (db) => tamper(db, 1_500, (entry) => ({ ...entry, payload: { ...entry.payload, noteId: 'forged' } })), { kind: 'hash', seq: 1_500, position: 1_499 }],
      ['the first entry of a page removed', (db) => tamper(db, 1_001, () => undefined), { kind: 'sequence', seq: 1_002, position: 1_000 }],
      ['a page whose first entry names another predecessor', (db) => tamper(db, 2_001, (entry) => ({ ...entry, prevHash: 'f'.repeat(64) })), { kind: 'link', seq: 2_001, position: 2_000 }],
      ['the last entry removed', (db) => tamper(db, 2_100, () => undefined), { kind: 'head', seq: 2_099 }],
    ];
    for (const [what, change, problem] of cases) {
      for (const createWorker of ['workers', 'here'] as const) {
        const db = await storeOf(log);
        await change(db);
        const verdict = await verifyStoredAudit(db, undefined, { createWorker: createWorker === 'here' ? null : standInWorkers(db, { count: 0 }) });
        expect({ what, createWorker, verdict }).toMatchObject({ what, createWorker, verdict: { ok: false, problem } });
      }
    }
  });

  it('names a page changed on disk without the key as unreadable from its first entry', async () => {
    for (const createWorker of ['workers', 'here'] as const) {
      const db = await storeOf(log);
      const raw = new Dexie(db.name);
      await raw.open();
      const page = (await raw.table('auditPages').get(1_001)) as Record<string, unknown>;
      await raw.table('auditPages').put({ ...page, disputeIds: ['D-forged'] });
      raw.close();
      const verdict = await verifyStoredAudit(db, undefined, { createWorker: createWorker === 'here' ? null : standInWorkers(db, { count: 0 }) });
      expect({ createWorker, verdict }).toMatchObject({ createWorker, verdict: { ok: false, count: 1_000, problem: { kind: 'unreadable', seq: 1_001, position: 1_000 } } });
      expect(verdict.problem?.message).toContain('changed on disk');
    }
  });

  it('checks on this thread when a worker fails, and says the same', async () => {
    const db = await storeOf(log);
    await tamper(db, 10, (entry) => ({ ...entry, actor: 'u-cm-9' }));
    const verdict = await verifyStoredAudit(db, undefined, { createWorker: standInWorkers(db, { count: 0 }, true) });
    expect(verdict).toMatchObject({ ok: false, count: 9, problem: { kind: 'hash', seq: 10, position: 9 } });
    expect((await db.meta.get('audit')) as unknown).toMatchObject({ verification: verdict });
  });
});
