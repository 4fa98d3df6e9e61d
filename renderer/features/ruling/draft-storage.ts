import { z } from 'zod';
import { createLogger } from '../../../shared/logger';
import type { DeskDatabase } from '../../data/db';
import { rulingFormShape, type RulingFormValues } from './ruling-values';

// A ruling half-written survives a closed window or a crash: the form's values are kept in the
// local store per user and dispute until the ruling is queued or the draft discarded, so the next
// person on a shared computer never sees a colleague's rationale (decision 0019). Storage is
// outside the app's control (another version, a hand edit), so what comes back is checked.

const log = createLogger('ruling-drafts');

/** A draft read back from storage, with when it was saved. */
export interface StoredRulingDraft {
  savedAt: string;
  values: RulingFormValues;
}

/** One user's drafts: what the ruling form reads, saves as it is typed, and clears. */
export interface RulingDrafts {
  read(disputeId: string): Promise<StoredRulingDraft | undefined>;
  /** Resolves false when the save failed (a full disk): the values are still in the form. */
  save(disputeId: string, values: RulingFormValues, savedAt: string): Promise<boolean>;
  clear(disputeId: string): Promise<boolean>;
}

const storedDraftSchema = z.object({ savedAt: z.string(), values: rulingFormShape });

/** The drafts of `userId` in the local store. */
export function rulingDrafts(db: DeskDatabase, userId: string): RulingDrafts {
  return {
    async read(disputeId) {
      const record = await db.drafts.get([userId, disputeId]);
      if (record === undefined) return undefined;
      const checked = storedDraftSchema.safeParse(record);
      if (!checked.success) log.warn('a stored ruling draft could not be read; the form starts empty', { disputeId });
      return checked.success ? checked.data : undefined;
    },
    async save(disputeId, values, savedAt) {
      try {
        await db.drafts.put({ userId, disputeId, savedAt, values });
        return true;
      } catch (error) {
        log.error('saving a ruling draft failed', { disputeId, error: String(error) });
        return false;
      }
    },
    async clear(disputeId) {
      try {
        await db.drafts.delete([userId, disputeId]);
        return true;
      } catch (error) {
        log.error('removing a ruling draft failed', { disputeId, error: String(error) });
        return false;
      }
    },
  };
}
