import { Alert, Button, Group, Stack, Table, Text } from '@mantine/core';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { EvidenceFlags } from '../../ui/EvidenceFlags';
import { formatDateTime } from '../../ui/format';
import type { UnfiledSubmission } from './intake-context';

/**
 * Files stored on this computer for the case that never became evidence, most often because the
 * case was left while a job ran. Each shows what the checks found, so the case manager decides
 * before adding it; nothing is added without a click. Nothing shows when there is nothing to add.
 */
export function UnfiledEvidence(props: { unfiled: readonly UnfiledSubmission[]; error?: string; onAdd: (unfiled: readonly UnfiledSubmission[]) => void }) {
  const { t, i18n } = useTranslation();
  const titleId = useId();
  const { unfiled, error } = props;
  if (unfiled.length === 0 && error === undefined) return null;
  return (
    <Stack component="section" aria-labelledby={titleId} gap="xs">
      <Group justify="space-between">
        <Text fw={600} id={titleId}>
          {t('evidence.unfiled.title')}
        </Text>
        {unfiled.length > 0 && (
          <Button size="xs" onClick={() => props.onAdd(unfiled)}>
            {t('evidence.unfiled.addAll')}
          </Button>
        )}
      </Group>
      {error !== undefined && (
        <Alert color="orange" title={t('evidence.unfiled.listFailed')}>
          {error}
        </Alert>
      )}
      {unfiled.length > 0 && (
        <>
          <Text size="sm" c="dimmed">
            {t('evidence.unfiled.explain')}
          </Text>
          <Table.ScrollContainer minWidth={640} scrollAreaProps={{ viewportProps: { tabIndex: 0 } }}>
            <Table verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  {['file', 'party', 'submitted', 'checks', 'action'].map((column) => (
                    <Table.Th key={column}>{t(`evidence.unfiled.${column}`)}</Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {unfiled.map((entry) => (
                  <Table.Tr key={entry.key}>
                    <Table.Td w="22%">
                      <Text size="sm" ff="monospace" dir="auto" style={{ overflowWrap: 'anywhere' }}>
                        {entry.submission.fileName}
                      </Text>
                    </Table.Td>
                    <Table.Td>{t(`case.party.${entry.submission.party}`)}</Table.Td>
                    <Table.Td>
                      <time dateTime={entry.submission.submittedAt}>{formatDateTime(entry.submission.submittedAt, i18n.language)}</time>
                    </Table.Td>
                    <Table.Td>
                      <EvidenceFlags flags={entry.submission.flags} />
                    </Table.Td>
                    <Table.Td>
                      <Button
                        size="xs"
                        variant="default"
                        onClick={() => props.onAdd([entry])}
                        aria-label={t('evidence.unfiled.addLabel', { file: entry.submission.fileName, party: t(`case.party.${entry.submission.party}`) })}
                      >
                        {t('evidence.unfiled.add')}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </>
      )}
    </Stack>
  );
}
