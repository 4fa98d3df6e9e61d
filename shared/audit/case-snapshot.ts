import type { Dispute } from '../domain/model';

/**
 * What a dispute looked like around one change, small enough to keep in every audit entry: the
 * fields a team lead reads in a case's history ("under review → ruled, assignee lina"), not the
 * whole document. Lists are counted; the change itself is in the entry's payload.
 */
export interface CaseSnapshot {
  state: string;
  assignee: string | null;
  version: number;
  evidence: number;
  evidenceRequests: number;
  notes: number;
  ruling: { outcome: string; refundMinor: number | null; ruledBy: string } | null;
  overturnedRulings: number;
  agreement: boolean;
  returnStage: string | null;
  secondReview: { reviewerId: string; verdict: string | null } | null;
}

/** A dispute's snapshot for the audit log. */
export function caseSnapshot(dispute: Dispute): CaseSnapshot {
  const { ruling, secondReview } = dispute;
  return {
    state: dispute.state,
    assignee: dispute.assignee ?? null,
    version: dispute.version,
    evidence: dispute.evidence.length,
    evidenceRequests: dispute.evidenceRequests.length,
    notes: (dispute.evidenceNotes?.length ?? 0) + (dispute.internalNotes?.length ?? 0),
    ruling: ruling ? { outcome: ruling.outcome, refundMinor: ruling.refund?.amountMinor ?? null, ruledBy: ruling.ruledBy } : null,
    overturnedRulings: dispute.overturnedRulings?.length ?? 0,
    agreement: dispute.agreement !== undefined,
    returnStage: dispute.return?.stage ?? null,
    secondReview: secondReview ? { reviewerId: secondReview.reviewerId, verdict: secondReview.verdict ?? null } : null,
  };
}

/** The snapshot fields that differ between `before` and `after`, in snapshot order. */
export function snapshotChanges(before: CaseSnapshot, after: CaseSnapshot): { field: keyof CaseSnapshot; before: unknown; after: unknown }[] {
  return (Object.keys(after) as (keyof CaseSnapshot)[])
    .filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]))
    .map((field) => ({ field, before: before[field], after: after[field] }));
}
