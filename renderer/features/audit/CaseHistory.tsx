import { Alert, Badge, Button, Drawer, Group, Stack, Table, Text, Timeline, Title } from '@mantine/core';
import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Dispute } from '../../../shared/domain/model';
import type { AuditRecord } from '../../data/db';
import { useDeskData } from '../../data/DeskDataProvider';
import { formatDateTime } from '../../ui/format';
import { hasServiceFindingsToShow, ServiceFindings } from '../../ui/ServiceFindings';
import type { QueueChange } from '../../data/queue-change';
import { historySteps } from './case-history';
import { CaseReport } from './CaseReport';
import { OverturnForm } from './OverturnForm';
import { stateLabel } from '../../ui/labels';

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
            {t('evidence.service.historyItem', { id: item.id, source: item.fileName ?? item.url ?? '' })}
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
  names: ReadonlyMap<string, string>;
  record: AuditRecord | null | undefined;
  onQueue: QueueChange;
  secondReview: SecondReviewSlot;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { db, session } = useDeskData();
  const { disputeId, names } = props;
  const [overturning, setOverturning] = useState(false);
  const [printed, setPrinted] = useState<string>();
  const dispute = useLiveQuery(async () => (disputeId === null ? undefined : (await db.disputes.get(disputeId))?.doc), [db, disputeId]);
  const entries = useLiveQuery(async () => (disputeId === null ? [] : db.audit.where('disputeId').equals(disputeId).toArray()), [db, disputeId]);
  const steps = useMemo(() => historySteps(entries ?? []), [entries]);
  const name = (id: string) => names.get(id) ?? id;
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
              ruledBy: name(dispute.ruling.ruledBy),
              canRecord: me !== undefined && (me.role === 'team_lead' || me.id === dispute.secondReview.reviewerId),
            })}
          {dispute && <EvidenceDisagreements dispute={dispute} />}
          <Title order={3} size="h4">
            {t('audit.history.steps', { count: steps.length })}
          </Title>
          {steps.length === 0 && <Text c="dimmed">{t('audit.history.none')}</Text>}
          <Timeline bulletSize={14} lineWidth={2}>
            {steps.map(({ entry, details, changes }) => (
              <Timeline.Item
                key={entry.seq}
                data-testid="history-step"
                title={`${t(`audit.actions.${entry.action}`, { defaultValue: entry.action })} · ${name(entry.actor)}`}
              >
                <Text size="xs" c="dimmed">
                  {t('audit.history.entry', { seq: entry.seq, at: formatDateTime(entry.at, i18n.language) })}
                </Text>
                {details.length > 0 && (
                  <Stack gap={0} lang="en">
                    {details.map((detail) => (
                      <Text size="sm" key={detail.key}>
                        <Text span fw={600} size="sm">
                          {detail.key}
                        </Text>
                        {`: ${detail.value}`}
                      </Text>
                    ))}
                  </Stack>
                )}
                {changes === null ? (
                  <Text size="xs" c="dimmed">{t('audit.history.notRecorded')}</Text>
                ) : (
                  changes.length > 0 && (
                    <Table withTableBorder fz="xs" mt={4} aria-label={t('audit.history.changes')}>
                      <Table.Thead>
                        <Table.Tr>
                          <Table.Th>{t('audit.history.field')}</Table.Th>
                          <Table.Th>{t('audit.history.before')}</Table.Th>
                          <Table.Th>{t('audit.history.after')}</Table.Th>
                        </Table.Tr>
                      </Table.Thead>
                      <Table.Tbody>
                        {changes.map((change) => (
                          <Table.Tr key={change.field}>
                            <Table.Td>{change.field}</Table.Td>
                            <Table.Td>{change.before}</Table.Td>
                            <Table.Td>{change.after}</Table.Td>
                          </Table.Tr>
                        ))}
                      </Table.Tbody>
                    </Table>
                  )
                )}
              </Timeline.Item>
            ))}
          </Timeline>
          {dispute && <CaseReport dispute={dispute} steps={steps} names={names} printedBy={me?.name ?? ''} verification={props.record?.verification} />}
        </Stack>
      )}
    </Drawer>
  );
}
