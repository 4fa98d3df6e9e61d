import { missingCaseError } from '../../../shared/contract/errors';
import type { Dispute, EvidenceItem, RulingDraft } from '../../../shared/domain/model';
import type { Refusal, RefusalCode } from '../../../shared/domain/refusals';
import { isItemLate } from '../../../shared/domain/lateness';
import { checkRulingDraft, type RulingDecision } from '../../../shared/domain/rules';

// The seed's rules as the ruling form shows them: each refusal beside the field it concerns. The
// rules themselves are shared/domain/rules.ts, the same function the case service runs.

/** Where a refusal is shown: beside a field, or over the whole form (which it then disables). */
export type RulingField = 'outcome' | 'refund' | 'rationale' | 'cited' | 'override' | 'rejectionReason' | 'form';

/** The field a refusal concerns. Exhaustive, so a new refusal code must be placed here to build. */
export function fieldOf(code: RefusalCode): RulingField {
  switch (code) {
    case 'return_address_unconfirmed':
    case 'return_not_received':
    case 'no_agreement':
      return 'outcome';
    case 'refund_missing':
    case 'refund_exceeds_paid':
    case 'currency_mismatch':
      return 'refund';
    case 'late_evidence_cited':
    case 'evidence_late':
      return 'override';
    case 'rationale_missing':
      return 'rationale';
    case 'evidence_not_found':
      return 'cited';
    case 'rejection_unsupported':
      return 'rejectionReason';
    // The dispute moved on, or the change is not this person's to make: nothing in the form fixes it.
    case 'dispute_not_found':
    case 'claim_cancelled':
    case 'offer_accepted':
    case 'dispute_closed':
    case 'already_ruled':
    case 'new_evidence':
    case 'not_escalated':
    case 'not_allowed':
    case 'claimed_by_other':
    case 'not_claimed':
    case 'evidence_exists':
    case 'due_in_past':
    case 'due_not_later':
    case 'request_not_found':
    case 'agreement_exists':
    case 'no_seller_offer':
    case 'invalid_transition':
    case 'already_claimed':
    case 'no_requests':
      return 'form';
    default:
      throw missingCaseError(code);
  }
}

/** Every refusal the rules have for a draft, by field, and the decision when there is none. */
export interface RulingCheck {
  problems: Partial<Record<RulingField, Refusal>>;
  decision: RulingDecision | undefined;
}

/**
 * The rules report only the first rule broken, but a form should show every problem at once. So
 * each field-level refusal is noted and that part of the draft set aside (a placeholder rationale,
 * an override, only the cited items that exist) before asking again. Each rule is asked about at
 * most once, so this ends after a handful of checks.
 */
export function checkRulingForm(dispute: Dispute, draft: RulingDraft, now: string): RulingCheck {
  const problems: RulingCheck['problems'] = {};
  let probe = draft;
  for (let round = 0; round < 5; round += 1) {
    const result = checkRulingDraft(dispute, probe, now);
    if (result.ok) return { problems, decision: Object.keys(problems).length === 0 ? result.value : undefined };
    const { refusal } = result;
    const field = fieldOf(refusal.code);
    problems[field] = refusal;
    switch (field) {
      case 'rationale':
        probe = { ...probe, rationale: 'Set aside to check the other rules.' };
        break;
      case 'override':
        probe = { ...probe, lateEvidenceOverride: 'Set aside to check the other rules.' };
        break;
      case 'cited': {
        const known = new Set(dispute.evidence.map((item) => item.id));
        probe = { ...probe, citedEvidenceIds: probe.citedEvidenceIds.filter((id) => known.has(id)) };
        break;
      }
      // The outcome's own rules come last in checkRulingDraft, and the form-level ones first: nothing is left to ask.
      case 'outcome':
      case 'refund':
      case 'rejectionReason':
      case 'form':
        return { problems, decision: undefined };
      default:
        throw missingCaseError(field);
    }
  }
  return { problems, decision: undefined };
}

/** Whether an item answers one of the dispute's requests after its due date as it is now (the one rule, shared/domain/lateness.ts). */
export function isLateItem(dispute: Dispute, item: EvidenceItem): boolean {
  return isItemLate(item, dispute.evidenceRequests);
}
