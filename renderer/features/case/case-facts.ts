import { dueUrgency } from '../../../shared/domain/due';
import { isFinal } from '../../../shared/domain/lifecycle';
import type { Agreement, Dispute, EvidenceItem, EvidenceRequest, InternalNote, Message, OverturnedRuling, RefundOffer, Role, Ruling } from '../../../shared/domain/model';
import type { Refusal } from '../../../shared/domain/refusals';
import { isItemLate } from '../../../shared/domain/lateness';
import { caseActionAllowed, type CaseActionName } from '../../../shared/domain/case-actions';

// What the case view derives from a dispute. Kept apart from the components so the rules the view
// relies on are computed by the shared code and tested without rendering.

/** The actions the case view offers, in the order it shows them. */
const caseActions = [
  'dispute.claim',
  'dispute.release',
  'ruling.record',
  'evidence.request',
  'evidence.extendDue',
  'case.note',
  'agreement.record',
] as const satisfies readonly CaseActionName[];

/** An action the case view offers. */
export type CaseAction = (typeof caseActions)[number];

/** Whether an action is allowed now; if not, the shared rules' refusal, or `signed_out` when nobody is signed in. */
export type ActionAvailability = { name: CaseAction; allowed: true } | { name: CaseAction; allowed: false; refusal: Refusal | 'signed_out' };

/**
 * Which actions `actor` may take on `dispute` at `now`: caseActionAllowed, the function the case
 * service runs before it applies each of these changes, so a button is enabled exactly when the
 * service would take the change.
 */
export function actionsNow(dispute: Dispute, actor: { id: string; role: Role } | undefined, now: string): ActionAvailability[] {
  return caseActions.map((name) => {
    if (actor === undefined) return { name, allowed: false, refusal: 'signed_out' };
    const result = caseActionAllowed(name, dispute, actor, now);
    return result.ok ? { name, allowed: true } : { name, allowed: false, refusal: result.refusal };
  });
}

/** An action as the case view shows it: enabled, or disabled with the reason on hover. */
export type ShownAction = { name: CaseAction; refusal?: Refusal };

/**
 * Refusals worth a disabled button: they tell the user something they can act on (who holds the
 * case, that it is not escalated yet). Every other refusal hides its action — a role that may not
 * do it, a case that is ruled or ended, a claim you already hold, no request to extend — since a
 * row of disabled buttons repeating one sentence only hides the work that is possible.
 */
function helpsToShow(name: CaseAction, refusal: Refusal): boolean {
  return (name === 'dispute.claim' && refusal.code === 'claimed_by_other') || (name === 'ruling.record' && refusal.code === 'not_escalated');
}

/** The actions to show now, in order: what fits, and the few refused ones whose reason helps. */
export function shownActions(actions: readonly ActionAvailability[]): ShownAction[] {
  return actions.flatMap((action): ShownAction[] => {
    if (action.allowed) return [{ name: action.name }];
    if (action.refusal === 'signed_out' || !helpsToShow(action.name, action.refusal)) return [];
    return [{ name: action.name, refusal: action.refusal }];
  });
}

/** Where an evidence request stands for the case manager reading it at `now`. */
export type RequestStatus = 'answered' | 'overdue' | 'due_soon' | 'open';

/**
 * An answered request is no longer chased, so it says so rather than "overdue"; lateness of the
 * answer itself shows on the evidence item. Otherwise it is overdue once past its due date and due
 * soon within the last 24 hours before it.
 */
export function requestStatus(request: EvidenceRequest, evidence: readonly EvidenceItem[], now: string): RequestStatus {
  if (evidence.some((item) => item.requestId === request.id)) return 'answered';
  const urgency = dueUrgency(request.dueAt, now);
  return urgency === 'overdue' ? 'overdue' : urgency === 'soon' ? 'due_soon' : 'open';
}

/** Whether an evidence item came in after the due date, as it is now, of the request it answers on this dispute. */
export function isLate(item: EvidenceItem, requests: readonly EvidenceRequest[]): boolean {
  return isItemLate(item, requests);
}

/** One entry of the negotiation as the timeline shows it. */
type NegotiationEntry = { kind: 'message'; at: string; message: Message } | { kind: 'offer'; at: string; offer: RefundOffer };

/** Messages and refund offers interleaved by time; at the same moment, messages come first. */
export function negotiationOf(dispute: Pick<Dispute, 'messages' | 'offers'>): NegotiationEntry[] {
  const entries: NegotiationEntry[] = [
    ...dispute.messages.map((message) => ({ kind: 'message' as const, at: message.at, message })),
    ...dispute.offers.map((offer) => ({ kind: 'offer' as const, at: offer.at, offer })),
  ];
  // Parsed, not compared as strings, for the same reason as isEvidenceLate (shared/domain/lateness.ts); sort is stable.
  return entries.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

/** One entry of the case timeline: what happened on the dispute, by whom, at a time. */
export type TimelineEntry =
  | NegotiationEntry
  | { kind: 'request'; at: string; request: EvidenceRequest }
  | { kind: 'evidence'; at: string; item: EvidenceItem }
  | { kind: 'note'; at: string; note: InternalNote & { at: string } }
  | { kind: 'ruling'; at: string; ruling: Ruling }
  | { kind: 'overturn'; at: string; ruling: OverturnedRuling }
  | { kind: 'agreement'; at: string; agreement: Agreement };

/**
 * Everything that happened on a dispute in time order: the negotiation's messages (the
 * marketplace's events among them) and offers, evidence requests, evidence as it arrived, the
 * team's notes, agreed terms, rulings and their overturning. A note not yet sent has no time and
 * is left to the notes list. At the same moment the order above holds (sort is stable).
 */
export function caseTimelineOf(dispute: Dispute): TimelineEntry[] {
  const entries: TimelineEntry[] = [
    ...negotiationOf(dispute),
    ...dispute.evidenceRequests.map((request) => ({ kind: 'request' as const, at: request.requestedAt, request })),
    ...dispute.evidence.map((item) => ({ kind: 'evidence' as const, at: item.receivedAt ?? item.submittedAt, item })),
    ...(dispute.internalNotes ?? []).flatMap((note) => (note.at === undefined ? [] : [{ kind: 'note' as const, at: note.at, note: { ...note, at: note.at } }])),
    ...(dispute.agreement === undefined ? [] : [{ kind: 'agreement' as const, at: dispute.agreement.recordedAt, agreement: dispute.agreement }]),
    ...(dispute.overturnedRulings ?? []).flatMap((ruling) => [
      { kind: 'ruling' as const, at: ruling.ruledAt, ruling },
      { kind: 'overturn' as const, at: ruling.overturnedAt, ruling },
    ]),
    ...(dispute.ruling === undefined ? [] : [{ kind: 'ruling' as const, at: dispute.ruling.ruledAt, ruling: dispute.ruling }]),
  ];
  return entries.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

/**
 * The due date the case is waiting on: the earliest of its unanswered evidence requests, while
 * the dispute can still be worked. None once it is ruled or has ended: nothing is awaited then.
 */
export function nextDueOf(dispute: Pick<Dispute, 'state' | 'evidenceRequests' | 'evidence'>): string | undefined {
  if (dispute.state === 'ruled' || isFinal(dispute.state)) return undefined;
  const answered = new Set(dispute.evidence.map((item) => item.requestId));
  const open = dispute.evidenceRequests.filter((request) => !answered.has(request.id)).map((request) => request.dueAt);
  return open.sort((a, b) => Date.parse(a) - Date.parse(b))[0];
}

