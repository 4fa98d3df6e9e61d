import { Badge, Group, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useServiceReach } from '../data/DeskDataProvider';
import type { ServiceReach } from '../data/service-watch';
import type { AppInfoState } from '../data/use-app-info';

const reachColor: Record<ServiceReach, string> = { answering: 'teal', unreachable: 'red', checking: 'gray', none: 'gray' };

/** The bottom bar: which host runs the app, sync, whether the case service answers, and host problems. */
export function StatusBar(props: { appInfo: AppInfoState; children?: ReactNode }) {
  const { t } = useTranslation();
  const reach = useServiceReach();
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
      <Badge color={reachColor[reach]} variant="dot" data-testid="network-status" title={t(`status.reachTitle.${reach}`)} style={{ flexShrink: 0 }}>
        {t(`status.reach.${reach}`)}
      </Badge>
    </Group>
  );
}
