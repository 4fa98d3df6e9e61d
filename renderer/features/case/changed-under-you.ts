import type { Dispute, DisputeState, Party } from '../../../shared/domain/model';

/**
 * What changed on a dispute while someone read it (issue 21's "fresh view"), left out what they did
 * themselves: the view says so in place instead of changing silently under them.
 */
export type ChangeUnderYou =
  | { kind: 'evidence'; party: Party; count: number }
  | { kind: 'messages'; count: number }
  | { kind: 'claimed'; by: string }
  | { kind: 'released'; by: string }
  | { kind: 'ruled'; by: string }
  | { kind: 'notes'; count: number }
  | { kind: 'state'; state: 'cancelled' | 'offer_accepted' | 'closed' };

/** The states a buyer or the marketplace moves a dispute to, not a team member. */
const endedByMarketplace: readonly DisputeState[] = ['cancelled', 'offer_accepted', 'closed'];

/** The changes from `before` to `after` that `selfId` did not make, in the order a reader cares about. */
export function changesUnderYou(before: Dispute, after: Dispute, selfId: string | undefined): ChangeUnderYou[] {
  if (after.version === before.version || after.id !== before.id) return [];
  const changes: ChangeUnderYou[] = [];
  // The ends the marketplace brings (a team member's own steps are named by what they did, below).
  if (after.state !== before.state && endedByMarketplace.includes(after.state)) changes.push({ kind: 'state', state: after.state as 'cancelled' | 'offer_accepted' | 'closed' });
  if (after.assignee !== before.assignee) {
    if (after.assignee !== undefined && after.assignee !== selfId) changes.push({ kind: 'claimed', by: after.assignee });
    else if (after.assignee === undefined && before.assignee !== undefined && before.assignee !== selfId) changes.push({ kind: 'released', by: before.assignee });
  }
  if (after.ruling !== undefined && after.ruling.ruledBy !== selfId && after.ruling.ruledAt !== before.ruling?.ruledAt) changes.push({ kind: 'ruled', by: after.ruling.ruledBy });
  const seen = new Set(before.evidence.map((item) => item.id));
  const added = after.evidence.filter((item) => !seen.has(item.id) && (item.addedBy === undefined || item.addedBy !== selfId));
  for (const party of ['buyer', 'seller'] as const) {
    const count = added.filter((item) => item.party === party).length;
    if (count > 0) changes.push({ kind: 'evidence', party, count });
  }
  const newMessages = after.messages.length - before.messages.length;
  if (newMessages > 0) changes.push({ kind: 'messages', count: newMessages });
  const notesBefore = new Set((before.internalNotes ?? []).map((note) => note.id));
  const newNotes = (after.internalNotes ?? []).filter((note) => !notesBefore.has(note.id) && note.by !== undefined && note.by !== selfId).length;
  if (newNotes > 0) changes.push({ kind: 'notes', count: newNotes });
  return changes;
}
