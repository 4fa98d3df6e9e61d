import { describe, expect, it } from 'vitest';
import type { Dispute } from '../domain/model';
import type { RuleResult } from '../domain/refusals';
import { isReadableSentence, makeDispute, now, refusalOf, usd, valueOf } from '../domain/test-fixtures';
import { applyMutation, type Actor, type ParsedMutation } from './apply';

const ana: Actor = { id: 'cm-ana', role: 'case_manager' };
const ben: Actor = { id: 'cm-ben', role: 'case_manager' };
const lead: Actor = { id: 'tl-lee', role: 'team_lead' };
const disputeId = 'D-1001';

function ruled(): Dispute {
  return makeDispute({
    state: 'ruled',
    assignee: 'cm-ana',
    ruling: { outcome: 'full_refund', refund: usd(4_999), rationale: 'Never delivered.', citedEvidenceIds: [], policyCodes: [], ruledBy: 'cm-ana', ruledAt: now },
  });
}

function run(dispute: Dispute, mutation: ParsedMutation, actor: Actor) {
  return applyMutation(dispute, mutation, dispute.version, { actor, now });
}

function expectRefused(result: RuleResult<unknown>, code: string): void {
  const refusal = refusalOf(result);
  expect(refusal.code).toBe(code);
  expect(refusal.message).toSatisfy(isReadableSentence);
}

describe('ruling.overturn', () => {
  const overturn: ParsedMutation = { name: 'ruling.overturn', args: { disputeId, reason: 'The tracking shows delivery to the buyer’s address.' } };

  it('keeps the overturned ruling with why, and sends the dispute back to review', () => {
    const { dispute, audit } = valueOf(run(ruled(), overturn, lead));
    expect(dispute.state).toBe('under_review');
    expect(dispute.ruling).toBeUndefined();
    expect(dispute.overturnedRulings).toEqual([expect.objectContaining({ outcome: 'full_refund', ruledBy: 'cm-ana', overturnedBy: 'tl-lee', overturnedAt: now })]);
    expect(audit).toMatchObject({ action: 'ruling.overturn', payload: { ruledBy: 'cm-ana', reason: expect.stringMatching(/tracking/) } });
  });

  it('is for team leads only, and only on a ruled dispute', () => {
    const refused = run(ruled(), overturn, ana);
    expectRefused(refused, 'not_allowed');
    expect(refusalOf(refused).message).toMatch(/Ask a team lead/);
    expectRefused(run(makeDispute({ state: 'closed' }), overturn, lead), 'dispute_closed');
    expectRefused(run(makeDispute({ state: 'under_review' }), overturn, lead), 'invalid_transition');
  });
});

describe('second reviews', () => {
  const assign = (reviewerId: string): ParsedMutation => ({ name: 'review.assign', args: { disputeId, reviewerId } });
  const review = (verdict: 'agree' | 'disagree', comment = ''): ParsedMutation => ({ name: 'review.record', args: { disputeId, verdict, comment } });

  it('a team lead assigns a ruling to a colleague, who records a verdict', () => {
    const assigned = valueOf(run(ruled(), assign('cm-ben'), lead)).dispute;
    expect(assigned.secondReview).toEqual({ reviewerId: 'cm-ben', assignedBy: 'tl-lee', assignedAt: now });
    const reviewed = valueOf(run(assigned, review('disagree', 'The photos show the box intact.'), ben)).dispute;
    expect(reviewed.secondReview).toMatchObject({ verdict: 'disagree', comment: 'The photos show the box intact.', reviewedAt: now });
  });

  it('refuses the ruling’s own author as reviewer, someone else’s review, and a disagreement without a reason', () => {
    expectRefused(run(ruled(), assign('cm-ana'), lead), 'not_allowed');
    expectRefused(run(ruled(), assign('cm-ben'), ana), 'not_allowed');
    const assigned = valueOf(run(ruled(), assign('cm-ben'), lead)).dispute;
    expectRefused(run(assigned, review('agree'), ana), 'not_allowed');
    expectRefused(run(assigned, review('disagree'), ben), 'rationale_missing');
    expectRefused(run(ruled(), review('agree'), ben), 'invalid_transition');
  });
});
