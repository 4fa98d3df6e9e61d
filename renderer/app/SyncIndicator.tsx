import { Button, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useDeskData, useSyncStatus } from '../data/DeskDataProvider';
import { formatDateTime } from '../ui/format';

/** Sync's part of the status bar: syncing, last synced at, or what failed and what to do. */
export function SyncIndicator() {
  const { t, i18n } = useTranslation();
  const { session, syncNow } = useDeskData();
  const status = useSyncStatus();
  if (!session) return null;
  const last = status.lastSyncedAt ? formatDateTime(status.lastSyncedAt, i18n.language) : t('sync.never');
  return (
    <>
      <Text size="sm" data-testid="sync-status" role={status.kind === 'failed' ? 'alert' : 'status'} c={status.kind === 'failed' ? 'red.9' : undefined}>
        {status.kind === 'syncing'
          ? t('sync.syncing', { count: status.pulled })
          : status.kind === 'failed'
            ? t('sync.failed', { message: status.failure.message, last })
            : status.lastSyncedAt
              ? t('sync.synced', { last })
              : t('sync.notYet')}
      </Text>
      <Button size="compact-xs" variant="subtle" onClick={() => void syncNow()} disabled={status.kind === 'syncing'}>
        {t('sync.now')}
      </Button>
    </>
  );
}
