import type { TFunction } from 'i18next';
import { missingCaseError } from '../../../shared/contract/errors';
import type { RulingDraft } from '../../../shared/domain/model';
import { parseMutation } from '../../../shared/sync/apply';
import type { OutboxEntry } from '../../data/db';
import { formatDateTime, formatMoney } from '../../ui/format';
import { evidenceName, outcomeLabel, partyLabel } from '../../ui/labels';

function excerpt(text: string): string {
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

/**
 * A change from the outbox in a few words: "Ruling: Full refund", "Evidence requested from the
 * buyer". An entry that no longer reads as a known change (an older version wrote it, or it was
 * altered on disk) says so rather than disappearing.
 */
export function describeChange(entry: OutboxEntry, t: TFunction, locale: string, personName: (userId: string) => string): string {
  const parsed = parseMutation(entry.name, entry.args);
  if (!parsed.ok) return t('changes.unreadable', { name: entry.name });
  const mutation = parsed.value;
  switch (mutation.name) {
    case 'dispute.claim':
      return t('changes.what.claim');
    case 'dispute.release':
      return t('changes.what.release');
    case 'ruling.record':
      return t('changes.what.ruling', { outcome: outcomeLabel(t, mutation.args.draft.outcome) });
    case 'evidence.add':
      return t('changes.what.evidence', { file: evidenceName(t, mutation.args.item) });
    case 'evidence.note':
      return t('changes.what.evidenceNote', { text: excerpt(mutation.args.note.text) });
    case 'evidence.request':
      return t('changes.what.request', {
        party: partyLabel(t, mutation.args.request.party),
        due: formatDateTime(mutation.args.request.dueAt, locale),
      });
    case 'evidence.extendDue':
      return t('changes.what.extendDue', { due: formatDateTime(mutation.args.dueAt, locale) });
    case 'case.note':
      return t('changes.what.note', { text: excerpt(mutation.args.note.text) });
    case 'agreement.record':
      return t('changes.what.agreement', { refund: formatMoney(mutation.args.agreement.refund, locale) });
    case 'ruling.overturn':
      return t('changes.what.overturn', { reason: excerpt(mutation.args.reason) });
    case 'review.assign':
      return t('changes.what.reviewAssign', { reviewer: personName(mutation.args.reviewerId) });
    case 'review.record':
      return t(mutation.args.verdict === 'agree' ? 'changes.what.reviewAgree' : 'changes.what.reviewDisagree');
    default:
      throw missingCaseError(mutation);
  }
}

/** The ruling a rejected change carried, for ruling again from it; undefined for other changes. */
export function rulingDraftOf(entry: OutboxEntry): RulingDraft | undefined {
  const parsed = parseMutation(entry.name, entry.args);
  return parsed.ok && parsed.value.name === 'ruling.record' ? parsed.value.args.draft : undefined;
}

/** The text worth copying out of a rejected change before discarding it: a ruling's rationale, a note. */
export function textOf(entry: OutboxEntry): string | undefined {
  const parsed = parseMutation(entry.name, entry.args);
  if (!parsed.ok) return undefined;
  if (parsed.value.name === 'ruling.record') return parsed.value.args.draft.rationale;
  if (parsed.value.name === 'case.note') return parsed.value.args.note.text;
  return undefined;
}
