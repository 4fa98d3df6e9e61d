import { Badge, Group, NavLink, Stack, Title } from '@mantine/core';
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDeskData } from '../../data/DeskDataProvider';
import { useNow } from '../../ui/use-now';
import { QueueTable } from './QueueTable';
import { queueIds, queueQuery, type QueueId } from './queues';

/** The case manager's dispute queues, read from the local store: nothing here waits on the network. */
export function QueuesScreen(props: { userId: string; onOpenCase: (id: string) => void }) {
  const { t } = useTranslation();
  const { db } = useDeskData();
  const now = useNow();
  const [queue, setQueue] = useState<QueueId>('mine');
  // Counts move with the store (liveQuery), but not with the clock: the minute is enough.
  const minute = now.toISOString().slice(0, 16);
  const context = { userId: props.userId, now };

  const counts = useLiveQuery(
    () => Promise.all(queueIds.map((id) => queueQuery(db, id, context)?.count() ?? Promise.resolve<number>(0))),
    [db, props.userId, minute],
  );
  const ids = useLiveQuery(() => queueQuery(db, queue, context)?.primaryKeys() ?? Promise.resolve<string[]>([]), [db, queue, props.userId, minute]);

  return (
    <Group align="stretch" gap="lg" wrap="nowrap" h="calc(100vh - 36px - 2 * var(--mantine-spacing-lg))">
      <Stack gap={4} w={230} style={{ flexShrink: 0 }} component="nav" aria-label={t('queue.queuesLabel')}>
        <Title order={1} size="h3" mb="sm">
          {t('queues.title')}
        </Title>
        {queueIds.map((id, index) => (
          <NavLink
            key={id}
            component="button"
            label={t(`queue.names.${id}`)}
            active={queue === id}
            aria-current={queue === id ? 'true' : undefined}
            onClick={() => setQueue(id)}
            rightSection={
              <Badge variant="outline" color="gray.8" data-testid={`count-${id}`}>
                {counts?.[index] ?? '…'}
              </Badge>
            }
          />
        ))}
      </Stack>
      <Stack style={{ flex: 1, minWidth: 0 }} gap="sm">
        <Title order={2} size="h4">
          {t(`queue.names.${queue}`)}
        </Title>
        <div style={{ flex: 1, minHeight: 0 }}>
          <QueueTable ids={ids ?? []} now={now} onOpen={props.onOpenCase} />
        </div>
      </Stack>
    </Group>
  );
}
