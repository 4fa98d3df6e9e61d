import type { TFunction } from 'i18next';
import { toMajorAmount } from '../../../shared/domain/money';
import type { DecisionRecord } from '../../data/audit-records';
import { refusalText } from '../../i18n/refusal-words';

/** What the decision log is narrowed by; null (or '') means "any". Days are UTC, YYYY-MM-DD, inclusive. */
export interface DecisionFilter {
  actor: string | null;
  action: string | null;
  outcome: string | null;
  reason: string | null;
  from: string | null;
  to: string | null;
  country: string | null;
  /** Part of the dispute's id or the seller's name or id, any case: finds any one decision. */
  search: string;
}

/** The filter that keeps everything. */
export const noDecisionFilter: DecisionFilter = { actor: null, action: null, outcome: null, reason: null, from: null, to: null, country: null, search: '' };

/** The decisions `filter` keeps, newest first. One pass over the array: 100,000 records filter in milliseconds. */
export function filterDecisions(records: readonly DecisionRecord[], filter: DecisionFilter): DecisionRecord[] {
  const search = filter.search.trim().toLowerCase();
  const kept = records.filter(
    (record) =>
      (filter.actor === null || record.actor === filter.actor) &&
      (filter.action === null || record.action === filter.action) &&
      (filter.outcome === null || record.outcome === filter.outcome) &&
      (filter.reason === null || record.reason === filter.reason) &&
      (filter.from === null || record.day >= filter.from) &&
      (filter.to === null || record.day <= filter.to) &&
      (filter.country === null || record.country === filter.country) &&
      (search === '' ||
        record.disputeId.toLowerCase().includes(search) ||
        (record.sellerName ?? '').toLowerCase().includes(search) ||
        (record.sellerId ?? '').toLowerCase().includes(search)),
  );
  return kept.sort((a, b) => b.seq - a.seq);
}

/** The distinct values of one field, sorted, for a filter's choices. */
export function distinctValues(records: readonly DecisionRecord[], field: 'actor' | 'action' | 'outcome' | 'reason' | 'country'): string[] {
  const values = new Set<string>();
  for (const record of records) {
    const value = record[field];
    if (value !== undefined) values.add(value);
  }
  return [...values].sort();
}

/** An amount in minor units as a plain decimal for `currency` ("1500" EUR → "15.00"). */
function decimal(amountMinor: number, currency: string): string {
  return toMajorAmount({ amountMinor, currency });
}

/**
 * One CSV field: quoted when it holds a comma, quote or line break (RFC 4180). A text starting
 * with = + - @ is prefixed with an apostrophe, so a spreadsheet shows a rationale such as
 * "=HYPERLINK(…)" as text instead of running it.
 */
export function csvField(value: string | number | undefined): string {
  if (value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const columns: [string, (record: DecisionRecord, names: ReadonlyMap<string, string>) => string | number | undefined][] = [
  ['seq', (record) => record.seq],
  ['at', (record) => record.at],
  ['actor_id', (record) => record.actor],
  ['actor_name', (record, names) => names.get(record.actor)],
  ['action', (record) => record.action],
  ['dispute', (record) => record.disputeId],
  ['outcome', (record) => record.outcome],
  ['refund', (record) => (record.refundMinor === undefined || record.currency === undefined ? undefined : decimal(record.refundMinor, record.currency))],
  ['currency', (record) => record.currency],
  ['reason', (record) => record.reason],
  ['country', (record) => record.country],
  ['seller_id', (record) => record.sellerId],
  ['seller_name', (record) => record.sellerName],
  ['cited_evidence', (record) => record.citedEvidenceIds?.join(' ')],
  ['cited_notes', (record) => record.citedNoteIds?.join(' ')],
  ['policy_codes', (record) => record.policyCodes?.join(' ')],
  ['rationale', (record) => record.rationale],
  ['rejection_reason', (record) => record.rejectionReason],
  ['late_evidence_override', (record) => record.lateEvidenceOverride],
  ['ruled_by', (record) => record.ruledBy],
  ['overturn_reason', (record) => record.overturnReason],
  ['reviewer', (record) => record.reviewerId],
  ['verdict', (record) => record.verdict],
  ['comment', (record) => record.comment],
  ['refused_change', (record) => record.rejectedMutation],
  ['refusal_code', (record) => record.code],
  ['refusal_message', (record) => record.message],
];

/** The decision log as CSV (a header row, then one row per decision, CRLF line ends), UTF-8 with a BOM for spreadsheets. */
export function decisionsCsv(records: readonly DecisionRecord[], names: ReadonlyMap<string, string>): string {
  const lines = [columns.map(([name]) => name).join(',')];
  for (const record of records) lines.push(columns.map(([, read]) => csvField(read(record, names))).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/**
 * Why the decision was made, as the log's Reason column shows it: a ruling's policies by their
 * labels (else its rejection reason, else its rationale), an overturn's reason, a second review's
 * comment, a refusal's sentence. Never the dispute's own reason (the buyer's claim), which is a
 * filter of its own.
 */
export function decisionReason(record: DecisionRecord, t: TFunction, locale: string, personName?: (userId: string) => string): string {
  switch (record.action) {
    case 'ruling.record': {
      const policies = (record.policyCodes ?? []).map((code) => t(`ruling.policy.${code}`, { defaultValue: t('audit.history.otherPolicy') }));
      if (policies.length > 0) return new Intl.ListFormat(locale, { style: 'short', type: 'unit' }).format(policies);
      if (record.rejectionReason) return t(`case.ruling.rejectionReasons.${record.rejectionReason}`, { defaultValue: record.rationale ?? '' });
      return record.rationale ?? '';
    }
    case 'ruling.overturn':
      return record.overturnReason ?? '';
    case 'review.record':
      return record.comment ?? '';
    case 'mutation.rejected':
      // Worded from its code and params in the user's language (an entry older than params: with
      // neutral words); the log keeps the service's English sentence.
      return refusalText({ code: record.code, message: record.message, params: record.refusalParams ?? {} }, { t, locale, personName });
    default:
      return '';
  }
}
