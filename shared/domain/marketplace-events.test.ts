import { describe, expect, it } from 'vitest';
import { applyMarketplaceEvent, marketplaceEventSchema, type MarketplaceEvent } from './marketplace-events';
import { disputeSchema, type Dispute } from './model';
import type { RuleResult } from './refusals';
import { isReadableSentence, makeDispute, makeDraft, makeEvidence, makeOffer, makeRequest, now, refusalOf, usd, valueOf } from './test-fixtures';

const disputeId = 'D-1001';
const address = 'Room 5, 88 Keyuan Road, Shenzhen';

/** Applies events in order, stopping at the first refusal. */
function applyAll(dispute: Dispute, events: MarketplaceEvent[]): RuleResult<Dispute> {
  let result: RuleResult<Dispute> = { ok: true, value: dispute };
  for (const event of events) {
    if (!result.ok) return result;
    result = applyMarketplaceEvent(result.value, event, now);
  }
  return result;
}

function expectRefused(result: RuleResult<unknown>, code: string): void {
  const refusal = refusalOf(result);
  expect(refusal.code).toBe(code);
  expect(refusal.message).toSatisfy(isReadableSentence);
}

describe('marketplace events', () => {
  it('parses events by type and refuses unknown ones', () => {
    expect(marketplaceEventSchema.parse({ type: 'return.shipped', disputeId, trackingNumber: 'RR1' })).toEqual({
      type: 'return.shipped',
      disputeId,
      trackingNumber: 'RR1',
    });
    expect(marketplaceEventSchema.safeParse({ type: 'dispute.deleted', disputeId }).success).toBe(false);
    expect(marketplaceEventSchema.safeParse({ type: 'return.shipped', disputeId }).success).toBe(false);
  });

  it('refuses an event meant for another dispute', () => {
    expectRefused(applyMarketplaceEvent(makeDispute(), { type: 'claim.cancelled', disputeId: 'D-9' }, now), 'dispute_not_found');
  });

  it('leaves the version, evidence version and update time to the case service', () => {
    const before = makeDispute({ state: 'awaiting_evidence', evidenceRequests: [makeRequest()] });
    const after = valueOf(applyMarketplaceEvent(before, { type: 'evidence.submitted', disputeId, item: makeEvidence() }, now));
    expect(after).toMatchObject({ version: before.version, evidenceVersion: before.evidenceVersion, updatedAt: before.updatedAt });
  });

  it('a buyer who cannot agree with the seller escalates the dispute', () => {
    const negotiating = makeDispute({ state: 'negotiating', escalatedAt: undefined });
    const escalated = valueOf(applyMarketplaceEvent(negotiating, { type: 'dispute.escalated', disputeId }, now));
    expect(escalated).toMatchObject({ state: 'escalated', escalatedAt: now });
    expectRefused(applyMarketplaceEvent(escalated, { type: 'dispute.escalated', disputeId }, now), 'invalid_transition');
  });

  it('a buyer can cancel a claim', () => {
    const cancelled = valueOf(applyMarketplaceEvent(makeDispute(), { type: 'claim.cancelled', disputeId }, now));
    expect(cancelled).toMatchObject({ state: 'cancelled', closedAt: now });
    expect(disputeSchema.safeParse(cancelled).success).toBe(true);
    expectRefused(applyMarketplaceEvent(cancelled, { type: 'claim.cancelled', disputeId }, now), 'claim_cancelled');
    expectRefused(applyMarketplaceEvent(makeDispute({ state: 'ruled' }), { type: 'claim.cancelled', disputeId }, now), 'already_ruled');
  });

  it('either party can make a refund offer while the dispute is open', () => {
    const offered = valueOf(applyMarketplaceEvent(makeDispute({ state: 'negotiating' }), { type: 'offer.made', disputeId, offer: makeOffer() }, now));
    expect(offered.offers.map((offer) => offer.id)).toEqual(['F-1']);
    expect(offered.state).toBe('negotiating');
    expectRefused(applyMarketplaceEvent(offered, { type: 'offer.made', disputeId, offer: makeOffer() }, now), 'invalid_transition');
    const tooMuch = makeOffer({ id: 'F-2', by: 'buyer', refund: usd(4001) });
    expectRefused(applyMarketplaceEvent(offered, { type: 'offer.made', disputeId, offer: tooMuch }, now), 'refund_exceeds_paid');
    const euros = makeOffer({ id: 'F-3', refund: { amountMinor: 100, currency: 'EUR' } });
    expectRefused(applyMarketplaceEvent(offered, { type: 'offer.made', disputeId, offer: euros }, now), 'currency_mismatch');
    const settled = makeDispute({ state: 'settled' });
    expectRefused(applyMarketplaceEvent(settled, { type: 'offer.made', disputeId, offer: makeOffer() }, now), 'dispute_closed');
  });

  it("a buyer who accepts the seller's latest refund offer closes the dispute at once", () => {
    const open = makeDispute({ offers: [makeOffer({ id: 'F-1', by: 'buyer' })] });
    expectRefused(applyMarketplaceEvent(open, { type: 'offer.accepted', disputeId }, now), 'no_seller_offer');
    const offered = makeDispute({ offers: [makeOffer()] });
    const accepted = valueOf(applyMarketplaceEvent(offered, { type: 'offer.accepted', disputeId }, now));
    expect(accepted).toMatchObject({ state: 'offer_accepted', closedAt: now });
    expectRefused(applyMarketplaceEvent(accepted, { type: 'offer.accepted', disputeId }, now), 'offer_accepted');
    const cancelled = makeDispute({ state: 'cancelled', offers: [makeOffer()] });
    expectRefused(applyMarketplaceEvent(cancelled, { type: 'offer.accepted', disputeId }, now), 'claim_cancelled');
  });

  it('a return ships only to an address the seller confirmed', () => {
    const requested = valueOf(applyMarketplaceEvent(makeDispute(), { type: 'return.requested', disputeId }, now));
    expect(requested.return).toEqual({ stage: 'requested', requestedAt: now });
    expectRefused(applyMarketplaceEvent(requested, { type: 'return.requested', disputeId }, now), 'invalid_transition');
    expectRefused(applyMarketplaceEvent(requested, { type: 'return.shipped', disputeId, trackingNumber: 'RR1' }, now), 'return_address_unconfirmed');
    const shipped = valueOf(
      applyAll(requested, [
        { type: 'return.address_confirmed', disputeId, address },
        { type: 'return.shipped', disputeId, trackingNumber: 'RR1' },
      ]),
    );
    expect(shipped.return).toMatchObject({ stage: 'shipped', address, trackingNumber: 'RR1' });
    expectRefused(applyMarketplaceEvent(makeDispute(), { type: 'return.received', disputeId }, now), 'invalid_transition');
  });

  it("the refund of a returned item waits for the seller's receipt confirmation", () => {
    const confirmed = { stage: 'address_confirmed' as const, requestedAt: now, address, addressConfirmedAt: now };
    const ruling = { ...makeDraft({ outcome: 'refund_after_return' }), refund: usd(4000), ruledBy: 'cm-1', ruledAt: now };
    const ruled = makeDispute({ state: 'ruled', return: confirmed, ruling });
    const shipped = valueOf(applyMarketplaceEvent(ruled, { type: 'return.shipped', disputeId, trackingNumber: 'RR1' }, now));
    expect(shipped).toMatchObject({ state: 'ruled', return: { stage: 'shipped' } });
    expect(shipped.closedAt).toBeUndefined();
    const received = valueOf(applyMarketplaceEvent(shipped, { type: 'return.received', disputeId }, now));
    expect(received).toMatchObject({ state: 'closed', closedAt: now, return: { stage: 'refunded', receivedAt: now, refundedAt: now } });
    // Without a return-based ruling, receipt is recorded and the case manager still decides.
    const notRuled = { ...shipped, state: 'under_review' as const, ruling: undefined };
    const underReview = valueOf(applyMarketplaceEvent(notRuled, { type: 'return.received', disputeId }, now));
    expect(underReview).toMatchObject({ state: 'under_review', return: { stage: 'received' } });
  });

  it('evidence is added, and a dispute waiting for it goes under review once every request is answered', () => {
    const requests = [makeRequest({ id: 'R-1', party: 'buyer' }), makeRequest({ id: 'R-2', party: 'seller' })];
    const waiting = makeDispute({ state: 'awaiting_evidence', evidenceRequests: requests });
    const buyerAnswered = valueOf(applyMarketplaceEvent(waiting, { type: 'evidence.submitted', disputeId, item: makeEvidence() }, now));
    expect(buyerAnswered).toMatchObject({ state: 'awaiting_evidence', evidence: [{ id: 'E-1' }] });
    const late = makeEvidence({ id: 'E-2', party: 'seller', requestId: 'R-2', submittedAt: '2025-03-09T09:00:00Z' });
    const bothAnswered = valueOf(applyMarketplaceEvent(buyerAnswered, { type: 'evidence.submitted', disputeId, item: late }, now));
    expect(bothAnswered.state).toBe('under_review');
    expect(bothAnswered.evidence.map((item) => item.id)).toEqual(['E-1', 'E-2']);
  });

  it('refuses evidence that contradicts the record, or comes after a ruling', () => {
    const waiting = makeDispute({ state: 'awaiting_evidence', evidenceRequests: [makeRequest()], evidence: [makeEvidence()] });
    const submit = (item = makeEvidence()) => applyMarketplaceEvent(waiting, { type: 'evidence.submitted', disputeId, item }, now);
    expectRefused(submit(), 'invalid_transition');
    expectRefused(submit(makeEvidence({ id: 'E-2', requestId: 'R-9' })), 'invalid_transition');
    expectRefused(submit(makeEvidence({ id: 'E-3', party: 'seller' })), 'invalid_transition');
    expect(valueOf(submit(makeEvidence({ id: 'E-4', requestId: undefined }))).evidence).toHaveLength(2);
    const ruled = makeDispute({ state: 'ruled' });
    expectRefused(applyMarketplaceEvent(ruled, { type: 'evidence.submitted', disputeId, item: makeEvidence() }, now), 'already_ruled');
  });

  it('terms the parties agreed are processed as agreed', () => {
    const agreement = {
      terms: 'Seller refunds half; buyer keeps the item.',
      refund: usd(2000),
      withReturn: false,
      submittedBy: 'buyer' as const,
      recordedAt: now,
    };
    const recorded = valueOf(applyMarketplaceEvent(makeDispute({ state: 'negotiating' }), { type: 'agreement.submitted', disputeId, agreement }, now));
    expect(recorded).toMatchObject({ state: 'negotiating', agreement });
    expect(recorded.closedAt).toBeUndefined();
    expectRefused(applyMarketplaceEvent(makeDispute({ state: 'settled' }), { type: 'agreement.submitted', disputeId, agreement }, now), 'dispute_closed');
    const tooMuch = { ...agreement, refund: usd(5000) };
    expectRefused(applyMarketplaceEvent(makeDispute(), { type: 'agreement.submitted', disputeId, agreement: tooMuch }, now), 'refund_exceeds_paid');
  });
});
