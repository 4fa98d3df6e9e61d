import type { AuditEntry, DisputeReason, RulingOutcome, Role } from '../../shared/domain/model';
import type { RefusalParams } from '../../shared/domain/refusals';

// What the team lead's audit views read. The raw, verifiable entries live in `audit`; these are
// derived from them (joined with the synced disputes) when they are stored, so the views never
// parse the whole log again.

/**
 * One decision or case action from the audit log, joined with its dispute's facts. Fields beyond
 * the common ones are set only for the actions that carry them.
 */
export interface DecisionRecord {
  /** The audit entry's seq: the record's key, and its place in the log. */
  seq: number;
  at: string;
  /** `at`'s UTC day, YYYY-MM-DD. */
  day: string;
  /** Who did it (a user id). */
  actor: string;
  /** The audit action: `ruling.record`, `ruling.overturn`, `review.assign`, `review.record`, `mutation.rejected`, case actions… */
  action: string;
  disputeId: string;
  // ruling.record (and ruling.overturn, for the ruling it set aside)
  outcome?: RulingOutcome;
  refundMinor?: number;
  currency?: string;
  citedEvidenceIds?: string[];
  citedNoteIds?: string[];
  rationale?: string;
  policyCodes?: string[];
  rejectionReason?: string;
  /** Why evidence that came after its due date was accepted anyway. */
  lateEvidenceOverride?: string;
  /** The case manager whose ruling an overturn or a review is about. */
  ruledBy?: string;
  ruledAt?: string;
  // ruling.overturn
  overturnReason?: string;
  // review.assign / review.record
  reviewerId?: string;
  verdict?: 'agree' | 'disagree';
  comment?: string;
  // mutation.rejected: the change the service refused and why
  rejectedMutation?: string;
  code?: string;
  message?: string;
  /** The refusal's parameters, for wording it with names (absent on entries older than them). */
  refusalParams?: RefusalParams;
  /** Set when the entry's details could not be read with its action's schema: why, for the log to show. */
  unreadable?: string;
  // Joined from the dispute when it was synced here (absent when it was not).
  reason?: DisputeReason;
  country?: string;
  sellerId?: string;
  sellerName?: string;
  escalatedAt?: string;
}

/**
 * One case manager's day, counted as audit entries are stored, so the dashboards read a few
 * thousand of these rather than every ruling. Key: `${actor}|${day}`. Stored in its month's
 * {@link AuditMonth}.
 */
export interface AuditDay {
  key: string;
  actor: string;
  /** UTC day, YYYY-MM-DD. */
  day: string;
  /** Rulings recorded by `actor` on `day`. */
  rulings: number;
  /** Those rulings by outcome. */
  outcomes: Partial<Record<RulingOutcome, number>>;
  /** For each of those rulings with a known escalation time: ruled at minus escalated at, in ms. */
  latenciesMs: number[];
  /** Those rulings that accepted late evidence with a recorded reason. */
  lateOverrides: number;
  /** Rulings `actor` made on `day` that a team lead has since overturned. */
  overturned: number;
  /** Changes by `actor` the service refused on `day`. */
  rejected: number;
  /** Second reviews of `actor`'s rulings, recorded on `day`. */
  reviewsAgree: number;
  reviewsDisagree: number;
}

/**
 * A calendar month's {@link AuditDay}s, every case manager's, as one record (version 9): the
 * dashboards read a year as a dozen records. One record per day and person made 7,430 records for
 * a team of 20, and Chromium reads records one by one: 167–181 ms of the dashboards' opening went on
 * that read (issue 20).
 */
export interface AuditMonth {
  /** UTC month, YYYY-MM. */
  month: string;
  days: AuditDay[];
}

/** The month (YYYY-MM) of a day record's key, `${actor}|${YYYY-MM-DD}`. */
export function monthOfDayKey(key: string): string {
  const day = key.slice(key.lastIndexOf('|') + 1);
  return day.slice(0, 7);
}

/** Day records gathered into their months, for storing. */
export function auditMonthsOf(days: Iterable<AuditDay>): AuditMonth[] {
  const months = new Map<string, AuditDay[]>();
  for (const day of days) {
    const month = monthOfDayKey(day.key);
    const list = months.get(month);
    if (list) list.push(day);
    else months.set(month, [day]);
  }
  return [...months].map(([month, list]) => ({ month, days: list }));
}

/** A dispute whose evidence request passed its due date unanswered while no ruling was made, by assignee. */
export interface MissedDue {
  disputeId: string;
  /** The assignee ('' when nobody had claimed it). */
  assignee: string;
  /** The missed due date's UTC day, YYYY-MM-DD. */
  day: string;
}

/** A member of the team, as the case service lists them. */
export interface TeamMember {
  id: string;
  name: string;
  role: Role;
}

// The log itself, kept a page of entries to a record (decision 0031; audit-pages.ts reads and
// writes them).

/** Entries in one stored page, the last one excepted. */
export const auditPageEntries = 1_000;

/**
 * An entry as stored: as the service sent it, or, once the dispute it is about has passed the
 * team's retention period (issue 22), reduced to its place in the chain — its seq, time, the hash
 * it names and its own hash — with nothing of the case (no dispute, actor, action or payload).
 */
export type StoredAuditEntry = AuditEntry & { redacted?: true };

/** The action a removed entry is stored with: no action the service writes has this name. */
export const redactedAction = 'retention.removed';

/** `entry` reduced to its place in the chain (see StoredAuditEntry). */
export function redactedEntry(entry: AuditEntry): StoredAuditEntry {
  return { seq: entry.seq, at: entry.at, actor: '', action: redactedAction, payload: {}, prevHash: entry.prevHash, hash: entry.hash, redacted: true };
}

/**
 * The hash verification takes as given: a removed entry's own, since its content is no longer
 * here to hash. Its place still counts: its seq must follow, it must name the hash before it, and
 * the next kept entry's hash (or the head the service reported) binds its hash in turn.
 */
export function hashTakenAsGiven(entry: StoredAuditEntry): string | undefined {
  return entry.redacted === true ? entry.hash : undefined;
}

/** One stored page of the audit log: consecutive entries, as the service sent them. */
export interface StoredAuditPage {
  /** The first entry's seq: the record's key, so pages read back in log order. */
  from: number;
  /** The last entry's seq. */
  to: number;
  entries: StoredAuditEntry[];
  /** The disputes the page's entries are about (a multi-entry index: a case's history). */
  disputeIds: string[];
}

/** The stored page holding `entries`, which are consecutive and in seq order. */
export function auditPageOf(entries: StoredAuditEntry[]): StoredAuditPage {
  return {
    from: entries[0]!.seq,
    to: entries.at(-1)!.seq,
    entries,
    disputeIds: [...new Set(entries.flatMap((entry) => (entry.disputeId === undefined ? [] : [entry.disputeId])))],
  };
}
