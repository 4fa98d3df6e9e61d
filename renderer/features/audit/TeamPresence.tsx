import { Anchor, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useServiceReach } from '../../data/DeskDataProvider';
import { usePresence } from '../../data/use-presence';
import { formatElapsed } from '../../ui/format';
import { useNow } from '../../ui/use-now';

/**
 * Who is on what, for the team lead: every colleague with a case open now and what they are doing
 * on it, as their desks report it while online. Live only: nothing here is kept or audited.
 */
export function TeamPresence(props: { onOpen: (disputeId: string) => void }) {
  const { t, i18n } = useTranslation();
  const everyone = usePresence();
  const reach = useServiceReach();
  const now = useNow(30_000).getTime();
  const rows = [...everyone].sort((a, b) => a.name.localeCompare(b.name, i18n.language) || a.since - b.since);
  return (
    <Stack gap="xs">
      <Text size="sm" c="dimmed">
        {t('presence.team.description')}
      </Text>
      {rows.length === 0 ? (
        <Text>{reach === 'unreachable' ? t('presence.team.offline') : t('presence.team.empty')}</Text>
      ) : (
        <Table striped aria-label={t('presence.team.title')} data-testid="team-presence">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('presence.team.columns.who')}</Table.Th>
              <Table.Th>{t('presence.team.columns.dispute')}</Table.Th>
              <Table.Th>{t('presence.team.columns.doing')}</Table.Th>
              <Table.Th>{t('presence.team.columns.for')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((person) => (
              <Table.Tr key={`${person.userId}-${person.disputeId}`}>
                <Table.Td>{person.name}</Table.Td>
                <Table.Td>
                  <Anchor component="button" type="button" onClick={() => props.onOpen(person.disputeId)} aria-label={t('presence.team.open', { id: person.disputeId })}>
                    {person.disputeId}
                  </Anchor>
                </Table.Td>
                <Table.Td>{t(`presence.team.doing.${person.activity}`)}</Table.Td>
                <Table.Td>{formatElapsed(now - person.since, i18n.language)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
