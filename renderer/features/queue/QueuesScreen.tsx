import { Badge, Button, Group, NavLink, Stack, Text, Title } from '@mantine/core';
import { useDisclosure, useHotkeys } from '@mantine/hooks';
import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { storedRows, storedSearchTexts, type QueueRow, type SearchEntry } from '../../data/db';
import { useDeskData } from '../../data/DeskDataProvider';
import { matchesSearch, searchTerms } from '../../data/search-words';
import { ShortcutSheet } from '../../ui/ShortcutSheet';
import { useNow } from '../../ui/use-now';
import type { QueueListing } from './columns';
import { applyFilter, noFilter, type QueueFilter, type QueueSort } from './filter';
import { firstScreenOf, keepFirstScreen, keptFirstScreen, readFirstScreen, sameFirstScreen } from './first-screen';
import { QueueTable } from './QueueTable';
import { QueueToolbar } from './QueueToolbar';
import { attentionIds, queueIds, queueListings, queuesOf, type QueueId } from './queues';
import { SavedViews } from './SavedViews';

/** How long the rows stay unchanged before the first screen is kept: a sync's pages come in one after another. */
const firstScreenDelayMs = 1_000;

const shortcuts = [
  ['j / ↓', 'queue.shortcuts.next'],
  ['k / ↑', 'queue.shortcuts.previous'],
  ['Enter', 'queue.shortcuts.open'],
  ['/', 'queue.shortcuts.search'],
  ['?', 'queue.shortcuts.help'],
] as const;

/**
 * The dispute queues, read from the local store: nothing here waits on the network. A search
 * looks across every queue and says which queue each dispute it found is in. `attention`, the
 * refused changes and what to do about them, heads the Needs attention queue.
 */
export function QueuesScreen(props: { userId: string; initialQueue?: QueueId; onOpenCase: (id: string) => void; attention?: ReactNode }) {
  const { t } = useTranslation();
  const { db } = useDeskData();
  const now = useNow();
  const [queue, setQueue] = useState<QueueId>(props.initialQueue ?? 'mine');
  const [filter, setFilter] = useState<QueueFilter>(noFilter);
  const [sort, setSort] = useState<QueueSort>('due');
  const [search, setSearch] = useState('');
  const [filtersOpen, setFiltersOpen] = useState(false);
  const [selection, setSelection] = useState({ key: '', index: 0 });
  const [helpOpen, help] = useDisclosure(false);
  const searchRef = useRef<HTMLInputElement>(null);
  useHotkeys([
    ['/', () => searchRef.current?.focus()],
    ['shift+?', help.open],
  ]);

  // The rows are held in memory and follow the store (liveQuery); counts and listings are one
  // pass over them, again when the clock moves (by the minute). Discarding a refused change takes
  // its dispute out of Needs attention: the discards are in the store, so liveQuery follows them.
  const held = useLiveQuery(async () => ({ rows: (await storedRows(db)).values, attention: await attentionIds(db, props.userId) }), [db, props.userId]);
  const listings = useMemo(() => (held === undefined ? undefined : queueListings(held.rows.values(), { userId: props.userId, now, attention: held.attention })), [held, props.userId, now]);
  // Until every row is read and folded (a second at 100,000 disputes), the screen shows the first
  // screen of its landing queue as it last was, kept small and read at once (decision 0033).
  const landing = props.initialQueue ?? 'mine';
  const [firstScreen, setFirstScreen] = useState(() => keptFirstScreen(db, props.userId, landing));
  useEffect(() => {
    let live = true;
    void readFirstScreen(db, props.userId, landing).then((kept) => live && setFirstScreen(kept));
    return () => {
      live = false;
    };
  }, [db, props.userId, landing]);
  useEffect(() => {
    if (listings === undefined) return;
    const keeping = setTimeout(() => {
      const next = firstScreenOf(props.userId, landing, listings, now);
      if (firstScreen === undefined || !sameFirstScreen(firstScreen, next)) void keepFirstScreen(db, next).then(() => setFirstScreen(next));
    }, firstScreenDelayMs);
    return () => clearTimeout(keeping);
  }, [db, listings, props.userId, landing, now, firstScreen]);
  const counts = listings ? queueIds.map((id) => listings.get(id)!.length) : firstScreen?.counts;
  // Search texts are read when the first search starts and kept while the queues are open
  // (liveQuery keeps them current), so each keystroke, and each search after a cleared one, is a
  // pass over memory.
  const [textsWanted, setTextsWanted] = useState(false);
  if (search.trim() !== '' && !textsWanted) setTextsWanted(true);
  const texts = useLiveQuery(async (): Promise<ReadonlyMap<string, SearchEntry> | undefined> => (textsWanted ? (await storedSearchTexts(db)).values : undefined), [db, textsWanted]);
  const searching = search.trim() !== '';
  const listing: QueueListing = searching ? { kind: 'search' } : { kind: 'queue', queue };
  const listKey = listing.kind === 'search' ? 'search' : listing.queue;
  // The kept first screen stands in for the landing queue as it opens: no search, filter or other sort.
  const preview = listings === undefined && !searching && queue === landing && filter === noFilter && sort === 'due' ? firstScreen : undefined;
  // A search reads the rows it found, from every queue.
  const rows = useMemo(() => {
    if (held === undefined || listings === undefined) return preview?.rows;
    if (!searching) return listings.get(queue)!;
    const terms = searchTerms(search);
    if (texts === undefined) return undefined;
    if (terms.length === 0) return [];
    return [...texts.values()].flatMap((entry) => {
      const row = matchesSearch(entry.text, terms) ? held.rows.get(entry.id) : undefined;
      return row === undefined ? [] : [row];
    });
  }, [held, listings, searching, queue, texts, search, preview]);
  const shown = useMemo(() => applyFilter(rows ?? [], filter, sort, now), [rows, filter, sort, now]);
  const attention = searching ? held?.attention : undefined;
  const placeOf = useMemo(() => (attention ? (row: QueueRow) => queuesOf(row, { userId: props.userId, now, attention }) : undefined), [attention, props.userId, now]);

  // A new listing (queue, search, filter or sort) starts at its first row.
  const selectionKey = `${listKey}|${JSON.stringify(filter)}|${sort}`;
  const active = selection.key === selectionKey ? selection.index : 0;
  const setActive = useCallback(
    (to: number | ((index: number) => number)) =>
      setSelection((current) => {
        const from = current.key === selectionKey ? current.index : 0;
        return { key: selectionKey, index: typeof to === 'number' ? to : to(from) };
      }),
    [selectionKey],
  );

  // j and k move the selection, and Enter opens it, wherever the focus is outside a text field
  // or a control of its own (Enter on a button presses the button).
  const open = props.onOpenCase;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
      const target = event.target instanceof Element ? event.target : null;
      if (target?.closest('input, textarea, select, [contenteditable="true"], [role="dialog"], [role="listbox"]')) return;
      if (event.key === 'j') setActive((index) => Math.min(index + 1, Math.max(shown.length - 1, 0)));
      else if (event.key === 'k') setActive((index) => Math.max(index - 1, 0));
      else if (event.key === 'Enter' && !target?.closest('button, a, [role="button"], [role="option"], [role="tab"], [role="radio"]')) {
        const row = shown[Math.min(active, shown.length - 1)];
        if (!row) return;
        open(row.id);
      } else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [shown, active, open, setActive]);

  const clear = () => {
    setFilter(noFilter);
    setSearch('');
  };
  const hidden = (rows?.length ?? 0) - shown.length;
  const empty =
    rows === undefined ? null : searching && rows.length === 0 ? (
      <Text c="dimmed">{t('queue.emptySearch', { search: search.trim() })}</Text>
    ) : rows.length === 0 ? (
      <Text c="dimmed">{t('queue.emptyQueue')}</Text>
    ) : (
      <Group gap="sm">
        <Text c="dimmed">{t('queue.emptyFiltered', { count: hidden })}</Text>
        <Button variant="light" size="xs" onClick={() => setFilter(noFilter)}>
          {t('queue.clear')}
        </Button>
      </Group>
    );

  return (
    <Group align="stretch" gap="md" wrap="nowrap" h="calc(100vh - 36px - 2 * var(--mantine-spacing-lg))">
      <Stack gap={2} w={210} style={{ flexShrink: 0, overflowY: 'auto' }} component="nav" aria-label={t('queue.queuesLabel')}>
        <Title order={1} size="h4" mb={4}>
          {t('queues.title')}
        </Title>
        {queueIds.map((id, index) => (
          <NavLink
            key={id}
            component="button"
            label={t(`queue.names.${id}`)}
            active={!searching && queue === id}
            aria-current={!searching && queue === id ? 'true' : undefined}
            onClick={() => {
              setQueue(id);
              setSearch('');
            }}
            py={6}
            rightSection={
              <Badge variant="outline" color="gray.8" data-testid={`count-${id}`}>
                {counts?.[index] ?? '…'}
              </Badge>
            }
          />
        ))}
        <SavedViews
          userId={props.userId}
          current={{ queue, filter, sort, search }}
          onApply={(view) => {
            setQueue(view.queue);
            setFilter(view.filter);
            setSort(view.sort);
            setSearch(view.search);
          }}
        />
      </Stack>
      <Stack style={{ flex: 1, minWidth: 0 }} gap="xs">
        <Group justify="space-between" wrap="nowrap">
          <Title order={2} size="h4">
            {searching ? t('queue.searchTitle') : t(`queue.names.${queue}`)}
          </Title>
          <Text size="sm" c="dimmed" data-testid="shown-count">
            {t('queue.shown', { shown: preview?.total ?? shown.length, total: preview?.total ?? rows?.length ?? 0 })}
          </Text>
        </Group>
        <QueueToolbar
          search={search}
          onSearch={setSearch}
          filter={filter}
          onFilter={setFilter}
          sort={sort}
          onSort={setSort}
          onClear={clear}
          searchRef={searchRef}
          filtersOpen={filtersOpen}
          onFiltersOpen={setFiltersOpen}
        />
        {queue === 'needsAttention' && !searching && props.attention}
        <div style={{ flex: 1, minHeight: 0 }}>
          <QueueTable rows={shown} listing={listing} now={now} active={active} onActive={setActive} onOpen={props.onOpenCase} queuesOf={placeOf} empty={empty} />
        </div>
      </Stack>
      <ShortcutSheet opened={helpOpen} onClose={help.close} title={t('queue.shortcuts.title')} shortcuts={shortcuts} />
    </Group>
  );
}
