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
  // Which actions fit (shared/domain/case-actions.ts).
  'already_claimed',
  'no_requests',
] as const;

/** A stable reason the rules refused something. */
export type RefusalCode = (typeof refusalCodes)[number];

/**
 * What a refusal's sentence is made of, for the renderer to word in the user's language: evidence
 * and people by id (the renderer names them), times as ISO-8601, money in minor units with its
 * currency. Only plain values, so a refusal crosses the network and IndexedDB unchanged.
 * Names the renderer knows: `variant` (which sentence of the code), `evidenceId`, `evidenceIds`,
 * `userId`, any `…At` (a time), `refund`/`paid` (money), `state`, `event`, `role`, `action`,
 * `refundKind`, `party`/`requestParty`, `currency`/`paidCurrency`, `count`.
 */
export type RefusalParam = string | number | readonly string[] | { amountMinor: number; currency: string };
/** A refusal's parameters by name. */
export type RefusalParams = Readonly<Record<string, RefusalParam>>;

/**
 * A refusal: a stable code, its parameters, and an English sentence a case manager can act on.
 * The renderer words the code and parameters in the user's language; `message` is the same
 * sentence in English, for logs, the CLI and desks older than a code.
 */
export interface Refusal {
  code: RefusalCode;
  message: string;
  params?: RefusalParams;
}

/** The outcome of a rule: allowed (with a value), or refused with a reason. */
export type RuleResult<T = undefined> = { ok: true; value: T } | { ok: false; refusal: Refusal };

/**
 * Builds a refusal outcome. Every rule's refusal carries params (empty when its words need none):
 * their presence tells the renderer the code's words fit; a refusal without them is worded by
 * its English message.
 */
export function refuse(code: RefusalCode, message: string, params: RefusalParams = {}): { ok: false; refusal: Refusal } {
  return { ok: false, refusal: { code, message, params } };
}

/** Builds an allowed outcome. */
export function allow<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}
