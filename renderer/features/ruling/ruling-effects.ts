import type { TFunction } from 'i18next';
import { missingCaseError } from '../../../shared/contract/errors';
import type { Dispute } from '../../../shared/domain/model';
import type { RulingDecision } from '../../../shared/domain/rules';
import { formatList, formatMoney } from '../../ui/format';

/**
 * What a ruling will do, in plain sentences for the confirmation step: who gets what back, what
 * happens to the dispute, what it rests on, and when the case service hears of it. Worked out
 * from the rules' decision, so the amount is the one the service will record.
 */
export function rulingEffects(decision: RulingDecision, dispute: Dispute, t: TFunction, locale: string): string[] {
  const amount = formatMoney(decision.refund, locale);
  const paid = formatMoney(dispute.order.paid, locale);
  const sentences: string[] = [];
  const { outcome } = decision;
  switch (outcome) {
    case 'full_refund':
      sentences.push(t('ruling.effects.fullRefund', { amount }));
      break;
    case 'partial_refund':
      sentences.push(t('ruling.effects.partialRefund', { amount, paid }));
      break;
    case 'refund_after_return':
      sentences.push(t('ruling.effects.afterReturn', { amount, address: dispute.return?.address ?? '' }));
      break;
    case 'claim_rejected':
      sentences.push(t('ruling.effects.rejected'));
      if (decision.rejectionReason !== undefined) {
        sentences.push(t('ruling.effects.rejectionReason', { reason: t(`case.ruling.rejectionReasons.${decision.rejectionReason}`) }));
      }
      break;
    case 'as_agreed':
      sentences.push(t(dispute.agreement?.withReturn ? 'ruling.effects.asAgreedWithReturn' : 'ruling.effects.asAgreed', { amount }));
      break;
    default:
      throw missingCaseError(outcome);
  }
  sentences.push(t(outcome === 'as_agreed' ? 'ruling.effects.settles' : 'ruling.effects.rules'));
  sentences.push(
    decision.citedEvidenceIds.length === 0
      ? t('ruling.effects.citesNothing')
      : t('ruling.effects.cites', { items: formatList(decision.citedEvidenceIds, locale) }),
  );
  if (decision.lateEvidenceOverride !== undefined) sentences.push(t('ruling.effects.lateOverride', { reason: decision.lateEvidenceOverride }));
  sentences.push(t('ruling.effects.sync'));
  return sentences;
}
