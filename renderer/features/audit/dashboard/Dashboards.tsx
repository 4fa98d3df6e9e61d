import { EmptyState, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useEffect, useEffectEvent, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditDay, MissedDue, TeamMember } from '../../../data/audit-records';
import { CountCard, MissedDueCard, OutcomeMixCard, OverturnRateCard, RulingsCard, TimeToRulingCard, type DashboardView } from './cards';
import { dashboardStats, isEmptyPeriod, overturnRate } from './dashboard-stats';
import { useDashboardFormats } from './formats';
import { Headline } from './Headline';

/**
 * The team lead's dashboards for the inclusive UTC days [from, to] (YYYY-MM-DD): headline figures,
 * then rulings per case manager over time, the outcome mix, the time from escalation to ruling,
 * missed due dates, late-evidence overrides, refused changes and overturn rates, each chart with a
 * table of its numbers. Only case managers with records in the range appear, named from `team`
 * (else by id). Once the charts for the current data are drawn, sets `data-ready="true"` on its root
 * (`data-testid="audit-dashboards"`) and calls `onRendered`.
 */
export function Dashboards(props: { days: AuditDay[]; missedDue: MissedDue[]; team: TeamMember[]; from: string; to: string; onRendered?: () => void }) {
  const { t, i18n } = useTranslation();
  const format = useDashboardFormats();
  const stats = useMemo(() => dashboardStats(props.days, props.missedDue, props.from, props.to), [props.days, props.missedDue, props.from, props.to]);
  const teamName = t('audit.dashboard.team');
  const unassigned = t('audit.dashboard.unassigned');
  const view = useMemo((): DashboardView => {
    const names = new Map(props.team.map((member) => [member.id, member.name]));
    const nameOf = (id: string) => names.get(id) ?? id;
    const collator = new Intl.Collator(i18n.language, { numeric: true });
    const people = stats.actors.map((summary) => ({ summary, name: nameOf(summary.actor) })).sort((a, b) => collator.compare(a.name, b.name));
    // Unassigned first, then the assignees by name.
    const missedDue = stats.missedDue
      .map(({ assignee, count }) => ({ key: assignee, name: assignee === '' ? unassigned : nameOf(assignee), count }))
      .sort((a, b) => (a.key === '' ? -1 : b.key === '' ? 1 : collator.compare(a.name, b.name)));
    return { stats, people, missedDue, teamName, format };
  }, [stats, props.team, teamName, unassigned, format, i18n.language]);

  // recharts learns each chart's size in an effect and draws its SVG on the render that follows,
  // so the dashboards count as rendered a frame after they mount. data-ready is written to the DOM
  // rather than kept in state: it is a mark for tests and the benchmark, and a state change would
  // draw every chart again.
  const rootRef = useRef<HTMLDivElement>(null);
  const rendered = useEffectEvent(() => {
    rootRef.current?.setAttribute('data-ready', 'true');
    props.onRendered?.();
  });
  useEffect(() => {
    rootRef.current?.removeAttribute('data-ready');
    const frame = requestAnimationFrame(() => rendered());
    return () => cancelAnimationFrame(frame);
  }, [stats]);

  const heading = (
    <div>
      <Title order={2} size="h3">
        {t('audit.dashboard.title')}
      </Title>
      <Text size="sm" c="dimmed">
        {format.range(props.from, props.to)}
      </Text>
    </div>
  );
  if (isEmptyPeriod(stats)) {
    return (
      <Stack ref={rootRef} data-testid="audit-dashboards" gap="md">
        {heading}
        <EmptyState data-testid="audit-dashboards-empty" title={t('audit.dashboard.empty.title')} description={t('audit.dashboard.empty.body')} />
      </Stack>
    );
  }
  const { team } = stats;
  return (
    <Stack ref={rootRef} data-testid="audit-dashboards" gap="md">
      {heading}
      <Headline
        items={[
          { testId: 'headline-rulings', label: t('audit.dashboard.headline.rulings'), value: format.count(team.rulings) },
          { testId: 'headline-median', label: t('audit.dashboard.headline.median'), value: format.duration(team.medianMs) },
          { testId: 'headline-p90', label: t('audit.dashboard.headline.p90'), value: format.duration(team.p90Ms) },
          { testId: 'headline-overturn-rate', label: t('audit.dashboard.headline.overturnRate'), value: format.percent(overturnRate(team)) },
          { testId: 'headline-missed-due', label: t('audit.dashboard.headline.missedDue'), value: format.count(stats.missedDueTotal) },
        ]}
      />
      <RulingsCard view={view} />
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
        <OutcomeMixCard view={view} />
        <TimeToRulingCard view={view} />
        <OverturnRateCard view={view} />
        <MissedDueCard view={view} />
        <CountCard view={view} metric="lateOverrides" />
        <CountCard view={view} metric="rejected" />
      </SimpleGrid>
    </Stack>
  );
}
