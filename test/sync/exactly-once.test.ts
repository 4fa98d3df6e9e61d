// No ruling lost, none applied twice: five desks make 10,000 changes (notes on evidence, claims,
// releases and rulings, racing one another for the same disputes) and their sync engines send
// them through a proxy that drops, duplicates and delays requests and answers, while the case
// service is restarted mid-push. The desks run the app's own outbox and sync engine
// (renderer/data) on IndexedDB (fake-indexeddb); the service is the real one on PGlite in a
// folder, so a restart keeps only what was committed.
import 'fake-indexeddb/auto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RulingDraft } from '../../shared/domain/model';
import type { DeskDatabase, OutboxEntry } from '../../renderer/data/db';
import { enqueueMutation } from '../../renderer/data/outbox';
import { demoUsers, type DemoUser } from '../../server/demo/users';
import { startSyncTestService } from './case-service';
import { openTestDesk, settle } from './desk';
import { startFaultProxy } from './fault-proxy';

const perClient = 2_000;
const wave = 100;
let dir: string | undefined;

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)]!;
}

/** Words that mark a ruling as made by this test. */
function rationale(made: number, username: string): string {
  return `Ruling ${made} by ${username}: the evidence shows the claim holds.`;
}

/**
 * One desk: signs in and syncs through its engine, then makes changes in waves and has the engine
 * send each wave until every change in it is answered.
 */
async function runDesk(user: DemoUser, serviceUrl: string, seed: number): Promise<{ db: DeskDatabase; clientId: string; rulingsTried: number }> {
  let state = seed;
  const random = () => ((state = (state * 48271) % 2147483647) / 2147483647);
  const desk = await openTestDesk({ username: user.username, password: user.password, serviceUrl, fetchImpl: fetch, seed });
  try {
    const disputes = (await desk.db.disputes.toArray()).map((stored) => stored.doc).filter((doc) => doc.evidence.length > 0);
    if (disputes.length === 0) throw new Error('the demo workspace has no evidence to note');
    let made = 0;
    let rulingsTried = 0;
    while (made < perClient) {
      for (let inWave = 0; inWave < wave && made < perClient; ) {
        const dispute = pick(disputes, random);
        const roll = user.role === 'reviewer' ? 0 : random();
        const now = new Date().toISOString();
        let result;
        if (roll < 0.7) {
          const note = { id: `${user.username}-${made}`, evidenceId: pick(dispute.evidence, random).id, text: `Note ${made} by ${user.username}.` };
          result = await enqueueMutation(desk.db, desk.session, 'evidence.note', { disputeId: dispute.id, note }, now);
        } else if (roll < 0.9) {
          result = await enqueueMutation(desk.db, desk.session, roll < 0.8 ? 'dispute.claim' : 'dispute.release', { disputeId: dispute.id }, now);
        } else {
          // The desk's rules refuse a ruling on a dispute it already sees ruled or taken; the
          // service refuses the ones that race another desk's.
          rulingsTried += 1;
          const draft: RulingDraft = { outcome: 'full_refund', rationale: rationale(made, user.username), citedEvidenceIds: [], policyCodes: [] };
          result = await enqueueMutation(desk.db, desk.session, 'ruling.record', { disputeId: dispute.id, draft }, now);
        }
        if (result.ok) {
          made += 1;
          inWave += 1;
        }
      }
      // A service that never settles a wave (answers lost for good, an order it cannot follow)
      // fails the test here rather than hanging it.
      await settle(desk, 300_000);
    }
    return { db: desk.db, clientId: await desk.clientId(), rulingsTried };
  } finally {
    desk.engine.stop();
  }
}

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('sync under network faults and a service restart', () => {
  it('applies each of 10,000 changes from five desks, rulings among them, exactly once, and loses none', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'desk-exactly-once-'));
    const service = await startSyncTestService({ folder: dir, demoDisputes: 120 });
    const proxy = await startFaultProxy(service.url, { dropRequest: 0.08, dropResponse: 0.08, duplicate: 0.08, maxDelayMs: 30 }, 11);
    try {
      const desks = demoUsers.map((user, index) => runDesk(user, proxy.url, 1_000 + index));
      // Restart the service once the desks are well into their pushes.
      let restarted = false;
      const restart = (async () => {
        for (;;) {
          await new Promise((resolve) => setTimeout(resolve, 100));
          const [row] = await service.db().query<{ count: number }>('SELECT count(*)::int AS count FROM mutation_outcomes');
          if (row!.count >= 4_000) break;
        }
        await service.restart();
        restarted = true;
      })();
      const results = await Promise.all(desks);
      await restart;
      expect(restarted).toBe(true);

      const db = service.db();
      const appliedNotes = new Set<string>();
      const heldNotes = new Set<string>();
      /** Each dispute's rulings the service applied, by their rationale. */
      const appliedRulings = new Map<string, string[]>();
      let total = 0;
      for (const { db: desk, clientId } of results) {
        const outbox: OutboxEntry[] = await desk.outbox.orderBy('mutationId').toArray();
        total += outbox.length;
        expect(outbox.filter((entry) => entry.status === 'pending')).toEqual([]);
        // A change the network failed five times in a row, with the service answering between,
        // may be held (decision 0019): it is taken out of the line and never sent again.
        const held = outbox.filter((entry) => entry.mutationId < 0);
        expect(held.filter((entry) => entry.status !== 'rejected' || entry.code !== 'server_error')).toEqual([]);
        for (const entry of held) if (entry.name === 'evidence.note') heldNotes.add((entry.args.note as { id: string }).id);
        const sent = outbox.filter((entry) => entry.mutationId > 0);
        const stored = await db.query<{ mutation_id: number; outcome: { status: string } }>(
          'SELECT mutation_id::int AS mutation_id, outcome FROM mutation_outcomes WHERE client_id = $1 ORDER BY mutation_id',
          [clientId],
        );
        // The service answered every change sent once, and the desk recorded the same answer.
        expect(stored.map((row) => [row.mutation_id, row.outcome.status])).toEqual(sent.map((entry) => [entry.mutationId, entry.status]));
        for (const entry of sent.filter((candidate) => candidate.status === 'applied')) {
          if (entry.name === 'evidence.note') appliedNotes.add((entry.args.note as { id: string }).id);
          if (entry.name === 'ruling.record') {
            const rulings = appliedRulings.get(entry.args.disputeId) ?? [];
            appliedRulings.set(entry.args.disputeId, [...rulings, (entry.args.draft as RulingDraft).rationale]);
          }
        }
      }
      expect(total).toBe(demoUsers.length * perClient);
      expect(total).toBeGreaterThanOrEqual(10_000);

      // Every applied note is on its dispute exactly once; no refused or held one is anywhere.
      const notes = await db.query<{ id: string }>("SELECT note->>'id' AS id FROM disputes, jsonb_array_elements(coalesce(doc->'evidenceNotes', '[]'::jsonb)) AS note");
      expect(notes.length).toBe(appliedNotes.size);
      expect(new Set(notes.map((note) => note.id))).toEqual(appliedNotes);
      expect([...heldNotes].filter((id) => appliedNotes.has(id))).toEqual([]);
      const [audited] = await db.query<{ count: number }>("SELECT count(*)::int AS count FROM audit_log WHERE action = 'evidence.note'");
      expect(audited!.count).toBe(appliedNotes.size);

      // Rulings raced for the same disputes: each dispute was ruled at most once, by the one ruling
      // the service applied, and the audit log holds each applied ruling once.
      expect(appliedRulings.size).toBeGreaterThan(0);
      expect([...appliedRulings.values()].filter((rulings) => rulings.length !== 1)).toEqual([]);
      const ruled = await db.query<{ id: string; rationale: string }>(
        "SELECT id, doc->'ruling'->>'rationale' AS rationale FROM disputes WHERE doc->'ruling'->>'rationale' LIKE 'Ruling % by %' ORDER BY id",
      );
      expect(new Map(ruled.map((row) => [row.id, [row.rationale]]))).toEqual(appliedRulings);
      const [rulingsAudited] = await db.query<{ count: number }>(
        "SELECT count(*)::int AS count FROM audit_log WHERE action = 'ruling.record' AND payload->>'rationale' LIKE 'Ruling % by %'",
      );
      expect(rulingsAudited!.count).toBe(appliedRulings.size);
      expect(results.reduce((sum, result) => sum + result.rulingsTried, 0)).toBeGreaterThan(appliedRulings.size);

      // The faults happened.
      expect(proxy.counts.droppedRequests).toBeGreaterThan(0);
      expect(proxy.counts.droppedResponses).toBeGreaterThan(0);
      expect(proxy.counts.duplicated).toBeGreaterThan(0);
    } finally {
      await proxy.close();
      await service.stop();
    }
  }, 900_000);
});
