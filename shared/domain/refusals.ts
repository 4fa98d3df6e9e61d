/**
 * Why the rules refuse something. Stable codes: the renderer's "Needs attention" list, the
 * service's rejected mutations and the tests branch on them. Add codes; never rename one.
 */
export const refusalCodes = [
  // The dispute moved on without us.
  'dispute_not_found',
  'claim_cancelled',
  'offer_accepted',
  'dispute_closed',
  'already_ruled',
  'new_evidence',
  'not_escalated',
  // Who may do it.
  'not_allowed',
  'claimed_by_other',
  'not_claimed',
  // The seed's rules for a ruling.
  'rationale_missing',
  'return_address_unconfirmed',
  'return_not_received',
  'no_agreement',
  'refund_exceeds_paid',
  'refund_missing',
  'currency_mismatch',
  'rejection_unsupported',
  'evidence_not_found',
  'late_evidence_cited',
  // The seed's rules for evidence and the marketplace's events.
  'evidence_late',
  'evidence_exists',
  // The case actions.
  'due_in_past',
  'due_not_later',
  'request_not_found',
  'agreement_exists',
  'no_seller_offer',
  'invalid_transition',
] as const;

/** A stable reason the rules refused something. */
export type RefusalCode = (typeof refusalCodes)[number];

/** A refusal: a stable code and a sentence a case manager can act on. */
export interface Refusal {
  code: RefusalCode;
  message: string;
}

/** The outcome of a rule: allowed (with a value), or refused with a reason. */
export type RuleResult<T = undefined> = { ok: true; value: T } | { ok: false; refusal: Refusal };

/** Builds a refusal outcome. */
export function refuse(code: RefusalCode, message: string): { ok: false; refusal: Refusal } {
  return { ok: false, refusal: { code, message } };
}

/** Builds an allowed outcome. */
export function allow<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}
