import { missingCaseError } from '../contract/errors';
import type { MutationName } from '../sync/protocol';
import { checkNotEnded, rulabilityOf, transition } from './lifecycle';
import type { Dispute, Role } from './model';
import { allow, refuse, type Refusal, type RuleResult } from './refusals';

// Which case actions fit a dispute as it stands, for whom: the one answer the desk shows its
// buttons from and the service checks every pushed mutation against (shared/sync/apply.ts runs
// it before each mutation's own handler). Only the situation decides here — the dispute's state,
// who holds it, the actor's role. What a mutation carries (a due date in the past, a refund over
// the order) is its handler's to check.
//
// Ended and ruled disputes, decided per action:
// - claim, release, request evidence, extend a due date, record agreed terms, add evidence: refused
//   once the dispute is ruled or has ended. A ruled dispute's holder is the record of who ruled;
//   nothing about it is left to chase or move (an overturn puts it back under review first).
// - internal note and evidence note: allowed in every state — the team annotates ruled and closed
//   cases (second reviews, audits), and a note changes no decision.
// - ruling: rulabilityOf, as before. Second review: only a drawn ruling, by its reviewer or a team lead.

/** A case action: one of the mutations a desk pushes, by the same name. */
export type CaseActionName = MutationName;

/** Who wants to act. */
export interface ActingUser {
  id: string;
  role: Role;
}

/**
 * The role matrix. Case managers and team leads work disputes; reviewers note evidence and record
 * the second reviews drawn for them; only team leads overturn rulings and draw reviews.
 */
export function mayDo(role: Role, action: CaseActionName): boolean {
  switch (action) {
    case 'dispute.claim':
    case 'dispute.release':
    case 'ruling.record':
    case 'evidence.add':
    case 'evidence.request':
    case 'evidence.extendDue':
    case 'case.note':
    case 'agreement.record':
      return role === 'case_manager' || role === 'team_lead';
    case 'evidence.note':
    case 'review.record':
      return true;
    case 'ruling.overturn':
    case 'review.assign':
      return role === 'team_lead';
    default:
      throw missingCaseError(action);
  }
}

function roleWords(role: Role): string {
  switch (role) {
    case 'case_manager':
      return 'case managers';
    case 'reviewer':
      return 'reviewers';
    case 'team_lead':
      return 'team leads';
    default:
      throw missingCaseError(role);
  }
}

function actionWords(action: CaseActionName): string {
  switch (action) {
    case 'dispute.claim':
      return 'claim disputes';
    case 'dispute.release':
      return 'release disputes';
    case 'ruling.record':
      return 'record rulings';
    case 'evidence.add':
      return 'add evidence';
    case 'evidence.note':
      return 'note evidence';
    case 'evidence.request':
      return 'request evidence';
    case 'evidence.extendDue':
      return 'extend due dates';
    case 'case.note':
      return 'add internal notes';
    case 'agreement.record':
      return 'record agreed terms';
    case 'ruling.overturn':
      return 'overturn rulings';
    case 'review.assign':
      return 'assign second reviews';
    case 'review.record':
      return 'record second reviews';
    default:
      throw missingCaseError(action);
  }
}

/** The refusal when the actor's role may not do the action at all. */
function roleRefusal(role: Role, action: CaseActionName): { ok: false; refusal: Refusal } {
  return refuse(
    'not_allowed',
    `As one of the ${roleWords(role)}, you cannot ${actionWords(action)}. Ask ${mayDo('case_manager', action) ? 'a case manager or a team lead' : 'a team lead'} to do it.`,
    { variant: mayDo('case_manager', action) ? 'role_manager' : 'role_lead', role, action },
  );
}

/** The refusal when someone else has the dispute. */
export function claimedByOther(dispute: Pick<Dispute, 'id'>, assignee: string): { ok: false; refusal: Refusal } {
  return refuse(
    'claimed_by_other',
    `Dispute ${dispute.id} is being worked by ${assignee}. Pick another dispute, or ask a team lead to reassign this one.`,
    { disputeId: dispute.id, userId: assignee },
  );
}

/** Someone else's claimed dispute is theirs to change, unless a team lead steps in. */
function checkHolder(dispute: Dispute, actor: ActingUser): RuleResult {
  if (dispute.assignee !== undefined && dispute.assignee !== actor.id && actor.role !== 'team_lead') return claimedByOther(dispute, dispute.assignee);
  return allow(undefined);
}

/** Still alive and not ruled: the dispute is still to be worked. */
function checkStillOpen(dispute: Dispute): RuleResult {
  const alive = checkNotEnded(dispute.state);
  if (!alive.ok) return alive;
  if (dispute.state === 'ruled') {
    return refuse('already_ruled', `Dispute ${dispute.id} is already ruled; open the recorded ruling, and ask a team lead if it needs correcting.`, {
      disputeId: dispute.id,
    });
  }
  return allow(undefined);
}

/** The first refusal among the checks, in order, or allowed. */
function firstRefusal(...checks: (() => RuleResult<unknown>)[]): RuleResult {
  for (const check of checks) {
    const result = check();
    if (!result.ok) return result;
  }
  return allow(undefined);
}

function claimable(dispute: Dispute, actor: ActingUser): RuleResult {
  return firstRefusal(
    () => checkStillOpen(dispute),
    () =>
      dispute.assignee === actor.id
        ? refuse('already_claimed', `You already hold dispute ${dispute.id}; there is nothing to claim.`, { disputeId: dispute.id })
        : allow(undefined),
    () => checkHolder(dispute, actor),
  );
}

function releasable(dispute: Dispute, actor: ActingUser): RuleResult {
  const current = dispute.assignee;
  return firstRefusal(
    () => checkStillOpen(dispute),
    () => (current === undefined ? refuse('not_claimed', `Nobody has claimed dispute ${dispute.id}, so there is nothing to release.`, { variant: 'nobody', disputeId: dispute.id }) : allow(undefined)),
    () =>
      current !== undefined && current !== actor.id && actor.role !== 'team_lead'
        ? refuse('not_claimed', `Dispute ${dispute.id} is claimed by ${current}, not by you. Only they or a team lead can release it.`, {
            disputeId: dispute.id,
            userId: current,
          })
        : allow(undefined),
  );
}

function extendable(dispute: Dispute, actor: ActingUser): RuleResult {
  return firstRefusal(
    () => checkStillOpen(dispute),
    () => checkHolder(dispute, actor),
    () =>
      dispute.evidenceRequests.length === 0
        ? refuse('no_requests', `Dispute ${dispute.id} has no evidence request whose due date could move.`, { disputeId: dispute.id })
        : allow(undefined),
  );
}

function agreeable(dispute: Dispute, actor: ActingUser): RuleResult {
  const { agreement } = dispute;
  return firstRefusal(
    () => transition(dispute.state, 'settle'),
    () => checkHolder(dispute, actor),
    () =>
      agreement !== undefined
        ? refuse('agreement_exists', `Dispute ${dispute.id} already has agreed terms, recorded ${agreement.recordedAt}. Rule on them as agreed.`, {
            disputeId: dispute.id,
            recordedAt: agreement.recordedAt,
          })
        : allow(undefined),
  );
}

function reviewable(dispute: Dispute, actor: ActingUser): RuleResult {
  const review = dispute.secondReview;
  if (review === undefined || dispute.ruling === undefined) {
    return refuse('invalid_transition', `Dispute ${dispute.id} was not drawn for a second review.`, { variant: 'not_drawn', disputeId: dispute.id });
  }
  if (review.reviewerId !== actor.id && actor.role !== 'team_lead') {
    return refuse('not_allowed', `The second review of dispute ${dispute.id} is assigned to ${review.reviewerId}.`, {
      variant: 'review_assigned',
      disputeId: dispute.id,
      userId: review.reviewerId,
    });
  }
  return allow(undefined);
}

function overturnable(dispute: Dispute): RuleResult {
  return firstRefusal(
    () => checkNotEnded(dispute.state),
    () =>
      dispute.state !== 'ruled' || dispute.ruling === undefined
        ? refuse('invalid_transition', `Dispute ${dispute.id} is ${dispute.state.replace('_', ' ')}, not ruled: there is no ruling to overturn.`, {
            variant: 'not_ruled',
            disputeId: dispute.id,
            state: dispute.state,
          })
        : allow(undefined),
  );
}

/**
 * Whether `actor` may do `action` on `dispute` at `now`, or the refusal (code, params and an
 * English sentence) saying why not. `now` is part of the question (the service's clock) though no
 * situational check reads it yet; a due date's own check is its handler's. The desk enables its actions from this; the service runs it
 * before every pushed mutation, so both refuse the same ones with the same code.
 */
export function caseActionAllowed(action: CaseActionName, dispute: Dispute, actor: ActingUser, _now: string): RuleResult {
  if (!mayDo(actor.role, action)) return roleRefusal(actor.role, action);
  switch (action) {
    case 'dispute.claim':
      return claimable(dispute, actor);
    case 'dispute.release':
      return releasable(dispute, actor);
    case 'ruling.record':
      return firstRefusal(
        () => rulabilityOf(dispute),
        () => checkHolder(dispute, actor),
      );
    case 'evidence.request':
      return firstRefusal(
        () => checkStillOpen(dispute),
        () => transition(dispute.state, 'request_evidence'),
        () => checkHolder(dispute, actor),
      );
    case 'evidence.extendDue':
      return extendable(dispute, actor);
    case 'agreement.record':
      return agreeable(dispute, actor);
    case 'evidence.add':
      return checkStillOpen(dispute);
    case 'case.note':
    case 'evidence.note':
      return allow(undefined);
    case 'review.record':
      return reviewable(dispute, actor);
    case 'ruling.overturn':
      return overturnable(dispute);
    case 'review.assign':
      return dispute.ruling === undefined
        ? refuse('invalid_transition', `Dispute ${dispute.id} has no ruling to review.`, { variant: 'no_ruling', disputeId: dispute.id })
        : allow(undefined);
    default:
      throw missingCaseError(action);
  }
}
