import { renderHook, waitFor } from '@testing-library/react';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { DeskDatabase, type OutboxEntry } from './db';
import { testRecordsKey } from './test-fixtures';
import { useDisputeChanges, useRejectedChanges } from './use-outbox';

// The outbox is read back from IndexedDB, which other programs can write: the lists the screens
// show must still come back when an entry lost its arguments or its time.
const createdAt = '2026-11-26T12:00:00.000Z';

async function outboxWith(...entries: unknown[]): Promise<DeskDatabase> {
  const db = new DeskDatabase(`use-outbox-test-${crypto.randomUUID()}`);
  await db.outbox.bulkAdd(entries as OutboxEntry[]);
  return db;
}

describe('the outbox lists, with entries altered outside the app', () => {
  it('lists the refused changes when one refused entry has no arguments', async () => {
    const db = await outboxWith(
      { mutationId: 1, name: 'dispute.claim', args: null, baseVersion: 1, status: 'rejected', code: 'not_allowed', message: 'No.', createdAt },
      { mutationId: 2, name: 'dispute.claim', args: { disputeId: 'D-2' }, baseVersion: 1, status: 'rejected', code: 'not_allowed', message: 'No.', createdAt },
    );
    const { result } = renderHook(() => useRejectedChanges(db, 'u-cm-1'));
    await waitFor(() => expect(result.current?.map((change) => change.entry.mutationId)).toEqual([2, 1]));
  });

  it('lists a sealed refused change that no longer opens, as one it cannot read', async () => {
    const db = new DeskDatabase(`use-outbox-test-${crypto.randomUUID()}`, { sealing: testRecordsKey });
    await db.outbox.bulkAdd([
      { mutationId: 1, name: 'dispute.claim', args: { disputeId: 'D-1' }, baseVersion: 1, status: 'rejected', code: 'not_allowed', message: 'No.', createdAt },
    ]);
    const raw = new Dexie(db.name);
    await raw.open();
    const [stored] = (await raw.table('outbox').toArray()) as Record<string, unknown>[];
    await raw.table('outbox').put({ ...stored, $sealed: new Uint8Array(40) });
    raw.close();
    const { result } = renderHook(() => useRejectedChanges(db, 'u-cm-1'));
    await waitFor(() => expect(result.current).toHaveLength(1));
    expect(result.current![0]!.entry).toMatchObject({ mutationId: 1, status: 'rejected', name: '', args: { disputeId: '' } });
    expect(Date.parse(result.current![0]!.entry.createdAt)).not.toBeNaN();
  });

  it("lists a dispute's changes when one waiting entry lost its time", async () => {
    const db = await outboxWith(
      { mutationId: 1, name: 'dispute.release', args: { disputeId: 'D-1' }, baseVersion: 1, status: 'pending' },
      { mutationId: 2, name: 'dispute.claim', args: { disputeId: 'D-1' }, baseVersion: 1, status: 'applied', createdAt },
      { mutationId: 3, name: 'dispute.claim', args: 'D-1', baseVersion: 1, status: 'pending', createdAt },
    );
    const { result } = renderHook(() => useDisputeChanges(db, 'D-1'));
    await waitFor(() => expect(result.current?.map((entry) => entry.mutationId).sort()).toEqual([1, 2]));
  });
});
