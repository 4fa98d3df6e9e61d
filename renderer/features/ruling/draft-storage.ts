import { z } from 'zod';
import { rulingFormShape, type RulingFormValues } from './ruling-values';

// A ruling half-written survives a closed window or a crash: the form's values are kept in local
// storage per dispute until the ruling is queued or the draft discarded. Storage is outside the
// app's control (another version, a hand edit), so what comes back is checked like any input.

const storedDraftSchema = z.object({ savedAt: z.string(), values: rulingFormShape });

/** A draft read back from storage, with when it was saved. */
export type StoredRulingDraft = z.infer<typeof storedDraftSchema>;

function keyOf(disputeId: string): string {
  return `desk.rulingDraft.${disputeId}`;
}

/** The saved draft for a dispute, or undefined when there is none or it cannot be read. */
export function readRulingDraft(storage: Storage, disputeId: string): StoredRulingDraft | undefined {
  const raw = storage.getItem(keyOf(disputeId));
  if (raw === null) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return undefined;
  }
  const checked = storedDraftSchema.safeParse(parsed);
  return checked.success ? checked.data : undefined;
}

/** Saves the form's values as the dispute's draft. A full storage only loses the autosave, never the form. */
export function saveRulingDraft(storage: Storage, disputeId: string, values: RulingFormValues, savedAt: string): void {
  try {
    storage.setItem(keyOf(disputeId), JSON.stringify({ savedAt, values } satisfies StoredRulingDraft));
  } catch {
    // QuotaExceededError: the values are still in the form; the next change tries again.
  }
}

/** Forgets the dispute's draft, once the ruling is queued or the case manager discards it. */
export function clearRulingDraft(storage: Storage, disputeId: string): void {
  storage.removeItem(keyOf(disputeId));
}
