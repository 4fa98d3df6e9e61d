import Dexie, { type Table } from 'dexie';
import type { Dispute, DisputeState } from '../../shared/domain/model';
import type { User } from '../../shared/sync/protocol';

/** Sorts after every real time: what a dispute with no open evidence request is "due" at. */
export const noDueDate = '9999-12-31T23:59:59.999Z';

/**
 * A dispute as the queues store it: the synced document plus the few fields the queues query by,
 * lifted out so IndexedDB can index them (it cannot index inside arrays of objects, nor null).
 */
export interface LocalDispute {
  id: string;
  doc: Dispute;
  state: DisputeState;
  /** The assigned case manager's id, or '' when unassigned. */
  assignee: string;
  /** The earliest due date of an evidence request not yet answered, or `noDueDate`. */
  nextDueAt: string;
  /** The return's stage, or '' when there is no return. */
  returnStage: string;
  /** When it was ruled, or '' when it has not been. */
  ruledAt: string;
  openedAt: string;
}

/** Where this installation syncs from, and how far it has got. */
export interface SyncRecord {
  key: 'sync';
  clientId: string;
  cookie: number | null;
  ackedMutationId: number;
  lastSyncedAt: string | null;
}

/** Who is signed in to which case service; kept so a restart does not sign the user out. */
export interface SessionRecord {
  key: 'session';
  serviceUrl: string;
  token: string;
  user: User;
  expiresAt: string;
}

/** The renderer's IndexedDB: disputes for the queues, sync progress and the session. */
export class DeskDatabase extends Dexie {
  disputes!: Table<LocalDispute, string>;
  meta!: Table<SyncRecord | SessionRecord, string>;

  constructor(name = 'dispute-desk') {
    super(name);
    this.version(1).stores({
      disputes: 'id, state, assignee, nextDueAt, returnStage, ruledAt, openedAt, [assignee+state]',
      meta: 'key',
    });
  }
}

// Index order is string order, so every indexed time is written in one ISO format.
function sortable(iso: string): string {
  return new Date(iso).toISOString();
}

/** Lifts the queue fields out of a synced dispute. */
export function toLocalDispute(dispute: Dispute): LocalDispute {
  const answered = new Set(dispute.evidence.map((item) => item.requestId).filter(Boolean));
  const open = dispute.evidenceRequests.filter((request) => !answered.has(request.id)).map((request) => request.dueAt);
  return {
    id: dispute.id,
    doc: dispute,
    state: dispute.state,
    assignee: dispute.assignee ?? '',
    nextDueAt: open.length > 0 ? open.map(sortable).sort()[0]! : noDueDate,
    returnStage: dispute.return?.stage ?? '',
    ruledAt: dispute.ruling ? sortable(dispute.ruling.ruledAt) : '',
    openedAt: sortable(dispute.openedAt),
  };
}
