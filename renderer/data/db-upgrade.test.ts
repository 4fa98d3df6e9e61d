import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../shared/domain/model';
import { makeDispute, makeEvidence } from '../../shared/domain/test-fixtures';
import type { AuditDay } from './audit-records';
import { DeskDatabase, storedAuditDays, storedRows, storedSearchTexts, toLocal, type OutboxEntry, type QueueRow } from './db';
import { openSealed } from './records-at-rest';
import { storedRow, testRecordsKey, testSession } from './test-fixtures';

/** A store as version 1 of the app left it: rows without evidence flags, pending changes in the outbox. */
async function versionOneStore(name: string) {
  const old = new Dexie(name);
  old.version(1).stores({
    rows: 'id, state, nextDueAt, returnStage, ruledAt, [assignee+state]',
    disputes: 'id',
    search: 'id',
    meta: 'key',
    outbox: 'mutationId, status',
  });
  const flagged = makeDispute({
    id: 'D-1',
    evidence: [makeEvidence({ id: 'E-9', flags: [{ code: 'near_duplicate', reason: 'Looks the same as IMG_1.jpg.', details: {} }] })],
  });
  const plain = makeDispute({ id: 'D-2' });
  for (const dispute of [flagged, plain]) {
    const row: Partial<QueueRow> = { ...toLocal(dispute).row };
    delete row.evidenceFlags;
    delete row.escalatedAt;
    await old.table('rows').put(row);
    await old.table('disputes').put({ id: dispute.id, doc: dispute });
  }
  const outbox: OutboxEntry[] = [
    { mutationId: 1, name: 'dispute.claim', args: { disputeId: 'D-1' }, baseVersion: 10, status: 'pending', createdAt: '2026-11-26T10:00:00.000Z' },
    { mutationId: 2, name: 'ruling.record', args: { disputeId: 'D-2', draft: { outcome: 'claim_rejected' } }, baseVersion: 10, status: 'rejected', code: 'already_ruled', message: 'Ruled by someone else.', createdAt: '2026-11-26T10:01:00.000Z' },
  ];
  await old.table('outbox').bulkPut(outbox);
  await old.table('meta').put(testSession);
  old.close();
  return outbox;
}

describe('upgrading the local store', () => {
  it('upgrades a version 1 store and seals it, as the app opens it (decision 0038)', async () => {
    const name = `upgrade-sealed-test-${crypto.randomUUID()}`;
    const outbox = await versionOneStore(name);
    const { db, sealed } = await openSealed(name, testRecordsKey);
    await sealed;
    expect(db.verno).toBe(10);
    expect((await storedRow(db, 'D-1'))?.evidenceFlags).toContain('near_duplicate');
    expect(await db.outbox.orderBy('mutationId').toArray()).toEqual([{ ...outbox[0], unsealed: true }, outbox[1]]);
    expect(await db.meta.get('session')).toEqual(testSession);
    expect(await db.disputes.where('closedAt').above('').count()).toBe(0);
    db.close();
    // Nothing but keys and indexed fields is left readable.
    const raw = new Dexie(name);
    await raw.open();
    for (const table of raw.tables) {
      for (const record of (await table.toArray()) as Record<string, unknown>[]) expect(record, table.name).toHaveProperty('$sealed');
    }
    expect(JSON.stringify(await raw.table('meta').toArray())).not.toContain(testSession.serviceUrl);
    raw.close();
  });

  it('adds evidence flags and escalation times to every queue row, an empty audit log and per-user tables, and leaves the outbox and the session as they were', async () => {
    const name = `upgrade-test-${crypto.randomUUID()}`;
    const outbox = await versionOneStore(name);
    const db = new DeskDatabase(name);
    await db.open();
    expect(db.verno).toBe(10);
    expect((await storedRow(db, 'D-1'))?.evidenceFlags).toContain('near_duplicate');
    expect((await storedRow(db, 'D-1'))?.escalatedAt).toBe('2025-02-25T09:00:00.000Z');
    expect(await db.auditPages.count()).toBe(0);
    expect((await storedRow(db, 'D-2'))?.evidenceFlags).toEqual(expect.any(Array));
    // The waiting change is only marked for sealing (queued before digests); nothing else moves.
    expect(await db.outbox.orderBy('mutationId').toArray()).toEqual([{ ...outbox[0], unsealed: true }, outbox[1]]);
    expect(await db.drafts.count()).toBe(0);
    expect(await db.dismissals.count()).toBe(0);
    expect(await db.savedViews.count()).toBe(0);
    expect(await db.meta.get('session')).toEqual(testSession);
    db.close();
  });

  it('moves a team lead’s audit log from one record per entry to pages, in order, and drops the old table', async () => {
    const name = `upgrade-test-${crypto.randomUUID()}`;
    const old = new Dexie(name);
    old.version(6).stores({
      rows: 'id, state, nextDueAt, returnStage, ruledAt, pendingReviewer, [assignee+state]',
      disputes: 'id',
      search: 'id',
      meta: 'key',
      outbox: 'mutationId, status',
      audit: 'seq, disputeId',
      decisions: 'seq, disputeId, action',
      auditDays: 'key',
      drafts: '[userId+disputeId]',
      dismissals: '[userId+change]',
      savedViews: '[userId+name], userId',
      samples: 'userId',
    });
    const entries: AuditEntry[] = Array.from({ length: 2_345 }, (_, index) => ({
      seq: index + 1,
      at: new Date(Date.UTC(2026, 10, 1) + index * 1_000).toISOString(),
      actor: 'u-cm-1',
      action: 'case.note',
      disputeId: `D-${index % 3}`,
      payload: { noteId: `N-${index}` },
      prevHash: index === 0 ? null : `h${index}`,
      hash: `h${index + 1}`,
    }));
    // Written out of order, as bulk writes may land: the pages follow seq, not insertion.
    await old.table('audit').bulkPut([...entries].reverse());
    await old.table('meta').put({ key: 'audit', lastSeq: 2_345, head: { seq: 2_345, hash: 'h2345' }, pulledAt: null });
    old.close();

    const db = new DeskDatabase(name);
    await db.open();
    expect(db.verno).toBe(10);
    expect(db.tables.map((table) => table.name)).not.toContain('audit');
    const pages = await db.auditPages.orderBy('from').toArray();
    expect(pages.map((page) => [page.from, page.to, page.entries.length])).toEqual([
      [1, 1_000, 1_000],
      [1_001, 2_000, 1_000],
      [2_001, 2_345, 345],
    ]);
    expect(pages.flatMap((page) => page.entries)).toEqual(entries);
    expect(await db.meta.get('audit')).toMatchObject({ lastSeq: 2_345 });
    db.close();
  });

  it('moves queue rows and search texts from one record per dispute to pages, whole, and drops the old tables', async () => {
    const name = `upgrade-test-${crypto.randomUUID()}`;
    const old = new Dexie(name);
    old.version(7).stores({
      rows: 'id, state, nextDueAt, returnStage, ruledAt, pendingReviewer, [assignee+state]',
      disputes: 'id',
      search: 'id',
      meta: 'key',
      outbox: 'mutationId, status',
      auditPages: 'from, *disputeIds',
      decisions: 'seq, disputeId, action',
      auditDays: 'key',
      drafts: '[userId+disputeId]',
      dismissals: '[userId+change]',
      savedViews: '[userId+name], userId',
      samples: 'userId',
    });
    const local = Array.from({ length: 4_321 }, (_, index) => toLocal(makeDispute({ id: `D-${String(index).padStart(5, '0')}`, ...(index % 2 === 0 ? { assignee: 'u-cm-1' } : {}) })));
    await old.table('rows').bulkPut([...local.map((entry) => entry.row)].reverse());
    await old.table('search').bulkPut(local.map((entry) => entry.search));
    old.close();

    const db = new DeskDatabase(name);
    await db.open();
    expect(db.verno).toBe(10);
    expect(db.tables.map((table) => table.name)).not.toContain('rows');
    expect(db.tables.map((table) => table.name)).not.toContain('search');
    expect((await db.rowPages.toArray()).map((page) => page.ids.length)).toEqual([2_000, 2_000, 321]);
    const rows = (await storedRows(db)).values;
    expect([...rows.values()].sort((a, b) => a.id.localeCompare(b.id))).toEqual(local.map((entry) => entry.row));
    expect([...(await storedSearchTexts(db)).values.values()]).toEqual(local.map((entry) => entry.search));
    db.close();
  });

  it('gathers the dashboards\' day counts into a record a month, whole, and drops the per-day table', async () => {
    const name = `upgrade-test-${crypto.randomUUID()}`;
    const old = new Dexie(name);
    old.version(8).stores({
      disputes: 'id',
      meta: 'key',
      outbox: 'mutationId, status',
      auditPages: 'from, *disputeIds',
      decisions: 'seq, disputeId, action',
      auditDays: 'key',
      drafts: '[userId+disputeId]',
      dismissals: '[userId+change]',
      savedViews: '[userId+name], userId',
      samples: 'userId',
      rowPages: '++key',
      searchPages: '++key',
    });
    const days: AuditDay[] = ['2026-10-30', '2026-10-31', '2026-11-01'].flatMap((day, index) =>
      ['u-cm-1', 'u-cm-2'].map((actor) => ({
        key: `${actor}|${day}`,
        actor,
        day,
        rulings: index + 1,
        outcomes: { full_refund: index + 1 },
        latenciesMs: [3_600_000 * (index + 1)],
        lateOverrides: 0,
        overturned: index,
        rejected: 0,
        reviewsAgree: 0,
        reviewsDisagree: 0,
      })),
    );
    await old.table('auditDays').bulkPut(days);
    old.close();

    const db = new DeskDatabase(name);
    await db.open();
    expect(db.verno).toBe(10);
    expect(db.tables.map((table) => table.name)).not.toContain('auditDays');
    expect((await db.auditMonths.toArray()).map((month) => [month.month, month.days.length])).toEqual([
      ['2026-10', 4],
      ['2026-11', 2],
    ]);
    const byKey = (a: AuditDay, b: AuditDay) => a.key.localeCompare(b.key);
    expect((await storedAuditDays(db)).sort(byKey)).toEqual([...days].sort(byKey));
    db.close();
  });
});
