import { Button, Group, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeskResponse } from '../../../shared/contract/calls';

/** The log folder, where error messages send people, and a button to open it where the host can. */
export function LogFolderRow(props: { appInfo: DeskResponse<'app.info'> }) {
  const { t } = useTranslation();
  const [problem, setProblem] = useState<string>();
  const { logDir, canOpenFolders } = props.appInfo;
  return (
    <Table.Tr>
      <Table.Th>{t('settings.logDir')}</Table.Th>
      <Table.Td>
        <Group gap="sm" wrap="nowrap" justify="space-between">
          <Text ff="monospace" size="sm">
            {logDir}
          </Text>
          {canOpenFolders && (
            <Button
              size="compact-sm"
              variant="light"
              onClick={async () => {
                const result = await window.desk.invoke('app.openLogFolder', {});
                setProblem(result.ok ? (result.value.opened ? undefined : t('settings.logDirNotOpened')) : result.error.message);
              }}
            >
              {t('settings.openLogDir')}
            </Button>
          )}
        </Group>
        {problem && (
          <Text size="sm" c="red.9" role="alert">
            {problem}
          </Text>
        )}
      </Table.Td>
    </Table.Tr>
  );
}
