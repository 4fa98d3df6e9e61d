import { rulingOutcomeSchema, type RulingOutcome } from '../../../../shared/domain/model';
import type { AuditDay, MissedDue } from '../../../data/audit-records';

// The team lead's dashboards read a year of AuditDay records (about 20 case managers × 365 days),
// so everything they show is counted here in one pass over the records, then sorted once per
// case manager for the percentiles.

/** Ruling outcomes in the order the dashboards stack and list them. */
export const outcomes: readonly RulingOutcome[] = rulingOutcomeSchema.options;

/** Ranges longer than this many days are charted by week, to keep each series to a few dozen points. */
export const maxDailyPeriods = 120;

/** What one case manager, or the whole team, did in the chosen days. */
export interface ActorSummary {
  /** The case manager's user id; '' for the team. */
  actor: string;
  rulings: number;
  outcomes: Record<RulingOutcome, number>;
  /** Rulings with a known escalation time, which the percentiles are over. */
  timed: number;
  /** Median time from escalation to ruling in ms (nearest rank); null when no ruling was timed. */
  medianMs: number | null;
  /** 90th percentile time from escalation to ruling in ms (nearest rank); null when no ruling was timed. */
  p90Ms: number | null;
  lateOverrides: number;
  overturned: number;
  rejected: number;
  /** Rulings in each of {@link DashboardStats.periods}. */
  rulingsByPeriod: number[];
}

/** Due dates missed by one assignee ('' when nobody had claimed the dispute). */
export interface MissedDueCount {
  assignee: string;
  count: number;
}

/** Everything the dashboards show for a range of days. */
export interface DashboardStats {
  /** 'week' when the range is longer than {@link maxDailyPeriods} days. */
  granularity: 'day' | 'week';
  /**
   * Each period's first day in the range (YYYY-MM-DD). Weeks are calendar weeks from Monday, so the
   * first and last may be partial; the first is then labelled by `from`.
   */
  periods: string[];
  /** Every actor with a record in the range, by id. */
  actors: ActorSummary[];
  team: ActorSummary;
  /** Missed due dates in the range by assignee, by assignee id ('' first). */
  missedDue: MissedDueCount[];
  missedDueTotal: number;
}

const dayMs = 86_400_000;

/** Days since 1970-01-01 for a UTC day written YYYY-MM-DD. */
function dayNumber(day: string): number {
  return Math.round(Date.parse(`${day}T00:00:00Z`) / dayMs);
}

function dayString(number: number): string {
  return new Date(number * dayMs).toISOString().slice(0, 10);
}

/** The Monday on or before a day number (1970-01-01, day 0, was a Thursday). */
function mondayOf(number: number): number {
  return number - ((number + 3) % 7);
}

function emptyOutcomes(): Record<RulingOutcome, number> {
  return { full_refund: 0, partial_refund: 0, refund_after_return: 0, claim_rejected: 0, as_agreed: 0 };
}

function emptySummary(actor: string, periods: number): ActorSummary {
  return {
    actor,
    rulings: 0,
    outcomes: emptyOutcomes(),
    timed: 0,
    medianMs: null,
    p90Ms: null,
    lateOverrides: 0,
    overturned: 0,
    rejected: 0,
    rulingsByPeriod: new Array<number>(periods).fill(0),
  };
}

/** The 1-based nearest rank of the `percent`th percentile of `count` values: ⌈percent/100 × count⌉. */
function rankOf(count: number, percent: number): number {
  return Math.min(count, Math.max(1, Math.ceil((percent * count) / 100)));
}

/**
 * The `percent`th percentile of ascending `sorted` values by the nearest-rank method: the value at
 * rank ⌈percent/100 × n⌉, so the answer is always a time some ruling actually took. Null when empty.
 * `percent` is an integer so the rank is computed without floating-point error (0.9 × 70 ≠ 63).
 */
export function nearestRank(sorted: ArrayLike<number>, percent: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[rankOf(sorted.length, percent) - 1] ?? null;
}

/**
 * Reorders `values[from..]` so that `values[index]` holds the value a sort would put there, smaller
 * ones before it and larger after (Hoare's selection, median-of-three pivot), and returns it. When
 * `values[from..]` already holds only values at least those before `from`, as after selecting
 * `from`, the answer is the whole array's. A year holds 100,000 latencies: selecting the median and
 * the 90th percentile is a few times faster than sorting them, and the dashboards need nothing else.
 */
function selectInPlace(values: number[], index: number, from: number): number {
  let left = from;
  let right = values.length - 1;
  while (left < right) {
    const a = values[left]!;
    const b = values[(left + right) >> 1]!;
    const c = values[right]!;
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = left;
    let j = right;
    while (i <= j) {
      while (values[i]! < pivot) i += 1;
      while (values[j]! > pivot) j -= 1;
      if (i <= j) {
        const swapped = values[i]!;
        values[i] = values[j]!;
        values[j] = swapped;
        i += 1;
        j -= 1;
      }
    }
    if (index <= j) right = j;
    else if (index >= i) left = i;
    else break;
  }
  return values[index]!;
}

/** Sets the summary's median and 90th percentile (nearest rank) of `latencies`, which it reorders. */
function setPercentiles(summary: ActorSummary, latencies: number[]): void {
  summary.timed = latencies.length;
  if (latencies.length === 0) return;
  const median = rankOf(latencies.length, 50) - 1;
  summary.medianMs = selectInPlace(latencies, median, 0);
  summary.p90Ms = selectInPlace(latencies, rankOf(latencies.length, 90) - 1, median);
}

/**
 * Counts the dashboards' figures for the inclusive UTC days [from, to] (YYYY-MM-DD) in one pass
 * over `days` and `missedDue`. Records outside the range are ignored; a range that ends before
 * it starts is empty.
 */
export function dashboardStats(days: readonly AuditDay[], missedDue: readonly MissedDue[], from: string, to: string): DashboardStats {
  const first = dayNumber(from);
  const last = dayNumber(to);
  const length = last - first + 1;
  const granularity = length > maxDailyPeriods ? 'week' : 'day';
  const start = granularity === 'week' ? mondayOf(first) : first;
  const step = granularity === 'week' ? 7 : 1;
  const periods: string[] = [];
  for (let number = start; number <= last; number += step) periods.push(dayString(Math.max(number, first)));

  const team = emptySummary('', periods.length);
  const teamLatencies: number[] = [];
  const byActor = new Map<string, { summary: ActorSummary; latencies: number[] }>();
  for (const record of days) {
    if (record.day < from || record.day > to) continue;
    let entry = byActor.get(record.actor);
    if (entry === undefined) {
      entry = { summary: emptySummary(record.actor, periods.length), latencies: [] };
      byActor.set(record.actor, entry);
    }
    const period = Math.floor((dayNumber(record.day) - start) / step);
    for (const target of [entry.summary, team]) {
      target.rulings += record.rulings;
      target.lateOverrides += record.lateOverrides;
      target.overturned += record.overturned;
      target.rejected += record.rejected;
      for (const outcome of outcomes) target.outcomes[outcome] += record.outcomes[outcome] ?? 0;
      target.rulingsByPeriod[period] = (target.rulingsByPeriod[period] ?? 0) + record.rulings;
    }
    for (const latency of record.latenciesMs) {
      entry.latencies.push(latency);
      teamLatencies.push(latency);
    }
  }

  const missed = new Map<string, number>();
  let missedDueTotal = 0;
  for (const miss of missedDue) {
    if (miss.day < from || miss.day > to) continue;
    missed.set(miss.assignee, (missed.get(miss.assignee) ?? 0) + 1);
    missedDueTotal += 1;
  }

  const entries = [...byActor.values()].sort((a, b) => compareIds(a.summary.actor, b.summary.actor));
  for (const entry of entries) setPercentiles(entry.summary, entry.latencies);
  setPercentiles(team, teamLatencies);
  return {
    granularity,
    periods,
    actors: entries.map((entry) => entry.summary),
    team,
    missedDue: [...missed].map(([assignee, count]) => ({ assignee, count })).sort((a, b) => compareIds(a.assignee, b.assignee)),
    missedDueTotal,
  };
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Overturned rulings as a share (0–1) of the rulings made; null when there were none. */
export function overturnRate(summary: ActorSummary): number | null {
  return summary.rulings === 0 ? null : summary.overturned / summary.rulings;
}

/**
 * Each outcome's share (0–1) of the rulings whose outcome is recorded, so the shares add up to 1;
 * null when no outcome is recorded.
 */
export function outcomeShares(summary: ActorSummary): Record<RulingOutcome, number> | null {
  const total = outcomes.reduce((sum, outcome) => sum + summary.outcomes[outcome], 0);
  if (total === 0) return null;
  const shares = emptyOutcomes();
  for (const outcome of outcomes) shares[outcome] = summary.outcomes[outcome] / total;
  return shares;
}

/** Whether the range holds nothing to chart: no rulings, no refused changes and no missed due dates. */
export function isEmptyPeriod(stats: DashboardStats): boolean {
  return stats.team.rulings === 0 && stats.team.rejected === 0 && stats.missedDueTotal === 0;
}

/**
 * A time from escalation to ruling in the unit a person reads most easily: minutes under an hour,
 * hours under two days, days beyond; e.g. 5_400_000 ms → 1.5 hours.
 */
export function durationParts(ms: number): { unit: 'minute' | 'hour' | 'day'; value: number } {
  const hours = ms / 3_600_000;
  if (hours < 1) return { unit: 'minute', value: Math.round(ms / 60_000) };
  return hours < 48 ? { unit: 'hour', value: hours } : { unit: 'day', value: hours / 24 };
}
