// The outbox's safety net (decision 0019) against the real case service (PGlite), through the
// app's own sync engine: a change the service keeps failing on is held in Needs attention after
// `serverErrorLimit` tries and the changes after it go through; a change altered in IndexedDB is
// held and never reaches the service. Either way the desk stops showing what never happened, so
// the case manager can make the change again.
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RulingDraft } from '../../shared/domain/model';
import type { OutboxEntry } from '../../renderer/data/db';
import { changeKey, dismissedBy } from '../../renderer/data/dismissed-changes';
import { enqueueMutation } from '../../renderer/data/outbox';
import { holdMessages } from '../../renderer/data/outbox-guard';
import { serverErrorLimit } from '../../renderer/data/sync';
import { addPlainDisputes, startSyncTestService, type Handler, type SyncTestService } from './case-service';
import { openTestDesk, settle, type TestDesk } from './desk';

/** The words in the one ruling this service fails on. */
const poison = 'the service fails on this ruling';
let poisonedPushes = 0;

interface PushBody {
  mutations?: { name?: unknown; args?: { draft?: { rationale?: unknown } } }[];
}

/**
 * The service as it behaved on text PostgreSQL refused (issue 16): the changes of a push before
 * the bad one are committed, then the push answers 503. Pulls and every other push go through.
 */
function failingOnPoison(service: Handler): Handler {
  return async (request) => {
    if (new URL(request.url).pathname !== '/sync/push') return service(request);
    const body = (await request.clone().json().catch(() => ({}))) as PushBody;
    const mutations = Array.isArray(body.mutations) ? body.mutations : [];
    const at = mutations.findIndex((mutation) => mutation.name === 'ruling.record' && String(mutation.args?.draft?.rationale).includes(poison));
    if (at < 0) return service(request);
    poisonedPushes += 1;
    if (at > 0) {
      const headers = { authorization: request.headers.get('authorization') ?? '', 'content-type': 'application/json' };
      await service(new Request(request.url, { method: 'POST', headers, body: JSON.stringify({ ...body, mutations: mutations.slice(0, at) }) }));
    }
    return Response.json({ error: { code: 'unavailable', message: 'The case service could not finish this request. Nothing was changed; try again.' } }, { status: 503 });
  };
}

/** Changes (or, when `edit` returns 'delete', removes) an outbox entry in IndexedDB itself, as another program on the computer could. */
function alterInIndexedDb(name: string, mutationId: number, edit: (entry: OutboxEntry) => 'delete' | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const opening = indexedDB.open(name);
    opening.onerror = () => reject(opening.error);
    opening.onsuccess = () => {
      const store = opening.result.transaction('outbox', 'readwrite').objectStore('outbox');
      const read = store.get(mutationId);
      read.onsuccess = () => {
        const entry = read.result as OutboxEntry;
        if (edit(entry) === 'delete') store.delete(mutationId);
        else store.put(entry);
      };
      store.transaction.oncomplete = () => {
        opening.result.close();
        resolve();
      };
      store.transaction.onerror = () => reject(store.transaction.error);
    };
  });
}

const fullRefund = (rationale: string, evidenceId: string): RulingDraft => ({ outcome: 'full_refund', rationale, citedEvidenceIds: [evidenceId], policyCodes: [] });

let service: SyncTestService;

beforeAll(async () => {
  service = await startSyncTestService({ demoDisputes: 0, wrap: failingOnPoison });
  await addPlainDisputes(service.db(), 8);
});
afterAll(() => service.stop());

async function make(desk: TestDesk, name: string, args: { disputeId: string } & Record<string, unknown>): Promise<number> {
  const made = await enqueueMutation(desk.db, desk.session, name, args, new Date().toISOString());
  if (!made.ok) throw new Error(`${name} on ${args.disputeId} was refused on the desk: ${made.message}`);
  return made.mutationId;
}

async function serviceTrace(words: string): Promise<number> {
  const [row] = await service
    .db()
    .query<{ count: number }>(
      'SELECT ((SELECT count(*) FROM audit_log WHERE payload::text LIKE $1) + (SELECT count(*) FROM disputes WHERE doc::text LIKE $1))::int AS count',
      [`%${words}%`],
    );
  return row!.count;
}

describe('the safety net against the real case service', () => {
  it(`holds a change the service failed on ${serverErrorLimit} times in Needs attention, sends the later ones, and lets it be made again`, async () => {
    const desk = await openTestDesk({ username: 'lina', password: 'demo-lina', serviceUrl: service.url, fetchImpl: fetch, seed: 3 });
    try {
      await make(desk, 'dispute.claim', { disputeId: 'S-0001' });
      await make(desk, 'case.note', { disputeId: 'S-0001', note: { id: 'S-0001-CN', text: 'Asked the seller for the tracking.' } });
      await make(desk, 'ruling.record', { disputeId: 'S-0002', draft: fullRefund(`Refund in full: ${poison}.`, 'S-0002-E1') });
      await make(desk, 'evidence.note', { disputeId: 'S-0003', note: { id: 'S-0003-EN', evidenceId: 'S-0003-E1', text: 'The left earbud stays dark.' } });
      await make(desk, 'ruling.record', { disputeId: 'S-0003', draft: fullRefund('The video shows the earbud does not charge.', 'S-0003-E1') });
      await settle(desk, 45_000);

      expect(poisonedPushes).toBe(serverErrorLimit);
      const outbox: OutboxEntry[] = await desk.db.outbox.orderBy('mutationId').toArray();
      expect(outbox.map((entry) => [entry.mutationId, entry.status, entry.name, entry.args.disputeId])).toEqual([
        [-1, 'rejected', 'ruling.record', 'S-0002'],
        [1, 'applied', 'dispute.claim', 'S-0001'],
        [2, 'applied', 'case.note', 'S-0001'],
        [3, 'applied', 'evidence.note', 'S-0003'],
        [4, 'applied', 'ruling.record', 'S-0003'],
      ]);
      // In Needs attention (rejected, not discarded), with the explanation.
      const held = outbox[0]!;
      expect(held).toMatchObject({ code: 'server_error', message: holdMessages.server_error });
      expect((await dismissedBy(desk.db, desk.session.user.id)).has(changeKey(held))).toBe(false);

      const db = service.db();
      const clientId = await desk.clientId();
      const outcomes = await db.query<{ mutation_id: number; status: string }>(
        "SELECT mutation_id::int AS mutation_id, outcome->>'status' AS status FROM mutation_outcomes WHERE client_id = $1 ORDER BY mutation_id",
        [clientId],
      );
      expect(outcomes).toEqual([1, 2, 3, 4].map((id) => ({ mutation_id: id, status: 'applied' })));
      const [ruled] = await db.query<{ state: string }>("SELECT state FROM disputes WHERE id = 'S-0003'");
      expect(ruled!.state).toBe('ruled');
      expect(await serviceTrace(poison)).toBe(0);

      // The desk shows S-0002 as the service has it, not ruled: the ruling can be made again.
      const local = (await desk.db.disputes.get('S-0002'))!.doc;
      expect(local.state).toBe('under_review');
      expect(local.ruling).toBeUndefined();
      const again = await make(desk, 'ruling.record', { disputeId: 'S-0002', draft: fullRefund('Refund in full: the parcel never arrived.', 'S-0002-E1') });
      expect(again).toBe(5);
      await settle(desk, 30_000);
      expect(await desk.db.outbox.get(5)).toMatchObject({ status: 'applied' });
      const [second] = await db.query<{ rationale: string }>("SELECT doc->'ruling'->>'rationale' AS rationale FROM disputes WHERE id = 'S-0002'");
      expect(second!.rationale).toBe('Refund in full: the parcel never arrived.');
    } finally {
      desk.engine.stop();
    }
  }, 90_000);

  it('holds a change altered in IndexedDB, never sends it, and sends the ones after it', async () => {
    const desk = await openTestDesk({ username: 'amara', password: 'demo-amara', serviceUrl: service.url, fetchImpl: fetch, seed: 4 });
    try {
      await make(desk, 'dispute.claim', { disputeId: 'S-0005' });
      await make(desk, 'case.note', { disputeId: 'S-0006', note: { id: 'S-0006-CN', text: 'The seller has not answered yet.' } });
      await make(desk, 'dispute.claim', { disputeId: 'S-0007' });
      await alterInIndexedDb(desk.db.name, 2, (entry) => {
        entry.args = { disputeId: 'S-0006', note: { id: 'S-0006-CN', text: 'Refund the buyer twice.' } };
        return undefined;
      });
      await settle(desk, 30_000);

      const outbox: OutboxEntry[] = await desk.db.outbox.orderBy('mutationId').toArray();
      // Sealed (decision 0038), a change altered on disk no longer opens: it is held as one the
      // desk cannot read, and everything is pulled again, since it may have touched any dispute.
      expect(outbox.map((entry) => [entry.mutationId, entry.status, entry.name, entry.args.disputeId])).toEqual([
        [-1, 'rejected', '', ''],
        [1, 'applied', 'dispute.claim', 'S-0005'],
        [2, 'applied', 'dispute.claim', 'S-0007'],
      ]);
      expect(outbox[0]).toMatchObject({ code: 'changed_outside_app', message: holdMessages.changed_outside_app });

      // The service has no trace of it, neither as altered nor as first written.
      const clientId = await desk.clientId();
      const outcomes = await service.db().query<{ mutation_id: number }>('SELECT mutation_id::int AS mutation_id FROM mutation_outcomes WHERE client_id = $1 ORDER BY mutation_id', [clientId]);
      expect(outcomes.map((row) => row.mutation_id)).toEqual([1, 2]);
      expect(await serviceTrace('Refund the buyer twice')).toBe(0);
      expect(await serviceTrace('S-0006-CN')).toBe(0);
      const [assignees] = await service.db().query<{ count: number }>("SELECT count(*)::int AS count FROM disputes WHERE id IN ('S-0005', 'S-0007') AND assignee = 'u-cm-3'");
      expect(assignees!.count).toBe(2);
      // Nor does the desk show the note any more.
      expect((await desk.db.disputes.get('S-0006'))!.doc.internalNotes ?? []).toEqual([]);
    } finally {
      desk.engine.stop();
    }
  }, 60_000);

  it('sends the changes after one deleted from IndexedDB: they close the gap the service would wait on forever', async () => {
    const desk = await openTestDesk({ username: 'mateo', password: 'demo-mateo', serviceUrl: service.url, fetchImpl: fetch, seed: 6 });
    try {
      await make(desk, 'dispute.claim', { disputeId: 'S-0008' });
      await make(desk, 'case.note', { disputeId: 'S-0008', note: { id: 'S-0008-CN', text: 'A note nobody will see.' } });
      await make(desk, 'evidence.note', { disputeId: 'S-0008', note: { id: 'S-0008-EN', evidenceId: 'S-0008-E1', text: 'The earbud stays dark.' } });
      await make(desk, 'dispute.release', { disputeId: 'S-0008' });
      await alterInIndexedDb(desk.db.name, 2, () => 'delete');
      await settle(desk, 30_000);

      const outbox: OutboxEntry[] = await desk.db.outbox.orderBy('mutationId').toArray();
      expect(outbox.map((entry) => [entry.mutationId, entry.status, entry.name])).toEqual([
        [1, 'applied', 'dispute.claim'],
        [2, 'applied', 'evidence.note'],
        [3, 'applied', 'dispute.release'],
      ]);
      const clientId = await desk.clientId();
      const outcomes = await service.db().query<{ mutation_id: number }>('SELECT mutation_id::int AS mutation_id FROM mutation_outcomes WHERE client_id = $1 ORDER BY mutation_id', [clientId]);
      expect(outcomes.map((row) => row.mutation_id)).toEqual([1, 2, 3]);
      expect(await serviceTrace('S-0008-CN')).toBe(0);
      expect(await serviceTrace('S-0008-EN')).toBeGreaterThan(0);
      expect(desk.engine.getStatus()).toMatchObject({ kind: 'idle' });
    } finally {
      desk.engine.stop();
    }
  }, 60_000);
});
