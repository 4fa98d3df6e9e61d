import { transition } from '../domain/lifecycle';
import type { Agreement, Dispute, EvidenceItem, EvidenceNote, EvidenceRequest, InternalNote } from '../domain/model';
import { allow, refuse, type RuleResult } from '../domain/refusals';
import { checkRefundWithinOrder } from '../domain/rules';
import type { AppliedMutation, MutationContext } from './mutation-context';

// The case actions besides claiming, releasing and ruling: what each does to its dispute, or why
// the rules refuse what it carries. Whether the action fits the dispute at all (its state, who
// holds it, the actor's role) is shared/domain/case-actions.ts's, checked before these run. The
// service runs them authoritatively; the app runs them for the optimistic effect.

/**
 * `evidence.add`: a file a team member brought into the case. The service stamps when it received
 * it (lateness is judged at that moment) and, through `ctx.evidenceFindings`, what its own checks
 * found; on a desk's optimistic copy both are the desk's guess until the next pull.
 */
export function addEvidence(dispute: Dispute, item: Omit<EvidenceItem, 'addedBy' | 'receivedAt' | 'serviceFindings'>, ctx: MutationContext, fileNotSent?: 'too_large' | 'missing'): RuleResult<AppliedMutation> {
  if (dispute.evidence.some((existing) => existing.id === item.id)) {
    return refuse('evidence_exists', `Dispute ${dispute.id} already has an evidence item ${item.id}.`, { evidenceId: item.id });
  }
  const findings = ctx.evidenceFindings;
  const added: EvidenceItem = { ...item, addedBy: ctx.actor.id, receivedAt: ctx.now, ...(findings === undefined ? {} : { serviceFindings: findings }) };
  return allow({
    dispute: { ...dispute, evidence: [...dispute.evidence, added] },
    audit: {
      action: 'evidence.add',
      payload: {
        disputeId: dispute.id,
        evidenceId: item.id,
        party: item.party,
        ...(item.sha256 === undefined ? {} : { sha256: item.sha256 }),
        ...(item.url === undefined ? {} : { url: item.url }),
        flags: (item.flags ?? []).map((flag) => flag.code),
        submittedAt: item.submittedAt,
        receivedAt: ctx.now,
        ...(fileNotSent === undefined ? {} : { fileNotSent }),
        ...(findings === undefined
          ? {}
          : {
              serviceFindings: {
                file: findings.file,
                flags: findings.flags.map((flag) => flag.code),
                ...(findings.sniffedType === undefined ? {} : { sniffedType: findings.sniffedType }),
                ...(findings.sizeBytes === undefined ? {} : { sizeBytes: findings.sizeBytes }),
              },
            }),
      },
    },
  });
}

/** `evidence.note`: a note at a time or spot of one item. */
export function noteEvidence(dispute: Dispute, note: Omit<EvidenceNote, 'by' | 'at'>, ctx: MutationContext): RuleResult<AppliedMutation> {
  if (!dispute.evidence.some((item) => item.id === note.evidenceId)) {
    return refuse('evidence_not_found', `Dispute ${dispute.id} has no evidence item ${note.evidenceId} to note.`, { evidenceId: note.evidenceId });
  }
  const notes = dispute.evidenceNotes ?? [];
  if (notes.some((existing) => existing.id === note.id)) {
    return refuse('evidence_exists', `Dispute ${dispute.id} already has a note ${note.id}.`, { variant: 'note' });
  }
  return allow({
    dispute: { ...dispute, evidenceNotes: [...notes, { ...note, by: ctx.actor.id, at: ctx.now }] },
    audit: {
      action: 'evidence.note',
      payload: {
        disputeId: dispute.id,
        noteId: note.id,
        evidenceId: note.evidenceId,
        ...(note.atSeconds === undefined ? {} : { atSeconds: note.atSeconds }),
        ...(note.frame === undefined ? {} : { frame: note.frame }),
        text: note.text,
      },
    },
  });
}

/**
 * `evidence.request`: asks a party for evidence by a due date, which must be in the future. The
 * dispute then waits on evidence.
 */
export function requestEvidence(dispute: Dispute, request: Omit<EvidenceRequest, 'requestedAt'>, ctx: MutationContext): RuleResult<AppliedMutation> {
  const next = transition(dispute.state, 'request_evidence');
  if (!next.ok) return next;
  if (Date.parse(request.dueAt) <= Date.parse(ctx.now)) {
    return refuse('due_in_past', `The due date ${request.dueAt} has already passed. Choose a date after now.`, { dueAt: request.dueAt });
  }
  if (dispute.evidenceRequests.some((existing) => existing.id === request.id)) {
    return refuse('evidence_exists', `Dispute ${dispute.id} already has a request ${request.id}.`, { variant: 'request' });
  }
  return allow({
    dispute: { ...dispute, state: next.value, evidenceRequests: [...dispute.evidenceRequests, { ...request, requestedAt: ctx.now }] },
    audit: { action: 'evidence.request', payload: { disputeId: dispute.id, requestId: request.id, party: request.party, kinds: request.kinds, dueAt: request.dueAt } },
  });
}

/** `evidence.extendDue`: gives a party more time; a due date only moves later. */
export function extendDue(dispute: Dispute, requestId: string, dueAt: string, ctx: MutationContext): RuleResult<AppliedMutation> {
  const request = dispute.evidenceRequests.find((candidate) => candidate.id === requestId);
  if (request === undefined) return refuse('request_not_found', `Dispute ${dispute.id} has no evidence request ${requestId}.`, {});
  if (Date.parse(dueAt) <= Date.parse(request.dueAt) || Date.parse(dueAt) <= Date.parse(ctx.now)) {
    return refuse('due_not_later', `The new due date must be later than both now and the current one (${request.dueAt}).`, { dueAt: request.dueAt });
  }
  return allow({
    dispute: { ...dispute, evidenceRequests: dispute.evidenceRequests.map((candidate) => (candidate.id === requestId ? { ...candidate, dueAt } : candidate)) },
    audit: { action: 'evidence.extendDue', payload: { disputeId: dispute.id, requestId, previousDueAt: request.dueAt, dueAt } },
  });
}

/** `case.note`: a note for the team, on a case in any state (team leads annotate ended ones too). */
export function addInternalNote(dispute: Dispute, note: Omit<InternalNote, 'by' | 'at'>, ctx: MutationContext): RuleResult<AppliedMutation> {
  const notes = dispute.internalNotes ?? [];
  if (notes.some((existing) => existing.id === note.id)) return refuse('evidence_exists', `Dispute ${dispute.id} already has a note ${note.id}.`, { variant: 'note' });
  return allow({
    dispute: { ...dispute, internalNotes: [...notes, { ...note, by: ctx.actor.id, at: ctx.now }] },
    audit: { action: 'case.note', payload: { disputeId: dispute.id, noteId: note.id, text: note.text } },
  });
}

/**
 * `agreement.record`: terms both parties agreed, which the seed says are processed as agreed (by
 * an `as_agreed` ruling, decision 0005). The refund may not exceed what was paid.
 */
export function recordAgreement(dispute: Dispute, agreement: Omit<Agreement, 'recordedAt'>, ctx: MutationContext): RuleResult<AppliedMutation> {
  const within = checkRefundWithinOrder(dispute.order, agreement.refund, 'agreed_refund');
  if (!within.ok) return within;
  return allow({
    dispute: { ...dispute, agreement: { ...agreement, recordedAt: ctx.now } },
    audit: { action: 'agreement.record', payload: { disputeId: dispute.id, refund: agreement.refund, withReturn: agreement.withReturn, submittedBy: agreement.submittedBy } },
  });
}
