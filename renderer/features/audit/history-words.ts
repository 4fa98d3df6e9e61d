import type { TFunction } from 'i18next';
import { missingCaseError } from '../../../shared/contract/errors';
import { snapshotChanges, type CaseSnapshot } from '../../../shared/audit/case-snapshot';
import { readAuditPayload, type AuditPayload, type AuditRecordOf, type AuditAction } from '../../../shared/audit/payloads';
import type { AuditEntry, RulingOutcome } from '../../../shared/domain/model';
import type { Money } from '../../../shared/domain/money';
import { refusalText } from '../../i18n/refusal-words';
import { formatBytes, formatDateTime, formatList, formatMoney } from '../../ui/format';
import { outcomeLabel, policyLabel, stateLabel } from '../../ui/labels';

// A case's audit entries in the words a team lead reads: one sentence per entry ("Li Na ruled a
// partial refund of €28.46"), its facts as labelled lines and what it changed on the case, all
// worded: names for people, file names for evidence, labels for outcomes and states, local money
// and times. No payload key, enum code or id reaches the screen.

/** What wording an entry needs from outside it: the language, and names for people and evidence. */
export interface HistoryWords {
  t: TFunction;
  locale: string;
  /** A person's name from their id (never the id). */
  nameOf: (userId: string | undefined) => string;
  /** An evidence item by its file name or label, from the dispute when it is on this computer. */
  evidenceName: (evidenceId: string) => string;
}

/** One worded line of an entry's facts or of what it changed. */
export interface WordedLine {
  label: string;
  value: string;
}

/** An audit entry as a person reads it. */
export interface WordedStep {
  seq: number;
  at: string;
  sentence: string;
  /** The entry's facts beyond the sentence (rationale, policies, findings…), shown on demand. */
  details: WordedLine[];
  /** The case's fields before and after, where they differ; null when the entry predates snapshots. */
  changes: { label: string; before: string; after: string }[] | null;
}

const isSnapshot = (value: unknown): value is CaseSnapshot => typeof value === 'object' && value !== null && 'state' in value && 'version' in value;

function outcomeSentenceKey(outcome: RulingOutcome): string {
  switch (outcome) {
    case 'full_refund':
      return 'audit.history.say.ruledFullRefund';
    case 'partial_refund':
      return 'audit.history.say.ruledPartialRefund';
    case 'refund_after_return':
      return 'audit.history.say.ruledRefundAfterReturn';
    case 'claim_rejected':
      return 'audit.history.say.ruledRejected';
    case 'as_agreed':
      return 'audit.history.say.ruledAsAgreed';
    default:
      throw missingCaseError(outcome);
  }
}

function money(value: Money | undefined, words: HistoryWords): string {
  return value === undefined ? words.t('audit.history.noAmount') : formatMoney(value, words.locale);
}

function quoted(text: string, words: HistoryWords): string {
  return words.t('audit.history.quoted', { text: text.trim() });
}

/** The sentence and details of one parsed entry. */
function wordRecord(actor: string, record: AuditRecordOf<AuditAction>, words: HistoryWords): { sentence: string; details: WordedLine[] } {
  const { t, locale, nameOf, evidenceName } = words;
  const who = nameOf(actor);
  const party = (value: 'buyer' | 'seller') => t(`audit.history.party.${value}`);
  const line = (key: string, value: string): WordedLine => ({ label: t(`audit.history.detail.${key}`), value });
  switch (record.action) {
    case 'dispute.claim': {
      const { previousAssignee } = record.payload;
      return {
        sentence:
          previousAssignee === undefined ? t('audit.history.say.claimed', { who }) : t('audit.history.say.claimedFrom', { who, previous: nameOf(previousAssignee) }),
        details: [],
      };
    }
    case 'dispute.release':
      return { sentence: t('audit.history.say.released', { who, previous: nameOf(record.payload.previousAssignee) }), details: [] };
    case 'ruling.record':
      return { sentence: t(outcomeSentenceKey(record.payload.outcome), { who, amount: money(record.payload.refund, words) }), details: rulingDetails(record.payload, words) };
    case 'ruling.overturn': {
      const { payload } = record;
      return {
        sentence: t('audit.history.say.overturned', { who, ruledBy: nameOf(payload.ruledBy), outcome: outcomeLabel(t, payload.outcome) }),
        details: [
          line('overturnReason', payload.reason),
          line('ruledAt', formatDateTime(payload.ruledAt, locale)),
          ...(payload.refund === undefined ? [] : [line('refund', money(payload.refund, words))]),
        ],
      };
    }
    case 'evidence.add': {
      const { payload } = record;
      const details: WordedLine[] = [];
      if (payload.flags.length > 0) details.push(line('deskFlags', formatList(payload.flags.map((code) => t(`evidence.flagName.${code}`, { defaultValue: t('audit.history.otherFlag') })), locale)));
      if (payload.submittedAt !== undefined) details.push(line('submittedAt', formatDateTime(payload.submittedAt, locale)));
      if (payload.receivedAt !== undefined) details.push(line('receivedAt', formatDateTime(payload.receivedAt, locale)));
      if (payload.fileNotSent !== undefined) details.push(line('fileNotSent', payload.fileNotSent));
      if (payload.serviceFindings !== undefined) details.push(line('serviceFindings', findingsSentence(payload.serviceFindings, words)));
      return { sentence: t('audit.history.say.evidenceAdded', { who, party: party(payload.party), item: evidenceName(payload.evidenceId) }), details };
    }
    case 'evidence.note': {
      const { payload } = record;
      const sentence =
        payload.atSeconds === undefined
          ? t('audit.history.say.evidenceNoted', { who, item: evidenceName(payload.evidenceId), text: quoted(payload.text, words) })
          : t('audit.history.say.evidenceNotedAt', {
              who,
              item: evidenceName(payload.evidenceId),
              at: new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(payload.atSeconds),
              text: quoted(payload.text, words),
            });
      return { sentence, details: [] };
    }
    case 'evidence.request': {
      const { payload } = record;
      const kinds = formatList(
        payload.kinds.map((kind) => t(`audit.history.kind.${kind}`)),
        locale,
      );
      return { sentence: t('audit.history.say.requested', { who, party: party(payload.party), kinds, due: formatDateTime(payload.dueAt, locale) }), details: [] };
    }
    case 'evidence.extendDue':
      return {
        sentence: t('audit.history.say.extended', { who, from: formatDateTime(record.payload.previousDueAt, locale), to: formatDateTime(record.payload.dueAt, locale) }),
        details: [],
      };
    case 'case.note':
      return { sentence: t('audit.history.say.noted', { who, text: quoted(record.payload.text, words) }), details: [] };
    case 'agreement.record': {
      const { payload } = record;
      return {
        sentence: t(payload.withReturn ? 'audit.history.say.agreedWithReturn' : 'audit.history.say.agreed', { who, party: party(payload.submittedBy), amount: money(payload.refund, words) }),
        details: [],
      };
    }
    case 'review.assign':
      return { sentence: t('audit.history.say.reviewAssigned', { who, reviewer: nameOf(record.payload.reviewerId), ruledBy: nameOf(record.payload.ruledBy) }), details: [] };
    case 'review.record': {
      const { payload } = record;
      return {
        sentence: t(payload.verdict === 'agree' ? 'audit.history.say.reviewAgreed' : 'audit.history.say.reviewDisagreed', { who, ruledBy: nameOf(payload.ruledBy) }),
        details: payload.comment.trim() === '' ? [] : [line('comment', payload.comment)],
      };
    }
    case 'mutation.rejected': {
      const { payload } = record;
      const change = t(`audit.actions.${payload.mutation}`, { defaultValue: t('audit.history.aChange') });
      // Worded from its code, like every refusal the desk shows: the entry keeps the service's
      // English sentence, which a team lead reading Chinese should not have to read.
      const refusal = refusalText({ code: payload.code, message: payload.message, params: payload.params ?? {} }, { t, locale, evidenceLabel: evidenceName, personName: nameOf });
      return { sentence: t('audit.history.say.refused', { who, change }), details: [line('refusal', refusal)] };
    }
    default:
      throw missingCaseError(record);
  }
}

function rulingDetails(payload: AuditPayload<'ruling.record'>, words: HistoryWords): WordedLine[] {
  const { t, locale, evidenceName } = words;
  const line = (key: string, value: string): WordedLine => ({ label: t(`audit.history.detail.${key}`), value });
  const details: WordedLine[] = [];
  if (payload.policyCodes.length > 0) details.push(line('policies', formatList(payload.policyCodes.map((code) => policyLabel(t, code)), locale)));
  if (payload.rationale.trim() !== '') details.push(line('rationale', payload.rationale));
  if (payload.rejectionReason) details.push(line('rejectionReason', t(`case.ruling.rejectionReasons.${payload.rejectionReason}`)));
  if (payload.citedEvidenceIds.length > 0) details.push(line('cited', formatList(payload.citedEvidenceIds.map(evidenceName), locale)));
  if (payload.lateEvidenceOverride) details.push(line('lateOverride', payload.lateEvidenceOverride));
  if (payload.overruledAssignee !== undefined) details.push(line('overruled', words.nameOf(payload.overruledAssignee)));
  if (payload.demoHistory) details.push(line('demo', t('audit.history.demoHistory')));
  return details;
}

/** What the case service found on an item it received, in one sentence. */
export function findingsSentence(findings: NonNullable<AuditPayload<'evidence.add'>['serviceFindings']>, words: HistoryWords): string {
  const { t, locale } = words;
  const file = ['checked', 'no_file', 'not_sent_too_large', 'not_sent_missing'].includes(findings.file) ? findings.file : 'other';
  const parts = [t(`audit.history.findings.file.${file}`)];
  if (findings.sniffedType !== undefined) parts.push(t('audit.history.findings.type', { type: findings.sniffedType }));
  if (findings.sizeBytes !== undefined) parts.push(t('audit.history.findings.size', { size: formatBytes(findings.sizeBytes, locale) }));
  parts.push(
    findings.flags.length === 0
      ? t('audit.history.findings.noFlags')
      : t('audit.history.findings.flags', { flags: formatList(findings.flags.map((code) => t(`evidence.flagName.${code}`, { defaultValue: t('audit.history.otherFlag') })), locale) }),
  );
  return parts.join(' ');
}

/** One snapshot field's value in words. */
function snapshotValue(field: keyof CaseSnapshot, value: unknown, words: HistoryWords, currency: string | undefined): string {
  const { t } = words;
  if (value === null || value === undefined) return t('audit.history.nothing');
  switch (field) {
    case 'state':
      return stateLabel(t, String(value));
    case 'assignee':
      return words.nameOf(String(value));
    case 'version':
      return String(value);
    case 'evidence':
    case 'evidenceRequests':
    case 'notes':
    case 'overturnedRulings':
      return new Intl.NumberFormat(words.locale).format(Number(value));
    case 'agreement':
      return t(value === true ? 'audit.history.yes' : 'audit.history.no');
    case 'returnStage':
      return t(`case.return.stage.${String(value)}`, { defaultValue: t('audit.history.otherState') });
    case 'ruling': {
      const ruling = value as NonNullable<CaseSnapshot['ruling']>;
      const outcome = outcomeLabel(t, ruling.outcome);
      const amount = ruling.refundMinor !== null && currency !== undefined ? ` · ${formatMoney({ amountMinor: ruling.refundMinor, currency }, words.locale)}` : '';
      return t('audit.history.rulingBy', { outcome: `${outcome}${amount}`, who: words.nameOf(ruling.ruledBy) });
    }
    case 'secondReview': {
      const review = value as NonNullable<CaseSnapshot['secondReview']>;
      return t('audit.history.reviewBy', { who: words.nameOf(review.reviewerId), verdict: t(`audit.sampling.reviews.verdicts.${review.verdict ?? 'pending'}`) });
    }
    default:
      throw missingCaseError(field);
  }
}

/** The currency an entry's money is in, for the snapshots' bare refund amounts. */
function currencyOf(payload: Record<string, unknown>): string | undefined {
  const refund = payload.refund as Partial<Money> | undefined;
  return typeof refund?.currency === 'string' ? refund.currency : undefined;
}

/**
 * An audit entry in words. An entry this version cannot read (unknown action, or details not in
 * their expected form) still gets a sentence saying so, with who and when, never the raw payload.
 */
export function wordStep(entry: AuditEntry, words: HistoryWords, currency?: string): WordedStep {
  const read = readAuditPayload(entry.action, entry.payload);
  const { sentence, details } = read.ok
    ? wordRecord(entry.actor, read.record, words)
    : { sentence: words.t('audit.history.say.unreadable', { who: words.nameOf(entry.actor) }), details: [{ label: words.t('audit.history.detail.problem'), value: words.t('audit.log.unreadableHint') }] };
  const { before, after } = entry.payload;
  const money = currencyOf(entry.payload) ?? currency;
  const changes =
    isSnapshot(before) && isSnapshot(after)
      ? snapshotChanges(before, after)
          // The version is the service's bookkeeping, not a fact about the case.
          .filter((change) => change.field !== 'version')
          .map((change) => ({
            label: words.t(`audit.history.fields.${change.field}`),
            before: snapshotValue(change.field, change.before, words, money),
            after: snapshotValue(change.field, change.after, words, money),
          }))
      : null;
  return { seq: entry.seq, at: entry.at, sentence, details, changes };
}

/** How long ago `iso` was, in the user's language: "5 min ago", "2 hours ago", "3 days ago". */
export function formatAgo(iso: string, now: Date, locale: string): string {
  const minutes = Math.round((new Date(iso).getTime() - now.getTime()) / 60_000);
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  if (Math.abs(minutes) < 60) return format.format(minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (Math.abs(hours) < 48) return format.format(hours, 'hour');
  return format.format(Math.round(hours / 24), 'day');
}
