// The one home of "due soon": the queue of that name, a request's status on the case, and the
// countdown's colour all ask here, so they never disagree about a due date at the edge.

/** How long before its due date something is "due soon": the last 24 hours. */
export const dueSoonWindowMs = 24 * 3_600_000;

/** How urgent a due date is at `now`: past it, within the last 24 hours before it, or later. */
export type DueUrgency = 'overdue' | 'soon' | 'later';

/** A due date's urgency at `now` (both UTC ISO-8601, or `now` as a Date). Exactly at the due date is still "soon". */
export function dueUrgency(dueAt: string, now: string | Date): DueUrgency {
  const left = Date.parse(dueAt) - (typeof now === 'string' ? Date.parse(now) : now.getTime());
  if (left < 0) return 'overdue';
  return left <= dueSoonWindowMs ? 'soon' : 'later';
}

/** The due dates that are "due soon" at `now`, as an inclusive range of ISO strings for an index query. */
export function dueSoonRange(now: Date): { from: string; to: string } {
  return { from: now.toISOString(), to: new Date(now.getTime() + dueSoonWindowMs).toISOString() };
}
