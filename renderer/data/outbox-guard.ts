import { canonicalJson } from '../../shared/audit/canonical-json';
import { readSyncRecord, type DeskDatabase, type OutboxEntry } from './db';

// Holding a change: taking it out of the line to the case service and into "Needs attention"
// without sending it (decision 0019). The service numbers a client's changes 1, 2, 3… and refuses
// any after a gap (`out_of_order`), so a held change that the service never recorded gives its
// number to the next one: the changes after it move down by one, and the held one keeps a negative
// key, outside the service's numbering.

/** Why the desk held a change: it changed on disk, or the service kept failing on it. */
export type HoldCode = 'changed_outside_app' | 'server_error';

/** The part of a change its digest covers. The mutation id is left out: holding renumbers. */
type Digested = Pick<OutboxEntry, 'name' | 'args' | 'baseVersion' | 'createdAt'>;

/** SHA-256 (hex) of a change's canonical JSON. */
export async function changeDigest(entry: Digested): Promise<string> {
  const text = canonicalJson({ name: entry.name, args: entry.args, baseVersion: entry.baseVersion, createdAt: entry.createdAt });
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * The index of the first change in `entries` that is not as the app wrote it, or -1. Changes
 * queued before digests existed (marked `unsealed` by the upgrade) are sealed as they are.
 */
export async function firstAltered(db: DeskDatabase, entries: readonly OutboxEntry[]): Promise<number> {
  for (const [index, entry] of entries.entries()) {
    let actual: string;
    try {
      actual = await changeDigest(entry);
    } catch {
      // Not JSON any more (a number that is not finite, say): altered by definition.
      return index;
    }
    if (entry.unsealed === true && entry.digest === undefined) {
      await db.outbox.update(entry.mutationId, { digest: actual, unsealed: undefined });
      continue;
    }
    if (entry.digest !== actual) return index;
  }
  return -1;
}

/** The dispute a change names, or undefined when what is stored names none (an entry altered on disk). */
export function disputeIdOf(entry: Pick<OutboxEntry, 'args'>): string | undefined {
  const args: unknown = entry.args;
  if (typeof args !== 'object' || args === null) return undefined;
  const disputeId: unknown = (args as Record<string, unknown>).disputeId;
  return typeof disputeId === 'string' ? disputeId : undefined;
}

/**
 * A held change as the screens can read it: an entry altered on disk may have lost its name, its
 * dispute or its time (a sealed one that no longer opens keeps only its number and status), and
 * Needs attention must still list it (as a change it cannot read).
 */
export function readable(entry: OutboxEntry, heldAt: string): OutboxEntry {
  const name: unknown = entry.name;
  const createdAt: unknown = entry.createdAt;
  return {
    ...entry,
    name: typeof name === 'string' ? name : '',
    args: disputeIdOf(entry) === undefined ? { disputeId: '' } : entry.args,
    createdAt: typeof createdAt === 'string' && !Number.isNaN(Date.parse(createdAt)) ? createdAt : heldAt,
  };
}

/** The words a held change shows in "Needs attention". */
export const holdMessages: Record<HoldCode, string> = {
  changed_outside_app:
    'This change was altered outside Dispute Desk after it was made, so it was not sent. Check the case and make the change again if it is still wanted.',
  server_error:
    'The case service failed several times on this change and did not record it; it was not sent again so your later changes could go through. Make the change again, or tell your administrator if it fails again.',
};

/**
 * Holds the change `mutationId` (status rejected, with `code`), when the service's last recorded
 * change for this client is `serviceLast` = mutationId − 1: it never recorded it. Later pending
 * changes move down by one. One transaction; false, with nothing written, when the outbox moved on.
 *
 * The dispute here still shows the held change's effect, and the service never changed it, so no
 * pull would bring it back: the pull cookie is moved back to before this copy's version, and the
 * next pull replaces it with the service's (pending changes layered on top), so the change can be
 * made again.
 */
export async function holdChange(db: DeskDatabase, mutationId: number, serviceLast: number, code: HoldCode): Promise<boolean> {
  return db.transaction('rw', [db.outbox, db.meta, db.disputes], async () => {
    const entry = await db.outbox.get(mutationId);
    if (entry?.status !== 'pending' || serviceLast !== mutationId - 1) return false;
    const later = await db.outbox.where('mutationId').above(mutationId).sortBy('mutationId');
    if (later.some((change) => change.status !== 'pending')) return false;
    const sync = await readSyncRecord(db);
    const heldKey = (sync.lastHeldKey ?? 0) - 1;
    await db.outbox.bulkDelete([mutationId, ...later.map((change) => change.mutationId)]);
    const held = readable(entry, new Date().toISOString());
    await db.outbox.add({ ...held, mutationId: heldKey, status: 'rejected', code, message: holdMessages[code], serverErrors: undefined });
    await db.outbox.bulkAdd(later.map((change) => ({ ...change, mutationId: change.mutationId - 1 })));
    const lastMutationId = (sync.lastMutationId ?? sync.ackedMutationId) - 1;
    // A change whose dispute cannot be read (sealed, and altered on disk) may have changed any of
    // them here: everything is pulled again.
    const unknown = held.args.disputeId === '';
    const shown = unknown ? undefined : await db.disputes.get(held.args.disputeId);
    const cookie = sync.cookie === null || unknown ? null : shown === undefined ? sync.cookie : Math.min(sync.cookie, shown.doc.version - 1);
    await db.meta.put({ ...sync, lastHeldKey: heldKey, lastMutationId, cookie });
    return true;
  });
}

/**
 * Closes a gap nothing here can fill: the service's last recorded change for this client is
 * `serviceLast`, yet the first change waiting here comes later, because the ones between were
 * deleted from the local store or marked answered outside the app. Those the service never saw
 * are held as altered, and the waiting changes move down to follow on from `serviceLast`. One
 * transaction; false, with nothing written, when there is no such gap.
 */
export async function closeGap(db: DeskDatabase, serviceLast: number): Promise<boolean> {
  return db.transaction('rw', [db.outbox, db.meta], async () => {
    const waiting = await db.outbox.where('status').equals('pending').sortBy('mutationId');
    const head = waiting[0];
    if (head === undefined || head.mutationId <= serviceLast + 1) return false;
    const later = await db.outbox.where('mutationId').aboveOrEqual(head.mutationId).sortBy('mutationId');
    if (later.some((change) => change.status !== 'pending')) return false;
    const inGap = await db.outbox.where('mutationId').between(serviceLast, head.mutationId, false, false).sortBy('mutationId');
    const gap = head.mutationId - serviceLast - 1;
    const sync = await readSyncRecord(db);
    const heldAt = new Date().toISOString();
    let heldKey = sync.lastHeldKey ?? 0;
    const held = inGap.map((entry) => {
      heldKey -= 1;
      const code: HoldCode = 'changed_outside_app';
      return { ...readable(entry, heldAt), mutationId: heldKey, status: 'rejected' as const, code, message: holdMessages[code], serverErrors: undefined };
    });
    await db.outbox.bulkDelete([...inGap, ...later].map((change) => change.mutationId));
    await db.outbox.bulkAdd([...held, ...later.map((change) => ({ ...change, mutationId: change.mutationId - gap }))]);
    await db.meta.put({ ...sync, lastHeldKey: heldKey, lastMutationId: (sync.lastMutationId ?? sync.ackedMutationId) - gap });
    return true;
  });
}
