import { describe, expect, it } from 'vitest';
import type { AuditDay, MissedDue } from '../../../data/audit-records';
import { dashboardStats, durationParts, isEmptyPeriod, nearestRank, outcomeShares, overturnRate, type ActorSummary, type DashboardStats } from './dashboard-stats';

const hour = 3_600_000;

function day(actor: string, date: string, changes: Partial<AuditDay> = {}): AuditDay {
  return {
    key: `${actor}|${date}`,
    actor,
    day: date,
    rulings: 0,
    outcomes: {},
    latenciesMs: [],
    lateOverrides: 0,
    overturned: 0,
    rejected: 0,
    reviewsAgree: 0,
    reviewsDisagree: 0,
    ...changes,
  };
}

const days: AuditDay[] = [
  day('ana', '2026-03-02', { rulings: 3, outcomes: { full_refund: 2, claim_rejected: 1 }, latenciesMs: [1 * hour, 2 * hour, 3 * hour], lateOverrides: 1, overturned: 1 }),
  day('ana', '2026-03-03', { rulings: 1, outcomes: { partial_refund: 1 }, latenciesMs: [10 * hour], rejected: 2 }),
  day('ben', '2026-03-03', { rulings: 4, outcomes: { as_agreed: 4 }, latenciesMs: [4 * hour, 5 * hour, 6 * hour, 7 * hour] }),
  day('cyd', '2026-03-04', { rejected: 1 }),
  // Outside the range below.
  day('ana', '2026-03-01', { rulings: 9, latenciesMs: [100 * hour] }),
  day('dee', '2026-03-05', { rulings: 5 }),
];

const missed: MissedDue[] = [
  { disputeId: 'D-1', assignee: 'ana', day: '2026-03-02' },
  { disputeId: 'D-2', assignee: '', day: '2026-03-04' },
  { disputeId: 'D-3', assignee: 'ana', day: '2026-03-04' },
  { disputeId: 'D-4', assignee: 'ben', day: '2026-02-28' },
];

function summaryOf(stats: DashboardStats, actor: string): ActorSummary {
  const summary = stats.actors.find((candidate) => candidate.actor === actor);
  if (summary === undefined) throw new Error(`no summary for ${actor}`);
  return summary;
}

describe('nearestRank', () => {
  it('picks the value at rank ⌈p × n⌉', () => {
    const ten = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(nearestRank(ten, 50)).toBe(5);
    expect(nearestRank(ten, 90)).toBe(9);
    expect(nearestRank([1, 2, 3, 4], 50)).toBe(2);
    expect(nearestRank([1, 2, 3], 90)).toBe(3);
    expect(nearestRank([7], 50)).toBe(7);
  });

  it('has no floating-point error in the rank (0.9 × 70 is not 63 in binary)', () => {
    const seventy = Array.from({ length: 70 }, (_, index) => index + 1);
    expect(nearestRank(seventy, 90)).toBe(63);
  });

  it('is null for no values', () => {
    expect(nearestRank([], 50)).toBeNull();
  });
});

describe('dashboardStats', () => {
  const stats = dashboardStats(days, missed, '2026-03-02', '2026-03-04');
  const ana = summaryOf(stats, 'ana');
  const ben = summaryOf(stats, 'ben');
  const cyd = summaryOf(stats, 'cyd');

  it('keeps only the records in the inclusive range, and only actors that appear there', () => {
    expect(stats.actors.map((actor) => actor.actor)).toEqual(['ana', 'ben', 'cyd']);
    expect(stats.team.rulings).toBe(8);
    expect(stats.team.rejected).toBe(3);
    expect(stats.team.lateOverrides).toBe(1);
  });

  it('counts rulings per case manager per day', () => {
    expect(stats.granularity).toBe('day');
    expect(stats.periods).toEqual(['2026-03-02', '2026-03-03', '2026-03-04']);
    expect(ana.rulingsByPeriod).toEqual([3, 1, 0]);
    expect(ben.rulingsByPeriod).toEqual([0, 4, 0]);
    expect(cyd.rulingsByPeriod).toEqual([0, 0, 0]);
    expect(stats.team.rulingsByPeriod).toEqual([3, 5, 0]);
  });

  it('computes the median and p90 over the concatenated latencies, per case manager and for the team', () => {
    // ana: 1, 2, 3, 10 h → ranks 2 and 4.
    expect([ana.medianMs, ana.p90Ms, ana.timed]).toEqual([2 * hour, 10 * hour, 4]);
    // ben: 4, 5, 6, 7 h → ranks 2 and 4.
    expect([ben.medianMs, ben.p90Ms]).toEqual([5 * hour, 7 * hour]);
    expect([cyd.medianMs, cyd.p90Ms, cyd.timed]).toEqual([null, null, 0]);
    // Team: 1, 2, 3, 4, 5, 6, 7, 10 h → ranks 4 and 8.
    expect([stats.team.medianMs, stats.team.p90Ms, stats.team.timed]).toEqual([4 * hour, 10 * hour, 8]);
  });

  it('finds the same percentiles as sorting, whatever the order and however many repeat', () => {
    for (const count of [1, 2, 3, 9, 10, 11, 70, 501, 5_000]) {
      // Scrambled by a prime stride; few distinct values in the small cases, so many repeat.
      const latencies = Array.from({ length: count }, (_, index) => ((index * 7_919) % (count < 100 ? 5 : 997)) * hour);
      const sorted = [...latencies].sort((a, b) => a - b);
      const { team } = dashboardStats([day('ana', '2026-03-02', { rulings: count, latenciesMs: latencies })], [], '2026-03-02', '2026-03-02');
      expect([team.medianMs, team.p90Ms], `${count} latencies`).toEqual([nearestRank(sorted, 50), nearestRank(sorted, 90)]);
    }
  });

  it('counts outcomes and gives their shares', () => {
    expect(stats.team.outcomes).toEqual({ full_refund: 2, partial_refund: 1, refund_after_return: 0, claim_rejected: 1, as_agreed: 4 });
    expect(outcomeShares(ana)).toEqual({ full_refund: 0.5, partial_refund: 0.25, refund_after_return: 0, claim_rejected: 0.25, as_agreed: 0 });
    expect(outcomeShares(stats.team)?.as_agreed).toBe(0.5);
    expect(outcomeShares(cyd)).toBeNull();
  });

  it('gives overturn rates as overturned / rulings, null without rulings', () => {
    expect(overturnRate(ana)).toBe(0.25);
    expect(overturnRate(ben)).toBe(0);
    expect(overturnRate(cyd)).toBeNull();
    expect(overturnRate(stats.team)).toBe(1 / 8);
  });

  it('counts missed due dates in the range by assignee, the unassigned as ""', () => {
    expect(stats.missedDue).toEqual([
      { assignee: '', count: 1 },
      { assignee: 'ana', count: 2 },
    ]);
    expect(stats.missedDueTotal).toBe(3);
  });

  it('charts by calendar week, from Monday, when the range is longer than 120 days', () => {
    const long = [
      day('ana', '2026-01-01', { rulings: 2 }), // a Thursday: the week of Monday 2025-12-29
      day('ana', '2026-01-04', { rulings: 3 }), // Sunday, same week
      day('ana', '2026-01-05', { rulings: 1 }), // Monday: the next week
      day('ana', '2026-06-30', { rulings: 4 }), // Tuesday of the week of 2026-06-29, the last
    ];
    const weekly = dashboardStats(long, [], '2026-01-01', '2026-06-30');
    expect(weekly.granularity).toBe('week');
    // The first week is partial: it is labelled by its first day in the range.
    expect(weekly.periods[0]).toBe('2026-01-01');
    expect(weekly.periods[1]).toBe('2026-01-05');
    expect(weekly.periods.at(-1)).toBe('2026-06-29');
    expect(weekly.periods).toHaveLength(27);
    const counts = summaryOf(weekly, 'ana').rulingsByPeriod;
    expect(counts.slice(0, 2)).toEqual([5, 1]);
    expect(counts.at(-1)).toBe(4);
    expect(counts.reduce((sum, count) => sum + count, 0)).toBe(10);
  });

  it('stays daily for exactly 120 days', () => {
    expect(dashboardStats([], [], '2026-01-01', '2026-04-30').granularity).toBe('day');
    expect(dashboardStats([], [], '2026-01-01', '2026-04-30').periods).toHaveLength(120);
  });

  it('is empty for no input, a range with nothing in it, or a range that ends before it starts', () => {
    const none = dashboardStats([], [], '2026-03-02', '2026-03-04');
    expect(none.actors).toEqual([]);
    expect(none.team.rulings).toBe(0);
    expect(none.team.medianMs).toBeNull();
    expect(isEmptyPeriod(none)).toBe(true);
    expect(isEmptyPeriod(dashboardStats(days, missed, '2025-01-01', '2025-01-31'))).toBe(true);
    const backwards = dashboardStats(days, missed, '2026-03-04', '2026-03-02');
    expect(backwards.periods).toEqual([]);
    expect(isEmptyPeriod(backwards)).toBe(true);
    expect(isEmptyPeriod(stats)).toBe(false);
  });
});

describe('durationParts', () => {
  it('uses minutes under an hour, hours under two days, days beyond', () => {
    expect(durationParts(45 * 60_000)).toEqual({ unit: 'minute', value: 45 });
    expect(durationParts(1.5 * hour)).toEqual({ unit: 'hour', value: 1.5 });
    expect(durationParts(47 * hour)).toEqual({ unit: 'hour', value: 47 });
    expect(durationParts(72 * hour)).toEqual({ unit: 'day', value: 3 });
  });
});
