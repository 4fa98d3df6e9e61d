import { Badge, Group, NavLink, Stack, Text, Title } from '@mantine/core';
import { useDisclosure, useHotkeys } from '@mantine/hooks';
import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { QueueRow, SearchEntry } from '../../data/db';
import { useDeskData } from '../../data/DeskDataProvider';
import { matchesSearch, searchTerms } from '../../data/search-words';
import { ShortcutSheet } from '../../ui/ShortcutSheet';
import { useNow } from '../../ui/use-now';
import { applyFilter, noFilter, type QueueFilter, type QueueSort } from './filter';
import { QueueTable } from './QueueTable';
import { QueueToolbar } from './QueueToolbar';
import { queueCount, queueIds, queueRows, type QueueId } from './queues';
import { SavedViews } from './SavedViews';

const shortcuts = [
  ['j / ↓', 'queue.shortcuts.next'],
  ['k / ↑', 'queue.shortcuts.previous'],
  ['Enter', 'queue.shortcuts.open'],
  ['/', 'queue.shortcuts.search'],
  ['?', 'queue.shortcuts.help'],
] as const;

/**
 * The case manager's dispute queues, read from the local store: nothing here waits on the network.
 * `attention`, the refused changes and what to do about them, heads the Needs attention queue.
 */
export function QueuesScreen(props: { userId: string; onOpenCase: (id: string) => void; attention?: ReactNode }) {
  const { t } = useTranslation();
  const { db } = useDeskData();
  const now = useNow();
  const [queue, setQueue] = useState<QueueId>('mine');
  const [filter, setFilter] = useState<QueueFilter>(noFilter);
  const [sort, setSort] = useState<QueueSort>('due');
  const [search, setSearch] = useState('');
  const [helpOpen, help] = useDisclosure(false);
  const searchRef = useRef<HTMLInputElement>(null);
  useHotkeys([
    ['/', () => searchRef.current?.focus()],
    ['shift+?', help.open],
  ]);

  // Counts and rows move with the store (liveQuery), and with the clock only by the minute.
  const minute = now.toISOString().slice(0, 16);
  const context = { userId: props.userId, now };
  // Discarding a refused change takes its dispute out of Needs attention: the discards are in the store, so liveQuery follows them.
  const counts = useLiveQuery(
    () => Promise.all(queueIds.map((id) => queueCount(db, id, context))),
    [db, props.userId, minute],
  );
  // Each answer says which queue it is for: a slow answer for the queue the user just left must
  // never be shown under the one they switched to.
  const answer = useLiveQuery(
    async (): Promise<{ queue: QueueId; rows: QueueRow[] }> => ({ queue, rows: await queueRows(db, queue, context) }),
    [db, queue, props.userId, minute],
  );
  const rows = answer?.queue === queue ? answer.rows : undefined;
  // Search texts are read when the first search starts and kept while the queues are open
  // (liveQuery keeps them current), so each keystroke, and each search after a cleared one, is a
  // pass over memory rather than a read of every text from IndexedDB.
  const [textsWanted, setTextsWanted] = useState(false);
  if (search.trim() !== '' && !textsWanted) setTextsWanted(true);
  const texts = useLiveQuery((): Promise<SearchEntry[]> | SearchEntry[] => (textsWanted ? db.search.toArray() : []), [db, textsWanted]);
  const found = useMemo(() => {
    const terms = searchTerms(search);
    if (terms.length === 0 || !texts) return undefined;
    return new Set(texts.filter((entry) => matchesSearch(entry.text, terms)).map((entry) => entry.id));
  }, [texts, search]);
  const shown = useMemo(() => applyFilter(rows ?? [], filter, sort, now, found), [rows, filter, sort, now, found]);

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
        <SavedViews
          current={{ queue, filter, sort, search }}
          onApply={(view) => {
            setQueue(view.queue);
            setFilter(view.filter);
            setSort(view.sort);
            setSearch(view.search);
          }}
        />
      </Stack>
      <Stack style={{ flex: 1, minWidth: 0 }} gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4">
            {t(`queue.names.${queue}`)}
          </Title>
          <Text size="sm" c="dimmed" data-testid="shown-count">
            {t('queue.shown', { shown: shown.length, total: rows?.length ?? 0 })}
          </Text>
        </Group>
        <QueueToolbar
          search={search}
          onSearch={setSearch}
          filter={filter}
          onFilter={setFilter}
          sort={sort}
          onSort={setSort}
          onClear={() => {
            setFilter(noFilter);
            setSearch('');
          }}
          searchRef={searchRef}
        />
        {queue === 'needsAttention' && props.attention}
        <div style={{ flex: 1, minHeight: 0 }}>
          <QueueTable rows={shown} now={now} onOpen={props.onOpenCase} />
        </div>
      </Stack>
      <ShortcutSheet opened={helpOpen} onClose={help.close} title={t('queue.shortcuts.title')} shortcuts={shortcuts} />
    </Group>
  );
}
