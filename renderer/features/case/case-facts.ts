import { missingCaseError } from '../../../shared/contract/errors';
import { dueUrgency } from '../../../shared/domain/due';
import { disputeNumber } from '../../../shared/domain/evidence-label';
import { isFinal } from '../../../shared/domain/lifecycle';
import type { Agreement, Dispute, EvidenceItem, EvidenceRequest, InternalNote, Message, OverturnedRuling, RefundOffer, Role, Ruling } from '../../../shared/domain/model';
import type { Refusal } from '../../../shared/domain/refusals';
import { isItemLate } from '../../../shared/domain/lateness';
import { applyMutation, type ParsedMutation } from '../../../shared/sync/apply';
import type { MutationName } from '../../../shared/sync/protocol';

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
] as const satisfies readonly MutationName[];

/** An action the case view offers. */
export type CaseAction = (typeof caseActions)[number];

/**
 * Whether an action is allowed now; if not, the rules' refusal, `signed_out` when nobody is
 * signed in, or `no_requests` when there is no evidence request whose due date could move.
 */
export type ActionAvailability =
  | { name: CaseAction; allowed: true }
  | { name: CaseAction; allowed: false; refusal: Refusal | 'signed_out' | 'no_requests' };

const dayMs = 24 * 60 * 60 * 1000;

function dayAfter(iso: string): string {
  return new Date(Date.parse(iso) + dayMs).toISOString();
}

/**
 * The mutation the rules are asked about for each action: the smallest valid one (a full refund
 * with a rationale, a request due tomorrow, a note, terms refunding nothing), so only the
 * dispute's state and who holds it decide.
 */
function probe(name: CaseAction, dispute: Dispute, now: string): ParsedMutation {
  const disputeId = dispute.id;
  const id = 'availability-check';
  switch (name) {
    case 'dispute.claim':
      return { name, args: { disputeId } };
    case 'dispute.release':
      return { name, args: { disputeId } };
    case 'ruling.record':
      return {
        name,
        args: { disputeId, draft: { outcome: 'full_refund', rationale: 'Availability check.', citedEvidenceIds: [], policyCodes: [] } },
      };
    case 'evidence.request':
      return { name, args: { disputeId, request: { id, party: 'buyer', kinds: ['photo'], note: '', dueAt: dayAfter(now) } } };
    case 'evidence.extendDue': {
      // With no request at all, the rules answer request_not_found after their state and role checks.
      const [latest] = [...dispute.evidenceRequests].sort((a, b) => Date.parse(b.dueAt) - Date.parse(a.dueAt));
      const from = latest !== undefined && Date.parse(latest.dueAt) > Date.parse(now) ? latest.dueAt : now;
      return { name, args: { disputeId, requestId: latest?.id ?? id, dueAt: dayAfter(from) } };
    }
    case 'case.note':
      return { name, args: { disputeId, note: { id, text: 'Availability check.' } } };
    case 'agreement.record':
      return {
        name,
        args: { disputeId, agreement: { terms: 'Availability check.', refund: { ...dispute.order.paid, amountMinor: 0 }, withReturn: false, submittedBy: 'buyer' } },
      };
    default:
      throw missingCaseError(name);
  }
}

/** Which actions the shared rules allow `actor` on `dispute` at `now`, each with the refusal when not. */
export function actionsNow(
  dispute: Dispute,
  actor: { id: string; role: Role } | undefined,
  now: string,
): ActionAvailability[] {
  return caseActions.map((name) => {
    if (actor === undefined) return { name, allowed: false, refusal: 'signed_out' };
    // applyMutation asks mayRun first, so a reviewer gets the role matrix's own refusal sentence.
    const result = applyMutation(dispute, probe(name, dispute, now), dispute.version, { actor, now });
    if (result.ok) return { name, allowed: true };
    return { name, allowed: false, refusal: result.refusal.code === 'request_not_found' ? 'no_requests' : result.refusal };
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

/** A request as people name it: its id when that is already short (R-100180-2), else its place in the dispute's list. */
export function requestLabel(dispute: Pick<Dispute, 'id' | 'evidenceRequests'>, requestId: string): string {
  if (/^R-[\w-]{1,40}$/.test(requestId)) return requestId;
  const position = dispute.evidenceRequests.findIndex((request) => request.id === requestId);
  const number = disputeNumber(dispute.id);
  return `R-${number}-${position < 0 ? dispute.evidenceRequests.length + 1 : position + 1}`;
}
