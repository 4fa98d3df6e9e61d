import { z } from 'zod';
import { missingCaseError } from '../contract/errors';
import { transition, type LifecycleEvent } from './lifecycle';
import { agreementSchema, evidenceItemSchema, refundOfferSchema, type Dispute, type EvidenceItem, type ProductReturn } from './model';
import { allow, refuse, type RuleResult } from './refusals';
import { confirmReturnAddress, confirmReturnReceipt, refundReturn, requestReturn, shipReturn } from './returns';
import { checkRefundWithinOrder, latestSellerOffer } from './rules';
import { boundedText, identifier, textLimits } from './text';

// What the buyer and seller do on the marketplace's side, as the case service receives it. A
// refusal here means the event does not fit the dispute as the service has it; `invalid_transition`
// covers an event that contradicts the record (a second return, an unknown evidence request).

const disputeId = identifier();

/** An event from the marketplace about one dispute, told apart by `type`. */
export const marketplaceEventSchema = z.discriminatedUnion('type', [
  /** The buyer could not settle with the seller and handed the dispute to the team. */
  z.object({ type: z.literal('dispute.escalated'), disputeId }),
  /** The buyer cancelled the claim. */
  z.object({ type: z.literal('claim.cancelled'), disputeId }),
  /** The seller or the buyer proposed a refund. */
  z.object({ type: z.literal('offer.made'), disputeId, offer: refundOfferSchema }),
  /** The buyer accepted the seller's latest refund offer, which closes the dispute at once. */
  z.object({ type: z.literal('offer.accepted'), disputeId }),
  /** The buyer asked to return the item. */
  z.object({ type: z.literal('return.requested'), disputeId }),
  /** The seller confirmed where the item goes back to. */
  z.object({ type: z.literal('return.address_confirmed'), disputeId, address: boundedText(textLimits.shortText).min(1) }),
  /** The buyer shipped the item back. */
  z.object({ type: z.literal('return.shipped'), disputeId, trackingNumber: boundedText(textLimits.shortText).min(1) }),
  /** The seller confirmed receiving the returned item. */
  z.object({ type: z.literal('return.received'), disputeId }),
  /** A party submitted a piece of evidence. */
  z.object({ type: z.literal('evidence.submitted'), disputeId, item: evidenceItemSchema }),
  /** The parties submitted terms they agreed; the marketplace processes the claim as agreed. */
  z.object({ type: z.literal('agreement.submitted'), disputeId, agreement: agreementSchema }),
]);
/** An event from the marketplace. */
export type MarketplaceEvent = z.infer<typeof marketplaceEventSchema>;

/** Moves the dispute by a lifecycle event; an event that ends it also stamps `closedAt`. */
function move(dispute: Dispute, event: LifecycleEvent, now: string, changes: Partial<Dispute> = {}): RuleResult<Dispute> {
  const next = transition(dispute.state, event);
  if (!next.ok) return next;
  const ends = next.value === 'closed' || next.value === 'cancelled' || next.value === 'offer_accepted' || next.value === 'settled';
  return allow({ ...dispute, ...changes, state: next.value, ...(ends ? { closedAt: now } : {}) });
}

/** Applies one step of the return to the dispute, which must already have a return. */
function stepReturn(dispute: Dispute, step: (current: ProductReturn) => RuleResult<ProductReturn>): RuleResult<ProductReturn> {
  if (dispute.return === undefined) {
    return refuse('invalid_transition', 'No return has been requested for this dispute. The buyer has to request a return first.', { variant: 'no_return' });
  }
  const allowed = transition(dispute.state, 'progress_return');
  return allowed.ok ? step(dispute.return) : allowed;
}

/**
 * The seed: once the seller confirms receipt, the returned item can be refunded. A dispute ruled
 * `refund_after_return` was only waiting for that, so the refund happens and the dispute closes.
 */
function receiveReturn(dispute: Dispute, now: string): RuleResult<Dispute> {
  const received = stepReturn(dispute, (current) => confirmReturnReceipt(current, now));
  if (!received.ok) return received;
  if (dispute.state !== 'ruled' || dispute.ruling?.outcome !== 'refund_after_return') return allow({ ...dispute, return: received.value });
  const refunded = refundReturn(received.value, now);
  if (!refunded.ok) return refunded;
  return move(dispute, 'close', now, { return: refunded.value });
}

/**
 * Appends a piece of evidence. A dispute waiting for evidence goes under review once every one
 * of its evidence requests has at least one answer; late evidence is kept and flagged, not refused.
 */
function submitEvidence(dispute: Dispute, item: EvidenceItem, now: string): RuleResult<Dispute> {
  const allowed = transition(dispute.state, 'submit_evidence');
  if (!allowed.ok) return allowed;
  if (dispute.evidence.some((existing) => existing.id === item.id)) {
    return refuse('invalid_transition', `Evidence ${item.id} is already on this dispute. The marketplace sent it twice; keep the first copy.`, {
      variant: 'evidence_twice',
      evidenceId: item.id,
    });
  }
  if (item.requestId !== undefined) {
    const request = dispute.evidenceRequests.find((candidate) => candidate.id === item.requestId);
    if (request === undefined) {
      return refuse(
        'invalid_transition',
        `Evidence ${item.id} answers request ${item.requestId}, which this dispute does not have. Check which dispute the evidence belongs to.`,
        { variant: 'request_unknown', evidenceId: item.id },
      );
    }
    if (request.party !== item.party) {
      return refuse(
        'invalid_transition',
        `Evidence ${item.id} came from the ${item.party}, but request ${request.id} asked the ${request.party}. Check who submitted it.`,
        { variant: 'party_mismatch', evidenceId: item.id, party: item.party, requestParty: request.party },
      );
    }
  }
  const evidence = [...dispute.evidence, item];
  const withItem = move(dispute, 'submit_evidence', now, { evidence });
  if (!withItem.ok || withItem.value.state !== 'awaiting_evidence') return withItem;
  const allAnswered = dispute.evidenceRequests.every((request) => evidence.some((answer) => answer.requestId === request.id));
  return allAnswered ? move(withItem.value, 'begin_review', now) : withItem;
}

/**
 * What a marketplace event does to a dispute. `version`, `evidenceVersion` and `updatedAt` are
 * left alone: the case service sets them when it stores the result.
 */
export function applyMarketplaceEvent(dispute: Dispute, event: MarketplaceEvent, now: string): RuleResult<Dispute> {
  if (event.disputeId !== dispute.id) {
    return refuse('dispute_not_found', `This event is for dispute ${event.disputeId}, not dispute ${dispute.id}. Apply it to the right dispute.`, { variant: 'event' });
  }
  switch (event.type) {
    case 'dispute.escalated':
      return move(dispute, 'escalate', now, { escalatedAt: now });
    case 'claim.cancelled':
      return move(dispute, 'cancel_claim', now);
    case 'offer.made': {
      const allowed = transition(dispute.state, 'make_offer');
      if (!allowed.ok) return allowed;
      const fits = checkRefundWithinOrder(dispute.order, event.offer.refund, 'refund_offer');
      if (!fits.ok) return fits;
      if (dispute.offers.some((offer) => offer.id === event.offer.id)) {
        return refuse(
          'invalid_transition',
          `Offer ${event.offer.id} is already on this dispute. The marketplace sent it twice; keep the first copy.`,
          { variant: 'offer_twice' },
        );
      }
      return move(dispute, 'make_offer', now, { offers: [...dispute.offers, event.offer] });
    }
    case 'offer.accepted': {
      const allowed = transition(dispute.state, 'accept_offer');
      if (!allowed.ok) return allowed;
      if (latestSellerOffer(dispute) === undefined) {
        return refuse('no_seller_offer', 'The seller has not made a refund offer, so the buyer has none to accept. The dispute stays open.');
      }
      return move(dispute, 'accept_offer', now);
    }
    case 'return.requested':
      if (dispute.return !== undefined) {
        return refuse('invalid_transition', 'A return is already under way for this dispute. Follow that return instead of starting another.', { variant: 'return_exists' });
      }
      return move(dispute, 'progress_return', now, { return: requestReturn(now) });
    case 'return.address_confirmed': {
      const next = stepReturn(dispute, (current) => confirmReturnAddress(current, event.address, now));
      return next.ok ? allow({ ...dispute, return: next.value }) : next;
    }
    case 'return.shipped': {
      const next = stepReturn(dispute, (current) => shipReturn(current, event.trackingNumber, now));
      return next.ok ? allow({ ...dispute, return: next.value }) : next;
    }
    case 'return.received':
      return receiveReturn(dispute, now);
    case 'evidence.submitted':
      return submitEvidence(dispute, event.item, now);
    case 'agreement.submitted': {
      // The terms are recorded, not acted on: the team processes the claim as agreed by ruling
      // `as_agreed`, which is how the agreement reaches the audit log (docs/decisions/0005).
      const allowed = transition(dispute.state, 'settle');
      if (!allowed.ok) return allowed;
      const fits = checkRefundWithinOrder(dispute.order, event.agreement.refund, 'agreed_refund');
      return fits.ok ? allow({ ...dispute, agreement: event.agreement }) : fits;
    }
    default:
      throw missingCaseError(event);
  }
}
