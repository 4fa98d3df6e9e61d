import { missingCaseError } from '../contract/errors';
import type { Dispute, DisputeState } from './model';
import { allow, refuse, type Refusal, type RuleResult } from './refusals';

/**
 * What can happen to a dispute. Some events move it along the main path, some end it (the seed's
 * exits), and some only need it to still be open (an offer, evidence, a step of a return).
 */
export type LifecycleEvent =
  | 'escalate'
  | 'request_evidence'
  | 'begin_review'
  | 'rule'
  | 'close'
  | 'cancel_claim'
  | 'accept_offer'
  | 'settle'
  | 'make_offer'
  | 'submit_evidence'
  | 'progress_return';

/** A dispute state in the words a case manager reads in a sentence. */
export function describeState(state: DisputeState): string {
  switch (state) {
    case 'negotiating':
      return 'still being negotiated by the buyer and seller';
    case 'escalated':
      return 'escalated to the Case Management Team';
    case 'awaiting_evidence':
      return 'waiting for requested evidence';
    case 'under_review':
      return 'under review';
    case 'ruled':
      return 'ruled';
    case 'closed':
      return 'closed';
    case 'cancelled':
      return 'cancelled by the buyer';
    case 'offer_accepted':
      return "closed by the buyer accepting the seller's refund offer";
    case 'settled':
      return 'settled as the parties agreed';
    default:
      throw missingCaseError(state);
  }
}

/** Whether nothing more can happen to a dispute in this state. */
export function isFinal(state: DisputeState): boolean {
  return endedRefusal(state) !== undefined;
}

/**
 * Why nothing more can happen to a dispute that has ended, or undefined while it is still alive.
 * Each ending has its own code because the "Needs attention" list tells the user what happened.
 */
function endedRefusal(state: DisputeState): Refusal | undefined {
  switch (state) {
    case 'negotiating':
    case 'escalated':
    case 'awaiting_evidence':
    case 'under_review':
    case 'ruled':
      return undefined;
    case 'cancelled':
      return {
        code: 'claim_cancelled',
        message: 'The buyer cancelled this claim, so there is nothing left to decide. Move on to the next dispute in your queue.',
        params: { state },
      };
    case 'offer_accepted':
      return {
        code: 'offer_accepted',
        message:
          "The buyer accepted the seller's latest refund offer, which closed this dispute. No ruling is needed; move on to the next dispute.",
        params: { state },
      };
    case 'closed':
      return { code: 'dispute_closed', message: 'This dispute is already closed. Nothing more can be done on it here.', params: { state } };
    case 'settled':
      return {
        code: 'dispute_closed',
        message: 'The buyer and seller submitted agreed terms and the dispute was processed as they agreed. No ruling is needed.',
        params: { state, variant: 'settled' },
      };
    default:
      throw missingCaseError(state);
  }
}

/** Refuses, with the code of how it ended, anything done to a dispute that has ended. */
export function checkNotEnded(state: DisputeState): RuleResult {
  const ended = endedRefusal(state);
  return ended ? { ok: false, refusal: ended } : allow(undefined);
}

/** Whether the case manager can rule on a dispute now, and if not, why not. */
export function rulabilityOf(dispute: Pick<Dispute, 'state'>): RuleResult {
  const { state } = dispute;
  switch (state) {
    case 'escalated':
    case 'awaiting_evidence':
    case 'under_review':
      return allow(undefined);
    case 'negotiating':
      return refuse(
        'not_escalated',
        'The buyer and seller are still negotiating and have not escalated this dispute. Wait for it to be escalated before ruling.',
        { state },
      );
    case 'ruled':
      return alreadyRuled();
    case 'closed':
    case 'cancelled':
    case 'offer_accepted':
    case 'settled':
      return checkNotEnded(state);
    default:
      throw missingCaseError(state);
  }
}

function alreadyRuled(): { ok: false; refusal: Refusal } {
  return refuse(
    'already_ruled',
    'This dispute has already been ruled. Open the recorded ruling, and ask a team lead if it needs correcting.',
    { state: 'ruled' },
  );
}

/** Whether the Case Management Team has taken the dispute over and not ruled yet. */
function isWithTheTeam(state: DisputeState): boolean {
  return state === 'escalated' || state === 'awaiting_evidence' || state === 'under_review';
}

function eventWords(event: LifecycleEvent): string {
  switch (event) {
    case 'escalate':
      return 'escalated';
    case 'request_evidence':
      return 'asked for evidence';
    case 'begin_review':
      return 'put under review';
    case 'rule':
      return 'ruled';
    case 'close':
      return 'closed';
    case 'cancel_claim':
      return 'cancelled';
    case 'accept_offer':
      return 'closed by accepting an offer';
    case 'settle':
      return 'settled by agreed terms';
    case 'make_offer':
      return 'given a new refund offer';
    case 'submit_evidence':
      return 'given new evidence';
    case 'progress_return':
      return 'moved along its return';
    default:
      throw missingCaseError(event);
  }
}

function invalid(from: DisputeState, event: LifecycleEvent): { ok: false; refusal: Refusal } {
  return refuse(
    'invalid_transition',
    `A dispute that is ${describeState(from)} cannot be ${eventWords(event)}. Reload the dispute to see where it stands now.`,
    { variant: 'transition', state: from, event },
  );
}

/**
 * For the parties' own moves (cancel, accept, agree, offer, evidence), called once the dispute is
 * known not to have ended. After a ruling they come too late: only the return and closing remain.
 */
function unlessRuled(from: DisputeState, to: DisputeState): RuleResult<DisputeState> {
  return from === 'ruled' ? alreadyRuled() : allow(to);
}

/**
 * Whether `event` may happen to a dispute in state `from`, and the state it leads to. Ended
 * disputes refuse everything with the code of how they ended.
 */
export function transition(from: DisputeState, event: LifecycleEvent): RuleResult<DisputeState> {
  const ended = endedRefusal(from);
  if (ended) return { ok: false, refusal: ended };
  switch (event) {
    case 'escalate':
      return from === 'negotiating' ? allow('escalated') : invalid(from, event);
    case 'request_evidence':
      return isWithTheTeam(from) ? allow('awaiting_evidence') : invalid(from, event);
    case 'begin_review':
      return from === 'escalated' || from === 'awaiting_evidence' ? allow('under_review') : invalid(from, event);
    case 'rule': {
      const rulable = rulabilityOf({ state: from });
      return rulable.ok ? allow('ruled') : rulable;
    }
    case 'close':
      return from === 'ruled' ? allow('closed') : invalid(from, event);
    case 'cancel_claim':
      return unlessRuled(from, 'cancelled');
    case 'accept_offer':
      return unlessRuled(from, 'offer_accepted');
    case 'settle':
      return unlessRuled(from, 'settled');
    case 'make_offer':
    case 'submit_evidence':
      return unlessRuled(from, from);
    case 'progress_return':
      // A return continues after a ruling: refund_after_return waits for it.
      return allow(from);
    default:
      throw missingCaseError(event);
  }
}
