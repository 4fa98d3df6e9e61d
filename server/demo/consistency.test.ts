import { describe, expect, it } from 'vitest';
import type { Dispute, ReturnStage } from '../../shared/domain/model';
import type { Money } from '../../shared/domain/money';
import { hasConfirmedReturnAddress } from '../../shared/domain/returns';
import { isEvidenceLate } from '../../shared/domain/lateness';
import { checkRefundWithinOrder, checkRulingDraft, latestSellerOffer, type RefundKind } from '../../shared/domain/rules';
import { generateDisputes } from './generate';
import { caseManagerIds } from './users';

// Every generated dispute tells a story the shared rules could have produced: these checks use
// the rules themselves where they exist, so the demo workspace cannot drift from them.

const now = '2025-06-01T12:00:00.000Z';
const disputes = generateDisputes({ count: 1500, seed: 21, now });
const withTeam = new Set(['escalated', 'awaiting_evidence', 'under_review', 'ruled', 'closed', 'settled']);
const ended = new Set(['closed', 'cancelled', 'offer_accepted', 'settled']);
const stages: ReturnStage[] = ['requested', 'address_confirmed', 'shipped', 'received', 'refunded'];

function each(check: (dispute: Dispute) => void): void {
  for (const dispute of disputes) {
    try {
      check(dispute);
    } catch (error) {
      throw new Error(`${dispute.id} (${dispute.state}): ${(error as Error).message}`, { cause: error });
    }
  }
}

function ms(stamp: string | undefined): number {
  return stamp === undefined ? Number.NaN : Date.parse(stamp);
}

describe('generated disputes follow the rules', () => {
  it('have escalation, evidence requests and closing that fit their state', () => {
    each((dispute) => {
      if (withTeam.has(dispute.state)) expect(dispute.escalatedAt).toBeDefined();
      if (dispute.state === 'negotiating') expect(dispute.escalatedAt).toBeUndefined();
      if (dispute.state === 'negotiating' || dispute.state === 'escalated') expect(dispute.evidenceRequests).toEqual([]);
      expect(dispute.closedAt !== undefined).toBe(ended.has(dispute.state));
      expect(dispute.ruling !== undefined).toBe(['ruled', 'closed', 'settled'].includes(dispute.state));
      if (dispute.state === 'negotiating') expect(dispute.assignee).toBeUndefined();
    });
  });

  it('keep at least one request unanswered while awaiting evidence', () => {
    each((dispute) => {
      if (dispute.state !== 'awaiting_evidence') return;
      expect(dispute.evidenceRequests.length).toBeGreaterThan(0);
      expect(dispute.evidenceRequests.some((request) => !dispute.evidence.some((item) => item.requestId === request.id))).toBe(true);
    });
  });

  it('accept an offer only when the seller made one, before the dispute closed', () => {
    each((dispute) => {
      if (dispute.state !== 'offer_accepted') return;
      const accepted = latestSellerOffer(dispute);
      expect(accepted).toBeDefined();
      expect(ms(accepted!.at)).toBeLessThanOrEqual(ms(dispute.closedAt));
    });
  });

  it('settle only with agreed terms, ruled as agreed', () => {
    each((dispute) => {
      if (dispute.state !== 'settled') return;
      expect(dispute.agreement).toBeDefined();
      expect(dispute.ruling?.outcome).toBe('as_agreed');
      expect(dispute.ruling?.refund).toEqual(dispute.agreement!.refund);
      expect(dispute.closedAt).toBe(dispute.ruling?.ruledAt);
    });
    expect(disputes.some((dispute) => dispute.agreement !== undefined && dispute.state === 'under_review')).toBe(true);
  });

  it('record rulings the rules accept on the dispute as it stood, by a case manager who holds it', () => {
    each((dispute) => {
      const { ruling } = dispute;
      if (!ruling) return;
      const before: Dispute = { ...dispute, state: 'under_review' };
      delete before.ruling;
      delete before.closedAt;
      const { ruledBy, ruledAt, refund, ...draft } = ruling;
      const checked = checkRulingDraft(before, { ...draft, ...(ruling.outcome === 'partial_refund' && { refund }) }, ruledAt);
      expect(checked).toMatchObject({ ok: true, value: { refund } });
      expect(caseManagerIds).toContain(ruledBy);
      expect(dispute.assignee).toBe(ruledBy);
      for (const id of ruling.citedEvidenceIds) expect(ms(dispute.evidence.find((item) => item.id === id)!.submittedAt)).toBeLessThanOrEqual(ms(ruledAt));
    });
    const outcomes = new Set(disputes.flatMap((dispute) => (dispute.ruling ? [dispute.ruling.outcome] : [])));
    expect(outcomes).toEqual(new Set(['full_refund', 'partial_refund', 'refund_after_return', 'claim_rejected', 'as_agreed']));
    expect(disputes.some((dispute) => dispute.ruling?.lateEvidenceOverride !== undefined)).toBe(true);
    expect(disputes.some((dispute) => dispute.ruling?.rejectionReason === 'insufficient_evidence')).toBe(true);
  });

  it('rule refund_after_return only on a confirmed return address, closing when the item is back', () => {
    each((dispute) => {
      if (dispute.ruling?.outcome !== 'refund_after_return') return;
      expect(hasConfirmedReturnAddress(dispute.return)).toBe(true);
      expect(ms(dispute.return!.addressConfirmedAt)).toBeLessThanOrEqual(ms(dispute.ruling.ruledAt));
      if (dispute.state === 'ruled') expect(['address_confirmed', 'shipped']).toContain(dispute.return!.stage);
      if (dispute.state === 'closed') expect(dispute.return).toMatchObject({ stage: 'refunded', refundedAt: dispute.closedAt });
    });
  });

  it('walk returns through their stages in order, with what each stage needs', () => {
    each((dispute) => {
      const made = dispute.return;
      if (!made) return;
      const reached = stages.indexOf(made.stage);
      const steps = [made.requestedAt, made.addressConfirmedAt, made.shippedAt, made.receivedAt, made.refundedAt];
      steps.forEach((at, index) => expect(at !== undefined).toBe(index <= reached));
      expect((made.address ?? '') !== '').toBe(reached >= 1);
      expect(made.trackingNumber !== undefined).toBe(reached >= 2);
      const times = steps.slice(0, reached + 1).map(ms);
      expect([...times].sort((a, b) => a - b)).toEqual(times);
      if (made.stage === 'refunded') expect(dispute.state).toBe('closed');
    });
  });

  it('keep every refund in the order currency and within what was paid', () => {
    each((dispute) => {
      const { order } = dispute;
      const refunds: [Money, RefundKind][] = [
        [dispute.claim.requestedRefund, 'refund_offer'],
        ...dispute.offers.map((made) => [made.refund, 'refund_offer'] as [Money, RefundKind]),
        ...(dispute.agreement ? [[dispute.agreement.refund, 'agreed_refund'] as [Money, RefundKind]] : []),
        ...(dispute.ruling ? [[dispute.ruling.refund, 'partial_refund'] as [Money, RefundKind]] : []),
      ];
      for (const [refund, what] of refunds) expect(checkRefundWithinOrder(order, refund, what)).toEqual({ ok: true, value: undefined });
      const lines = order.items.reduce((sum, item) => sum + item.unitPrice.amountMinor * item.quantity, 0);
      expect(order.paid.amountMinor).toBeGreaterThanOrEqual(lines);
      for (const item of order.items) expect(item.unitPrice.currency).toBe(order.paid.currency);
    });
  });

  it('answer requests from the party asked, after the request, flagging late answers', () => {
    let late = 0;
    each((dispute) => {
      for (const item of dispute.evidence) {
        if (item.channel === 'upload') expect(item.sha256 && item.mediaType && item.sizeBytes !== undefined).toBeTruthy();
        else expect(item.url).toMatch(/^https:\/\//);
        if (item.requestId === undefined) continue;
        const request = dispute.evidenceRequests.find((candidate) => candidate.id === item.requestId);
        expect(request?.party).toBe(item.party);
        expect(ms(item.submittedAt)).toBeGreaterThanOrEqual(ms(request!.requestedAt));
        if (isEvidenceLate(item, request!)) late += 1;
      }
      expect(new Set(dispute.evidence.map((item) => item.id)).size).toBe(dispute.evidence.length);
    });
    expect(late).toBeGreaterThan(10);
  });

  it('happen in order and never after now', () => {
    const limit = ms(now);
    each((dispute) => {
      const { order } = dispute;
      expect(ms(order.placedAt)).toBeLessThan(ms(dispute.openedAt));
      if (order.shippedAt) expect(ms(order.shippedAt)).toBeLessThan(ms(dispute.openedAt));
      if (dispute.escalatedAt) expect(ms(dispute.escalatedAt)).toBeGreaterThan(ms(dispute.openedAt));
      const messageTimes = dispute.messages.map((message) => ms(message.at));
      expect([...messageTimes].sort((a, b) => a - b)).toEqual(messageTimes);
      const stamped = [
        dispute.openedAt, dispute.escalatedAt, dispute.closedAt, dispute.ruling?.ruledAt, dispute.agreement?.recordedAt,
        dispute.return?.requestedAt, dispute.return?.addressConfirmedAt, dispute.return?.shippedAt, dispute.return?.receivedAt,
        dispute.return?.refundedAt,
        ...dispute.messages.map((message) => message.at), ...dispute.offers.map((made) => made.at),
        ...dispute.evidence.map((item) => item.submittedAt), ...dispute.evidenceRequests.map((request) => request.requestedAt),
      ].filter((at): at is string => at !== undefined).map(ms);
      expect(Math.max(...stamped)).toBe(ms(dispute.updatedAt));
      expect(ms(dispute.updatedAt)).toBeLessThanOrEqual(limit);
    });
  });

  it('assign disputes only to the demo case managers, leaving some in the queue', () => {
    each((dispute) => {
      if (dispute.assignee !== undefined) expect(caseManagerIds).toContain(dispute.assignee);
    });
    const open = disputes.filter((dispute) => dispute.state === 'escalated');
    expect(open.some((dispute) => dispute.assignee === undefined)).toBe(true);
    expect(open.some((dispute) => dispute.assignee !== undefined)).toBe(true);
  });
});
