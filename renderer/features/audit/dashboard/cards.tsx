import { Text } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ChartCard, DataTable, DataTableOnRequest, type DataRow } from './ChartCard';
import { HorizontalBars, RulingsChart, seriesColor } from './charts';
import { outcomes, outcomeShares, overturnRate, type ActorSummary, type DashboardStats } from './dashboard-stats';
import type { DashboardFormats } from './formats';

/** A case manager (or the team) as the dashboards show them: their figures and their name. */
export interface Person {
  summary: ActorSummary;
  name: string;
}

/** What every card reads: the figures, the case managers in the order shown, and the formats. */
export interface DashboardView {
  stats: DashboardStats;
  people: Person[];
  /** Missed due dates by assignee, named ('Unassigned' for nobody). */
  missedDue: { key: string; name: string; count: number }[];
  teamName: string;
  format: DashboardFormats;
}

const outcomeColors = {
  full_refund: 'var(--mantine-color-teal-6)',
  partial_refund: 'var(--mantine-color-cyan-5)',
  refund_after_return: 'var(--mantine-color-blue-6)',
  claim_rejected: 'var(--mantine-color-red-6)',
  as_agreed: 'var(--mantine-color-grape-5)',
} as const;

const hourMs = 3_600_000;

function row(key: string, header: string, cells: string[]): DataRow {
  return { key, header, cells };
}

/** The team first, as the yardstick, then each case manager. */
function withTeam(view: DashboardView): Person[] {
  return [{ name: view.teamName, summary: view.stats.team }, ...view.people];
}

/** A table's rows, one per case manager, and its foot, the team. */
function tableRows(view: DashboardView, cells: (summary: ActorSummary) => string[]): { rows: DataRow[]; total: DataRow } {
  return {
    rows: view.people.map((person) => row(person.summary.actor, person.name, cells(person.summary))),
    total: row('', view.teamName, cells(view.stats.team)),
  };
}

/** Rulings per case manager per day, or per week over long ranges; its table on request. */
export function RulingsCard({ view }: { view: DashboardView }) {
  const { t } = useTranslation();
  const { stats, people, format } = view;
  const weekly = stats.granularity === 'week';
  const title = t('audit.dashboard.rulings.title');
  const series = useMemo(() => people.map((person) => ({ name: person.name, counts: person.summary.rulingsByPeriod })), [people]);
  return (
    <ChartCard
      testId="dashboard-rulings"
      title={title}
      subtitle={t(weekly ? 'audit.dashboard.rulings.byWeek' : 'audit.dashboard.rulings.byDay')}
      chart={<RulingsChart title={title} periods={stats.periods} series={series} formatPeriod={format.shortDay} formatCount={format.count} />}
    >
      <DataTableOnRequest>
        {() => (
          <DataTable
            label={title}
            columns={[t(weekly ? 'audit.dashboard.rulings.week' : 'audit.dashboard.rulings.day'), ...people.map((person) => person.name), view.teamName]}
            rows={stats.periods.map((period, index) =>
              row(
                period,
                format.longDay(period),
                [...people.map((person) => person.summary), stats.team].map((summary) => format.count(summary.rulingsByPeriod[index] ?? 0)),
              ),
            )}
            maxHeight={360}
          />
        )}
      </DataTableOnRequest>
    </ChartCard>
  );
}

/** Each case manager's outcome mix beside the team's, as 100% stacked bars. */
export function OutcomeMixCard({ view }: { view: DashboardView }) {
  const { t } = useTranslation();
  const { format } = view;
  const title = t('audit.dashboard.outcomeMix.title');
  const series = outcomes.map((outcome) => ({ name: t(`case.ruling.outcomes.${outcome}`), color: outcomeColors[outcome] }));
  const table = tableRows(view, (summary) => {
    const shares = outcomeShares(summary);
    return [format.count(summary.rulings), ...outcomes.map((outcome) => format.percent(shares?.[outcome] ?? null))];
  });
  return (
    <ChartCard
      testId="dashboard-outcome-mix"
      title={title}
      subtitle={t('audit.dashboard.outcomeMix.subtitle')}
      chart={
        <HorizontalBars
          title={title}
          rows={withTeam(view).map(({ name, summary }) => {
            const shares = outcomeShares(summary);
            return { name, values: outcomes.map((outcome) => shares?.[outcome] ?? null) };
          })}
          series={series}
          format={format.percent}
          stacked
          domain={[0, 1]}
        />
      }
    >
      <DataTable
        label={title}
        columns={[t('audit.dashboard.caseManager'), t('audit.dashboard.outcomeMix.rulings'), ...series.map((outcome) => outcome.name)]}
        {...table}
      />
    </ChartCard>
  );
}

/** Median and 90th percentile time from escalation to ruling, per case manager and for the team. */
export function TimeToRulingCard({ view }: { view: DashboardView }) {
  const { t } = useTranslation();
  const { format } = view;
  const title = t('audit.dashboard.timeToRuling.title');
  const table = tableRows(view, (summary) => [format.count(summary.timed), format.duration(summary.medianMs), format.duration(summary.p90Ms)]);
  return (
    <ChartCard
      testId="dashboard-time-to-ruling"
      title={title}
      subtitle={t('audit.dashboard.timeToRuling.subtitle')}
      chart={
        <HorizontalBars
          title={title}
          rows={withTeam(view).map(({ name, summary }) => ({ name, values: [summary.medianMs, summary.p90Ms].map((ms) => (ms === null ? null : ms / hourMs)) }))}
          series={[
            { name: t('audit.dashboard.timeToRuling.median'), color: 'var(--mantine-color-blue-4)' },
            { name: t('audit.dashboard.timeToRuling.p90'), color: 'var(--mantine-color-blue-8)' },
          ]}
          format={format.hours}
        />
      }
    >
      <DataTable
        label={title}
        columns={[t('audit.dashboard.caseManager'), t('audit.dashboard.timeToRuling.timed'), t('audit.dashboard.timeToRuling.median'), t('audit.dashboard.timeToRuling.p90')]}
        {...table}
      />
    </ChartCard>
  );
}

/** Due dates missed, by assignee; a sentence instead of an empty chart when none were. */
export function MissedDueCard({ view }: { view: DashboardView }) {
  const { t } = useTranslation();
  const { format } = view;
  const title = t('audit.dashboard.missedDue.title');
  const count = t('audit.dashboard.missedDue.count');
  const card = { testId: 'dashboard-missed-due', title, subtitle: t('audit.dashboard.missedDue.subtitle') };
  if (view.missedDue.length === 0) {
    return (
      <ChartCard {...card}>
        <Text size="sm">{t('audit.dashboard.missedDue.none')}</Text>
      </ChartCard>
    );
  }
  return (
    <ChartCard
      {...card}
      chart={<HorizontalBars title={title} rows={view.missedDue.map(({ name, count }) => ({ name, values: [count] }))} series={[{ name: count, color: seriesColor(1) }]} format={format.count} />}
    >
      <DataTable
        label={title}
        columns={[t('audit.dashboard.missedDue.assignee'), count]}
        rows={view.missedDue.map((missed) => row(missed.key, missed.name, [format.count(missed.count)]))}
        total={row('', view.teamName, [format.count(view.stats.missedDueTotal)])}
      />
    </ChartCard>
  );
}

/** One count per case manager (late-evidence overrides, or changes the service refused). */
export function CountCard({ view, metric }: { view: DashboardView; metric: 'lateOverrides' | 'rejected' }) {
  const { t } = useTranslation();
  const { format } = view;
  const title = t(`audit.dashboard.${metric}.title`);
  const count = t(`audit.dashboard.${metric}.count`);
  return (
    <ChartCard
      testId={`dashboard-${metric}`}
      title={title}
      subtitle={t(`audit.dashboard.${metric}.subtitle`)}
      chart={
        <HorizontalBars
          title={title}
          rows={view.people.map((person) => ({ name: person.name, values: [person.summary[metric]] }))}
          series={[{ name: count, color: seriesColor(metric === 'rejected' ? 5 : 9) }]}
          format={format.count}
        />
      }
    >
      <DataTable
        label={title}
        columns={[t('audit.dashboard.caseManager'), count]}
        {...tableRows(view, (summary) => [format.count(summary[metric])])}
      />
    </ChartCard>
  );
}

/** Overturned rulings as a share of rulings made, per case manager and for the team. */
export function OverturnRateCard({ view }: { view: DashboardView }) {
  const { t } = useTranslation();
  const { format } = view;
  const title = t('audit.dashboard.overturnRate.title');
  const rate = t('audit.dashboard.overturnRate.rate');
  return (
    <ChartCard
      testId="dashboard-overturn-rate"
      title={title}
      subtitle={t('audit.dashboard.overturnRate.subtitle')}
      chart={
        <HorizontalBars title={title} rows={withTeam(view).map(({ name, summary }) => ({ name, values: [overturnRate(summary)] }))} series={[{ name: rate, color: seriesColor(3) }]} format={format.percent} />
      }
    >
      <DataTable
        label={title}
        columns={[t('audit.dashboard.caseManager'), t('audit.dashboard.overturnRate.rulings'), t('audit.dashboard.overturnRate.overturned'), rate]}
        {...tableRows(view, (summary) => [format.count(summary.rulings), format.count(summary.overturned), format.percent(overturnRate(summary))])}
      />
    </ChartCard>
  );
}
