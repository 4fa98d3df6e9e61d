import type { Dispute, Role } from '../domain/model';
import { allow, refuse, type RuleResult } from '../domain/refusals';
import type { AppliedMutation, MutationContext } from './mutation-context';

// What team leads do to decisions: overturn a ruling, and sample rulings for a second review.

/**
 * `ruling.overturn`: a team lead sets a ruling aside with a reason. The ruling is kept in the
 * dispute's history and the dispute goes back to review, to be ruled again. Only a dispute that
 * is ruled and not yet closed can be overturned: a closed one has had its money moved.
 */
export function overturnRuling(dispute: Dispute, reason: string, ctx: MutationContext): RuleResult<AppliedMutation> {
  // caseActionAllowed (shared/domain/case-actions.ts) made sure it is ruled and not closed.
  const ruling = dispute.ruling!;
  const overturned = { ...ruling, overturnedBy: ctx.actor.id, overturnedAt: ctx.now, overturnReason: reason.trim() };
  const reopened: Dispute = { ...dispute, state: 'under_review', overturnedRulings: [...(dispute.overturnedRulings ?? []), overturned] };
  delete reopened.ruling;
  return allow({
    dispute: reopened,
    audit: {
      action: 'ruling.overturn',
      payload: { disputeId: dispute.id, reason: reason.trim(), ruledBy: ruling.ruledBy, ruledAt: ruling.ruledAt, outcome: ruling.outcome, refund: ruling.refund },
    },
  });
}

/**
 * Who may be drawn as a second reviewer: anyone on the team but the ruling's own case manager
 * (the team lead's sampling prefers reviewers, then team leads, then case managers).
 */
export const secondReviewerRoles: readonly Role[] = ['reviewer', 'team_lead', 'case_manager'];

/** `review.assign`: a team lead draws a ruled dispute for a second review by someone other than its case manager. */
export function assignReview(dispute: Dispute, reviewerId: string, ctx: MutationContext): RuleResult<AppliedMutation> {
  const ruling = dispute.ruling!;
  if (reviewerId === ruling.ruledBy) {
    return refuse('not_allowed', `The ruling was made by ${reviewerId}; a second review needs someone else.`, { variant: 'own_ruling', userId: reviewerId });
  }
  return allow({
    dispute: { ...dispute, secondReview: { reviewerId, assignedBy: ctx.actor.id, assignedAt: ctx.now } },
    audit: { action: 'review.assign', payload: { disputeId: dispute.id, reviewerId, ruledBy: ruling.ruledBy } },
  });
}

/** `review.record`: the assigned reviewer (or a team lead) agrees or disagrees with the ruling. */
export function recordReview(dispute: Dispute, verdict: 'agree' | 'disagree', comment: string, ctx: MutationContext): RuleResult<AppliedMutation> {
  // caseActionAllowed (shared/domain/case-actions.ts) made sure it was drawn, for this actor.
  const review = dispute.secondReview!;
  const ruling = dispute.ruling!;
  if (verdict === 'disagree' && comment.trim() === '') {
    return refuse('rationale_missing', 'Say why you disagree with the ruling: the team lead reads it.', { variant: 'disagree' });
  }
  return allow({
    dispute: { ...dispute, secondReview: { ...review, verdict, comment: comment.trim(), reviewedAt: ctx.now } },
    audit: { action: 'review.record', payload: { disputeId: dispute.id, verdict, comment: comment.trim(), ruledBy: ruling.ruledBy } },
  });
}
