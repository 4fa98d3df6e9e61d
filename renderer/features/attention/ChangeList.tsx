import { Badge, Paper, Table, Text, Title } from '@mantine/core';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Dispute } from '../../../shared/domain/model';
import type { OutboxEntry } from '../../data/db';
import { changeKey, useDismissedChanges } from '../../data/dismissed-changes';
import { useDeskData } from '../../data/DeskDataProvider';
import { useDisputeChanges } from '../../data/use-outbox';
import { usePersonName } from '../../data/use-team';
import { formatDateTime } from '../../ui/format';
import { useRefusalWords } from '../../ui/use-refusal-words';
import { describeChange } from './change-words';

/** Dark enough for white badge text to pass WCAG AA. */
const statusColor = { pending: 'yellow.4', applied: 'teal.9', rejected: 'red.9', dismissed: 'gray.7' } as const;

function statusOf(entry: OutboxEntry, dismissed: ReadonlySet<string>): keyof typeof statusColor {
  return entry.status === 'rejected' && dismissed.has(changeKey(entry)) ? 'dismissed' : entry.status;
}

/**
 * The changes made to this dispute on this computer and what became of each: waiting to be sent,
 * applied by the case service, or refused with its reason. Nothing leaves this list.
 */
export function ChangeList(props: { disputeId: string; dispute?: Pick<Dispute, 'evidence'> }) {
  const { t, i18n } = useTranslation();
  const { db, session } = useDeskData();
  const changes = useDisputeChanges(db, props.disputeId);
  const dismissed = useDismissedChanges(db, session?.user.id);
  const headingId = useId();
  const words = useRefusalWords(props.dispute);
  const personName = usePersonName();
  return (
    <Paper component="section" withBorder p="md" aria-labelledby={headingId}>
      <Title order={3} size="h4" mb="sm" id={headingId}>
        {t('changes.title')}
      </Title>
      {changes !== undefined && changes.length === 0 ? (
        <Text c="dimmed">{t('changes.empty')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={640} scrollAreaProps={{ viewportProps: { tabIndex: 0 } }}>
          <Table data-testid="change-list">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('changes.change')}</Table.Th>
                <Table.Th>{t('changes.made')}</Table.Th>
                <Table.Th>{t('changes.status')}</Table.Th>
                <Table.Th>{t('changes.reason')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(changes ?? []).map((entry) => {
                const status = statusOf(entry, dismissed);
                return (
                  <Table.Tr key={entry.mutationId}>
                    <Table.Td>{describeChange(entry, t, i18n.language, personName)}</Table.Td>
                    <Table.Td>
                      <time dateTime={entry.createdAt}>{formatDateTime(entry.createdAt, i18n.language)}</time>
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      <Badge color={statusColor[status]} variant="filled" autoContrast style={{ minWidth: 'max-content' }}>
                        {t(`changes.statuses.${status}`)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      {entry.status === 'rejected' && (
                        <Text size="sm" lang={words(entry).lang}>
                          {words(entry).text}
                        </Text>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}
