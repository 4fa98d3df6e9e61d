import { Badge, Group, Text } from '@mantine/core';
import { useNetwork } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppInfoState } from './use-app-info';

/** The bottom bar: which host runs the app, sync, whether the network is there, and host problems. */
export function StatusBar(props: { appInfo: AppInfoState; children?: ReactNode }) {
  const { t } = useTranslation();
  const { online } = useNetwork();
  const { appInfo } = props;
  return (
    <Group component="footer" aria-label={t('status.label')} h="100%" px="md" gap="md" justify="space-between" wrap="nowrap">
      {/* Shrinks first, so a long sync failure never pushes the network badge off the bar. */}
      <Group gap="md" wrap="nowrap" style={{ minWidth: 0, flex: 1 }}>
        <Text size="sm" data-testid="host-kind">
          {appInfo.status === 'ready' ? t(`status.host.${appInfo.info.host}`) : t('status.host.unknown')}
        </Text>
        {appInfo.status === 'failed' && (
          <Text size="sm" c="red" role="alert">
            {t('status.hostError', { message: appInfo.error.message })}
          </Text>
        )}
        {props.children}
      </Group>
      <Badge color={online ? 'teal' : 'gray'} variant="dot" data-testid="network-status">
        {online ? t('status.online') : t('status.offline')}
      </Badge>
    </Group>
  );
}
