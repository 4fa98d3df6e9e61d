import { describe, expect, it } from 'vitest';
import { makeDispute } from '../../shared/domain/test-fixtures';
import type { Mutation, MutationOutcome } from '../../shared/sync/protocol';
import { DeskDatabase, readSyncRecord, toLocal, type OutboxEntry } from './db';
import { enqueueMutation } from './outbox';
import { retryAfterMs } from './service-client';
import { pushPending, serverErrorLimit } from './sync';
import { retryDelayMs } from './sync-engine';
import { jsonResponse, putRows, testSession } from './test-fixtures';

const session = testSession;
const now = '2026-11-26T12:00:00.000Z';

async function dbWith(...ids: string[]): Promise<DeskDatabase> {
  const db = new DeskDatabase(`guard-test-${crypto.randomUUID()}`);
  for (const id of ids) {
    const local = toLocal(makeDispute({ id, state: 'under_review' }));
    await putRows(db, [{ row: local.row }]);
    await db.disputes.put(local.stored);
  }
  return db;
}

/**
 * A fake case service that numbers a client's changes as the real one does (in order, a gap is
 * `out_of_order`, one already seen answers its stored outcome) and fails with `failWith` on any
 * change for a dispute in `failing`, recording nothing of it; `down` fails every request.
 */
function fakeService(options: { failing?: string[]; failWith?: () => Response; down?: boolean } = {}) {
  const state = { last: 0, applied: [] as { mutationId: number; disputeId: string }[], pushes: 0 };
  const outcomes = new Map<number, MutationOutcome>();
  const fetchImpl: typeof fetch = async (input, init) => {
    if (options.down) return jsonResponse({ error: { code: 'unavailable', message: 'Nothing was changed; try again.' } }, 503);
    const body = JSON.parse(String(init?.body)) as { mutations?: Mutation[]; ackedMutationId?: number };
    if (String(input).endsWith('/sync/pull')) {
      const listed = [...outcomes.values()].filter((outcome) => outcome.mutationId > (body.ackedMutationId ?? 0));
      return jsonResponse({ cookie: 1, more: false, disputes: [], deletedDisputeIds: [], lastMutationId: state.last, outcomes: listed });
    }
    state.pushes += 1;
    const answered: MutationOutcome[] = [];
    for (const mutation of body.mutations ?? []) {
      const disputeId = (mutation.args as { disputeId: string }).disputeId;
      if (mutation.mutationId <= state.last) {
        answered.push(outcomes.get(mutation.mutationId)!);
        continue;
      }
      if (mutation.mutationId > state.last + 1) {
        answered.push({ mutationId: mutation.mutationId, status: 'rejected', code: 'out_of_order', message: 'Send the changes in order.' });
        break;
      }
      if (options.failing?.includes(disputeId)) return (options.failWith ?? (() => jsonResponse({ error: { code: 'unavailable', message: 'Nothing was changed; try again.' } }, 503)))();
      const outcome: MutationOutcome = { mutationId: mutation.mutationId, status: 'applied' };
      outcomes.set(mutation.mutationId, outcome);
      state.applied.push({ mutationId: mutation.mutationId, disputeId });
      state.last = mutation.mutationId;
      answered.push(outcome);
    }
    return jsonResponse({ outcomes: answered, lastMutationId: state.last });
  };
  return { state, fetchImpl };
}

describe('a change the case service keeps failing on', () => {
  it(`is held after ${serverErrorLimit} server errors while the service otherwise answers, and the later changes flow`, async () => {
    const db = await dbWith('D-1', 'D-bad', 'D-3');
    for (const id of ['D-1', 'D-bad', 'D-3']) await enqueueMutation(db, session, 'dispute.claim', { disputeId: id }, now);
    const service = fakeService({ failing: ['D-bad'] });
    for (let attempt = 1; attempt < serverErrorLimit; attempt += 1) {
      await expect(pushPending(db, session, service.fetchImpl)).resolves.toMatchObject({ ok: false, failure: { status: 503 } });
      expect((await db.outbox.get(2))?.serverErrors).toBe(attempt);
    }
    await expect(pushPending(db, session, service.fetchImpl)).resolves.toEqual({ ok: true });
    // D-1 went first, D-bad never reached the service, D-3 took its number.
    expect(service.state.applied).toEqual([
      { mutationId: 1, disputeId: 'D-1' },
      { mutationId: 2, disputeId: 'D-3' },
    ]);
    const held = await db.outbox.where('status').equals('rejected').toArray();
    expect(held).toEqual([expect.objectContaining({ mutationId: -1, code: 'server_error', args: { disputeId: 'D-bad' }, message: expect.stringContaining('did not record it') })]);
    // The next change is numbered after the renumbered ones and flows too.
    await expect(enqueueMutation(db, session, 'dispute.release', { disputeId: 'D-3' }, now)).resolves.toEqual({ ok: true, mutationId: 3 });
    await expect(pushPending(db, session, service.fetchImpl)).resolves.toEqual({ ok: true });
    expect(service.state.last).toBe(3);
  });

  it('is never held while the whole service fails: that is the service, not the change', async () => {
    const db = await dbWith('D-1');
    await enqueueMutation(db, session, 'dispute.claim', { disputeId: 'D-1' }, now);
    const service = fakeService({ down: true });
    for (let attempt = 0; attempt < serverErrorLimit * 2; attempt += 1) await pushPending(db, session, service.fetchImpl);
    expect(await db.outbox.get(1)).toMatchObject({ status: 'pending' });
    expect((await db.outbox.get(1))?.serverErrors).toBeUndefined();
  });

  it('is not counted for 429 Too Many Requests, whose Retry-After is kept for the back-off', async () => {
    const db = await dbWith('D-1');
    await enqueueMutation(db, session, 'dispute.claim', { disputeId: 'D-1' }, now);
    const busy = () => new Response(JSON.stringify({ error: { code: 'rate_limited', message: 'Slow down.' } }), { status: 429, headers: { 'Retry-After': '7' } });
    const service = fakeService({ failing: ['D-1'], failWith: busy });
    await expect(pushPending(db, session, service.fetchImpl)).resolves.toMatchObject({ ok: false, failure: { status: 429, retryAfterMs: 7000 } });
    expect((await db.outbox.get(1))?.serverErrors).toBeUndefined();
  });

  it('counts a push that part-landed against the change the service stopped at, not the first sent', async () => {
    const db = await dbWith('D-1', 'D-bad');
    for (const id of ['D-1', 'D-bad']) await enqueueMutation(db, session, 'dispute.claim', { disputeId: id }, now);
    const service = fakeService({ failing: ['D-bad'] });
    await pushPending(db, session, service.fetchImpl);
    expect(await db.outbox.get(1)).toMatchObject({ status: 'applied' });
    expect((await db.outbox.get(2))?.serverErrors).toBe(1);
  });
});

describe('a waiting change altered on disk', () => {
  it('is held with a message saying so and never sent; the changes after it are sent', async () => {
    const db = await dbWith('D-1', 'D-2', 'D-3');
    for (const id of ['D-1', 'D-2', 'D-3']) await enqueueMutation(db, session, 'dispute.claim', { disputeId: id }, now);
    await db.outbox.update(2, { baseVersion: Number.MAX_SAFE_INTEGER });
    const service = fakeService();
    await expect(pushPending(db, session, service.fetchImpl)).resolves.toEqual({ ok: true });
    expect(service.state.applied.map((change) => change.disputeId)).toEqual(['D-1', 'D-3']);
    expect(await db.outbox.where('status').equals('rejected').toArray()).toEqual([
      expect.objectContaining({ code: 'changed_outside_app', args: { disputeId: 'D-2' }, message: expect.stringContaining('altered outside Dispute Desk') }),
    ]);
  });

  it.each([
    ['its arguments removed', { args: null }],
    ['a dispute id that is no key', { args: { disputeId: { $gt: '' } } }],
    ['a dispute id that is a number', { args: { disputeId: 42 } }],
    ['a name it never had', { name: 'dispute.delete' }],
    ['its time removed', { createdAt: undefined }],
  ])('is held when altered with %s, and the changes after it are sent', async (_what, alteration) => {
    const db = await dbWith('D-1', 'D-2', 'D-3');
    for (const id of ['D-1', 'D-2', 'D-3']) await enqueueMutation(db, session, 'dispute.claim', { disputeId: id }, now);
    await db.outbox.update(2, alteration as Partial<OutboxEntry>);
    const service = fakeService();
    await expect(pushPending(db, session, service.fetchImpl)).resolves.toEqual({ ok: true });
    expect(service.state.applied.map((change) => change.disputeId)).toEqual(['D-1', 'D-3']);
    // Needs attention can still list it: a name, a dispute (none it can name) and a time.
    const [held] = await db.outbox.where('status').equals('rejected').toArray();
    expect(held).toMatchObject({ mutationId: -1, code: 'changed_outside_app', name: expect.any(String), args: { disputeId: expect.any(String) } });
    expect(Number.isNaN(Date.parse(held!.createdAt))).toBe(false);
  });

  it('has its effect on the dispute undone by the next pull: the cookie goes back to before the copy shown', async () => {
    const db = await dbWith('D-1', 'D-2');
    for (const id of ['D-1', 'D-2']) await enqueueMutation(db, session, 'dispute.claim', { disputeId: id }, now);
    await db.meta.put({ ...(await readSyncRecord(db)), cookie: 50 });
    await db.outbox.update(1, { baseVersion: 3 });
    await pushPending(db, session, fakeService().fetchImpl);
    // D-1 is at version 10 here (claimed, as the held change left it); the service never changed it.
    expect((await db.disputes.get('D-1'))?.doc).toMatchObject({ version: 10, assignee: session.user.id });
    expect((await readSyncRecord(db)).cookie).toBe(9);
  });

  it('is held when its digest is removed, unless the upgrade marked it as queued before digests', async () => {
    const db = await dbWith('D-1', 'D-2');
    for (const id of ['D-1', 'D-2']) await enqueueMutation(db, session, 'dispute.claim', { disputeId: id }, now);
    await db.outbox.update(1, { digest: undefined, unsealed: true });
    await db.outbox.update(2, { digest: undefined });
    const service = fakeService();
    await pushPending(db, session, service.fetchImpl);
    expect(service.state.applied.map((change) => change.disputeId)).toEqual(['D-1']);
    expect(await db.outbox.where('status').equals('rejected').first()).toMatchObject({ code: 'changed_outside_app', args: { disputeId: 'D-2' } });
  });
});

describe('a waiting change removed from the outbox, or marked answered, outside the app', () => {
  const heldD2 = [['D-2', 'rejected', 'changed_outside_app']];
  it.each([
    ['deleted', (db: DeskDatabase) => db.outbox.delete(2), []],
    ['marked applied', (db: DeskDatabase) => db.outbox.update(2, { status: 'applied' }), heldD2],
    ['marked refused', (db: DeskDatabase) => db.outbox.update(2, { status: 'rejected', code: 'not_allowed' }), heldD2],
  ])('when %s, leaves a gap the later changes close, so they flow', async (_what, tamper, held) => {
    const db = await dbWith('D-1', 'D-2', 'D-3', 'D-4');
    for (const id of ['D-1', 'D-2', 'D-3', 'D-4']) await enqueueMutation(db, session, 'dispute.claim', { disputeId: id }, now);
    await tamper(db);
    const service = fakeService();
    await expect(pushPending(db, session, service.fetchImpl)).resolves.toEqual({ ok: true });
    expect(service.state.applied).toEqual([
      { mutationId: 1, disputeId: 'D-1' },
      { mutationId: 2, disputeId: 'D-3' },
      { mutationId: 3, disputeId: 'D-4' },
    ]);
    const kept = await db.outbox.where('mutationId').below(0).toArray();
    expect(kept.map((entry) => [entry.args.disputeId, entry.status, entry.code])).toEqual(held);
    // The next change follows on.
    await expect(enqueueMutation(db, session, 'dispute.release', { disputeId: 'D-4' }, now)).resolves.toEqual({ ok: true, mutationId: 4 });
    await expect(pushPending(db, session, service.fetchImpl)).resolves.toEqual({ ok: true });
    expect(service.state.last).toBe(4);
  });
});

describe('retry timing', () => {
  const policy = { firstMs: 1000, maxMs: 300_000, random: () => 0.5 };

  it('doubles from 1 s to at most 5 min, waiting between half and all of it', () => {
    expect(retryDelayMs(1, undefined, policy)).toBe(750);
    expect(retryDelayMs(4, undefined, policy)).toBe(6000);
    expect(retryDelayMs(40, undefined, policy)).toBe(225_000);
    expect(retryDelayMs(40, undefined, { ...policy, random: () => 0.999999 })).toBeLessThanOrEqual(300_000);
    expect(retryDelayMs(40, undefined, { ...policy, random: () => 0 })).toBe(150_000);
  });

  it('honours Retry-After in seconds or as an HTTP date, and ignores what it cannot read', () => {
    const at = Date.parse('2026-11-26T12:00:00Z');
    expect(retryAfterMs('120', at)).toBe(120_000);
    expect(retryAfterMs('Thu, 26 Nov 2026 12:00:30 GMT', at)).toBe(30_000);
    expect(retryAfterMs('Thu, 26 Nov 2026 11:00:00 GMT', at)).toBe(0);
    expect(retryAfterMs('soon', at)).toBeUndefined();
    expect(retryAfterMs(null, at)).toBeUndefined();
    expect(retryDelayMs(3, 120_000, policy)).toBe(120_000);
  });
});
