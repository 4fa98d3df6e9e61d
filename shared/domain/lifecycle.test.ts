import { describe, expect, it } from 'vitest';
import { checkNotEnded, describeState, isFinal, rulabilityOf, transition, type LifecycleEvent } from './lifecycle';
import { disputeStateSchema, type DisputeState } from './model';
import { isReadableSentence, refusalOf, valueOf } from './test-fixtures';

const states = disputeStateSchema.options;
const events: LifecycleEvent[] = [
  'escalate',
  'request_evidence',
  'begin_review',
  'rule',
  'close',
  'cancel_claim',
  'accept_offer',
  'settle',
  'make_offer',
  'submit_evidence',
  'progress_return',
];

describe('the dispute lifecycle', () => {
  it('follows the main path from negotiation to a closed ruling', () => {
    const path: [LifecycleEvent, DisputeState][] = [
      ['escalate', 'escalated'],
      ['request_evidence', 'awaiting_evidence'],
      ['begin_review', 'under_review'],
      ['rule', 'ruled'],
      ['close', 'closed'],
    ];
    let state: DisputeState = 'negotiating';
    for (const [event, expected] of path) {
      state = valueOf(transition(state, event));
      expect(state).toBe(expected);
    }
  });

  it('knows which states are final', () => {
    expect(states.filter(isFinal)).toEqual(['closed', 'cancelled', 'offer_accepted', 'settled']);
  });

  it('a closed, cancelled or accepted dispute cannot be ruled', () => {
    const expected = { closed: 'dispute_closed', settled: 'dispute_closed', cancelled: 'claim_cancelled', offer_accepted: 'offer_accepted' };
    for (const [state, code] of Object.entries(expected)) {
      const refusal = refusalOf(rulabilityOf({ state: state as DisputeState }));
      expect(refusal.code).toBe(code);
      expect(refusal.message).toSatisfy(isReadableSentence);
    }
    for (const state of ['escalated', 'awaiting_evidence', 'under_review'] as const) {
      expect(rulabilityOf({ state }).ok).toBe(true);
    }
  });

  it('a dispute still in negotiation, or already ruled, cannot be ruled', () => {
    expect(refusalOf(rulabilityOf({ state: 'negotiating' })).code).toBe('not_escalated');
    expect(refusalOf(rulabilityOf({ state: 'ruled' })).code).toBe('already_ruled');
    expect(refusalOf(transition('ruled', 'rule')).code).toBe('already_ruled');
  });

  it('an ended dispute refuses every event with the code of how it ended', () => {
    for (const state of states.filter(isFinal)) {
      const ended = refusalOf(checkNotEnded(state));
      for (const event of events) expect(refusalOf(transition(state, event))).toEqual(ended);
    }
  });

  it("after a ruling the parties' own moves come too late, but the return goes on", () => {
    for (const event of ['cancel_claim', 'accept_offer', 'settle', 'make_offer', 'submit_evidence'] as const) {
      expect(refusalOf(transition('ruled', event)).code).toBe('already_ruled');
    }
    expect(valueOf(transition('ruled', 'progress_return'))).toBe('ruled');
  });

  it('refuses a move that skips the path with a readable sentence', () => {
    const refusal = refusalOf(transition('negotiating', 'close'));
    expect(refusal.code).toBe('invalid_transition');
    expect(refusal.message).toSatisfy(isReadableSentence);
    expect(refusalOf(transition('under_review', 'escalate')).code).toBe('invalid_transition');
    expect(refusalOf(transition('negotiating', 'request_evidence')).code).toBe('invalid_transition');
  });

  it('describes every state in words and every refusal as a sentence', () => {
    for (const state of states) {
      expect(describeState(state)).not.toMatch(/_/);
      for (const event of events) {
        const result = transition(state, event);
        if (!result.ok) expect(result.refusal.message).toSatisfy(isReadableSentence);
      }
    }
  });
});
