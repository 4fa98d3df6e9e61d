import Dexie, { type Table, type Transaction } from 'dexie';
import type { AuditEntry, Dispute, DisputeReason, DisputeState } from '../../shared/domain/model';
import { isItemLate } from '../../shared/domain/lateness';
import { closedSince } from '../../shared/domain/retention';
import { auditMonthsOf, auditPageEntries, auditPageOf, type AuditDay, type AuditMonth, type DecisionRecord, type StoredAuditPage, type TeamMember } from './audit-records';
import type { RefusalParams } from '../../shared/domain/refusals';
import type { TeamSettings, User } from '../../shared/sync/protocol';
import { appendEntries, pagedSnapshot, pageEntries, pageOf, type Gone, type PagedSnapshot, type PageTable, type StoredPage } from './paged-store';
import { RecordsSeal, sealingMiddleware, type RecordsKey } from './sealed-records';
import { foldForSearch } from './search-words';

/** Sorts after every real time: what a dispute with no open evidence request is "due" at. */
export const noDueDate = '9999-12-31T23:59:59.999Z';

/**
 * What a queue shows and filters by: small, so a whole queue of them fits in memory and a filter
 * change is a pass over an array, not a trip to IndexedDB. The full dispute lives in `disputes`.
 */
export interface QueueRow {
  id: string;
  state: DisputeState;
  /** The assigned case manager's id, or '' when unassigned (IndexedDB cannot index null). */
  assignee: string;
  /** The earliest due date of an evidence request not yet answered, or `noDueDate`. */
  nextDueAt: string;
  /** The return's stage, or '' when there is no return. */
  returnStage: string;
  /** When it was ruled, or '' when it has not been. */
  ruledAt: string;
  /** The ruling's outcome, or '' when it has not been ruled (absent on rows written before version 5). */
  outcome?: string;
  /** Who gave the ruling, or '' when it has not been ruled (absent on rows written before version 5). */
  ruledBy?: string;
  /** Who is to give the ruling its second review, or '' when none is waiting. */
  pendingReviewer: string;
  openedAt: string;
  /** When it reached the team, or '' when it has not been escalated. */
  escalatedAt: string;
  reason: DisputeReason;
  buyerName: string;
  country: string;
  sellerId: string;
  sellerName: string;
  amountMinor: number;
  currency: string;
  /** Every evidence flag code found on the dispute's evidence, `late` included for late items. */
  evidenceFlags: string[];
}

/** A synced dispute, whole, for the case view. */
export interface StoredDispute {
  id: string;
  doc: Dispute;
  /** When it ended, for retention (shared/domain/retention.ts): indexed, absent while it is alive. */
  closedAt?: string;
}

/** What a dispute can be found by (ids, party names, negotiation text), folded for matching. */
export interface SearchEntry {
  id: string;
  text: string;
}

/** Where this installation syncs from, and how far it has got. */
export interface SyncRecord {
  key: 'sync';
  clientId: string;
  cookie: number | null;
  ackedMutationId: number;
  /** The last mutation id handed out on this client; the next change takes the one after. */
  lastMutationId?: number;
  lastSyncedAt: string | null;
  /** Who this client id belongs to: the service refuses it to anyone else (decision 0011). */
  owner?: User;
  /** The last key given to a held change (negative, outside the service's numbering; decision 0019). */
  lastHeldKey?: number;
}

/**
 * A change made here, in order: pending until the service answers, then applied or rejected. A
 * rejected change stays (it fills "Needs attention"); nothing is dropped silently.
 */
export interface OutboxEntry {
  mutationId: number;
  name: string;
  args: { disputeId: string } & Record<string, unknown>;
  baseVersion: number;
  status: 'pending' | 'applied' | 'rejected';
  code?: string;
  message?: string;
  /** The refusal's parameters, for wording it in the user's language; absent on older entries (the message is shown). */
  params?: RefusalParams;
  createdAt: string;
  /**
   * SHA-256 of the change's canonical JSON (name, args, baseVersion, createdAt), written when it
   * was queued and checked before it is sent: a change altered on disk is held, never sent.
   */
  digest?: string;
  /** Set by the version 4 upgrade on changes queued before digests: the first push seals them as they are. */
  unsealed?: true;
  /** How many times the case service failed with a server error on this change (decision 0019). */
  serverErrors?: number;
}

/** A ruling half-written, kept per user and dispute until it is queued or discarded. */
export interface RulingDraftRecord {
  userId: string;
  disputeId: string;
  savedAt: string;
  /** The form's values; checked when read back, since storage is outside the app's control. */
  values: unknown;
}

/** A refused change one user discarded from "Needs attention" (the outbox keeps the change). */
export interface DismissalRecord {
  userId: string;
  /** `changeKey` of the outbox entry. */
  change: string;
}

/**
 * A queue view one user saved under a name (queue, filter, sort, search). Kept per user: one
 * person's views are never offered to another who signs in on the same computer.
 */
export interface SavedViewRecord {
  userId: string;
  name: string;
  savedAt: string;
  /** The view itself; checked when read back, since storage is outside the app's control. */
  view: unknown;
}

/**
 * A quality sample one team lead drew and has not yet assigned or discarded, kept so that leaving
 * the tab, or the app, loses nothing. One per user.
 */
export interface DrawnSampleRecord {
  userId: string;
  drawnAt: string;
  /** The reviewer the team lead chose. */
  chosenId: string;
  /** Each drawn ruling and who reviews it: undefined when nobody on the team can. */
  rows: { disputeId: string; ruledBy: string; ruledAt: string; outcome: string; reviewerId?: string }[];
}

/** Who is signed in to which case service; kept so a restart does not sign the user out. */
export interface SessionRecord {
  key: 'session';
  serviceUrl: string;
  token: string;
  user: User;
  expiresAt: string;
}

/**
 * The team lead's copy of the audit log: how far it has been pulled, the head the service last
 * reported, and what the last verification found.
 */
export interface AuditRecord {
  key: 'audit';
  /** The seq of the last entry stored here (0 before the first pull). */
  lastSeq: number;
  head: { seq: number; hash: string } | null;
  pulledAt: string | null;
  /** Why the last pull of the log failed, cleared by the next one that succeeds. */
  failure?: { kind: string; message: string; at: string };
  verification?: AuditVerification;
  /** Entries reduced to their place in the chain when their dispute passed the retention period (issue 22). */
  redacted?: number;
}

/** The outcome of verifying the stored log, kept so the screen shows it after a restart. */
export interface AuditVerification {
  at: string;
  ok: boolean;
  count: number;
  /** Entries per second, as measured. */
  rate: number;
  problem?: { kind: string; position: number; seq: number | null; message: string };
}

/**
 * What the queue screen showed first when it last had every row, for the user it showed it to:
 * its landing queue's first rows in their default order, that queue's length and every queue's
 * count. Painted at start while the rows are read and folded (decision 0033); a copy of rows this
 * desk already holds, replaced whenever they change.
 */
export interface FirstScreenRecord {
  key: 'firstScreen';
  userId: string;
  queue: string;
  rows: QueueRow[];
  total: number;
  counts: number[];
}

/**
 * Retention's unfinished business (retention.ts): evidence of disputes already removed here that
 * the host has not yet confirmed removing, a batch of at most `maxForgetCases` cases each.
 */
export interface RetentionRecord {
  key: 'retention';
  unforgotten: { disputeIds: string[]; digests: string[] }[];
}

/**
 * Which desk key sealed this database's records, sealed itself: opening it proves the key (records-at-rest.ts).
 * Written once every record older than sealing has been sealed.
 */
export interface SealCheckRecord {
  key: 'sealCheck';
  keyId: string;
  sealedAt: string;
}

/** The team as the service last listed it. */
export interface TeamRecord {
  key: 'team';
  members: TeamMember[];
  /** The team's settings, from services that send them. */
  settings?: TeamSettings;
}

/** The renderer's IndexedDB: queue rows, whole disputes, search texts, sync progress, the session, the outbox, the audit log, per-user drafts and dismissals. */
export class DeskDatabase extends Dexie {
  /** Queue rows, a page of changes to a record, folded in memory (paged-store.ts, decision 0032): read with `storedRows`. */
  rowPages!: PageTable<QueueRow>;
  disputes!: Table<StoredDispute, string>;
  /** Search texts, paged as the rows are: read with `storedSearchTexts`. */
  searchPages!: PageTable<SearchEntry>;
  meta!: Table<SyncRecord | SessionRecord | AuditRecord | TeamRecord | FirstScreenRecord | RetentionRecord | SealCheckRecord, string>;
  outbox!: Table<OutboxEntry, number>;
  /** The audit log exactly as the service sent it, a page of entries to a record (audit-pages.ts): what verification reads. */
  auditPages!: Table<StoredAuditPage, number>;
  /** Decisions derived from the log, joined with their disputes. */
  decisions!: Table<DecisionRecord, number>;
  /** Per case manager per day counts, for the dashboards, a month to a record: read with `storedAuditDays`. */
  auditMonths!: Table<AuditMonth, string>;
  /** Ruling drafts, by user and dispute: one user's half-written rationale is never another's. */
  drafts!: Table<RulingDraftRecord, [string, string]>;
  /** Refused changes each user discarded from "Needs attention". */
  dismissals!: Table<DismissalRecord, [string, string]>;
  /** Saved queue views, by user and name. */
  savedViews!: Table<SavedViewRecord, [string, string]>;
  /** Each team lead's drawn quality sample, until assigned or discarded. */
  samples!: Table<DrawnSampleRecord, string>;

  /** How this database's records are sealed, or undefined when they are kept plain. */
  readonly seal: RecordsSeal | undefined;

  /**
   * `sealing`: the key that seals every record's fields but its keys and indexed ones (decision
   * 0038). The app always passes it (records-at-rest.ts); tests of other things may leave it out.
   */
  constructor(name = 'dispute-desk', options: { sealing?: RecordsKey } = {}) {
    super(name);
    // A change that cannot be opened reads as its number and status alone: the outbox guard holds it unsent.
    this.seal = options.sealing ? new RecordsSeal(options.sealing.key, new Set(['outbox'])) : undefined;
    if (this.seal) this.use(sealingMiddleware(this.seal));
    const stores = {
      rows: 'id, state, nextDueAt, returnStage, ruledAt, [assignee+state]',
      disputes: 'id',
      search: 'id',
      meta: 'key',
      outbox: 'mutationId, status',
    };
    this.version(1).stores(stores);
    // Version 2 adds the evidence flags to each queue row, recomputed from the stored disputes.
    // Upgrades rebuild derived tables only: the outbox and the session are never read or written.
    const rebuildRows = async (tx: Transaction) => {
      const rows = tx.table<QueueRow, string>('rows');
      await tx
        .table<StoredDispute, string>('disputes')
        .toCollection()
        .each((stored) => void rows.put(toLocal(stored.doc).row));
    };
    this.version(2).stores(stores).upgrade(rebuildRows);
    // Version 3 adds the audit log and what is derived from it, and to each row its escalation
    // time and the second reviewer it waits for (indexed: the reviewer's queue).
    const versionThree = {
      ...stores,
      rows: 'id, state, nextDueAt, returnStage, ruledAt, pendingReviewer, [assignee+state]',
      audit: 'seq, disputeId',
      decisions: 'seq, disputeId, action',
      auditDays: 'key',
    };
    this.version(3).stores(versionThree).upgrade(rebuildRows);
    // Version 4 keeps per-user state here rather than in local storage (decision 0019): ruling
    // drafts and discarded refusals, keyed by user. Changes waiting from before digests existed
    // are marked for sealing as they are (a digest needs WebCrypto, which an upgrade cannot await).
    this.version(4)
      .stores({ ...versionThree, drafts: '[userId+disputeId]', dismissals: '[userId+change]' })
      .upgrade((tx) =>
        tx
          .table<OutboxEntry, number>('outbox')
          .where('status')
          .equals('pending')
          .modify((entry) => {
            if (entry.digest === undefined) entry.unsealed = true;
          }),
      );
    // Version 5 keeps saved queue views per user (they were one list in local storage, shown to
    // whoever signed in), and adds each row's ruling outcome and who ruled, for Recently ruled.
    this.version(5).stores({ savedViews: '[userId+name], userId' }).upgrade(rebuildRows);
    // Version 6 keeps each team lead's drawn quality sample until it is assigned or discarded
    // (issue 18). Dexie keeps the tables this call does not list.
    this.version(6).stores({ samples: 'userId' });
    // Version 7 keeps the audit log a page of entries to a record (decision 0031), moved over a
    // page at a time; the per-entry table goes once the upgrade has read it.
    this.version(7)
      .stores({ audit: null, auditPages: 'from, *disputeIds' })
      .upgrade(async (tx) => {
        const entries = tx.table<AuditEntry, number>('audit');
        const pages = tx.table<StoredAuditPage, number>('auditPages');
        for (let after = 0; ; ) {
          const page = await entries.where('seq').above(after).limit(auditPageEntries).toArray();
          if (page.length === 0) return;
          await pages.put(auditPageOf(page));
          after = page.at(-1)!.seq;
        }
      });
    // Version 8 keeps queue rows and search texts a page to a record, folded in memory (decision
    // 0032): the first sync then writes one record per dispute, its document, and two per page.
    this.version(8)
      .stores({ rows: null, search: null, rowPages: '++key', searchPages: '++key' })
      .upgrade(async (tx) => {
        await moveToPages(tx.table<QueueRow, string>('rows'), tx.table<StoredPage, number>('rowPages') as PageTable<QueueRow>);
        await moveToPages(tx.table<SearchEntry, string>('search'), tx.table<StoredPage, number>('searchPages') as PageTable<SearchEntry>);
      });
    // Version 9 keeps the dashboards' day counts a month to a record (AuditMonth): a year is a
    // dozen records to read rather than thousands.
    this.version(9)
      .stores({ auditDays: null, auditMonths: 'month' })
      .upgrade(async (tx) => {
        const days = await tx.table<AuditDay, string>('auditDays').toArray();
        await tx.table<AuditMonth, string>('auditMonths').bulkPut(auditMonthsOf(days));
      });
    // Version 10 indexes when each ended dispute closed, so retention (issue 22) finds those past
    // the team's period without reading every document.
    this.version(10)
      .stores({ disputes: 'id, closedAt' })
      .upgrade((tx) =>
        tx
          .table<StoredDispute, string>('disputes')
          .toCollection()
          .modify((stored) => {
            const closedAt = closedSince(stored.doc);
            if (closedAt !== undefined) stored.closedAt = closedAt;
          }),
      );
  }
}

/** Copies a table of one record per dispute into pages, a page at a time, in id order. */
async function moveToPages<T extends { id: string }>(from: Table<T, string>, to: PageTable<T>): Promise<void> {
  for (let after = ''; ; ) {
    const entries = await from.where(':id').above(after).limit(pageEntries).toArray();
    if (entries.length === 0) return;
    await to.add(pageOf(entries));
    after = entries.at(-1)!.id;
  }
}

/** Every stored per-day count of the dashboards, in no particular order. */
export async function storedAuditDays(db: DeskDatabase): Promise<AuditDay[]> {
  return (await db.auditMonths.toArray()).flatMap((month) => month.days);
}

/** The queue rows this computer holds now, by dispute id. */
export function storedRows(db: DeskDatabase): Promise<PagedSnapshot<QueueRow>> {
  return pagedSnapshot(db.rowPages);
}

/** The search texts this computer holds now, by dispute id. */
export function storedSearchTexts(db: DeskDatabase): Promise<PagedSnapshot<SearchEntry>> {
  return pagedSnapshot(db.searchPages);
}

/**
 * Writes the rows of changed disputes (and their search texts, when given) and removes those of
 * deleted ones, inside the caller's transaction, which must include `rowPages` and `searchPages`.
 */
export async function writeRows(db: DeskDatabase, changed: { row: QueueRow; search?: SearchEntry }[], deletedIds: readonly string[] = []): Promise<void> {
  const gone = deletedIds.map((id): Gone => ({ id, gone: true }));
  await appendEntries(db.rowPages, [...changed.map((entry) => entry.row), ...gone]);
  const texts = changed.flatMap((entry) => (entry.search === undefined ? [] : [entry.search]));
  await appendEntries(db.searchPages, [...texts, ...gone]);
}

// Queues, filters and sorting compare times as strings, so every stored time is written in one ISO format.
function sortable(iso: string): string {
  return new Date(iso).toISOString();
}

/**
 * The flag codes on a dispute's evidence, for the queue filter's index. `late` comes from the one
 * lateness rule against the requests' due dates as they are now, never from a stored `late`
 * flag: after `evidence.extendDue` an item that is no longer late leaves the filter.
 */
function evidenceFlagsOf(dispute: Dispute): string[] {
  const codes = new Set<string>();
  for (const item of dispute.evidence) {
    for (const flag of item.flags ?? []) if (flag.code !== 'late') codes.add(flag.code);
    for (const flag of item.serviceFindings?.flags ?? []) if (flag.code !== 'late') codes.add(flag.code);
    if (isItemLate(item, dispute.evidenceRequests)) codes.add('late');
  }
  return [...codes].sort();
}

/** Splits a synced dispute into its queue row, its stored document and its search words. */
export function toLocal(dispute: Dispute): { row: QueueRow; stored: StoredDispute; search: SearchEntry } {
  const answered = new Set(dispute.evidence.map((item) => item.requestId).filter(Boolean));
  const open = dispute.evidenceRequests.filter((request) => !answered.has(request.id)).map((request) => sortable(request.dueAt));
  return {
    row: {
      id: dispute.id,
      state: dispute.state,
      assignee: dispute.assignee ?? '',
      nextDueAt: open.length > 0 ? open.sort()[0]! : noDueDate,
      returnStage: dispute.return?.stage ?? '',
      ruledAt: dispute.ruling ? sortable(dispute.ruling.ruledAt) : '',
      outcome: dispute.ruling?.outcome ?? '',
      ruledBy: dispute.ruling?.ruledBy ?? '',
      pendingReviewer: dispute.secondReview !== undefined && dispute.secondReview.verdict === undefined ? dispute.secondReview.reviewerId : '',
      openedAt: sortable(dispute.openedAt),
      escalatedAt: dispute.escalatedAt === undefined ? '' : sortable(dispute.escalatedAt),
      reason: dispute.reason,
      buyerName: dispute.buyer.name,
      country: dispute.buyer.country,
      sellerId: dispute.seller.id,
      sellerName: dispute.seller.name,
      amountMinor: dispute.order.paid.amountMinor,
      currency: dispute.order.paid.currency,
      evidenceFlags: evidenceFlagsOf(dispute),
    },
    stored: storedDispute(dispute),
    search: {
      id: dispute.id,
      text: foldForSearch([dispute.id, dispute.order.id, dispute.buyer.name, dispute.seller.name, ...dispute.messages.map((message) => message.body)].join('\n')),
    },
  };
}

/** A dispute as the `disputes` table keeps it: with its closing time beside it, indexed for retention. */
function storedDispute(dispute: Dispute): StoredDispute {
  const closedAt = closedSince(dispute);
  return closedAt === undefined ? { id: dispute.id, doc: dispute } : { id: dispute.id, doc: dispute, closedAt };
}

/** This installation's sync progress, created with a fresh client id on first use. */
export async function readSyncRecord(db: DeskDatabase): Promise<SyncRecord> {
  const existing = (await db.meta.get('sync')) as SyncRecord | undefined;
  if (existing) return existing;
  const fresh: SyncRecord = { key: 'sync', clientId: `desk-${crypto.randomUUID()}`, cookie: null, ackedMutationId: 0, lastSyncedAt: null };
  await db.meta.put(fresh);
  return fresh;
}
