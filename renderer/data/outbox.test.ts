import { describe, expect, it } from 'vitest';
import { makeDispute } from '../../shared/domain/test-fixtures';
import { DeskDatabase, toLocal } from './db';
import { jsonResponse, putRows, storedRow, testSession } from './test-fixtures';
import { enqueueMutation } from './outbox';
import { pullAll, pushPending } from './sync';

const session = testSession;
const now = '2026-11-26T12:00:00.000Z';

async function dbWith(...disputes: ReturnType<typeof makeDispute>[]): Promise<DeskDatabase> {
  const db = new DeskDatabase(`outbox-test-${crypto.randomUUID()}`);
  for (const dispute of disputes) {
    const local = toLocal(dispute);
    await putRows(db, [{ row: local.row }]);
    await db.disputes.put(local.stored);
  }
  return db;
}

const json = (body: unknown) => jsonResponse(body);

describe('the outbox', () => {
  it('shows a claim at once and queues it with the next mutation id', async () => {
    const db = await dbWith(makeDispute({ id: 'D-1', state: 'under_review' }));
    await expect(enqueueMutation(db, session, 'dispute.claim', { disputeId: 'D-1' }, now)).resolves.toEqual({ ok: true, mutationId: 1 });
    await expect(enqueueMutation(db, session, 'dispute.release', { disputeId: 'D-1' }, now)).resolves.toEqual({ ok: true, mutationId: 2 });
    expect((await db.outbox.toArray()).map((entry) => [entry.mutationId, entry.name, entry.status])).toEqual([
      [1, 'dispute.claim', 'pending'],
      [2, 'dispute.release', 'pending'],
    ]);
    expect((await storedRow(db, 'D-1'))?.assignee).toBe('');
  });

  it('refuses here, with the rules’ words, what the rules already refuse', async () => {
    const db = await dbWith(makeDispute({ id: 'D-2', state: 'cancelled' }));
    const result = await enqueueMutation(db, session, 'dispute.claim', { disputeId: 'D-2' }, now);
    expect(result).toMatchObject({ ok: false, code: 'claim_cancelled' });
    expect(await db.outbox.count()).toBe(0);
  });

  it('pushes pending changes in order and keeps a rejection for Needs attention', async () => {
    const db = await dbWith(makeDispute({ id: 'D-3', state: 'under_review' }), makeDispute({ id: 'D-4', state: 'under_review' }));
    await enqueueMutation(db, session, 'dispute.claim', { disputeId: 'D-3' }, now);
    await enqueueMutation(db, session, 'dispute.claim', { disputeId: 'D-4' }, now);
    const sent: unknown[] = [];
    const fake: typeof fetch = async (_input, init) => {
      sent.push(JSON.parse(String(init?.body)));
      return json({
        outcomes: [
          { mutationId: 1, status: 'applied' },
          { mutationId: 2, status: 'rejected', code: 'claim_cancelled', message: 'The buyer cancelled this claim.' },
        ],
        lastMutationId: 2,
      });
    };
    await expect(pushPending(db, session, fake)).resolves.toEqual({ ok: true });
    expect(sent).toMatchObject([{ mutations: [{ mutationId: 1, args: { disputeId: 'D-3' } }, { mutationId: 2, args: { disputeId: 'D-4' } }] }]);
    expect(await db.outbox.get(2)).toMatchObject({ status: 'rejected', code: 'claim_cancelled', message: 'The buyer cancelled this claim.' });
  });

  it('keeps a pending change visible over the service copy a pull brings back', async () => {
    const db = await dbWith(makeDispute({ id: 'D-5', state: 'under_review' }));
    await enqueueMutation(db, session, 'dispute.claim', { disputeId: 'D-5' }, now);
    const page = { cookie: 5, more: false, disputes: [makeDispute({ id: 'D-5', state: 'under_review' })], deletedDisputeIds: [], lastMutationId: 0, outcomes: [] };
    await pullAll(db, session, () => {}, async () => json(page));
    expect((await storedRow(db, 'D-5'))?.assignee).toBe('u-cm-1');
    expect(await db.meta.get('sync')).toMatchObject({ cookie: 5, lastMutationId: 1 });
  });
});
