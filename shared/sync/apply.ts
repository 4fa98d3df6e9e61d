import { z } from 'zod';
import { missingCaseError } from '../contract/errors';
import { caseActionAllowed, mayDo } from '../domain/case-actions';
import { transition } from '../domain/lifecycle';
import type { Dispute, Role, RulingDraft } from '../domain/model';
import { allow, refuse, type RuleResult } from '../domain/refusals';
import { checkRulingDraft } from '../domain/rules';
import { describeIssues, echo, textRefusalOf, type TextRefusalCode } from '../domain/text';
import { addEvidence, addInternalNote, extendDue, noteEvidence, recordAgreement, requestEvidence } from './case-actions';
import { mutationArgs, type MutationName } from './protocol';
import { assignReview, overturnRuling, recordReview, secondReviewerRoles } from './review-actions';
import type { Actor, AppliedMutation, MutationContext } from './mutation-context';

export type { Actor, AppliedMutation, MutationContext } from './mutation-context';

// What each pushed mutation does. The case service runs it authoritatively; the app runs the same
// function for the optimistic effect, so both sides agree on what a mutation means.

/** A mutation whose name is known and whose arguments passed their schema. */
export type ParsedMutation = { [N in MutationName]: { name: N; args: z.output<(typeof mutationArgs)[N]> } }[MutationName];

function isMutationName(name: string): name is MutationName {
  // Own keys only: "toString" is on every object but is no mutation.
  return Object.hasOwn(mutationArgs, name);
}

/** Checks a pushed mutation's name and arguments before anything runs. */
export function parseMutation(
  name: string,
  args: unknown,
): { ok: true; value: ParsedMutation } | { ok: false; code: 'unknown_mutation' | 'invalid_args' | TextRefusalCode; message: string } {
  if (!isMutationName(name)) {
    return { ok: false, code: 'unknown_mutation', message: `There is no change called "${echo(name)}". Update the app, then try again.` };
  }
  const parsed = mutationArgs[name].safeParse(args);
  if (!parsed.success) {
    const code = textRefusalOf(parsed.error) ?? 'invalid_args';
    return { ok: false, code, message: `The change "${name}" was sent with invalid details: ${describeIssues(parsed.error)}` };
  }
  // TypeScript cannot tie `name` to its schema's output here; safeParse on mutationArgs[name] did.
  return { ok: true, value: { name, args: parsed.data } as ParsedMutation };
}

/** The role matrix, for the service to refuse a push before reading its dispute (shared/domain/case-actions.ts). */
export function mayRun(role: Role, name: MutationName): boolean {
  return mayDo(role, name);
}

// A team lead may take a dispute over, for instance when its case manager is away
// (caseActionAllowed decides who may claim and release; these only say what it does).
function claim(dispute: Dispute, actor: Actor): RuleResult<AppliedMutation> {
  const previous = dispute.assignee;
  return allow({
    dispute: { ...dispute, assignee: actor.id },
    audit: { action: 'dispute.claim', payload: { disputeId: dispute.id, ...(previous === undefined ? {} : { previousAssignee: previous }) } },
  });
}

function release(dispute: Dispute): RuleResult<AppliedMutation> {
  const current = dispute.assignee!;
  const unassigned = { ...dispute };
  delete unassigned.assignee;
  return allow({ dispute: unassigned, audit: { action: 'dispute.release', payload: { disputeId: dispute.id, previousAssignee: current } } });
}

function recordRuling(
  dispute: Dispute,
  draft: RulingDraft,
  baseVersion: number,
  ctx: MutationContext,
): RuleResult<AppliedMutation> {
  const { actor, now } = ctx;
  // An ended or ruled dispute says so first: "new evidence" would send the user to re-read a
  // dispute nobody can rule any more.
  const ruled = transition(dispute.state, 'rule');
  if (!ruled.ok) return ruled;
  if (dispute.evidenceVersion > baseVersion) {
    return refuse(
      'new_evidence',
      `New evidence arrived on dispute ${dispute.id} after you opened it. Review the new evidence, then record your ruling again.`,
      {},
    );
  }
  const decision = checkRulingDraft(dispute, draft, now);
  if (!decision.ok) return decision;
  const ruling = { ...decision.value, ruledBy: actor.id };
  return allow({
    // Ruling "as agreed" is how the team processes agreed terms: the dispute is settled and ends.
    dispute:
      ruling.outcome === 'as_agreed'
        ? { ...dispute, state: 'settled', closedAt: now, ruling, assignee: dispute.assignee ?? actor.id }
        : { ...dispute, state: ruled.value, ruling, assignee: dispute.assignee ?? actor.id },
    audit: {
      action: 'ruling.record',
      payload: {
        disputeId: dispute.id,
        baseVersion,
        outcome: ruling.outcome,
        refund: ruling.refund,
        citedEvidenceIds: ruling.citedEvidenceIds,
        ...(ruling.citedNoteIds === undefined || ruling.citedNoteIds.length === 0 ? {} : { citedNoteIds: ruling.citedNoteIds }),
        rationale: ruling.rationale,
        policyCodes: ruling.policyCodes,
        ...(ruling.rejectionReason === undefined ? {} : { rejectionReason: ruling.rejectionReason }),
        ...(ruling.lateEvidenceOverride === undefined ? {} : { lateEvidenceOverride: ruling.lateEvidenceOverride }),
        ...(dispute.assignee === undefined || dispute.assignee === actor.id ? {} : { overruledAssignee: dispute.assignee }),
      },
    },
  });
}

/**
 * The team members a mutation names, each with the roles they may have. The service checks each
 * exists with one of those roles before the mutation runs: a review assigned to nobody would
 * wait for ever. Exhaustive, so a new mutation must say whom it names.
 */
export function namedUsers(mutation: ParsedMutation): { userId: string; roles: readonly Role[]; as: string }[] {
  switch (mutation.name) {
    case 'review.assign':
      return [{ userId: mutation.args.reviewerId, roles: secondReviewerRoles, as: 'second reviewer' }];
    case 'dispute.claim':
    case 'dispute.release':
    case 'ruling.record':
    case 'evidence.add':
    case 'evidence.note':
    case 'evidence.request':
    case 'evidence.extendDue':
    case 'case.note':
    case 'agreement.record':
    case 'ruling.overturn':
    case 'review.record':
      return [];
    default:
      throw missingCaseError(mutation);
  }
}

/**
 * What a mutation does to its dispute, or why it is refused. `baseVersion` is the dispute version
 * the user saw. `version`, `evidenceVersion` and `updatedAt` are left for the service to set.
 */
export function applyMutation(
  dispute: Dispute | undefined,
  mutation: ParsedMutation,
  baseVersion: number,
  ctx: MutationContext,
): RuleResult<AppliedMutation> {
  if (dispute === undefined || dispute.id !== mutation.args.disputeId) {
    return refuse(
      'dispute_not_found',
      `Dispute ${mutation.args.disputeId} is not on the case service. It may have been removed; reload your queue.`,
      {},
    );
  }
  // Whether the action fits the dispute as it stands, for this actor: the desk asks the same.
  const fits = caseActionAllowed(mutation.name, dispute, ctx.actor, ctx.now);
  if (!fits.ok) return fits;
  switch (mutation.name) {
    case 'dispute.claim':
      return claim(dispute, ctx.actor);
    case 'dispute.release':
      return release(dispute);
    case 'ruling.record':
      return recordRuling(dispute, mutation.args.draft, baseVersion, ctx);
    case 'evidence.add':
      return addEvidence(dispute, mutation.args.item, ctx, mutation.args.fileNotSent);
    case 'evidence.note':
      return noteEvidence(dispute, mutation.args.note, ctx);
    case 'evidence.request':
      return requestEvidence(dispute, mutation.args.request, ctx);
    case 'evidence.extendDue':
      return extendDue(dispute, mutation.args.requestId, mutation.args.dueAt, ctx);
    case 'case.note':
      return addInternalNote(dispute, mutation.args.note, ctx);
    case 'agreement.record':
      return recordAgreement(dispute, mutation.args.agreement, ctx);
    case 'ruling.overturn':
      return overturnRuling(dispute, mutation.args.reason, ctx);
    case 'review.assign':
      return assignReview(dispute, mutation.args.reviewerId, ctx);
    case 'review.record':
      return recordReview(dispute, mutation.args.verdict, mutation.args.comment, ctx);
    default:
      throw missingCaseError(mutation);
  }
}
