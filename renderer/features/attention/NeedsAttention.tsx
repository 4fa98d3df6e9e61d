import { Loader, ScrollArea, Stack, Text, Title } from '@mantine/core';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { dismissChange } from '../../data/dismissed-changes';
import { useDeskData } from '../../data/DeskDataProvider';
import { useRejectedChanges } from '../../data/use-outbox';
import { RejectedChangeCard, type AttentionChoices } from './RejectedChangeCard';

/**
 * Every change the case service refused and the case manager has not discarded, newest first,
 * each with its reason, the dispute as it stands now and what can be done next. A refused change
 * leaves this list only by the case manager's choice.
 */
export function NeedsAttention(props: Omit<AttentionChoices, 'onDiscard'>) {
  const { t } = useTranslation();
  const { db } = useDeskData();
  const changes = useRejectedChanges(db);
  const headingId = useId();
  return (
    <Stack component="section" aria-labelledby={headingId} gap="sm">
      <Title order={3} size="h5" id={headingId}>
        {t('attention.title', { count: changes?.length ?? 0 })}
      </Title>
      {changes === undefined ? (
        <Loader size="sm" aria-label={t('attention.loading')} />
      ) : changes.length === 0 ? (
        <Text c="dimmed">{t('attention.empty')}</Text>
      ) : (
        <ScrollArea.Autosize mah="45vh" type="auto">
          <Stack gap="sm">
            {changes.map((change) => (
              <RejectedChangeCard key={change.entry.mutationId} change={change} {...props} onDiscard={(discarded) => dismissChange(discarded.entry)} />
            ))}
          </Stack>
        </ScrollArea.Autosize>
      )}
    </Stack>
  );
}
