import { Button, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useDeskData, useSyncStatus } from '../data/DeskDataProvider';
import { usePendingCount, useRejectedChanges } from '../data/use-outbox';
import { formatDateTime } from '../ui/format';

/**
 * Sync's part of the status bar: syncing, last synced at, or what failed and what to do; how many
 * changes wait to be sent, and how many the service refused and need the case manager.
 */
export function SyncIndicator() {
  const { t, i18n } = useTranslation();
  const { db, session, syncNow } = useDeskData();
  const status = useSyncStatus();
  const pending = usePendingCount(db) ?? 0;
  const refused = useRejectedChanges(db, session?.user.id)?.length ?? 0;
  if (!session) return null;
  const last = status.lastSyncedAt ? formatDateTime(status.lastSyncedAt, i18n.language) : t('sync.never');
  // No answer from the service is the offline work the app is made for, not an error to alarm anyone.
  const offline = status.kind === 'failed' && status.failure.kind === 'offline';
  const alarming = status.kind === 'failed' && !offline;
  const text =
    status.kind === 'syncing'
      ? t('sync.syncing', { count: status.pulled })
      : status.kind === 'failed'
        ? offline
          ? t('sync.offline', { last })
          : t('sync.failed', { message: status.failure.message, last })
        : status.lastSyncedAt
          ? t('sync.synced', { last })
          : t('sync.notYet');
  return (
    <>
      {/* A long failure is cut short on the bar; the whole sentence stays in the title and is read out. */}
      <Text size="sm" data-testid="sync-status" role={alarming ? 'alert' : 'status'} c={alarming ? 'red.9' : undefined} truncate="end" title={text} style={{ minWidth: 0 }}>
        {text}
      </Text>
      {pending > 0 && (
        <Text size="sm" data-testid="pending-changes" style={{ flexShrink: 0 }}>
          {t('sync.pending', { count: pending })}
        </Text>
      )}
      {refused > 0 && (
        <Text size="sm" c="red.9" data-testid="refused-changes" style={{ flexShrink: 0 }}>
          {t('sync.refused', { count: refused })}
        </Text>
      )}
      <Button size="compact-xs" variant="subtle" onClick={() => void syncNow()} disabled={status.kind === 'syncing'} style={{ flexShrink: 0 }}>
        {t('sync.now')}
      </Button>
    </>
  );
}
