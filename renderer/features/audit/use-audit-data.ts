import { useLiveQuery } from 'dexie-react-hooks';
import type { AuditDay, DecisionRecord, MissedDue } from '../../data/audit-records';
import { storedAuditDays, storedRows, type AuditRecord } from '../../data/db';
import { useDeskData } from '../../data/DeskDataProvider';

// What the audit views read from the local store, live: they re-render when a sync stores more.

/** The audit log's progress and last verification (undefined while reading). */
export function useAuditRecord(): AuditRecord | null | undefined {
  const { db } = useDeskData();
  return useLiveQuery(async () => ((await db.meta.get('audit')) as AuditRecord | undefined) ?? null, [db]);
}

/** Every decision in the log (undefined while reading). */
export function useDecisions(): DecisionRecord[] | undefined {
  const { db } = useDeskData();
  return useLiveQuery(() => db.decisions.toArray(), [db]);
}

/** The per-day counts the dashboards read (undefined while reading). */
export function useAuditDays(): AuditDay[] | undefined {
  const { db } = useDeskData();
  return useLiveQuery(() => storedAuditDays(db), [db]);
}

const unruled = new Set(['escalated', 'awaiting_evidence', 'under_review']);

/** Disputes whose evidence request passed its due date unanswered while nobody ruled. */
export function useMissedDue(now: Date): MissedDue[] | undefined {
  const { db } = useDeskData();
  const before = now.toISOString();
  return useLiveQuery(
    async () =>
      [...(await storedRows(db)).values.values()]
        .filter((row) => row.nextDueAt < before && unruled.has(row.state))
        .map((row) => ({ disputeId: row.id, assignee: row.assignee, day: row.nextDueAt.slice(0, 10) })),
    [db, before],
  );
}

/** A ruled dispute a second review can still be drawn for. */
export interface SampleCandidate {
  disputeId: string;
  ruledBy: string;
  ruledAt: string;
  outcome: string;
}

/** A second review: who was drawn to review whose ruling, and their verdict once recorded. */
export interface ReviewRow {
  disputeId: string;
  ruledBy: string;
  reviewerId: string;
  verdict?: 'agree' | 'disagree';
  comment?: string;
}

/**
 * From the log, in order: each dispute's standing ruling (an overturn sets it aside), whether it
 * was drawn for a second review, and that review's verdict. Rulings not yet drawn are the
 * sampling population.
 */
export function samplingState(decisions: readonly DecisionRecord[]): { candidates: SampleCandidate[]; reviews: ReviewRow[] } {
  const standing = new Map<string, SampleCandidate>();
  const reviews = new Map<string, ReviewRow>();
  for (const decision of [...decisions].sort((a, b) => a.seq - b.seq)) {
    switch (decision.action) {
      case 'ruling.record':
        standing.set(decision.disputeId, { disputeId: decision.disputeId, ruledBy: decision.actor, ruledAt: decision.at, outcome: decision.outcome ?? '' });
        reviews.delete(decision.disputeId);
        break;
      case 'ruling.overturn':
        standing.delete(decision.disputeId);
        break;
      case 'review.assign':
        reviews.set(decision.disputeId, { disputeId: decision.disputeId, ruledBy: decision.ruledBy ?? '', reviewerId: decision.reviewerId ?? '' });
        break;
      case 'review.record': {
        const review = reviews.get(decision.disputeId);
        if (review) reviews.set(decision.disputeId, { ...review, verdict: decision.verdict, comment: decision.comment });
        break;
      }
      default:
    }
  }
  return { candidates: [...standing.values()].filter((candidate) => !reviews.has(candidate.disputeId)), reviews: [...reviews.values()] };
}
