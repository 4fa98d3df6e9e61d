import { Alert, Badge, Button, Drawer, Group, List, Stack, Table, Text, Timeline, Title } from '@mantine/core';
import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Dispute } from '../../../shared/domain/model';
import { auditEntriesOf } from '../../data/audit-pages';
import type { AuditRecord } from '../../data/db';
import { useDeskData } from '../../data/DeskDataProvider';
import { formatDateTime } from '../../ui/format';
import { hasServiceFindingsToShow, ServiceFindings } from '../../ui/ServiceFindings';
import { useNow } from '../../ui/use-now';
import type { QueueChange } from '../../data/queue-change';
import { usePersonName } from '../../data/use-team';
import { formatAgo, wordStep, type HistoryWords, type WordedStep } from './history-words';
import { CaseReport } from './CaseReport';
import { OverturnForm } from './OverturnForm';
import { evidenceName, stateLabel } from '../../ui/labels';

/**
 * The second review of a ruled dispute as the shell renders it (the review feature's form): the
 * ruling's author by name, and whether the signed-in user may record the verdict.
 */
export type SecondReviewSlot = (review: { dispute: Dispute; ruledBy: string; canRecord: boolean }) => ReactNode;

/**
 * Each item on which the desk's flags and the case service's own check disagree, or which the
 * service could not check for want of its file: what a team lead auditing the case must not
 * take on the desk's word alone.
 */
function EvidenceDisagreements(props: { dispute: Dispute }) {
  const { t } = useTranslation();
  const items = props.dispute.evidence.filter(hasServiceFindingsToShow);
  const checked = props.dispute.evidence.some((item) => item.serviceFindings !== undefined);
  if (!checked) return null;
  return (
    <Stack gap={4} data-testid="evidence-disagreements">
      <Title order={3} size="h4">
        {t('evidence.service.historyTitle')}
      </Title>
      {items.length === 0 && <Text c="dimmed">{t('evidence.service.historyNone')}</Text>}
      {items.map((item) => (
        <Stack gap={2} key={item.id}>
          <Text size="sm" fw={600}>
            {/* By its label and file name, never its id. */}
            {evidenceName(t, item)}
          </Text>
          <ServiceFindings item={item} />
        </Stack>
      ))}
    </Stack>
  );
}

/**
 * A dispute's full history from the audit log, each step with who, when, what it said and what it
 * changed on the case; the standing ruling can be overturned from here, the second review
 * recorded, and the whole printed as a case report.
 */
export function CaseHistory(props: {
  disputeId: string | null;
  record: AuditRecord | null | undefined;
  onQueue: QueueChange;
  secondReview: SecondReviewSlot;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { db, session } = useDeskData();
  const { disputeId } = props;
  const [overturning, setOverturning] = useState(false);
  const [printed, setPrinted] = useState<string>();
  const dispute = useLiveQuery(async () => (disputeId === null ? undefined : (await db.disputes.get(disputeId))?.doc), [db, disputeId]);
  const entries = useLiveQuery(async () => (disputeId === null ? [] : auditEntriesOf(db, disputeId)), [db, disputeId]);
  const nameOf = usePersonName();
  const words = useMemo<HistoryWords>(
    () => ({
      t,
      locale: i18n.language,
      nameOf,
      evidenceName: (evidenceId) => {
        const item = dispute?.evidence.find((candidate) => candidate.id === evidenceId);
        return item === undefined ? t('audit.history.itemGone') : (item.fileName ?? t(`audit.history.kind.${item.kind}`));
      },
    }),
    [t, i18n.language, nameOf, dispute],
  );
  const steps = useMemo(
    () => [...(entries ?? [])].sort((a, b) => a.seq - b.seq).map((entry) => wordStep(entry, words, dispute?.order.paid.currency)),
    [entries, words, dispute],
  );
  const me = session?.user;

  async function print() {
    if (disputeId === null) return;
    setPrinted(undefined);
    const result = await window.desk.printReport(`case-report-${disputeId}`);
    setPrinted(result.ok ? (result.value.savedTo === null ? undefined : t('audit.report.saved', { path: result.value.savedTo })) : result.error.message);
  }

  return (
    <Drawer
      opened={disputeId !== null}
      onClose={() => {
        setOverturning(false);
        props.onClose();
      }}
      position="right"
      size="xl"
      closeButtonProps={{ 'aria-label': t('app.close') }}
      title={<Title order={2} size="h3">{t('audit.history.title', { id: disputeId ?? '' })}</Title>}
    >
      {disputeId !== null && (
        <Stack gap="md" data-testid="case-history">
          {dispute ? (
            <Group gap="xs">
              <Badge variant="light">{stateLabel(t, dispute.state)}</Badge>
              <Text size="sm">
                {dispute.buyer.name} · {dispute.seller.name} · {t(`queue.reasons.${dispute.reason}`)}
              </Text>
            </Group>
          ) : (
            <Text c="dimmed">{t('audit.history.notLocal')}</Text>
          )}
          <Group gap="sm">
            {dispute?.state === 'ruled' && dispute.ruling && !overturning && (
              <Button color="red" variant="light" onClick={() => setOverturning(true)}>
                {t('audit.overturn.open')}
              </Button>
            )}
            {dispute && (
              <Button variant="default" onClick={() => void print()}>
                {t('audit.report.print')}
              </Button>
            )}
          </Group>
          {printed !== undefined && <Alert role="status">{printed}</Alert>}
          {overturning && dispute && (
            <OverturnForm dispute={dispute} onQueue={props.onQueue} onDone={() => setOverturning(false)} onCancel={() => setOverturning(false)} />
          )}
          {dispute?.secondReview &&
            dispute.ruling &&
            props.secondReview({
              dispute,
              ruledBy: nameOf(dispute.ruling.ruledBy),
              canRecord: me !== undefined && (me.role === 'team_lead' || me.id === dispute.secondReview.reviewerId),
            })}
          {dispute && <EvidenceDisagreements dispute={dispute} />}
          <Title order={3} size="h4">
            {t('audit.history.steps', { count: steps.length })}
          </Title>
          {steps.length === 0 && <Text c="dimmed">{t('audit.history.none')}</Text>}
          <Timeline bulletSize={14} lineWidth={2}>
            {steps.map((step) => (
              <Timeline.Item key={step.seq} data-testid="history-step" title={<Text size="sm" fw={600} component="span">{step.sentence}</Text>}>
                <StepBody step={step} />
              </Timeline.Item>
            ))}
          </Timeline>
          {dispute && <CaseReport dispute={dispute} steps={steps} printedBy={me?.name ?? ''} verification={props.record?.verification} />}
        </Stack>
      )}
    </Drawer>
  );
}

/** When a step happened (how long ago, and the local date and time), and its details and changes on demand. */
function StepBody(props: { step: WordedStep }) {
  const { t, i18n } = useTranslation();
  const now = useNow(60_000);
  const { step } = props;
  const hasMore = step.details.length > 0 || (step.changes !== null && step.changes.length > 0);
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed">
        <time dateTime={step.at} title={formatDateTime(step.at, i18n.language)}>
          {t('audit.history.when', { ago: formatAgo(step.at, now, i18n.language), at: formatDateTime(step.at, i18n.language) })}
        </time>
      </Text>
      {hasMore && (
        <details data-testid="history-details">
          <summary style={{ cursor: 'pointer', fontSize: 'var(--mantine-font-size-xs)' }}>{t('audit.history.more')}</summary>
          <Stack gap={4} mt={4}>
            {step.details.length > 0 && (
              <List size="sm" spacing={2} listStyleType="none">
                {step.details.map((detail) => (
                  <List.Item key={detail.label}>
                    <Text span fw={600} size="sm">
                      {detail.label}
                    </Text>
                    {': '}
                    <Text span size="sm" style={{ whiteSpace: 'pre-wrap' }} dir="auto">
                      {detail.value}
                    </Text>
                  </List.Item>
                ))}
              </List>
            )}
            {step.changes !== null && step.changes.length > 0 && (
              <Table withTableBorder fz="xs" aria-label={t('audit.history.changes')}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('audit.history.field')}</Table.Th>
                    <Table.Th>{t('audit.history.before')}</Table.Th>
                    <Table.Th>{t('audit.history.after')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {step.changes.map((change) => (
                    <Table.Tr key={change.label}>
                      <Table.Td>{change.label}</Table.Td>
                      <Table.Td>{change.before}</Table.Td>
                      <Table.Td>{change.after}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Stack>
        </details>
      )}
      {step.changes === null && (
        <Text size="xs" c="dimmed">
          {t('audit.history.notRecorded')}
        </Text>
      )}
    </Stack>
  );
}
