import type { EvidenceFlagCode } from '../../../shared/domain/evidence-checks';
import type { DisputeReason, DisputeState } from '../../../shared/domain/model';
import type { QueueRow } from '../../data/db';

/** What narrows a queue. Empty lists and blank fields narrow nothing. */
export interface QueueFilter {
  reasons: DisputeReason[];
  states: DisputeState[];
  /** ISO 3166 code of the buyer's country. */
  country: string;
  /** Part of the seller's name or id. */
  seller: string;
  /** In major units of the order's currency (every currency the marketplace uses has cents), compared with what was paid. */
  minAmount: number | undefined;
  maxAmount: number | undefined;
  due: 'any' | 'overdue' | 'within24h' | 'within72h';
  /** Keep disputes with any of these evidence flags (absent in views saved before flags existed). */
  evidenceFlags?: EvidenceFlagCode[];
}

/** How a queue is ordered. */
export type QueueSort = 'due' | 'age' | 'amount';

/** A filter that lets everything through. */
export const noFilter: QueueFilter = { reasons: [], states: [], country: '', seller: '', minAmount: undefined, maxAmount: undefined, due: 'any', evidenceFlags: [] };

const hourMs = 3_600_000;

/** The rows that pass the filter (and, when searching, whose ids the search found), in sort order. */
export function applyFilter(rows: readonly QueueRow[], filter: QueueFilter, sort: QueueSort, now: Date, found?: ReadonlySet<string>): QueueRow[] {
  const seller = filter.seller.trim().toLowerCase();
  const nowIso = now.toISOString();
  const dueLimit = filter.due === 'within24h' ? 24 : filter.due === 'within72h' ? 72 : 0;
  const dueBefore = dueLimit ? new Date(now.getTime() + dueLimit * hourMs).toISOString() : '';
  const flags = filter.evidenceFlags ?? [];
  const kept = rows.filter(
    (row) =>
      (!found || found.has(row.id)) &&
      (filter.reasons.length === 0 || filter.reasons.includes(row.reason)) &&
      (filter.states.length === 0 || filter.states.includes(row.state)) &&
      (!filter.country || row.country === filter.country) &&
      (!seller || row.sellerName.toLowerCase().includes(seller) || row.sellerId.toLowerCase() === seller) &&
      (filter.minAmount === undefined || row.amountMinor >= filter.minAmount * 100) &&
      (filter.maxAmount === undefined || row.amountMinor <= filter.maxAmount * 100) &&
      (filter.due === 'any' || (filter.due === 'overdue' ? row.nextDueAt < nowIso : row.nextDueAt >= nowIso && row.nextDueAt <= dueBefore)) &&
      (flags.length === 0 || flags.some((flag) => row.evidenceFlags?.includes(flag))),
  );
  const by: Record<QueueSort, (a: QueueRow, b: QueueRow) => number> = {
    due: (a, b) => (a.nextDueAt < b.nextDueAt ? -1 : a.nextDueAt > b.nextDueAt ? 1 : 0),
    age: (a, b) => (a.openedAt < b.openedAt ? -1 : a.openedAt > b.openedAt ? 1 : 0),
    amount: (a, b) => b.amountMinor - a.amountMinor,
  };
  return kept.sort(by[sort]);
}

/** How many of a filter's parts narrow anything: what the Filters button counts. */
export function activeFilterCount(filter: QueueFilter): number {
  return [
    filter.reasons.length > 0,
    filter.states.length > 0,
    filter.country !== '',
    filter.seller.trim() !== '',
    filter.minAmount !== undefined,
    filter.maxAmount !== undefined,
    filter.due !== 'any',
    (filter.evidenceFlags ?? []).length > 0,
  ].filter(Boolean).length;
}
