import { describe, expect, it } from 'vitest';
import { makeDispute, makeRequest } from '../../../shared/domain/test-fixtures';
import { DeskDatabase, toLocal, type FirstScreenRecord } from '../../data/db';
import { firstScreenOf, firstScreenRows, keepFirstScreen, keptFirstScreen, readFirstScreen } from './first-screen';
import { queueIds, queueListings } from './queues';

const now = new Date('2026-11-26T12:00:00.000Z');

describe('the first screen kept for the next start', () => {
  it('holds the landing queue’s first rows in due order, its length, and every queue’s count', () => {
    const rows = Array.from({ length: firstScreenRows + 20 }, (_, index) => {
      const dueAt = new Date(now.getTime() + (firstScreenRows + 20 - index) * 3_600_000).toISOString();
      return toLocal(makeDispute({ id: `D-${index}`, state: 'awaiting_evidence', assignee: 'u-cm-1', evidenceRequests: [makeRequest({ dueAt })] })).row;
    });
    const listings = queueListings(rows, { userId: 'u-cm-1', now, attention: new Set() });
    const kept = firstScreenOf('u-cm-1', 'mine', listings, now);
    expect(kept.total).toBe(rows.length);
    expect(kept.rows).toHaveLength(firstScreenRows);
    // Written latest due first: the kept rows are the 50 due soonest, soonest first.
    expect(kept.rows.map((row) => row.id)).toEqual(rows.map((row) => row.id).reverse().slice(0, firstScreenRows));
    expect(kept.counts).toEqual(queueIds.map((id) => listings.get(id)!.length));
  });

  it('is read back only for the user and the queue it was kept for, and only in its own shape', async () => {
    const kept: FirstScreenRecord = { key: 'firstScreen', userId: 'u-cm-1', queue: 'mine', rows: [], total: 0, counts: queueIds.map(() => 0) };
    const storing = async (record: unknown) => {
      const db = new DeskDatabase(`first-screen-${crypto.randomUUID()}`);
      await db.meta.put(record as FirstScreenRecord);
      return db;
    };
    const db = await storing(kept);
    expect(keptFirstScreen(db, 'u-cm-1', 'mine')).toBeUndefined();
    expect(await readFirstScreen(db, 'u-cm-1', 'mine')).toEqual(kept);
    expect(keptFirstScreen(db, 'u-cm-1', 'mine')).toEqual(kept);
    expect(await readFirstScreen(db, 'u-cm-2', 'mine')).toBeUndefined();
    expect(await readFirstScreen(db, 'u-cm-1', 'unassigned')).toBeUndefined();
    // As another program could leave it.
    expect(await readFirstScreen(await storing({ ...kept, counts: [1] }), 'u-cm-1', 'mine')).toBeUndefined();
    expect(await readFirstScreen(await storing({ ...kept, rows: 'D-1' }), 'u-cm-1', 'mine')).toBeUndefined();
  });

  it('is read once, and what the screen keeps afterwards is what it reads back', async () => {
    const db = new DeskDatabase(`first-screen-${crypto.randomUUID()}`);
    expect(await readFirstScreen(db, 'u-cm-1', 'mine')).toBeUndefined();
    const next: FirstScreenRecord = { key: 'firstScreen', userId: 'u-cm-1', queue: 'mine', rows: [], total: 3, counts: queueIds.map(() => 1) };
    await keepFirstScreen(db, next);
    expect(keptFirstScreen(db, 'u-cm-1', 'mine')).toEqual(next);
    expect(await db.meta.get('firstScreen')).toEqual(next);
  });
});
