import { describe, expect, it } from 'vitest';
import type { Dispute } from '../domain/model';
import type { RuleResult } from '../domain/refusals';
import { isReadableSentence, makeDispute, makeRequest, now, refusalOf, valueOf } from '../domain/test-fixtures';
import { applyMutation, type Actor, type ParsedMutation } from './apply';

const ana: Actor = { id: 'cm-ana', role: 'case_manager' };
const ben: Actor = { id: 'cm-ben', role: 'case_manager' };
const lead: Actor = { id: 'tl-lee', role: 'team_lead' };
const disputeId = 'D-1001';
const later = new Date(Date.parse(now) + 3 * 86_400_000).toISOString().replace('.000', '');
const earlier = new Date(Date.parse(now) - 86_400_000).toISOString().replace('.000', '');

function run(dispute: Dispute, mutation: ParsedMutation, actor: Actor = ana) {
  return applyMutation(dispute, mutation, dispute.version, { actor, now });
}

function expectRefused(result: RuleResult<unknown>, code: string): void {
  const refusal = refusalOf(result);
  expect(refusal.code).toBe(code);
  expect(refusal.message).toSatisfy(isReadableSentence);
}

const request = (dueAt: string, id = 'R-new'): ParsedMutation => ({
  name: 'evidence.request',
  args: { disputeId, request: { id, party: 'seller', kinds: ['video'], note: 'A packing video, please.', dueAt } },
});

describe('evidence.request', () => {
  it('asks a party for evidence and waits on it', () => {
    const applied = valueOf(run(makeDispute({ state: 'under_review', assignee: 'cm-ana' }), request(later)));
    expect(applied.dispute.state).toBe('awaiting_evidence');
    expect(applied.dispute.evidenceRequests.at(-1)).toMatchObject({ id: 'R-new', party: 'seller', dueAt: later, requestedAt: now });
  });

  it('refuses a due date in the past, a colleague’s case and an ended dispute', () => {
    expectRefused(run(makeDispute({ state: 'escalated' }), request(earlier)), 'due_in_past');
    expectRefused(run(makeDispute({ state: 'escalated', assignee: 'cm-ben' }), request(later)), 'claimed_by_other');
    expect(run(makeDispute({ state: 'escalated', assignee: 'cm-ben' }), request(later), lead).ok).toBe(true);
    expectRefused(run(makeDispute({ state: 'cancelled' }), request(later)), 'claim_cancelled');
  });
});

describe('evidence.extendDue', () => {
  const extend = (dueAt: string, requestId = 'R-1'): ParsedMutation => ({ name: 'evidence.extendDue', args: { disputeId, requestId, dueAt } });
  const waiting = () => makeDispute({ state: 'awaiting_evidence', evidenceRequests: [makeRequest({ id: 'R-1', dueAt: now })] });

  it('moves a due date later', () => {
    expect(valueOf(run(waiting(), extend(later))).dispute.evidenceRequests[0]?.dueAt).toBe(later);
  });

  it('refuses an earlier date, an unknown request and a colleague’s case', () => {
    expectRefused(run(waiting(), extend(earlier)), 'due_not_later');
    expectRefused(run(waiting(), extend(later, 'R-404')), 'request_not_found');
    expectRefused(run({ ...waiting(), assignee: 'cm-ana' }, extend(later), ben), 'claimed_by_other');
  });
});

describe('case.note', () => {
  it('keeps the team’s note with who and when, on an ended dispute too', () => {
    const note: ParsedMutation = { name: 'case.note', args: { disputeId, note: { id: 'IN-1', text: 'Seller called; tracking shows delivered to a locker.' } } };
    expect(valueOf(run(makeDispute({ state: 'closed' }), note, lead)).dispute.internalNotes).toEqual([
      { id: 'IN-1', text: 'Seller called; tracking shows delivered to a locker.', by: 'tl-lee', at: now },
    ]);
  });
});

describe('agreement.record', () => {
  const agree = (amountMinor: number, currency = 'USD'): ParsedMutation => ({
    name: 'agreement.record',
    args: { disputeId, agreement: { terms: 'Half back, buyer keeps the item.', refund: { amountMinor, currency }, withReturn: false, submittedBy: 'buyer' } },
  });

  it('records terms the parties agreed, stamped by the service', () => {
    const dispute = makeDispute({ state: 'under_review' });
    const applied = valueOf(run(dispute, agree(Math.floor(dispute.order.paid.amountMinor / 2), dispute.order.paid.currency)));
    expect(applied.dispute.agreement).toMatchObject({ withReturn: false, recordedAt: now });
  });

  it('refuses a refund above what was paid, another currency, second terms and a ruled dispute', () => {
    const dispute = makeDispute({ state: 'under_review' });
    expectRefused(run(dispute, agree(dispute.order.paid.amountMinor + 1, dispute.order.paid.currency)), 'refund_exceeds_paid');
    expectRefused(run(dispute, agree(100, dispute.order.paid.currency === 'EUR' ? 'USD' : 'EUR')), 'currency_mismatch');
    const agreed = valueOf(run(dispute, agree(100, dispute.order.paid.currency))).dispute;
    expectRefused(run(agreed, agree(100, dispute.order.paid.currency)), 'agreement_exists');
    expectRefused(run(makeDispute({ state: 'ruled' }), agree(100, dispute.order.paid.currency)), 'already_ruled');
  });
});
