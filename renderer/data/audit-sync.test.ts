import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../shared/domain/model';
import { makeDispute } from '../../shared/domain/test-fixtures';
import { auditSchemaVersion } from '../../shared/sync/protocol';
import { auditEntriesOf } from './audit-pages';
import { auditPageEntries } from './audit-records';
import { pullAudit, readAuditRecord } from './audit-sync';
import { verifyStoredAudit } from './audit-verify';
import { DeskDatabase, storedAuditDays, toLocal, type SessionRecord } from './db';
import { chainAudit, jsonResponse, putRows, testSession } from './test-fixtures';

const lead: SessionRecord = { ...testSession, user: { id: 'u-tl-1', name: 'Lee', role: 'team_lead' } };

const log = await chainAudit([
  { at: '2026-11-01T00:00:00.000Z', actor: 'system', action: 'workspace.seeded', payload: { disputes: 2 } },
  {
    at: '2026-11-02T12:00:00.000Z',
    actor: 'u-cm-1',
    action: 'ruling.record',
    disputeId: 'D-1',
    payload: { disputeId: 'D-1', baseVersion: 3, outcome: 'partial_refund', refund: { amountMinor: 1500, currency: 'EUR' }, rationale: 'Half was usable.', citedEvidenceIds: ['E-1'], policyCodes: [], lateEvidenceOverride: 'Courier strike' },
  },
  { at: '2026-11-02T13:00:00.000Z', actor: 'u-cm-2', action: 'mutation.rejected', disputeId: 'D-1', payload: { mutation: 'ruling.record', code: 'already_ruled', message: 'Already ruled.' } },
  { at: '2026-11-03T09:00:00.000Z', actor: 'u-tl-1', action: 'ruling.overturn', disputeId: 'D-1', payload: { disputeId: 'D-1', reason: 'Evidence misread', ruledBy: 'u-cm-1', ruledAt: '2026-11-02T12:00:00.000Z', outcome: 'partial_refund' } },
  { at: '2026-11-03T10:00:00.000Z', actor: 'u-rv-1', action: 'review.record', disputeId: 'D-2', payload: { disputeId: 'D-2', verdict: 'disagree', comment: 'Too generous', ruledBy: 'u-cm-2' } },
]);

const team = { members: [{ id: 'u-cm-1', name: 'Ana', role: 'case_manager' }] };

/** A case service answering /team and /audit from `pages` (each with the head of the whole log). */
function service(pages: AuditEntry[][], schemaVersion = auditSchemaVersion): typeof fetch {
  const head = { seq: log.at(-1)!.seq, hash: log.at(-1)!.hash };
  let call = 0;
  return async (input) => {
    const url = new URL(String(input));
    if (url.pathname === '/team') return jsonResponse(team);
    const entries = pages[call++] ?? [];
    return jsonResponse({ schemaVersion, entries, head, more: call < pages.length });
  };
}

/** Every stored entry, page after page. */
async function storedEntries(db: DeskDatabase): Promise<AuditEntry[]> {
  return (await db.auditPages.orderBy('from').toArray()).flatMap((page) => page.entries);
}

/** Edits the stored log as someone with the database in hand could: the entries of the page holding `seq`. */
async function editStored(db: DeskDatabase, seq: number, edit: (entries: AuditEntry[]) => AuditEntry[]): Promise<void> {
  const page = (await db.auditPages.where('from').belowOrEqual(seq).last())!;
  await db.auditPages.put({ ...page, entries: edit(page.entries) });
}

async function withDisputes(): Promise<DeskDatabase> {
  const db = new DeskDatabase(`audit-test-${crypto.randomUUID()}`);
  await db.open();
  const disputes = [makeDispute({ id: 'D-1', escalatedAt: '2026-11-01T12:00:00.000Z' }), makeDispute({ id: 'D-2' })];
  await putRows(db, disputes.map((dispute) => ({ row: toLocal(dispute).row })));
  return db;
}

describe('the team lead’s audit log', () => {
  it('is pulled in pages, kept as sent, and folded into decisions and per-day counts', async () => {
    const db = await withDisputes();
    const progress: [number, number][] = [];
    const result = await pullAudit(db, lead, service([log.slice(0, 3), log.slice(3)]), (stored, total) => progress.push([stored, total]));
    expect(result).toEqual({ ok: true, pulled: 5 });
    expect(progress).toEqual([[3, 5], [5, 5]]);
    expect(await storedEntries(db)).toEqual(log);
    // The second pull filled the page the first one started.
    expect(await db.auditPages.count()).toBe(1);
    expect(await readAuditRecord(db)).toMatchObject({ lastSeq: 5, head: { seq: 5 } });

    // The seeding is not a decision; the ruling carries its dispute's facts.
    const decisions = await db.decisions.toArray();
    expect(decisions.map((decision) => decision.action)).toEqual(['ruling.record', 'mutation.rejected', 'ruling.overturn', 'review.record']);
    expect(decisions[0]).toMatchObject({ actor: 'u-cm-1', outcome: 'partial_refund', refundMinor: 1500, currency: 'EUR', citedEvidenceIds: ['E-1'], country: 'BR', sellerId: 'S-1', escalatedAt: '2026-11-01T12:00:00.000Z' });

    // A month of everyone's days to a record.
    expect(await db.auditMonths.count()).toBe(1);
    const days = new Map((await storedAuditDays(db)).map((stored) => [stored.key, stored]));
    const day = days.get('u-cm-1|2026-11-02');
    expect(day).toMatchObject({ rulings: 1, outcomes: { partial_refund: 1 }, latenciesMs: [24 * 3_600_000], lateOverrides: 1, overturned: 1 });
    expect(days.get('u-cm-2|2026-11-02')).toMatchObject({ rejected: 1, rulings: 0 });
    expect(days.get('u-cm-2|2026-11-03')).toMatchObject({ reviewsDisagree: 1 });

    // A second pull asks only for what came after.
    const asked: string[] = [];
    const next: typeof fetch = async (input) => {
      asked.push(String(input));
      return String(input).includes('/team') ? jsonResponse(team) : jsonResponse({ schemaVersion: 1, entries: [], head: { seq: 5, hash: log[4]!.hash }, more: false });
    };
    await pullAudit(db, lead, next);
    expect(asked.find((url) => url.includes('/audit'))).toContain('after=5');
  });

  it('keeps an entry whose payload does not fit its schema, or whose action is unknown, as unreadable with its action, counted nowhere', async () => {
    const db = await withDisputes();
    const odd = await chainAudit([
      // A refund that is a float and a rationale that is not text: what an older or newer writer might leave.
      { at: '2026-11-02T12:00:00.000Z', actor: 'u-cm-1', action: 'ruling.record', disputeId: 'D-1', payload: { disputeId: 'D-1', baseVersion: 1, outcome: 'partial_refund', refund: { amountMinor: 15.5, currency: 'EUR' }, rationale: 7, citedEvidenceIds: [], policyCodes: [] } },
      { at: '2026-11-02T13:00:00.000Z', actor: 'u-cm-1', action: 'dispute.archive', disputeId: 'D-1', payload: { disputeId: 'D-1' } },
      { at: '2026-11-02T14:00:00.000Z', actor: 'u-rv-1', action: 'review.record', disputeId: 'D-2', payload: { disputeId: 'D-2', verdict: 'maybe', comment: '', ruledBy: 'u-cm-1' } },
    ]);
    expect(await pullAudit(db, lead, service([odd]))).toEqual({ ok: true, pulled: 3 });
    const decisions = await db.decisions.toArray();
    expect(decisions.map((decision) => decision.action)).toEqual(['ruling.record', 'dispute.archive', 'review.record']);
    expect(decisions[0]!.unreadable).toMatch(/ruling\.record/);
    expect(decisions[0]).not.toHaveProperty('outcome');
    expect(decisions[1]!.unreadable).toMatch(/does not know the audit action "dispute\.archive"/);
    expect(decisions[2]!.unreadable).toMatch(/verdict/);
    expect(await db.auditMonths.count()).toBe(0);
    expect(await storedEntries(db)).toHaveLength(3);
  });

  it('verifies offline and names the first bad entry when the stored copy was changed', async () => {
    const db = await withDisputes();
    await pullAudit(db, lead, service([log]));
    await expect(verifyStoredAudit(db)).resolves.toMatchObject({ ok: true, count: 5 });

    await editStored(db, 3, (entries) => entries.map((entry) => (entry.seq === 3 ? { ...entry, payload: { ...entry.payload, code: 'stale' } } : entry)));
    const changed = await verifyStoredAudit(db);
    expect(changed).toMatchObject({ ok: false, count: 2, problem: { kind: 'hash', seq: 3, position: 2 } });
    expect((await readAuditRecord(db)).verification).toEqual(changed);

    await editStored(db, 3, () => log.filter((entry) => entry.seq !== 4));
    await expect(verifyStoredAudit(db)).resolves.toMatchObject({ ok: false, problem: { kind: 'sequence', seq: 5, position: 3 } });

    await editStored(db, 3, () => log.slice(0, 4));
    await expect(verifyStoredAudit(db)).resolves.toMatchObject({ ok: false, problem: { kind: 'head', seq: 4 } });
  });

  it('refuses a log from a newer schema version with a message to update, storing nothing', async () => {
    const db = await withDisputes();
    const result = await pullAudit(db, lead, service([log], auditSchemaVersion + 1));
    expect(result).toMatchObject({ ok: false, failure: { kind: 'update_required', message: expect.stringMatching(/version 2.*Update Dispute Desk/) } });
    expect(await db.auditPages.count()).toBe(0);
    expect((await readAuditRecord(db)).failure).toMatchObject({ kind: 'update_required' });
  });

  it('says an empty log verifies with nothing in it, and a bad page changes nothing', async () => {
    const db = await withDisputes();
    const empty: typeof fetch = async (input) =>
      String(input).includes('/team') ? jsonResponse(team) : jsonResponse({ schemaVersion: 1, entries: [], head: null, more: false });
    await expect(pullAudit(db, lead, empty)).resolves.toEqual({ ok: true, pulled: 0 });
    await expect(verifyStoredAudit(db)).resolves.toMatchObject({ ok: true, count: 0 });

    const garbled: typeof fetch = async (input) =>
      String(input).includes('/team') ? jsonResponse(team) : jsonResponse({ schemaVersion: 1, entries: [{ seq: 'one' }], head: null, more: false });
    await expect(pullAudit(db, lead, garbled)).resolves.toMatchObject({ ok: false, failure: { kind: 'bad_data' } });
    expect(await db.auditPages.count()).toBe(0);
  });

  it('keeps a long log in full pages, filling the last one up at each pull, and finds a case’s entries across them', async () => {
    const db = await withDisputes();
    const long = await chainAudit(
      Array.from({ length: auditPageEntries * 2 + 100 }, (_, index) => ({
        at: new Date(Date.UTC(2026, 10, 1) + index * 60_000).toISOString(),
        actor: 'u-cm-1',
        action: 'case.note',
        disputeId: index % 2 === 0 ? 'D-1' : 'D-2',
        payload: { disputeId: index % 2 === 0 ? 'D-1' : 'D-2', noteId: `N-${index}` },
      })),
    );
    const head = { seq: long.at(-1)!.seq, hash: long.at(-1)!.hash };
    const pages = [long.slice(0, 700), long.slice(700, 1_500), long.slice(1_500, 1_510), long.slice(1_510)];
    let call = 0;
    const serve: typeof fetch = async (input) =>
      new URL(String(input)).pathname === '/team' ? jsonResponse(team) : jsonResponse({ schemaVersion: auditSchemaVersion, entries: pages[call++] ?? [], head, more: call < pages.length });
    await expect(pullAudit(db, lead, serve)).resolves.toEqual({ ok: true, pulled: long.length });
    const stored = await db.auditPages.orderBy('from').toArray();
    expect(stored.map((page) => [page.from, page.to, page.entries.length])).toEqual([
      [1, 1_000, 1_000],
      [1_001, 2_000, 1_000],
      [2_001, 2_100, 100],
    ]);
    expect(stored[0]!.disputeIds.sort()).toEqual(['D-1', 'D-2']);
    expect(await storedEntries(db)).toEqual(long);
    const history = await auditEntriesOf(db, 'D-2');
    expect(history.map((entry) => entry.seq)).toEqual(long.filter((entry) => entry.disputeId === 'D-2').map((entry) => entry.seq));
    const progress: [number, number][] = [];
    await expect(verifyStoredAudit(db, (checked, total) => progress.push([checked, total]))).resolves.toMatchObject({ ok: true, count: long.length });
    expect(progress).toEqual([[1_000, 2_100], [2_000, 2_100], [2_100, 2_100]]);
  });
});
