import { missingCaseError } from '../contract/errors';
import { isEvidenceLate, lateAsOf, requestAnsweredBy } from './lateness';
import { rulabilityOf } from './lifecycle';
import type { Dispute, EvidenceItem, EvidenceRequest, Order, RefundOffer, Ruling, RulingDraft } from './model';
import { toMajorAmount, type Money } from './money';
import { allow, refuse, type RuleResult } from './refusals';
import { checkReturnRefundable, hasConfirmedReturnAddress } from './returns';

// The seed's rules for evidence and rulings. Every refusal message is meant to be read by the case
// manager who hit it, so it says what is wrong and what they can do about it.

/** Refuses evidence submitted after its request's due date with `evidence_late`. */
export function checkEvidenceOnTime(item: EvidenceItem, request: EvidenceRequest): RuleResult {
  if (!isEvidenceLate(item, request)) return allow(undefined);
  return refuse(
    'evidence_late',
    `Evidence ${item.id} arrived at ${lateAsOf(item)}, after its due date of ${request.dueAt}. Rely on it only with a good reason, and write that reason down when you cite it.`,
    { evidenceId: item.id, receivedAt: lateAsOf(item), dueAt: request.dueAt },
  );
}

/** The seller's most recent refund offer: the one the seed lets the buyer accept. */
export function latestSellerOffer(dispute: Pick<Dispute, 'offers'>): RefundOffer | undefined {
  let latest: RefundOffer | undefined;
  for (const offer of dispute.offers) {
    // Ties go to the later entry: offers are appended in the order the marketplace reports them.
    if (offer.by === 'seller' && (latest === undefined || Date.parse(offer.at) >= Date.parse(latest.at))) latest = offer;
  }
  return latest;
}

/** Money as a person reads it, exactly: "USD 12.50" from 1250 minor units. */
function formatMoney(money: Money): string {
  return `${money.currency} ${toMajorAmount(money)}`;
}

/** Which refund a money check is about; the refusal's words name it. */
export type RefundKind = 'partial_refund' | 'agreed_refund' | 'refund_offer';

const refundWords: Record<RefundKind, string> = { partial_refund: 'partial refund', agreed_refund: 'agreed refund', refund_offer: 'refund offer' };

/**
 * Whether a refund fits the order: in the currency the buyer paid in and not more than they paid.
 * `what` names the refund in the message ("partial refund", "agreed refund", "refund offer").
 */
export function checkRefundWithinOrder(order: Order, refund: Money, what: RefundKind): RuleResult {
  if (refund.currency !== order.paid.currency) {
    return refuse(
      'currency_mismatch',
      `The ${refundWords[what]} is in ${refund.currency}, but the buyer paid in ${order.paid.currency}. Enter the amount in ${order.paid.currency}.`,
      { refundKind: what, currency: refund.currency, paidCurrency: order.paid.currency },
    );
  }
  if (refund.amountMinor > order.paid.amountMinor) {
    return refuse(
      'refund_exceeds_paid',
      `The ${refundWords[what]} of ${formatMoney(refund)} is more than the ${formatMoney(order.paid)} the buyer paid. Lower it to at most what was paid.`,
      { refundKind: what, refund, paid: order.paid },
    );
  }
  return allow(undefined);
}

/** Every cited item exists, and late ones are cited only with a written reason. */
function checkCitedEvidence(dispute: Dispute, draft: RulingDraft): RuleResult {
  const late: string[] = [];
  for (const id of draft.citedEvidenceIds) {
    const item = dispute.evidence.find((candidate) => candidate.id === id);
    if (item === undefined) {
      return refuse(
        'evidence_not_found',
        `Evidence ${id} is not part of this dispute. Remove it from the cited evidence, or reload the dispute if it was submitted just now.`,
        { evidenceId: id },
      );
    }
    const request = requestAnsweredBy(item, dispute.evidenceRequests);
    if (request !== undefined && isEvidenceLate(item, request)) late.push(id);
  }
  const notes = new Set((dispute.evidenceNotes ?? []).map((note) => note.id));
  const missingNote = (draft.citedNoteIds ?? []).find((id) => !notes.has(id));
  if (missingNote !== undefined) {
    return refuse('evidence_not_found', `Note ${missingNote} is not on this dispute's evidence. Remove it from the cited notes, or reload the dispute.`, { variant: 'note' });
  }
  if (late.length > 0 && (draft.lateEvidenceOverride ?? '').trim() === '') {
    return refuse(
      'late_evidence_cited',
      `Evidence ${late.join(', ')} arrived after its due date. Write why you rely on it anyway in the late-evidence override, or stop citing it.`,
      { evidenceIds: late, count: late.length },
    );
  }
  return allow(undefined);
}

/** What the ruling refunds, derived from the order or the agreement except for a partial refund. */
function refundFor(dispute: Dispute, draft: RulingDraft): RuleResult<Money> {
  const { order } = dispute;
  const { outcome } = draft;
  switch (outcome) {
    case 'full_refund':
      return allow(order.paid);
    case 'partial_refund': {
      if (draft.refund === undefined) {
        return refuse('refund_missing', 'A partial refund needs an amount. Enter how much the buyer gets back, or choose another outcome.');
      }
      const within = checkRefundWithinOrder(order, draft.refund, 'partial_refund');
      if (!within.ok) return within;
      if (draft.refund.amountMinor === 0) {
        return refuse('refund_missing', 'A partial refund of zero gives the buyer nothing. Enter the amount to refund, or reject the claim instead.', { variant: 'zero' });
      }
      return allow(draft.refund);
    }
    case 'refund_after_return':
      if (!hasConfirmedReturnAddress(dispute.return)) {
        return refuse(
          'return_address_unconfirmed',
          'The seller has not confirmed a return address yet. Ask the seller to confirm one, or choose another outcome.',
        );
      }
      return allow(order.paid);
    case 'claim_rejected':
      if (draft.citedEvidenceIds.length === 0 && draft.rejectionReason !== 'insufficient_evidence') {
        return refuse(
          'rejection_unsupported',
          'A rejection must rest on something. Cite the evidence that shows the claim does not hold, or give the reason "insufficient evidence".',
        );
      }
      return allow({ amountMinor: 0, currency: order.paid.currency });
    case 'as_agreed': {
      const { agreement } = dispute;
      if (agreement === undefined) {
        return refuse(
          'no_agreement',
          'The buyer and seller have not submitted agreed terms for this dispute. Choose another outcome, or wait for their agreement.',
        );
      }
      const within = checkRefundWithinOrder(order, agreement.refund, 'agreed_refund');
      return within.ok ? allow(agreement.refund) : within;
    }
    default:
      throw missingCaseError(outcome);
  }
}

/** A ruling as the rules accept it: the draft with its refund worked out, before the service adds who ruled. */
export type RulingDecision = Omit<Ruling, 'ruledBy'>;

/**
 * Checks a case manager's draft against the seed's rules and works out the refund. The ruling is
 * timed `now`, the moment the rules accepted it. The first rule broken is the one reported.
 */
export function checkRulingDraft(dispute: Dispute, draft: RulingDraft, now: string): RuleResult<RulingDecision> {
  const rulable = rulabilityOf(dispute);
  if (!rulable.ok) return rulable;
  const rationale = draft.rationale.trim();
  if (rationale === '') {
    return refuse(
      'rationale_missing',
      'Write a rationale for this ruling. The buyer, the seller and any team lead auditing it need to know why you decided this way.',
    );
  }
  const cited = checkCitedEvidence(dispute, draft);
  if (!cited.ok) return cited;
  const refund = refundFor(dispute, draft);
  if (!refund.ok) return refund;
  return allow({ ...draft, rationale, refund: refund.value, ruledAt: now });
}

/** The seed: the returned item is refunded only after the seller confirms receiving it. */
export function checkReturnedItemRefund(dispute: Pick<Dispute, 'return'>): RuleResult {
  if (dispute.return === undefined) {
    return refuse(
      'return_not_received',
      'No return was started for this dispute, so there is no returned item to refund. Request a return first, or choose another outcome.',
      { variant: 'no_return' },
    );
  }
  return checkReturnRefundable(dispute.return);
}
