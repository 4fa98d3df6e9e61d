import type { Party as Side, RefundOffer } from '../../shared/domain/model';
import { MINUTE, moments, stamp, type DisputeDraft, type Party } from './draft';
import { fill, formatMoney, phrases } from './phrases';

/** Adds a message to the draft; times become stamps, and messages get ids, once the story is complete. */
export function say(d: DisputeDraft, from: Side | 'platform', body: string, at: number): void {
  const language = from === 'platform' ? 'en' : (from === 'buyer' ? d.buyer : d.seller).person.language;
  d.messages.push({ from, body, language, at });
}

/** Records a refund offer with the message that carried it, in the offering party's language. */
export function offer(d: DisputeDraft, by: Side, amountMinor: number, withReturn: boolean, at: number): RefundOffer {
  const refund = { amountMinor, currency: d.order.paid.currency };
  const made: RefundOffer = { id: `F-${d.number}-${d.offers.length + 1}`, by, refund, withReturn, at: stamp(d, at) };
  d.offers.push(made);
  const writer: Party = by === 'buyer' ? d.buyer : d.seller;
  const text = phrases[writer.culture];
  const template = by === 'buyer' ? text.buyerCounter : withReturn ? text.sellerOfferReturn : text.sellerOffer;
  say(d, by, fill(template, { amount: formatMoney(refund, writer.person.language) }), at);
  return made;
}

type Step = { from: Side; body: string } | { from: Side; offer: { amountMinor: number; withReturn: boolean } };

/**
 * The buyer's and seller's final chance to settle (the seed's step 2), from the complaint that
 * opened the dispute to the escalation, or to now for a dispute still being negotiated. Offers
 * climb towards what the buyer asked for, and the buyer turns each down or counters it.
 */
export function negotiate(d: DisputeDraft, complaint: string): void {
  const { r, timeline } = d;
  const end = timeline.escalatedAt ?? timeline.phaseEnd;
  const buyerText = phrases[d.buyer.culture];
  const sellerText = phrases[d.seller.culture];
  const paid = d.order.paid.amountMinor;
  say(d, 'buyer', complaint, timeline.openedAt);

  const steps: Step[] = [];
  if (r.chance(0.85)) {
    const tracking = d.order.trackingNumber;
    const aboutDelivery = d.reason === 'not_received' || d.reason === 'late_delivery';
    steps.push({ from: 'seller', body: aboutDelivery && tracking ? fill(sellerText.sellerTracking, { tracking }) : sellerText.sellerAskProof });
  }
  const offerCount = r.weighted([[0, 25], [1, 40], [2, 25], [3, 10]] as const);
  let returnOffered = false;
  for (let k = 0; k < offerCount; k++) {
    const withReturn: boolean = !returnOffered && d.reason !== 'not_received' && r.chance(0.25);
    returnOffered ||= withReturn;
    const share = 0.2 + 0.2 * k + r.between(0, 0.15);
    const amountMinor = withReturn ? paid : Math.max(1, Math.min(paid, Math.round(d.requestedRefund * share)));
    steps.push({ from: 'seller', offer: { amountMinor, withReturn } });
    const counter = d.requestedRefund - amountMinor;
    if (counter > 1 && r.chance(0.2)) {
      steps.push({ from: 'buyer', offer: { amountMinor: amountMinor + Math.ceil(counter * r.between(0.3, 0.9)), withReturn: false } });
    } else if (k < offerCount - 1 || d.state !== 'negotiating' || r.chance(0.5)) {
      // A dispute still being negotiated may be waiting for the buyer's answer to the last offer.
      steps.push({ from: 'buyer', body: buyerText.buyerRejects });
    }
  }
  if (timeline.escalatedAt !== undefined) steps.push({ from: 'buyer', body: buyerText.buyerEscalates });

  const times = moments(r, timeline.openedAt + 5 * MINUTE, end, steps.length);
  steps.forEach((step, index) => {
    const at = times[index]!;
    if ('offer' in step) offer(d, step.from, step.offer.amountMinor, step.offer.withReturn, at);
    else say(d, step.from, step.body, at);
  });
  if (timeline.escalatedAt !== undefined) {
    say(d, 'platform', 'The buyer escalated the dispute. The Case Management Team will review it.', timeline.escalatedAt);
  }
}
