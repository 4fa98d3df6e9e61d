import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { makeDispute, makeEvidence } from '../../shared/domain/test-fixtures';
import { DeskDatabase, storedRows, storedSearchTexts, toLocal, type RetentionRecord } from './db';
import { purgeExpired } from './retention';
import { maxForgetDigests } from '../../shared/contract/evidence-calls';
import { auditPageEntries, auditPageOf } from './audit-records';
import { auditEntriesOf } from './audit-pages';
import { verifyStoredAudit } from './audit-verify';
import { chainAudit, putRows, testRecordsKey } from './test-fixtures';

// Retention on a desk (issue 22): disputes closed longer ago than the team's period leave this
// computer at the next sync, with what was derived from them, and their evidence leaves the host.

const now = new Date('2026-12-01T12:00:00.000Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();
const sha = (letter: string) => letter.repeat(64);

async function holding(disputes: ReturnType<typeof makeDispute>[]): Promise<DeskDatabase> {
  const db = new DeskDatabase(`retention-${crypto.randomUUID()}`, { sealing: testRecordsKey });
  const local = disputes.map(toLocal);
  await putRows(db, local);
  await db.disputes.bulkPut(local.map((entry) => entry.stored));
  return db;
}

describe('purging disputes past the team retention period', () => {
  it('removes ended disputes closed before the period with their rows, texts, drafts and decisions, and asks the host to forget their evidence', async () => {
    const old = makeDispute({ id: 'D-OLD', state: 'closed', closedAt: daysAgo(91), evidence: [makeEvidence({ id: 'E-1', sha256: sha('a') }), makeEvidence({ id: 'E-2', sha256: sha('b') })] });
    const recent = makeDispute({ id: 'D-RECENT', state: 'closed', closedAt: daysAgo(89) });
    const alive = makeDispute({ id: 'D-ALIVE', state: 'under_review', closedAt: daysAgo(400) });
    const cancelled = makeDispute({ id: 'D-CANCELLED', state: 'cancelled', closedAt: daysAgo(200) });
    const db = await holding([old, recent, alive, cancelled]);
    await db.drafts.bulkPut([
      { userId: 'u-cm-1', disputeId: 'D-OLD', savedAt: daysAgo(100), values: {} },
      { userId: 'u-cm-1', disputeId: 'D-RECENT', savedAt: daysAgo(100), values: {} },
    ]);
    await db.decisions.bulkPut([{ seq: 1, disputeId: 'D-OLD' } as never, { seq: 2, disputeId: 'D-RECENT' } as never]);
    await db.outbox.add({ mutationId: 1, name: 'case.note', args: { disputeId: 'D-OLD', text: 'Seller never answered.' }, baseVersion: 1, status: 'applied', createdAt: daysAgo(95) });
    const asked: [string[], string[]][] = [];

    const purged = await purgeExpired(db, 90, now, async (disputeIds, digests) => {
      asked.push([disputeIds, digests]);
      return true;
    });

    expect(purged).toEqual({ disputes: 2, evidenceForgotten: true });
    expect((await db.disputes.toCollection().primaryKeys()).sort()).toEqual(['D-ALIVE', 'D-RECENT']);
    expect([...(await storedRows(db)).values.keys()].sort()).toEqual(['D-ALIVE', 'D-RECENT']);
    expect([...(await storedSearchTexts(db)).values.keys()].sort()).toEqual(['D-ALIVE', 'D-RECENT']);
    expect((await db.drafts.toArray()).map((draft) => draft.disputeId)).toEqual(['D-RECENT']);
    expect((await db.decisions.toArray()).map((decision) => decision.disputeId)).toEqual(['D-RECENT']);
    expect(await db.outbox.count()).toBe(0);
    expect(asked).toHaveLength(1);
    expect(asked[0]![0].sort()).toEqual(['D-CANCELLED', 'D-OLD']);
    expect(asked[0]![1]).toEqual(expect.arrayContaining([sha('a'), sha('b')]));
    expect(((await db.meta.get('retention')) as RetentionRecord).unforgotten).toEqual([]);
    // Nothing more to do on the next sync.
    expect(await purgeExpired(db, 90, now, async () => true)).toEqual({ disputes: 0, evidenceForgotten: true });
  });

  it("reduces the team lead's audit entries about purged disputes to their place in the chain, and the log still verifies end to end", async () => {
    const db = await holding([makeDispute({ id: 'D-OLD', state: 'closed', closedAt: daysAgo(120) }), makeDispute({ id: 'D-KEPT', state: 'closed', closedAt: daysAgo(10) })]);
    const secret = 'Buyer Ana Lima left the parcel with a neighbour at Rua Augusta 12';
    const log = await chainAudit(
      Array.from({ length: auditPageEntries + 10 }, (_, index) => ({
        at: new Date(Date.UTC(2026, 7, 1) + index * 60_000).toISOString(),
        actor: 'u-cm-1',
        action: 'case.note',
        disputeId: index % 3 === 0 ? 'D-OLD' : 'D-KEPT',
        payload: { disputeId: index % 3 === 0 ? 'D-OLD' : 'D-KEPT', text: `${secret} (${index})` },
      })),
    );
    const head = { seq: log.at(-1)!.seq, hash: log.at(-1)!.hash };
    await db.auditPages.bulkPut([auditPageOf(log.slice(0, auditPageEntries)), auditPageOf(log.slice(auditPageEntries))]);
    await db.meta.put({ key: 'audit', lastSeq: head.seq, head, pulledAt: daysAgo(1) });

    expect(await purgeExpired(db, 90, now, async () => true)).toMatchObject({ disputes: 1 });

    const pages = await db.auditPages.toArray();
    const entries = pages.flatMap((page) => page.entries);
    expect(entries).toHaveLength(log.length);
    const removed = entries.filter((entry) => entry.redacted === true);
    expect(removed).toHaveLength(log.filter((entry) => entry.disputeId === 'D-OLD').length);
    // Nothing of the case stays in a removed entry: its place in the chain alone.
    expect(JSON.stringify(removed)).not.toContain('D-OLD');
    expect(JSON.stringify(removed)).not.toContain('Ana Lima');
    expect(removed[0]).toEqual({ seq: 1, at: log[0]!.at, actor: '', action: 'retention.removed', payload: {}, prevHash: null, hash: log[0]!.hash, redacted: true });
    expect(pages.every((page) => !page.disputeIds.includes('D-OLD'))).toBe(true);
    expect(await auditEntriesOf(db, 'D-OLD')).toEqual([]);
    expect((await auditEntriesOf(db, 'D-KEPT')).map((entry) => entry.seq)).toEqual(log.filter((entry) => entry.disputeId === 'D-KEPT').map((entry) => entry.seq));
    expect(((await db.meta.get('audit')) as { redacted?: number }).redacted).toBe(removed.length);

    // Verified on this thread as the app does where workers cannot run: the whole chain, to the head.
    expect(await verifyStoredAudit(db, undefined, { createWorker: null })).toMatchObject({ ok: true, count: log.length });

    // A removed entry's hash changed on disk no longer meets the next entry's link.
    const [first] = pages;
    const tampered = { ...first!, entries: first!.entries.map((entry, index) => (index === 3 ? { ...entry, hash: 'f'.repeat(64) } : entry)) };
    expect(tampered.entries[3]!.redacted).toBe(true);
    await db.auditPages.put(tampered);
    expect(await verifyStoredAudit(db, undefined, { createWorker: null })).toMatchObject({ ok: false, problem: { kind: 'link', seq: 5 } });
  });

  it('keeps a dispute whose change waits to be sent, until it is sent', async () => {
    const db = await holding([makeDispute({ id: 'D-OLD', state: 'closed', closedAt: daysAgo(120) })]);
    await db.outbox.add({ mutationId: 1, name: 'case.note', args: { disputeId: 'D-OLD', text: 'x' }, baseVersion: 1, status: 'pending', createdAt: daysAgo(1) });
    expect(await purgeExpired(db, 90, now, async () => true)).toMatchObject({ disputes: 0 });
    expect(await db.disputes.count()).toBe(1);
    await db.outbox.update(1, { status: 'applied' });
    expect(await purgeExpired(db, 90, now, async () => true)).toMatchObject({ disputes: 1 });
    expect(await db.disputes.count()).toBe(0);
  });

  it('asks the host again at the next purge when it could not be asked, and a shorter period purges more', async () => {
    const db = await holding([
      makeDispute({ id: 'D-100', state: 'settled', closedAt: daysAgo(100), evidence: [makeEvidence({ sha256: sha('c') })] }),
      makeDispute({ id: 'D-40', state: 'closed', closedAt: daysAgo(40) }),
    ]);
    const unreachable = await purgeExpired(db, 90, now, async () => false);
    expect(unreachable).toEqual({ disputes: 1, evidenceForgotten: false });
    expect(await db.disputes.count()).toBe(1);
    const asked: string[][] = [];
    const next = await purgeExpired(db, 30, now, async (disputeIds) => {
      asked.push(disputeIds);
      return true;
    });
    expect(next).toEqual({ disputes: 1, evidenceForgotten: true });
    expect(asked).toEqual([['D-100'], ['D-40']]);
    expect(((await db.meta.get('retention')) as RetentionRecord).unforgotten).toEqual([]);
  });

  it('asks for a batch naming more files than one call may carry in several calls, each naming the cases', async () => {
    const db = await holding([]);
    const digests = Array.from({ length: maxForgetDigests + 1 }, (_, index) => index.toString(16).padStart(64, '0'));
    await db.meta.put({ key: 'retention', unforgotten: [{ disputeIds: ['D-1', 'D-2'], digests }] } satisfies RetentionRecord);
    const calls: [string[], number][] = [];
    expect(
      await purgeExpired(db, 90, now, async (disputeIds, named) => {
        calls.push([disputeIds, named.length]);
        return true;
      }),
    ).toEqual({ disputes: 0, evidenceForgotten: true });
    expect(calls).toEqual([
      [['D-1', 'D-2'], maxForgetDigests],
      [['D-1', 'D-2'], 1],
    ]);
  });

  it('finds disputes stored before the closing time was indexed (the version 10 upgrade)', async () => {
    const name = `retention-upgrade-${crypto.randomUUID()}`;
    const before = new Dexie(name);
    before.version(1).stores({ rows: 'id, state, nextDueAt, returnStage, ruledAt, [assignee+state]', disputes: 'id', search: 'id', meta: 'key', outbox: 'mutationId, status' });
    const old = makeDispute({ id: 'D-OLD', state: 'closed', closedAt: daysAgo(200) });
    const open = makeDispute({ id: 'D-OPEN', state: 'under_review' });
    await before.table('disputes').bulkPut([old, open].map((doc) => ({ id: doc.id, doc })));
    before.close();
    const db = new DeskDatabase(name);
    expect(await db.disputes.where('closedAt').below(now.toISOString()).primaryKeys()).toEqual(['D-OLD']);
    expect(await purgeExpired(db, 90, now, async () => true)).toMatchObject({ disputes: 1 });
    expect(await db.disputes.toCollection().primaryKeys()).toEqual(['D-OPEN']);
  });
});
