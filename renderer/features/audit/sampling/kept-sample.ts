import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback } from 'react';
import type { DeskDatabase, DrawnSampleRecord } from '../../../data/db';
import { useDeskData } from '../../../data/DeskDataProvider';

/** A drawn sample as the panel holds it: the record without its owner. */
export type KeptSample = Omit<DrawnSampleRecord, 'userId'>;

/** Keeps `sample` as `userId`'s drawn sample, replacing any before it. */
export async function keepSample(db: DeskDatabase, userId: string, sample: KeptSample): Promise<void> {
  await db.samples.put({ ...sample, userId });
}

/** Forgets `userId`'s drawn sample: once assigned, or when discarded. */
export async function forgetSample(db: DeskDatabase, userId: string): Promise<void> {
  await db.samples.delete(userId);
}

/** `userId`'s drawn sample, or null when there is none. */
export async function readKeptSample(db: DeskDatabase, userId: string): Promise<KeptSample | null> {
  const record = await db.samples.get(userId);
  if (record === undefined) return null;
  return { drawnAt: record.drawnAt, chosenId: record.chosenId, rows: record.rows };
}

/**
 * The signed-in user's drawn sample, live (undefined while reading, null when none), and how to
 * keep or forget it: a sample survives leaving the tab or the app until assigned or discarded,
 * and one team lead never sees another's.
 */
export function useKeptSample(): { sample: KeptSample | null | undefined; keep: (sample: KeptSample) => Promise<void>; forget: () => Promise<void> } {
  const { db, session } = useDeskData();
  const userId = session?.user.id;
  const sample = useLiveQuery(async () => (userId === undefined ? null : readKeptSample(db, userId)), [db, userId]);
  const keep = useCallback(async (next: KeptSample) => (userId === undefined ? undefined : keepSample(db, userId, next)), [db, userId]);
  const forget = useCallback(async () => (userId === undefined ? undefined : forgetSample(db, userId)), [db, userId]);
  return { sample, keep, forget };
}
