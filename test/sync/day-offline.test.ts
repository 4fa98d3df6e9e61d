// A desk comes back after a day offline with 500 changes waiting (claims, notes on evidence, case
// notes, rulings) and the app's own sync engine sends them to the real case service (PGlite):
// all applied, in the order they were made, each exactly once, in as few pushes as the
// protocol's batch limit allows, and no failure along the way.
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RulingDraft } from '../../shared/domain/model';
import { maxMutationsPerPush } from '../../shared/sync/protocol';
import { enqueueMutation } from '../../renderer/data/outbox';
import type { OutboxEntry } from '../../renderer/data/db';
import { addPlainDisputes, startSyncTestService, type SyncTestService } from './case-service';
import { openTestDesk, settle } from './desk';

const disputes = 125;
/** What a case manager does on each dispute, in this order: four changes a dispute, 500 in all. */
const dayOfWork = ['dispute.claim', 'evidence.note', 'case.note', 'ruling.record'] as const;
const day = 86_400_000;

let service: SyncTestService;

beforeAll(async () => {
  service = await startSyncTestService({ demoDisputes: 0 });
});
afterAll(() => service.stop());

function argsFor(name: (typeof dayOfWork)[number], disputeId: string, index: number): { disputeId: string } & Record<string, unknown> {
  switch (name) {
    case 'dispute.claim':
      return { disputeId };
    case 'evidence.note':
      return { disputeId, note: { id: `${disputeId}-EN`, evidenceId: `${disputeId}-E1`, atSeconds: 3, text: `Change ${index}: the left earbud stays dark.` } };
    case 'case.note':
      return { disputeId, note: { id: `${disputeId}-CN`, text: `Change ${index}: the seller has not answered.` } };
    case 'ruling.record': {
      const draft: RulingDraft = { outcome: 'full_refund', rationale: `Change ${index}: the video shows the item does not charge.`, citedEvidenceIds: [`${disputeId}-E1`], policyCodes: [] };
      return { disputeId, draft };
    }
  }
}

describe('a desk back after a day offline', () => {
  it('sends 500 waiting changes through the sync engine: all applied, in order, each once, in one push', async () => {
    const plain = await addPlainDisputes(service.db(), disputes);
    let online = true;
    const pushes = { reached: 0, refusedOffline: 0 };
    // The desk's network: while offline every request fails as a dropped connection does.
    const deskFetch: typeof fetch = (input, init) => {
      const push = new URL(input instanceof Request ? input.url : String(input)).pathname === '/sync/push';
      if (!online) {
        if (push) pushes.refusedOffline += 1;
        return Promise.reject(new TypeError('fetch failed'));
      }
      if (push) pushes.reached += 1;
      return fetch(input, init);
    };
    const desk = await openTestDesk({ username: 'lina', password: 'demo-lina', serviceUrl: service.url, fetchImpl: deskFetch, seed: 5 });
    try {
      online = false;
      // A day's work, offline: the changes are stamped across the last 24 hours, and the engine
      // keeps trying (its back-off, and a press of Sync now) while they pile up.
      const started = Date.now() - day;
      let index = 0;
      for (const dispute of plain) {
        for (const name of dayOfWork) {
          index += 1;
          const made = await enqueueMutation(desk.db, desk.session, name, argsFor(name, dispute.id, index), new Date(started + (index * day) / 500).toISOString());
          expect(made, `change ${index} (${name} on ${dispute.id})`).toEqual({ ok: true, mutationId: index });
        }
        if (index % 100 === 0) await desk.engine.pullNow();
      }
      expect(index).toBe(500);
      await desk.engine.pullNow();
      expect(pushes.refusedOffline).toBeGreaterThan(0);
      expect(desk.engine.getStatus()).toMatchObject({ kind: 'failed', failure: { kind: 'offline' } });
      // A day without the service says nothing against any change: none is counted, none held.
      const waiting: OutboxEntry[] = await desk.db.outbox.orderBy('mutationId').toArray();
      expect(waiting.filter((entry) => entry.status !== 'pending' || entry.serverErrors !== undefined)).toEqual([]);

      // The connection comes back between two of the engine's tries; its own next retry sends it all.
      const back = new Promise<void>((resolve) => {
        const unsubscribe = desk.engine.subscribe(() => {
          if (desk.engine.getStatus().kind !== 'failed') return;
          online = true;
          unsubscribe();
          resolve();
        });
      });
      await back;
      await settle(desk, 45_000, false);

      expect(pushes.reached).toBe(Math.ceil(500 / maxMutationsPerPush));
      expect(desk.engine.retryAt()).toBe(0);
      const outbox: OutboxEntry[] = await desk.db.outbox.orderBy('mutationId').toArray();
      expect(outbox.map((entry) => [entry.mutationId, entry.status])).toEqual(waiting.map((entry) => [entry.mutationId, 'applied']));

      // The service recorded each change once, applied, under the number it was made with…
      const db = service.db();
      const clientId = await desk.clientId();
      const outcomes = await db.query<{ mutation_id: number; status: string }>(
        "SELECT mutation_id::int AS mutation_id, outcome->>'status' AS status FROM mutation_outcomes WHERE client_id = $1 ORDER BY mutation_id",
        [clientId],
      );
      expect(outcomes).toEqual(waiting.map((entry) => ({ mutation_id: entry.mutationId, status: 'applied' })));
      // …and applied them in the order they were made: its audit log lists them so, and no refusal.
      const audited = await db.query<{ action: string; dispute_id: string }>("SELECT action, dispute_id FROM audit_log WHERE dispute_id LIKE 'S-%' ORDER BY seq");
      expect(audited).toEqual(waiting.map((entry) => ({ action: entry.name, dispute_id: entry.args.disputeId })));
      const [refused] = await db.query<{ count: number }>("SELECT count(*)::int AS count FROM audit_log WHERE action = 'mutation.rejected'");
      expect(refused!.count).toBe(0);

      // Every dispute carries its two notes once, is claimed by Li Na and ruled with her rationale.
      const stored = await db.query<{ id: string; assignee: string; evidence_notes: number; case_notes: number; ruled_by: string; rationale: string }>(
        `SELECT id, assignee, jsonb_array_length(doc->'evidenceNotes') AS evidence_notes, jsonb_array_length(doc->'internalNotes') AS case_notes,
                doc->'ruling'->>'ruledBy' AS ruled_by, doc->'ruling'->>'rationale' AS rationale
           FROM disputes WHERE id LIKE 'S-%' ORDER BY id`,
      );
      expect(stored).toEqual(
        plain.map((dispute, position) => ({
          id: dispute.id,
          assignee: 'u-cm-1',
          evidence_notes: 1,
          case_notes: 1,
          ruled_by: 'u-cm-1',
          rationale: `Change ${position * 4 + 4}: the video shows the item does not charge.`,
        })),
      );
    } finally {
      desk.engine.stop();
    }
  }, 60_000);
});
