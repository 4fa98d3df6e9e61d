import { isFinal } from '../../../shared/domain/lifecycle';
import { noDueDate, type QueueRow } from '../../data/db';
import type { QueueId } from './queues';

/** A column a queue can show. */
export type QueueColumn = 'id' | 'buyer' | 'reason' | 'state' | 'amount' | 'due' | 'assignee' | 'queue' | 'outcome' | 'ruledAt' | 'ruledBy';

/** What the grid lists: one queue, or what a search found across every queue. */
export type QueueListing = { kind: 'queue'; queue: QueueId } | { kind: 'search' };

const working: readonly QueueColumn[] = ['id', 'buyer', 'reason', 'state', 'amount', 'due', 'assignee'];
// A ruled dispute waits on no evidence: the ruling, when and by whom, is what its reader looks for.
const ruled: readonly QueueColumn[] = ['id', 'buyer', 'reason', 'outcome', 'amount', 'ruledAt', 'ruledBy'];
// A search answers "where is it?" before "what is it about?": the queue takes the reason's place.
const found: readonly QueueColumn[] = ['id', 'buyer', 'queue', 'state', 'amount', 'due', 'assignee'];

/** The columns for a listing, left to right. */
export function columnsFor(listing: QueueListing): readonly QueueColumn[] {
  if (listing.kind === 'search') return found;
  return listing.queue === 'recentlyRuled' || listing.queue === 'secondReviews' ? ruled : working;
}

// Each column's width in the grid: wide enough at 1280×720 for its header and its longest usual
// value in English and Chinese (the table's minimum is what the queue pane has at that size).
const widths: Record<QueueColumn, string> = {
  id: '6.75rem',
  buyer: 'minmax(7rem, 1.6fr)',
  reason: 'minmax(7.5rem, 1fr)',
  state: 'minmax(8.5rem, 1fr)',
  amount: '6.5rem',
  due: '7rem',
  assignee: 'minmax(7rem, 1fr)',
  queue: 'minmax(9rem, 1.2fr)',
  outcome: 'minmax(8.5rem, 1fr)',
  ruledAt: '7.5rem',
  ruledBy: 'minmax(7rem, 1fr)',
};

/** The CSS grid template for a set of columns. */
export function gridTemplate(columns: readonly QueueColumn[]): string {
  return columns.map((column) => widths[column]).join(' ');
}

/**
 * Whether a row's evidence due date is still a countdown: only while the dispute waits on
 * evidence. A ruled or ended dispute's old due date is history, never a red "48 days ago".
 */
export function showsCountdown(row: Pick<QueueRow, 'state' | 'nextDueAt'>): boolean {
  return row.nextDueAt !== noDueDate && row.state !== 'ruled' && !isFinal(row.state);
}
