// The poke channel end to end through the app's own sync engine (issue 21): a change one desk
// pushes reaches another desk within a second with nobody asking it to sync, and a burst of changes
// never has a desk pulling twice at once.
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueMutation } from '../../renderer/data/outbox';
import { startSyncTestService, type SyncTestService } from './case-service';
import { openTestDesk, settle, type TestDesk } from './desk';

let service: SyncTestService;
let mateo: TestDesk;
let lina: TestDesk;
const linaPulls = { running: 0, most: 0, total: 0 };

beforeAll(async () => {
  service = await startSyncTestService({ demoDisputes: 40 });
  mateo = await openTestDesk({ username: 'mateo', password: 'demo-mateo', serviceUrl: service.url, fetchImpl: fetch, seed: 1 });
  // Li Na's desk counts its pulls, and how many run at once.
  const counted: typeof fetch = async (input, init) => {
    if (!String(input).endsWith('/sync/pull')) return fetch(input, init);
    linaPulls.running += 1;
    linaPulls.total += 1;
    linaPulls.most = Math.max(linaPulls.most, linaPulls.running);
    try {
      return await fetch(input, init);
    } finally {
      linaPulls.running -= 1;
    }
  };
  lina = await openTestDesk({ username: 'lina', password: 'demo-lina', serviceUrl: service.url, fetchImpl: counted, seed: 2, live: true });
}, 60_000);

afterAll(async () => {
  mateo?.engine.stop();
  lina?.engine.stop();
  await service?.stop();
});

/** Waits until `check` holds, polling every 10 ms; returns how long it took. */
async function within(ms: number, check: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return Date.now() - started;
}

const unassigned = async (desk: TestDesk) =>
  (await desk.db.disputes.toArray()).filter((stored) => stored.doc.assignee === undefined && ['escalated', 'under_review', 'awaiting_evidence'].includes(stored.doc.state)).map((stored) => stored.doc.id);

describe('live pokes between two desks', () => {
  it('brings a claim made on one desk to the other within a second, with no sync asked for there', async () => {
    const [id] = await unassigned(mateo);
    expect(id).toBeDefined();
    const made = await enqueueMutation(mateo.db, mateo.session, 'dispute.claim', { disputeId: id! }, new Date().toISOString());
    expect(made.ok).toBe(true);
    await settle(mateo, 10_000);
    const took = await within(1_000, async () => (await lina.db.disputes.get(id!))?.doc.assignee === 'u-cm-2');
    expect(took).toBeLessThan(1_000);
  });

  it('pulls a run of changes never two pulls at once, and not more than two pulls a change', async () => {
    const ids = (await unassigned(mateo)).slice(0, 20);
    const before = linaPulls.total;
    for (const id of ids) {
      await enqueueMutation(mateo.db, mateo.session, 'dispute.claim', { disputeId: id }, new Date().toISOString());
      // Each claim goes up on its own push: as many changes, and pokes, as claims.
      await mateo.engine.pullNow();
    }
    await within(5_000, async () => (await Promise.all(ids.map((id) => lina.db.disputes.get(id)))).every((stored) => stored?.doc.assignee === 'u-cm-2'));
    expect(linaPulls.most).toBe(1);
    expect(linaPulls.total - before).toBeLessThan(ids.length * 2);
  });
});
