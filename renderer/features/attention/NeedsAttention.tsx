import { Alert, Loader, ScrollArea, Stack, Text, Title } from '@mantine/core';
import { useId, useState } from 'react';
import { createLogger } from '../../../shared/logger';
import type { OutboxEntry } from '../../data/db';
import { useTranslation } from 'react-i18next';
import { dismissChange } from '../../data/dismissed-changes';
import { useDeskData } from '../../data/DeskDataProvider';
import { useRejectedChanges } from '../../data/use-outbox';
import { RejectedChangeCard, type AttentionChoices } from './RejectedChangeCard';

const log = createLogger('needs-attention');

/**
 * Every change the case service refused and the case manager has not discarded, newest first,
 * each with its reason, the dispute as it stands now and what can be done next. A refused change
 * leaves this list only by the case manager's choice.
 */
export function NeedsAttention(props: Omit<AttentionChoices, 'onDiscard'>) {
  const { t } = useTranslation();
  const { db, session } = useDeskData();
  const userId = session?.user.id;
  const changes = useRejectedChanges(db, userId);
  const headingId = useId();
  const [failure, setFailure] = useState<string>();
  const discard = (entry: OutboxEntry) => {
    if (userId === undefined) return;
    setFailure(undefined);
    dismissChange(db, userId, entry).catch((error: unknown) => {
      log.error('discarding a refused change failed', { mutationId: entry.mutationId, error: String(error) });
      setFailure(t('attention.discardFailed'));
    });
  };
  return (
    <Stack component="section" aria-labelledby={headingId} gap="sm">
      <Title order={3} size="h5" id={headingId}>
        {t('attention.title', { count: changes?.length ?? 0 })}
      </Title>
      {failure !== undefined && (
        <Alert color="red" role="alert">
          {failure}
        </Alert>
      )}
      {changes === undefined ? (
        <Loader size="sm" role="status" aria-label={t('attention.loading')} />
      ) : changes.length === 0 ? (
        <Text c="dimmed">{t('attention.empty')}</Text>
      ) : (
        <ScrollArea.Autosize mah="45vh" type="auto">
          <Stack gap="sm">
            {changes.map((change) => (
              <RejectedChangeCard key={change.entry.mutationId} change={change} {...props} onDiscard={(discarded) => discard(discarded.entry)} />
            ))}
          </Stack>
        </ScrollArea.Autosize>
      )}
    </Stack>
  );
}
