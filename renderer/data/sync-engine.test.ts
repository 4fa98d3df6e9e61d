import { describe, expect, it } from 'vitest';
import { makeDispute } from '../../shared/domain/test-fixtures';
import { DeskDatabase, toLocal } from './db';
import { countPending, enqueueMutation } from './outbox';
import { SyncEngine } from './sync-engine';
import { jsonResponse, putRows, testSession } from './test-fixtures';

/**
 * A case service that answers pushes at once and holds the first pull until told: what a person
 * does while a sync is under way happens while that pull waits.
 */
function slowFirstPull() {
  const pushed: number[][] = [];
  let releaseFirst: () => void = () => {};
  const firstHeld = new Promise<void>((resolve) => {
    releaseFirst = resolve;
  });
  let pulls = 0;
  let last = 0;
  const fetchImpl: typeof fetch = async (input, init) => {
    const url = new URL(String(input));
    if (url.pathname === '/sync/push') {
      const body = JSON.parse(String(init?.body)) as { mutations: { mutationId: number }[] };
      pushed.push(body.mutations.map((mutation) => mutation.mutationId));
      last = Math.max(last, ...body.mutations.map((mutation) => mutation.mutationId));
      return jsonResponse({ outcomes: body.mutations.map(({ mutationId }) => ({ mutationId, status: 'applied' })), lastMutationId: last });
    }
    if (url.pathname === '/sync/pull') {
      pulls += 1;
      if (pulls === 1) await firstHeld;
      return jsonResponse({ cookie: 1, more: false, disputes: [], deletedDisputeIds: [], lastMutationId: last, outcomes: [] });
    }
    if (url.pathname === '/team') return jsonResponse({ members: [] });
    return jsonResponse({ error: { code: 'not_found', message: 'No such route.' } }, 404);
  };
  return { fetchImpl, pushed, releaseFirst, pulls: () => pulls };
}

describe('the sync engine', () => {
  it('sends a change made while a sync runs right after it, not at the next timer', async () => {
    const db = new DeskDatabase(`sync-engine-${crypto.randomUUID()}`);
    const dispute = makeDispute({ id: 'D-1', state: 'escalated' });
    const local = toLocal(dispute);
    await putRows(db, [local]);
    await db.disputes.put(local.stored);
    const service = slowFirstPull();
    const engine = new SyncEngine(db, service.fetchImpl, undefined, undefined, { live: false });
    engine.start(testSession, null);
    await expect.poll(() => service.pulls()).toBe(1);

    // The first sync has pushed (nothing waited) and is pulling when a claim is queued and "Sync now" asked.
    const queued = await enqueueMutation(db, testSession, 'dispute.claim', { disputeId: 'D-1' }, new Date().toISOString());
    expect(queued.ok).toBe(true);
    const asked = engine.pullNow();
    service.releaseFirst();
    await asked;

    await expect.poll(() => service.pushed, { timeout: 5_000 }).toEqual([[1]]);
    await expect.poll(() => countPending(db)).toBe(0);
    engine.stop();
  });
});
