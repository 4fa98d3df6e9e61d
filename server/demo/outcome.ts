import { missingCaseError } from '../../shared/contract/errors';
import type { Agreement, DisputeReason, EvidenceItem, ProductReturn, ReturnStage, Ruling, RulingOutcome } from '../../shared/domain/model';
import { MINUTE, stamp, type DisputeDraft } from './draft';
import { offer, say } from './negotiation';
import { fill, formatMoney, phrases } from './phrases';
import { caseManagerIds } from './users';

// How each dispute's story ends, kept to the shared rules (shared/domain/): a ruling
// refund_after_return needs a confirmed return address and closes the dispute when the seller
// confirms receipt (the item is refunded at that moment); "as agreed" settles it (decision 0005);
// a dispute awaiting evidence or under review may be carrying a return or agreed terms.

/**
 * A return at `stage`: requested and confirmed by `confirmBy`, later steps by `end`. A refunded
 * return was received and refunded at `end` itself, because receipt triggers the refund.
 */
function makeReturn(d: DisputeDraft, stage: ReturnStage, start: number, confirmBy: number, end: number): ProductReturn {
  const { r } = d;
  const requestedAt = r.between(start, start + (confirmBy - start) * 0.5);
  const made: ProductReturn = { stage, requestedAt: stamp(d, requestedAt) };
  if (stage === 'requested') return made;
  const confirmedAt = r.between(requestedAt, confirmBy);
  made.address = d.seller.returnAddress;
  made.addressConfirmedAt = stamp(d, confirmedAt);
  say(d, 'seller', fill(phrases[d.seller.culture].sellerAddress, { address: d.seller.returnAddress }), confirmedAt);
  if (stage === 'address_confirmed') return made;
  const shippedAt = r.between(confirmedAt, confirmedAt + (end - confirmedAt) * 0.6);
  made.trackingNumber = `R${r.pick(['R', 'L', 'C'])}${r.digits(9)}${d.buyer.person.country}`;
  made.shippedAt = stamp(d, shippedAt);
  say(d, 'buyer', fill(phrases[d.buyer.culture].buyerShippedReturn, { tracking: made.trackingNumber }), shippedAt);
  if (stage === 'shipped') return made;
  const receivedAt = stage === 'refunded' ? end : r.between(shippedAt, end);
  made.receivedAt = stamp(d, receivedAt);
  if (stage === 'received') return made;
  made.refundedAt = stamp(d, receivedAt);
  return made;
}

function makeAgreement(d: DisputeDraft, at: number, withReturn: boolean): Agreement {
  const { r } = d;
  const paid = d.order.paid;
  const refund = withReturn ? paid : { ...paid, amountMinor: Math.max(1, Math.round(d.requestedRefund * r.between(0.4, 1))) };
  const amount = formatMoney(refund, 'en');
  const terms = withReturn
    ? `The buyer returns the item to the address the seller confirms; the seller refunds ${amount} after receiving it.`
    : `The seller refunds ${amount} and the buyer keeps the item.`;
  return { terms, refund: { ...refund }, withReturn, submittedBy: r.pick(['buyer', 'seller'] as const), recordedAt: stamp(d, at) };
}

/** What the case manager found when the buyer's claim held. */
const findings: Record<DisputeReason, string> = {
  not_received: 'The tracking shows no delivery to the buyer and the seller gave no proof of delivery.',
  late_delivery: 'The parcel was delivered well after the promised delivery time.',
  not_as_described: "The buyer's photos show an item that differs from the listing in colour and material.",
  quantity_short: "The buyer's video shows fewer pieces than were ordered.",
  other: 'The item failed soon after delivery and the seller did not respond.',
};

/** Up to `max` of `items`, preferring evidence that came in on time, as a careful case manager would. */
function cite(d: DisputeDraft, items: { item: EvidenceItem; late: boolean }[], max: number): { ids: string[]; late: boolean } {
  const onTime = items.filter((entry) => !entry.late);
  const from = onTime.length > 0 && d.r.chance(0.85) ? onTime : items;
  const chosen = d.r.shuffle(from).slice(0, d.r.int(1, max));
  return { ids: chosen.map((entry) => entry.item.id), late: chosen.some((entry) => entry.late) };
}

/** A recorded ruling consistent with the rules, at `ruledAt` (the end of the evidence phase). */
function makeRuling(d: DisputeDraft, outcome: RulingOutcome, ruledAt: number, agreement?: Agreement): Ruling {
  const { r } = d;
  const paid = d.order.paid;
  const buyerItems = d.evidence.filter((entry) => entry.item.party === 'buyer');
  const sellerItems = d.evidence.filter((entry) => entry.item.party === 'seller');
  const supporting = outcome === 'claim_rejected' ? sellerItems : outcome === 'as_agreed' ? [] : buyerItems;
  const cited = supporting.length > 0 && (outcome !== 'claim_rejected' || r.chance(0.7)) ? cite(d, supporting, 2) : { ids: [], late: false };
  const partial = d.reason === 'quantity_short' && d.requestedRefund < paid.amountMinor ? d.requestedRefund : Math.round(paid.amountMinor * r.between(0.2, 0.7));
  const refund =
    outcome === 'claim_rejected' ? { amountMinor: 0, currency: paid.currency }
    : outcome === 'partial_refund' ? { amountMinor: Math.min(Math.max(1, partial), paid.amountMinor), currency: paid.currency }
    : outcome === 'as_agreed' ? { ...agreement!.refund }
    : { ...paid };
  const amount = formatMoney(refund, 'en');
  const rationale = {
    full_refund: `${findings[d.reason]} Full refund of ${amount}.`,
    partial_refund: `${findings[d.reason]} Partial refund of ${amount} for the part of the order affected.`,
    refund_after_return: `${findings[d.reason]} The buyer returns the item to the address the seller confirmed; ${amount} is refunded once the seller confirms receipt.`,
    claim_rejected:
      cited.ids.length > 0
        ? "The seller's evidence shows the order was delivered as described; the buyer's claim is not supported."
        : 'The buyer did not provide clear and sufficient evidence before the due date, so the claim is rejected.',
    as_agreed: `Processed as the parties agreed: ${agreement?.terms ?? ''}`,
  }[outcome];
  const policyCodes = {
    full_refund: ['evidence.clear-and-sufficient'],
    partial_refund: d.reason === 'quantity_short' ? ['evidence.clear-and-sufficient', 'evidence.every-piece'] : ['evidence.clear-and-sufficient'],
    refund_after_return: ['return.confirmed-address', 'return.refund-after-receipt'],
    claim_rejected: cited.ids.length > 0 ? ['evidence.clear-and-sufficient'] : ['evidence.before-due-date'],
    as_agreed: ['agreement.process-as-agreed'],
  }[outcome];
  return {
    outcome,
    refund,
    rationale,
    citedEvidenceIds: cited.ids,
    ...(outcome === 'claim_rejected' && cited.ids.length === 0 && { rejectionReason: 'insufficient_evidence' as const }),
    ...(cited.late && { lateEvidenceOverride: 'Cited although it came after the due date: it is clear, and the other party did not dispute it.' }),
    policyCodes,
    ruledBy: r.pick(caseManagerIds),
    ruledAt: stamp(d, ruledAt),
  };
}

/** How a dispute ends (or where it stands now): its return, agreement, ruling, closing and case manager. */
interface Conclusion {
  productReturn?: ProductReturn;
  agreement?: Agreement;
  ruling?: Ruling;
  assignee?: string;
}

/** Finishes the story the state calls for. Every branch leaves the dispute as the shared rules would. */
export function conclude(d: DisputeDraft): Conclusion {
  const { r, timeline, state, now } = d;
  const returnable = d.reason !== 'not_received' && d.reason !== 'late_delivery';
  const escalatedAt = timeline.escalatedAt ?? timeline.openedAt;
  const claimed = () => r.pick(caseManagerIds);
  switch (state) {
    case 'negotiating':
    case 'escalated':
    case 'awaiting_evidence':
    case 'under_review': {
      const withTeam = state !== 'negotiating';
      const out: Conclusion = {};
      if (returnable && r.chance(0.35)) {
        const stage = r.weighted([['requested', 3], ['address_confirmed', 3], ['shipped', 2], ['received', 2]] as const);
        const start = timeline.openedAt + (now - timeline.openedAt) * 0.2;
        out.productReturn = makeReturn(d, stage, start, now, now);
      }
      if (withTeam && r.chance(0.08)) out.agreement = makeAgreement(d, r.between(escalatedAt, now), false);
      const assignChance = state === 'escalated' ? 0.3 : withTeam ? 0.9 : 0;
      if (r.chance(assignChance)) out.assignee = claimed();
      return out;
    }
    case 'ruled':
    case 'closed': {
      const ruledAt = timeline.ruledAt!;
      const hasBuyerEvidence = d.evidence.some((entry) => entry.item.party === 'buyer');
      // Many closed disputes are returns that came back: receipt refunds the item and closes them.
      const outcome = r.weighted([
        ['full_refund', hasBuyerEvidence ? 30 : 0],
        ['partial_refund', hasBuyerEvidence ? 20 : 0],
        ['refund_after_return', returnable ? (state === 'closed' ? 40 : 18) : 0],
        ['claim_rejected', 17],
      ] as const);
      const out: Conclusion = {};
      if (outcome === 'refund_after_return') {
        // Still open, the return is confirmed or on its way; closed, the receipt refunded it and closed the dispute.
        const stage = state === 'closed' ? 'refunded' : r.pick(['address_confirmed', 'shipped'] as const);
        out.productReturn = makeReturn(d, stage, escalatedAt, ruledAt, state === 'closed' ? timeline.closedAt! : now);
      }
      out.ruling = makeRuling(d, outcome, ruledAt);
      out.assignee = out.ruling.ruledBy;
      say(d, 'platform', `The Case Management Team ruled: ${outcome.replaceAll('_', ' ')}, refund ${formatMoney(out.ruling.refund, 'en')}.`, ruledAt);
      if (state === 'closed') say(d, 'platform', 'The dispute is closed.', timeline.closedAt!);
      return out;
    }
    case 'settled': {
      const ruledAt = timeline.ruledAt!;
      const withReturn = returnable && r.chance(0.25);
      const agreedAt = r.between(escalatedAt, escalatedAt + (ruledAt - escalatedAt) * (withReturn ? 0.3 : 0.9));
      const agreement = makeAgreement(d, agreedAt, withReturn);
      // Agreed terms with a return are ruled once the seller has the item back.
      const productReturn = withReturn ? makeReturn(d, 'received', agreedAt + MINUTE, ruledAt, ruledAt) : undefined;
      const ruling = makeRuling(d, 'as_agreed', ruledAt, agreement);
      say(d, 'platform', `Processed as the parties agreed: refund ${formatMoney(agreement.refund, 'en')}. The dispute is settled.`, ruledAt);
      return { agreement, ruling, assignee: ruling.ruledBy, ...(productReturn && { productReturn }) };
    }
    case 'cancelled':
      say(d, 'buyer', phrases[d.buyer.culture].buyerCancels, timeline.closedAt!);
      return timeline.escalatedAt !== undefined && r.chance(0.5) ? { assignee: claimed() } : {};
    case 'offer_accepted': {
      // The accepted offer is the seller's latest, made at the end of the story; the buyer takes it.
      const best = d.offers.reduce((top, made) => (made.by === 'seller' ? Math.max(top, made.refund.amountMinor) : top), 0);
      const floor = Math.max(best, Math.round(d.requestedRefund * r.between(0.5, 1)), 1);
      const accepted = offer(d, 'seller', Math.min(floor, d.order.paid.amountMinor), false, timeline.phaseEnd);
      say(d, 'platform', `The buyer accepted the seller's refund offer of ${formatMoney(accepted.refund, 'en')}. The dispute is closed.`, timeline.closedAt!);
      return timeline.escalatedAt !== undefined && r.chance(0.5) ? { assignee: claimed() } : {};
    }
    default:
      throw missingCaseError(state);
  }
}
