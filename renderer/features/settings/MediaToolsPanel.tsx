import { Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { mediaToolNames, type MediaToolName, type MediaTools, type MediaToolStatus } from '../../../shared/contract/media-tools';
import { SettingsPanel } from './SettingsPanel';

function ToolStatus(props: { tool: MediaToolName; status: MediaToolStatus }) {
  const { t } = useTranslation();
  const { tool, status } = props;
  if ('missing' in status) {
    return (
      <Stack gap={4}>
        <Text size="sm" c="red.8" fw={500}>
          {t(`settings.mediaTools.missing.${status.missing.code}`, { path: status.missing.path ?? tool, tool })}
        </Text>
        <Text size="sm">{t(`settings.mediaTools.without.${tool}`)}</Text>
      </Stack>
    );
  }
  return (
    <Table variant="vertical" withTableBorder={false} layout="fixed">
      <Table.Tbody>
        <Table.Tr>
          <Table.Th w={120}>{t('settings.mediaTools.source')}</Table.Th>
          <Table.Td>{t(`settings.mediaTools.sourceName.${status.source}`)}</Table.Td>
        </Table.Tr>
        <Table.Tr>
          <Table.Th>{t('settings.mediaTools.version')}</Table.Th>
          <Table.Td>{status.version}</Table.Td>
        </Table.Tr>
        <Table.Tr>
          <Table.Th>{t('settings.mediaTools.path')}</Table.Th>
          <Table.Td>
            <Text ff="monospace" size="sm" style={{ overflowWrap: 'anywhere' }}>
              {status.path}
            </Text>
          </Table.Td>
        </Table.Tr>
      </Table.Tbody>
    </Table>
  );
}

/**
 * Which ffmpeg and ffprobe this installation uses (where from, which version, which program), or
 * why one cannot be used and what the desk does without it. `mediaTools` is undefined while
 * `app.info` has not answered.
 */
export function MediaToolsPanel(props: { mediaTools: MediaTools | undefined }) {
  const { t } = useTranslation();
  const { mediaTools } = props;
  return (
    <SettingsPanel title={t('settings.mediaTools.title')} hint={t('settings.mediaTools.hint')}>
      {mediaTools ? (
        <Stack gap="md">
          {mediaToolNames.map((tool) => (
            <Stack key={tool} gap={4} aria-label={tool} role="group">
              <Title order={3} size="h5">
                {tool}
              </Title>
              <ToolStatus tool={tool} status={mediaTools[tool]} />
            </Stack>
          ))}
        </Stack>
      ) : (
        <Text c="dimmed">{t('settings.loading')}</Text>
      )}
    </SettingsPanel>
  );
}
