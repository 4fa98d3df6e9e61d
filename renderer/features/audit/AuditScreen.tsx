import { Button, Group, Loader, Stack, Tabs, TextInput, Title } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TeamMember } from '../../data/audit-records';
import { useDeskData } from '../../data/DeskDataProvider';
import { EmptyScreen } from '../../ui/EmptyScreen';
import { useNow } from '../../ui/use-now';
import { useRefusalWords } from '../../ui/use-refusal-words';
import type { QueueChange } from '../../data/queue-change';
import { CaseHistory, type SecondReviewSlot } from './CaseHistory';
import { Dashboards } from './dashboard/Dashboards';
import { DecisionLog } from './DecisionLog';
import { useKeptSample } from './sampling/kept-sample';
import { SamplingPanel } from './sampling/SamplingPanel';
import { TeamPresence } from './TeamPresence';
import { useTeam } from '../../data/use-team';
import { samplingState, useAuditDays, useAuditRecord, useDecisions, useMissedDue } from './use-audit-data';
import { VerifyPanel } from './VerifyPanel';

const dayMs = 24 * 3_600_000;
const viewKey = 'desk.audit.view';

/** The tab and dashboard period a team lead last chose, kept on this computer across restarts. */
interface AuditView {
  tab: string;
  /** The last N days up to the newest ruling (kept relative, so it moves on), or fixed days. */
  range?: { lastDays: number } | { from: string; to: string };
}

function readView(): AuditView {
  try {
    const stored = JSON.parse(localStorage.getItem(viewKey) ?? 'null') as AuditView | null;
    return stored && typeof stored.tab === 'string' ? stored : { tab: 'decisions' };
  } catch {
    // Ignored: an unreadable remembered view only costs the default tab.
    return { tab: 'decisions' };
  }
}
const shiftDay = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * dayMs).toISOString().slice(0, 10);

/**
 * The team lead's audit: the log's verification, the decision log with each case's history, the
 * dashboards, and quality sampling. Other roles are told it is not theirs; the case service
 * refuses them the log all the same.
 */
export function AuditScreen(props: { onQueue: QueueChange; secondReview: SecondReviewSlot }) {
  const { t } = useTranslation();
  const { session } = useDeskData();
  if (session === undefined) return <Loader role="status" aria-label={t('settings.loading')} />;
  if (session?.user.role !== 'team_lead') {
    return <EmptyScreen title={t('audit.title')} emptyTitle={t('audit.teamLeadsOnly')} emptyBody={t('audit.teamLeadsOnlyBody')} />;
  }
  return <TeamLeadAudit onQueue={props.onQueue} secondReview={props.secondReview} />;
}

function TeamLeadAudit(props: { onQueue: QueueChange; secondReview: SecondReviewSlot }) {
  const { t } = useTranslation();
  const now = useNow(60_000);
  const record = useAuditRecord();
  const team = useTeam();
  const days = useAuditDays();
  const missedDue = useMissedDue(now);
  const [view, setView] = useState<AuditView>(readView);
  useEffect(() => localStorage.setItem(viewKey, JSON.stringify(view)), [view]);
  const { tab, range } = view;
  const setTab = (next: string | null) => setView((current) => ({ ...current, tab: next ?? 'decisions' }));
  const setRange = (next: NonNullable<AuditView['range']>) => setView((current) => ({ ...current, range: next }));
  const [openCase, setOpenCase] = useState<string | null>(null);
  const lastDay = useMemo(() => (days ?? []).reduce((latest, day) => (day.day > latest ? day.day : latest), ''), [days]);
  const latest = lastDay || now.toISOString().slice(0, 10);
  const to = range !== undefined && 'to' in range ? range.to : latest;
  const from = range !== undefined && 'from' in range ? range.from : shiftDay(to, -((range?.lastDays ?? 30) - 1));
  // Kept while its inputs stand, so that the log's progress or a new verification, read while the
  // charts are drawn, does not draw all seven again.
  const dashboards = useMemo(
    () => (days === undefined || missedDue === undefined ? <Loader /> : <Dashboards days={days} missedDue={missedDue} team={team.members} from={from} to={to} />),
    [days, missedDue, team.members, from, to],
  );

  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        {t('audit.title')}
      </Title>
      <VerifyPanel record={record ?? null} />
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="decisions">{t('audit.tabs.decisions')}</Tabs.Tab>
          <Tabs.Tab value="dashboards">{t('audit.tabs.dashboards')}</Tabs.Tab>
          <Tabs.Tab value="sampling">{t('audit.tabs.sampling')}</Tabs.Tab>
          <Tabs.Tab value="presence">{t('audit.tabs.presence')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="decisions" pt="md">
          <DecisionsTab names={team.names} onOpen={setOpenCase} />
        </Tabs.Panel>
        <Tabs.Panel value="dashboards" pt="md">
          <Stack gap="md">
            <Group align="flex-end" gap="sm">
              <TextInput type="date" label={t('audit.range.from')} value={from} onChange={(event) => event.currentTarget.value && setRange({ from: event.currentTarget.value, to })} />
              <TextInput type="date" label={t('audit.range.to')} value={to} onChange={(event) => event.currentTarget.value && setRange({ from, to: event.currentTarget.value })} />
              {[30, 90, 365].map((length) => (
                <Button key={length} variant="default" onClick={() => setRange({ lastDays: length })}>
                  {t('audit.range.last', { count: length })}
                </Button>
              ))}
            </Group>
            {dashboards}
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="sampling" pt="md">
          <SamplingTab team={team.members} onOpen={setOpenCase} onQueue={props.onQueue} />
        </Tabs.Panel>
        <Tabs.Panel value="presence" pt="md">
          <TeamPresence onOpen={setOpenCase} />
        </Tabs.Panel>
      </Tabs>
      <CaseHistory disputeId={openCase} record={record} onQueue={props.onQueue} secondReview={props.secondReview} onClose={() => setOpenCase(null)} />
    </Stack>
  );
}

// The decision log and sampling read every decision; the dashboards never wait for that read.

function DecisionsTab(props: { names: ReadonlyMap<string, string>; onOpen: (disputeId: string) => void }) {
  const decisions = useDecisions();
  return decisions === undefined ? <Loader /> : <DecisionLog decisions={decisions} names={props.names} onOpen={props.onOpen} />;
}

function SamplingTab(props: { team: TeamMember[]; onOpen: (disputeId: string) => void; onQueue: QueueChange }) {
  const decisions = useDecisions();
  const sampling = useMemo(() => samplingState(decisions ?? []), [decisions]);
  const words = useRefusalWords();
  const { sample, keep, forget } = useKeptSample();
  if (decisions === undefined || sample === undefined) return <Loader />;
  return (
    <SamplingPanel
      kept={sample}
      onKeep={keep}
      onForget={forget}
      candidates={sampling.candidates}
      team={props.team}
      reviews={sampling.reviews}
      onOpenCase={props.onOpen}
      onAssign={async (assignments) => {
        const refused: { disputeId: string; message: string }[] = [];
        for (const assignment of assignments) {
          const result = await props.onQueue('review.assign', assignment);
          if (!result.ok) refused.push({ disputeId: assignment.disputeId, message: words(result).text });
        }
        return { assigned: assignments.length - refused.length, refused };
      }}
    />
  );
}
