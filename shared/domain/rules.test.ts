import { describe, expect, it } from 'vitest';
import { isEvidenceLate } from './lateness';
import { checkEvidenceOnTime, checkRefundWithinOrder, checkReturnedItemRefund, checkRulingDraft, latestSellerOffer } from './rules';
import {
  isReadableSentence,
  makeDispute,
  makeDraft,
  makeEvidence,
  makeOffer,
  makeRequest,
  now,
  refusalOf,
  usd,
  valueOf,
} from './test-fixtures';

const request = makeRequest({ dueAt: '2025-03-05T09:00:00Z' });
const onTime = makeEvidence({ id: 'E-1', submittedAt: '2025-03-05T09:00:00Z' });
const late = makeEvidence({ id: 'E-2', submittedAt: '2025-03-05T09:00:00.5Z' });
const withEvidence = makeDispute({ evidenceRequests: [request], evidence: [onTime, late] });

function expectRefused(result: Parameters<typeof refusalOf>[0], code: string): void {
  const refusal = refusalOf(result);
  expect(refusal.code).toBe(code);
  expect(refusal.message).toSatisfy(isReadableSentence);
}

describe('evidence rules', () => {
  it('evidence is late after its due date', () => {
    expect(isEvidenceLate(late, request)).toBe(true);
    expectRefused(checkEvidenceOnTime(late, request), 'evidence_late');
    // Exactly at the due date is still "before the due date" in the seed's sense.
    expect(isEvidenceLate(onTime, request)).toBe(false);
    expect(checkEvidenceOnTime(onTime, request).ok).toBe(true);
  });
});

describe('ruling rules', () => {
  it('a ruling records the draft with its refund, timed now', () => {
    const decision = valueOf(checkRulingDraft(withEvidence, makeDraft({ rationale: '  It broke.  ', citedEvidenceIds: ['E-1'] }), now));
    expect(decision).toMatchObject({ outcome: 'full_refund', rationale: 'It broke.', refund: usd(4000), citedEvidenceIds: ['E-1'], ruledAt: now });
  });

  it('a ruling may cite notes on the evidence, only ones the dispute has', () => {
    const noted = { ...withEvidence, evidenceNotes: [{ id: 'N-1', evidenceId: 'E-1', atSeconds: 2.5, text: 'Seal already broken.' }] };
    expect(valueOf(checkRulingDraft(noted, makeDraft({ citedEvidenceIds: ['E-1'], citedNoteIds: ['N-1'] }), now)).citedNoteIds).toEqual(['N-1']);
    expectRefused(checkRulingDraft(noted, makeDraft({ citedNoteIds: ['N-404'] }), now), 'evidence_not_found');
  });

  it('a closed, cancelled or accepted dispute cannot be ruled', () => {
    for (const [state, code] of [
      ['closed', 'dispute_closed'],
      ['settled', 'dispute_closed'],
      ['cancelled', 'claim_cancelled'],
      ['offer_accepted', 'offer_accepted'],
      ['ruled', 'already_ruled'],
      ['negotiating', 'not_escalated'],
    ] as const) {
      expectRefused(checkRulingDraft(makeDispute({ state }), makeDraft(), now), code);
    }
  });

  it('a ruling gives its rationale', () => {
    expectRefused(checkRulingDraft(withEvidence, makeDraft({ rationale: ' \n ' }), now), 'rationale_missing');
  });

  it('a return-based ruling needs a seller-confirmed return address', () => {
    const draft = makeDraft({ outcome: 'refund_after_return' });
    expectRefused(checkRulingDraft(makeDispute(), draft, now), 'return_address_unconfirmed');
    const requested = makeDispute({ return: { stage: 'requested', requestedAt: now } });
    expectRefused(checkRulingDraft(requested, draft, now), 'return_address_unconfirmed');
    const confirmed = makeDispute({
      return: { stage: 'address_confirmed', requestedAt: now, address: 'Room 5, 88 Keyuan Road', addressConfirmedAt: now },
    });
    expect(valueOf(checkRulingDraft(confirmed, draft, now)).refund).toEqual(usd(4000));
  });

  it('terms the parties agreed are processed as agreed', () => {
    const draft = makeDraft({ outcome: 'as_agreed' });
    expectRefused(checkRulingDraft(makeDispute(), draft, now), 'no_agreement');
    const agreed = makeDispute({
      agreement: { terms: 'Seller refunds half, buyer keeps the item.', refund: usd(2000), withReturn: false, submittedBy: 'buyer', recordedAt: now },
    });
    expect(valueOf(checkRulingDraft(agreed, draft, now)).refund).toEqual(usd(2000));
  });

  it('a full refund refunds what the buyer paid, whatever the draft says', () => {
    expect(valueOf(checkRulingDraft(makeDispute(), makeDraft({ refund: usd(1) }), now)).refund).toEqual(usd(4000));
  });

  it('a partial refund cannot exceed what was paid', () => {
    expectRefused(checkRulingDraft(makeDispute(), makeDraft({ outcome: 'partial_refund', refund: usd(4001) }), now), 'refund_exceeds_paid');
    const refusal = refusalOf(checkRulingDraft(makeDispute(), makeDraft({ outcome: 'partial_refund', refund: usd(4001) }), now));
    expect(refusal.message).toContain('USD 40.01');
    expect(refusal.message).toContain('USD 40.00');
    expect(valueOf(checkRulingDraft(makeDispute(), makeDraft({ outcome: 'partial_refund', refund: usd(4000) }), now)).refund).toEqual(usd(4000));
    expect(valueOf(checkRulingDraft(makeDispute(), makeDraft({ outcome: 'partial_refund', refund: usd(1250) }), now)).refund).toEqual(usd(1250));
  });

  it("a partial refund names an amount above zero in the order's currency", () => {
    const dispute = makeDispute();
    expectRefused(checkRulingDraft(dispute, makeDraft({ outcome: 'partial_refund' }), now), 'refund_missing');
    expectRefused(checkRulingDraft(dispute, makeDraft({ outcome: 'partial_refund', refund: usd(0) }), now), 'refund_missing');
    const euros = makeDraft({ outcome: 'partial_refund', refund: { amountMinor: 1000, currency: 'EUR' } });
    expectRefused(checkRulingDraft(dispute, euros, now), 'currency_mismatch');
  });

  it('rejecting a claim cites evidence or the reason insufficient evidence', () => {
    const rejection = makeDraft({ outcome: 'claim_rejected' });
    expectRefused(checkRulingDraft(withEvidence, rejection, now), 'rejection_unsupported');
    const citing = valueOf(checkRulingDraft(withEvidence, { ...rejection, citedEvidenceIds: ['E-1'] }, now));
    expect(citing.refund).toEqual(usd(0));
    const insufficient = valueOf(checkRulingDraft(withEvidence, { ...rejection, rejectionReason: 'insufficient_evidence' }, now));
    expect(insufficient.refund).toEqual(usd(0));
  });

  it('a ruling cites only evidence on the dispute', () => {
    expectRefused(checkRulingDraft(withEvidence, makeDraft({ citedEvidenceIds: ['E-1', 'E-404'] }), now), 'evidence_not_found');
  });

  it('citing evidence that came after its due date needs a written reason', () => {
    expectRefused(checkRulingDraft(withEvidence, makeDraft({ citedEvidenceIds: ['E-2'] }), now), 'late_evidence_cited');
    expectRefused(checkRulingDraft(withEvidence, makeDraft({ citedEvidenceIds: ['E-2'], lateEvidenceOverride: '  ' }), now), 'late_evidence_cited');
    const reasoned = makeDraft({ citedEvidenceIds: ['E-2'], lateEvidenceOverride: 'The courier lost the first upload.' });
    expect(checkRulingDraft(withEvidence, reasoned, now).ok).toBe(true);
  });

  it('the refund of a returned item waits for the seller\'s receipt confirmation', () => {
    expectRefused(checkReturnedItemRefund(makeDispute()), 'return_not_received');
    const shippedReturn = { requestedAt: now, address: 'Room 5', addressConfirmedAt: now, trackingNumber: 'RR1', shippedAt: now };
    const shipped = makeDispute({ return: { ...shippedReturn, stage: 'shipped' } });
    expectRefused(checkReturnedItemRefund(shipped), 'return_not_received');
    const received = makeDispute({ return: { ...shippedReturn, stage: 'received', receivedAt: now } });
    expect(checkReturnedItemRefund(received).ok).toBe(true);
  });
});

describe('refunds and offers', () => {
  it('writes amounts in the currency\'s own minor units', () => {
    const yen = makeDispute({ order: { ...makeDispute().order, paid: { amountMinor: 5000, currency: 'JPY' } } });
    const refusal = refusalOf(checkRefundWithinOrder(yen.order, { amountMinor: 6000, currency: 'JPY' }, 'refund_offer'));
    expect(refusal.message).toContain('JPY 6000 is more than the JPY 5000');
    const cents = { ...makeDispute().order, paid: usd(3) };
    expect(refusalOf(checkRefundWithinOrder(cents, usd(5), 'refund_offer')).message).toContain('USD 0.05 is more than the USD 0.03');
    expect(refusalOf(checkRefundWithinOrder(makeDispute().order, usd(4005), 'refund_offer')).message).toContain('USD 40.05');
  });

  it("the buyer can accept only the seller's latest refund offer", () => {
    const offers = [
      makeOffer({ id: 'F-1', refund: usd(1000), at: '2025-02-22T09:00:00Z' }),
      makeOffer({ id: 'F-2', refund: usd(1500), at: '2025-02-23T09:00:00.250Z' }),
      makeOffer({ id: 'F-3', by: 'buyer', refund: usd(3000), at: '2025-02-24T09:00:00Z' }),
      makeOffer({ id: 'F-4', refund: usd(1200), at: '2025-02-23T09:00:00Z' }),
    ];
    expect(latestSellerOffer({ offers })?.id).toBe('F-2');
    expect(latestSellerOffer({ offers: [offers[2]!] })).toBeUndefined();
  });
});
